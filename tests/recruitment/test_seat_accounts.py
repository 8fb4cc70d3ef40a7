"""Issue 16: a lottery member learns their username from the welcome e-mail ({username}),
sets a password on the claim page, and gets written confirmations of their "yes" and of
the claimed seat, in their own language."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core import mail

from assemblea.recruitment import notices, services
from assemblea.recruitment.models import NoticeKind, RunStatus, SeatClaim

pytestmark = pytest.mark.django_db(transaction=True)
PROFILES = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]
PASS = "a long new passphrase"


def _selected(recruiting: Any, register: Any, organizer: Any, run_tasks: Any) -> list[Any]:
    for number in range(12):
        register(*PROFILES[number % 4], number, language="es" if number % 2 else "en")
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    return services.selection_draw(actor=organizer, run=run, seed="1 2 3")


def _link(message: Any) -> str:
    url = next(word for word in message.body.split() if "://" in word and "/claim/" in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _seated(recruiting: Any, register: Any, organizer: Any, run_tasks: Any) -> list[Any]:
    selected = _selected(recruiting, register, organizer, run_tasks)
    services.registrations_confirm(actor=organizer, recruitment=recruiting, registrations=selected)
    mail.outbox.clear()
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    return selected


def test_the_welcome_e_mail_gives_the_username_the_claim_page_offers(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    selected = _seated(recruiting, register, organizer, run_tasks)
    first = selected[0]
    first.refresh_from_db()
    claim = SeatClaim.objects.get(registration=first)
    assert claim.username == first.contact.name.lower().replace(" ", "-")
    message = next(m for m in mail.outbox if m.to == [first.contact.email])
    assert claim.username in message.body
    page = client.get(_link(message)).content.decode()
    assert claim.username in page


def test_a_new_member_sets_a_password_on_the_claim_page_and_logs_in_by_username_or_e_mail(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    selected = _seated(recruiting, register, organizer, run_tasks)
    first = selected[0]
    first.refresh_from_db()
    message = next(m for m in mail.outbox if m.to == [first.contact.email])
    mail.outbox.clear()
    response = client.post(_link(message), {"password": PASS, "password_again": PASS}, follow=True)
    first.seat.refresh_from_db()
    user = first.seat.user
    assert user is not None and response.context["user"] == user
    assert authenticate(username=user.username, password=PASS) == user
    assert authenticate(username=first.contact.email, password=PASS) == user
    # The written confirmation of the claimed seat, with the username, in their language.
    (claimed,) = mail.outbox
    assert claimed.to == [first.contact.email] and user.username in claimed.body
    assert "&#x27;" not in claimed.subject


def test_the_claim_page_refuses_differing_passwords_and_keeps_the_seat_unclaimed(
    client: Any,
    recruiting: Any,
    register: Any,
    organizer: Any,
    run_tasks: Any,
    django_user_model: Any,
) -> None:
    selected = _seated(recruiting, register, organizer, run_tasks)
    first = selected[0]
    first.refresh_from_db()
    message = next(m for m in mail.outbox if m.to == [first.contact.email])
    users = django_user_model.objects.count()
    page = client.post(_link(message), {"password": PASS, "password_again": "other"})
    assert page.context["form"].has_error("password_again", "passwords_differ")
    assert django_user_model.objects.count() == users
    first.seat.refresh_from_db()
    assert first.seat.user_id is None


def test_a_reissued_claim_keeps_the_username_offered(
    recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    selected = _seated(recruiting, register, organizer, run_tasks)
    first = selected[0]
    first.refresh_from_db()
    before = SeatClaim.objects.get(registration=first).username
    services.seat_claim_reissue(actor=organizer, registration=first)
    latest = SeatClaim.objects.filter(registration=first).order_by("-id").first()
    assert latest is not None and latest.username == before


def test_a_yes_is_confirmed_in_writing_in_the_persons_language(
    recruiting: Any, register: Any, organizer: Any, run_tasks: Any, monkeypatch: Any
) -> None:
    from django.utils import translation

    from assemblea.recruitment.services import seat_mail

    rendered_in: list[str] = []
    render = seat_mail.render_to_string

    def spy(*args: Any, **kwargs: Any) -> str:
        rendered_in.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(seat_mail, "render_to_string", spy)
    selected = _selected(recruiting, register, organizer, run_tasks)
    for registration in selected[:2]:
        mail.outbox.clear()
        rendered_in.clear()
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
        (message,) = mail.outbox
        assert message.to == [registration.contact.email]
        assert set(rendered_in) == {registration.contact.language}
    assert "You said yes" in mail.outbox[0].subject or rendered_in == ["es", "es"]
    mail.outbox.clear()
    services.registration_respond(actor=organizer, registration=selected[2], accepted=False)
    assert mail.outbox == []  # a "no" gets no confirmation of a place


def test_the_username_placeholder_is_known_and_listed(recruiting: Any) -> None:
    assert notices.placeholder_problems("Hello {name}, log in as {username}") == []
    assert notices.placeholder_problems("{usename}")
    from assemblea.recruitment.forms import NoticeTemplateForm

    assert "{username}" in str(NoticeTemplateForm().fields["body"].help_text)
    _subject, body = notices.default_text(NoticeKind.SEATED)
    assert "{username}" in body
