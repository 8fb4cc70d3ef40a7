"""Every verb of the sessions app, recorded through its real service and read in English and
Spanish with the data that service stores (the event contract of assemblea.core.events)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from typing import Any

import pytest
from django.utils import timezone, translation

from assemblea.core.events import assembly_event_record, event_describe, registered_verbs
from assemblea.core.models import Event
from assemblea.deliberation import events, services
from assemblea.deliberation.models import (
    CommitteeReportStatus,
    CredentialStatus,
    EvidenceKind,
    EvidenceRequestStatus,
    ResolutionStatus,
    SpeakersOrder,
)

pytestmark = pytest.mark.django_db


def _plan(room: Any) -> Any:
    """Rules, a changed session and an agenda with one item moved and one removed."""
    organizer, chair, session = room.organizer, room.facilitator, room.session
    services.room_rules_update(
        actor=organizer,
        assembly=room.assembly,
        quorum_kind="half_plus_one",
        quorum_fraction="0.5",
        quorum_fixed=0,
        speakers_order=SpeakersOrder.ALTERNATE,
        speakers_category="gender",
        boost_values=[],
        boost_under_represented=False,
        speaking_seconds=120,
        table_categories=["gender"],
        table_size_min=3,
        table_size_max=3,
        adopt_before_business=True,
    )
    services.session_update(
        actor=chair,
        session=session,
        title="First weekend (moved)",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        format=session.format,
        place="Library",
    )
    first = services.agenda_item_add(actor=chair, session=session, title="Housing")
    second = services.agenda_item_add(actor=chair, session=session, title="Transport")
    dropped = services.agenda_item_add(actor=chair, session=session, title="Any other business")
    services.agenda_item_move(actor=chair, item=second, up=True)
    services.agenda_item_remove(actor=chair, item=dropped)
    return first


def _run_the_room(room: Any, item: Any) -> None:
    """Open, adopt, check in, seat at tables, run the speakers' list."""
    chair, session = room.facilitator, room.session
    services.session_open(actor=chair, session=session)
    services.session_adopt(actor=chair, session=session, what="rules")
    services.session_adopt(actor=chair, session=session, what="agenda")
    for member in room.members:
        services.attendance_check_in(actor=member, session=session)
    tables = services.tables_assign(actor=chair, session=session, seed=1)
    a, b = (tables[0].seats.first().seat, tables[1].seats.first().seat)
    services.tables_swap(actor=chair, session=session, seat_a=a, seat_b=b)
    services.table_pin(actor=chair, session=session, seat=a, pinned=True)
    services.table_facilitator_set(actor=chair, table=tables[0], facilitator=room.facilitator)
    services.agenda_item_start(actor=chair, item=item)
    asked = services.speaker_request_add(actor=room.members[0], item=item)
    services.speaker_request_withdraw(actor=room.members[0], speaker_request=asked)
    services.speaker_request_add(actor=room.members[1], item=item)
    point = services.speaker_request_add(actor=room.members[2], item=item, kind="point_of_order")
    services.speaker_request_decide(actor=chair, speaker_request=point, approve=True)
    question = services.speaker_request_add(
        actor=room.members[3], item=item, kind="clarifying_question"
    )
    services.speaker_request_decide(actor=chair, speaker_request=question, approve=False)
    services.speaker_call_next(actor=chair, item=item)
    services.speaker_finish(actor=chair, item=item)
    services.attendance_leave(actor=room.members[5], session=session)
    services.agenda_item_finish(actor=chair, item=item, minutes_text="Agreed to look further.")


def _evidence_and_practice(room: Any, city: Any) -> None:
    organizer, chair, assembly = room.organizer, room.facilitator, room.assembly
    talk = services.evidence_add(
        actor=organizer,
        assembly=assembly,
        kind=EvidenceKind.SPEAKER,
        title="Tenants' union",
        provided_by="Tenants' union",
        perspective="Renters",
    )
    ask = services.evidence_request_add(
        actor=room.members[2], assembly=assembly, kind=EvidenceKind.SPEAKER, text="A landlord"
    )
    services.evidence_request_answer(
        actor=organizer,
        request=ask,
        status=EvidenceRequestStatus.ANSWERED,
        answer="On Saturday.",
        evidence=talk,
    )
    report = services.breakout_report_add(
        actor=chair, session=room.session, group="Ward 3", text="A phone tree."
    )
    resolution = services.resolution_add(
        actor=chair,
        assembly=assembly,
        text="Launch the phone tree.",
        owner=city,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        report=report,
    )
    services.resolution_set_status(
        actor=organizer, resolution=resolution, status=ResolutionStatus.IN_PROGRESS
    )
    services.credential_set(actor=organizer, seat=room.seats[3], status=CredentialStatus.SEATED)
    committee = services.committee_report_add(
        actor=chair, session=room.session, committee="Credentials", text="All seated."
    )
    services.committee_report_set_status(
        actor=chair, report=committee, status=CommitteeReportStatus.ADOPTED
    )
    services.session_close(actor=chair, session=room.session)


def test_every_verb_is_recorded_by_its_service_and_reads_in_english_and_spanish(
    room: Any, city: Any
) -> None:
    item = _plan(room)
    _run_the_room(room, item)
    _evidence_and_practice(room, city)
    ours = {code for code in registered_verbs() if code.startswith("deliberation.")}
    recorded = Event.objects.filter(verb__startswith="deliberation.")
    assert {event.verb for event in recorded} == ours
    for event in recorded:
        english = event_describe(event, strict=True)
        with translation.override("es"):
            spanish = event_describe(event, strict=True)
        assert english != event.verb and spanish != event.verb, event.verb
        assert "%(" not in english and "%(" not in spanish, event.verb
    status = recorded.get(verb=events.RESOLUTION_STATUS)
    assert status.data == {"status": ResolutionStatus.IN_PROGRESS}  # the code, not its label
    with translation.override("es"):
        assert str(ResolutionStatus.IN_PROGRESS.label) in event_describe(status, strict=True)


def test_a_verb_recorded_with_a_wrong_key_fails_where_it_is_written(room: Any) -> None:
    with pytest.raises(ValueError, match="titel"):
        assembly_event_record(
            assembly=room.assembly, verb=events.SESSION_CREATED, data={"titel": "Typo"}
        )
    with pytest.raises(ValueError, match="status"):
        assembly_event_record(assembly=room.assembly, verb=events.CREDENTIAL_SET, data={})


def test_the_verbs_are_registered_when_django_is_set_up_without_the_urlconf() -> None:
    """The app's `ready()` registers its verbs: a timeline read by a command, a task or the
    shell (no URLconf loaded) shows sentences, not codes."""
    code = (
        "import django; django.setup();"
        "from assemblea.core.events import event_describe;"
        "from assemblea.core.models import Event;"
        "import sys;"
        "assert 'assemblea.deliberation.views' not in sys.modules;"
        "event = Event(verb='deliberation.session_created', data={'title': 'Kickoff'});"
        "print(event_describe(event, strict=True))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "assemblea.config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "A session “Kickoff” was scheduled."
