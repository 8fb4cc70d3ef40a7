"""E-mails to registrants: auto-reply, the personal answer link, the seat's account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from assemblea.accounts.models import User
from assemblea.recruitment import services
from assemblea.recruitment.models import NoticeKind, RegistrationStatus, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _link(message: Any) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _panel(recruiting: Any, register: Any, organizer: Any, run_tasks: Any) -> list[Any]:
    profiles = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]
    for number in range(16):
        register(*profiles[number % 4], number, language="es" if number == 0 else "en")
    run = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    mail.outbox.clear()
    return services.selection_draw(actor=organizer, run=run, seed="5 6 7")


def test_registering_sends_a_thank_you_in_the_registrant_language(recruiting: Any) -> None:
    register = dict(
        recruitment=recruiting,
        answers={"gender": "woman", "age": "40+"},
        consents_to_privacy_notice=True,
    )
    services.registration_submit(name="Ana", email="ana@example.org", language="es", **register)
    services.registration_submit(name="Bo", phone="555 0101", language="en", **register)
    assert len(mail.outbox) == 1, "only people with an e-mail address get one"
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Ana" in message.body and recruiting.assembly.title in message.subject
    assert "Gracias" in message.body or "gracias" in message.body


def test_the_organizers_wording_is_used_and_typos_are_refused(
    recruiting: Any, organizer: Any, register: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.notice_template_save(
            actor=organizer,
            recruitment=recruiting,
            kind=NoticeKind.REGISTERED,
            language="en",
            subject="Hello {nmae}",
            body="Dear {name",
        )
    assert "{nmae}" in error.value.message_dict["subject"][0]
    assert "not closed" in error.value.message_dict["body"][0]
    services.notice_template_save(
        actor=organizer,
        recruitment=recruiting,
        kind=NoticeKind.REGISTERED,
        language="en",
        subject="Welcome to the pool, {name}",
        body="See you after {deadline}.",
    )
    register("man", "40+", 1)
    assert mail.outbox[-1].subject == "Welcome to the pool, Person 1"


def test_selected_people_answer_through_their_own_link(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    selected = _panel(recruiting, register, organizer, run_tasks)
    assert len(mail.outbox) == len(selected) == 6
    first, second = mail.outbox[0], mail.outbox[1]
    page = client.get(_link(first))
    assert page.status_code == 200 and "Can you take part?" in page.content.decode()
    client.post(_link(first), {"answer": "yes"})
    client.post(_link(second), {"answer": "no"})
    statuses = sorted(recruiting.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.DECLINED) == 1
    tampered = client.get(_link(first)[:-3] + "abc/")
    assert "not one of ours" in tampered.content.decode()


def test_seating_sends_each_member_a_one_time_link_to_claim_the_seat(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, make_user: Any
) -> None:
    selected = _panel(recruiting, register, organizer, run_tasks)
    for registration in selected:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    mail.outbox.clear()
    assert services.recruitment_seat(actor=organizer, recruitment=recruiting) == 6
    assert len(mail.outbox) == 6
    registration = recruiting.registrations.filter(status=RegistrationStatus.SEATED).first()
    seat = registration.seat
    assert seat.user is None  # nobody gets the seat before opening the link
    message = next(m for m in mail.outbox if m.to == [registration.contact.email])
    link = _link(message)
    anonymous = client.get(link)
    assert anonymous.status_code == 200 and "Create an account" in anonymous.content.decode()
    member = make_user("new-member")
    client.force_login(member)
    assert "Claim the seat as new-member" in client.get(link).content.decode()
    seat.refresh_from_db()
    assert seat.user is None  # opening the link (a mail scanner, a preview) changes nothing
    client.post(link)
    seat.refresh_from_db()
    assert seat.user == member
    # The link works once.
    client.force_login(make_user("latecomer"))
    again = client.post(link)
    assert "has been used already" in again.content.decode()
    seat.refresh_from_db()
    assert seat.user == member


def test_an_account_with_the_registrant_email_does_not_get_the_seat(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any, make_user: Any
) -> None:
    selected = _panel(recruiting, register, organizer, run_tasks)
    email = selected[0].contact.email
    squatter = make_user("first-to-sign-up", email=email.upper())
    for registration in selected:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    selected[0].refresh_from_db()
    assert selected[0].seat.user is None
    assert not squatter.seats.exists()
    assert User.objects.filter(email__iexact=email).count() == 1  # no account made either


def test_stipends_are_tracked(
    client: Any, recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    selected = _panel(recruiting, register, organizer, run_tasks)
    for registration in selected:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    seat = recruiting.registrations.filter(status=RegistrationStatus.SEATED).first().seat
    client.force_login(organizer)
    url = reverse("recruitment:support", args=[recruiting.assembly.slug, seat.pk])
    bad = client.post(url, {"stipend_per_day": "-5", "days": "3"})
    assert bad.status_code == 200 and "greater than or equal to 0" in bad.content.decode()
    client.post(
        url,
        {
            "stipend_per_day": "80",
            "days": "4",
            "days_reason": "two field visits",  # a correction of the days attended says why
            "paid": "on",
            "support_booked": "taxi",
        },
    )
    seat.support.refresh_from_db()
    assert (float(seat.support.stipend_per_day), seat.support.days, seat.support.paid) == (
        80.0,
        4,
        True,
    )
    panel = client.get(reverse("recruitment:panel", args=[recruiting.assembly.slug]))
    assert "taxi" in panel.content.decode()
