"""Every verb of the public record, recorded through its service and read in English and
Spanish; events stored with English labels (before events carried codes) read in Spanish too."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from assemblea.accountability import events, services
from assemblea.accountability.models import CommitmentStatus, Verdict
from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2026, 11, 2)


def _every_verb(assembly: Any, organizer: Any) -> None:
    respondent = assembly.respondent
    item = services.recommendation_adopt(
        actor=organizer,
        assembly=assembly,
        title="Safer crossings",
        text="Build raised crossings near every school.",
        addressed_to="City Council",
        adopted_on=ADOPTED,
    )
    services.response_publish(
        actor=respondent,
        recommendation=item,
        verdict=Verdict.PARTIAL,
        reasons="Near primary schools only.",
        actions="Raised crossings at 12 primary schools.",
        responsible="Transport department",
        due_on=datetime.date(2027, 12, 31),
    )
    services.response_publish(
        actor=respondent,
        recommendation=item,
        verdict=Verdict.ACCEPTED,
        actions="Raised crossings at every school.",
        responsible="Transport department",
        due_on=datetime.date(2027, 12, 31),
    )
    commitment = services.commitment_add(
        actor=respondent,
        recommendation=item,
        title="12 raised crossings",
        office="Transport department",
        starts_on=datetime.date(2027, 2, 1),
    )
    services.progress_report(
        actor=respondent,
        commitment=commitment,
        progress=30,
        status=CommitmentStatus.STALLED,
        note="A contractor went bankrupt.",
        reported_on=datetime.date(2027, 3, 1),
    )
    services.commitment_escalate(
        actor=organizer,
        commitment=commitment,
        escalated_to="Council transport committee",
        reason="Stalled for months.",
        owner="Members' follow-up group",
    )
    services.review_record(
        actor=organizer, assembly=assembly, body="Members' follow-up group", findings="Slow."
    )
    comment = services.comment_post(
        actor=organizer, recommendation=item, text="When?", is_question=True
    )
    services.comment_answer(actor=respondent, comment=comment, answer="In spring.")
    services.follow_up_plan_set(
        actor=organizer,
        assembly=assembly,
        first_report_months=3,
        then_every_months=6,
        remind_days_before=14,
    )


def test_every_verb_is_recorded_by_its_service_and_reads_in_both_languages(
    reported: Any, organizer: Any
) -> None:
    _every_verb(reported, organizer)
    stored = list(Event.objects.filter(verb__startswith="accountability."))
    mine = {code for code in registered_verbs() if code.startswith("accountability.")}
    assert {event.verb for event in stored} == mine
    for event in stored:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb
        assert spanish != english, event.verb
    progress = next(e for e in stored if e.verb == events.PROGRESS)
    assert progress.data["status"] == "stalled"  # the code, not the label
    with translation.override("es"):
        assert "Estancado" in event_describe(progress, strict=True)


def test_an_answer_stored_with_its_english_label_reads_in_spanish(reported: Any) -> None:
    old = assembly_event_record(
        assembly=reported,
        verb=events.ANSWERED,
        data={"number": 1, "title": "Safer crossings", "verdict": "Accepted"},
    )
    revised = assembly_event_record(
        assembly=reported,
        verb=events.PROGRESS,
        data={"number": 1, "title": "Safer crossings", "progress": 40, "status": "Under way"},
    )
    assert event_describe(old, strict=True) == "Recommendation 1 was answered: Accepted."
    with translation.override("es"):
        assert "Aceptada" in event_describe(old, strict=True)
        assert "Accepted" not in event_describe(old, strict=True)
        assert "En curso" in event_describe(revised, strict=True)


def test_a_verb_recorded_with_a_wrong_key_fails(reported: Any) -> None:
    with pytest.raises(ValueError, match="undeclared keys"):
        assembly_event_record(
            assembly=reported,
            verb=events.ADOPTED,
            data={"number": 1, "title": "x", "label": "Accepted"},
        )
    with pytest.raises(ValueError, match="missing keys"):
        assembly_event_record(assembly=reported, verb=events.ANSWERED, data={"number": 1})
