"""Every recruitment verb, recorded by the service that records it and read back in English and
Spanish (strictly: a description that does not fit its data fails here), and a wrong key fails
where the event is written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event
from assemblea.recruitment import events, services
from assemblea.recruitment.models import RegistrationStatus, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

PROFILES = [("woman", "16-39"), ("woman", "40+"), ("man", "16-39"), ("man", "40+")]


def _draw_and_answer(organizer: Any, run: Any, seed: str) -> list[Any]:
    run.refresh_from_db()
    assert run.status == RunStatus.READY, run.error
    return services.selection_draw(actor=organizer, run=run, seed=seed)


def _record_every_verb(
    recruiting: Any, register: Any, organizer: Any, make_user: Any, run_tasks: Any
) -> None:
    for number in range(8):  # only men: the women's minimums cannot be met
        register("man", PROFILES[2 + number % 2][1], number)
    failed = services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    failed.refresh_from_db()
    assert failed.status == RunStatus.FAILED
    for number in range(8, 24):
        register(*PROFILES[number % 4], number)
    services.addresses_import(
        actor=organizer, recruitment=recruiting, text="address\n1 Main St\n2 Main St\n"
    )
    services.invitations_draw(actor=organizer, recruitment=recruiting, size=2, seed="1 2 3")
    services.walk_in_set(actor=organizer, recruitment=recruiting, open=False)
    services.walk_in_set(actor=organizer, recruitment=recruiting, open=True)
    twice = register("woman", "40+", 1)  # the same e-mail address as person 1
    services.registration_duplicate_keep(actor=organizer, registration=twice)
    services.registration_form_set(actor=organizer, recruitment=recruiting, questions="Why?")
    services.notice_template_save(
        actor=organizer,
        recruitment=recruiting,
        kind="registered",
        language="en",
        subject="Hi",
        body="Hello",
    )
    for exported in (False, True):
        services.personal_data_access_record(
            actor=organizer, recruitment=recruiting, exported=exported, what="test"
        )
    with transaction.atomic():  # cancelled before the commit that would start the task
        cancelled = services.selection_start(actor=organizer, recruitment=recruiting)
        services.selection_cancel(actor=organizer, run=cancelled)
    retry = services.selection_retry(actor=organizer, run=cancelled)
    run_tasks()
    selected = _draw_and_answer(organizer, retry, "4 5 6")
    for registration in selected[1:]:
        services.registration_respond(actor=organizer, registration=registration, accepted=True)
    services.registration_respond(actor=organizer, registration=selected[0], accepted=False)
    replacement = services.replacement_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    (newcomer,) = _draw_and_answer(organizer, replacement, "7 8 9")
    services.registration_respond(actor=organizer, registration=newcomer, accepted=True)
    services.recruitment_seat(actor=organizer, recruitment=recruiting)
    seated = recruiting.registrations.filter(status=RegistrationStatus.SEATED).first()
    link = services.seat_claim_reissue(actor=organizer, registration=seated)
    services.seat_claim(actor=make_user("claimer"), token=link.rstrip("/").rsplit("/", 1)[-1])
    seated.refresh_from_db()
    services.support_update(
        actor=organizer,
        support=seated.seat.support,
        stipend_per_day=Decimal("5"),
        days=1,
        days_reason="a session held at the town hall",
        paid=False,
        support_booked="",
    )
    services.personal_data_delete(actor=organizer, recruitment=recruiting, registration=seated)


def test_every_verb_is_recorded_by_its_service_and_reads_in_english_and_spanish(
    recruiting: Any, register: Any, organizer: Any, make_user: Any, run_tasks: Any
) -> None:
    _record_every_verb(recruiting, register, organizer, make_user, run_tasks)
    ours = {code for code in registered_verbs() if code.startswith("recruitment.")}
    stored = list(Event.objects.filter(verb__startswith="recruitment."))
    assert {event.verb for event in stored} == ours
    for event in stored:
        for language in ("en", "es"):
            with translation.override(language):
                text = event_describe(event, strict=True)
            assert text and text != event.verb and "%(" not in text, (language, event.verb)


def test_a_failed_run_s_event_keeps_the_engine_s_code(
    recruiting: Any, register: Any, organizer: Any, run_tasks: Any
) -> None:
    for number in range(8):
        register("man", "40+", number)
    services.selection_start(actor=organizer, recruitment=recruiting)
    run_tasks()
    event = Event.objects.get(verb=events.SELECTION_FAILED)
    assert event.data["code"] == "infeasible_quotas"
    assert event.data["params"]["relaxation"]
    assert "No panel can meet these quotas." in event_describe(event, strict=True)


def test_a_verb_recorded_with_a_wrong_key_fails(recruiting: Any) -> None:
    with pytest.raises(ValueError, match="missing keys"):
        assembly_event_record(
            assembly=recruiting.assembly, verb=events.REGISTERED, data={"channel": "web"}
        )
    with pytest.raises(ValueError, match="undeclared keys"):
        assembly_event_record(
            assembly=recruiting.assembly, verb=events.SEATED, data={"count": 1, "names": ["A"]}
        )
