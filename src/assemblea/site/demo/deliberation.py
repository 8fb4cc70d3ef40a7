"""Demo: sessions, built through the app's services: the standing council's past and next
sessions (tables, speakers' history), the people's movement assembly under way (a live
speakers' list, report-backs, resolutions for action), and evidence for the citizens'
assembly."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.deliberation import services
from assemblea.deliberation.models import (
    EvidenceRequestStatus,
    RequestKind,
    Session,
    SpeakerRequest,
    SpeakersOrder,
)

GENDERS = ["woman", "man", "woman", "man", "non-binary", "woman", "man"]
AGES = ["16-29", "30-44", "45-64", "65+"]
HOUSING = ["renter", "owner", "renter", "social housing"]


def _rules(actor: Any, assembly: Assembly, **changes: Any) -> None:
    arguments: dict[str, Any] = {
        "quorum_kind": "half_plus_one",
        "quorum_fraction": "0.5",
        "quorum_fixed": 0,
        "speakers_order": SpeakersOrder.PROGRESSIVE,
        "speakers_category": "gender",
        "boost_values": ["woman", "non-binary"],
        "boost_under_represented": False,
        "speaking_seconds": 120,
        "table_categories": ["gender", "age", "housing"],
        "table_size_min": 5,
        "table_size_max": 7,
        "adopt_before_business": False,
    }
    arguments.update(changes)
    services.room_rules_update(actor=actor, assembly=assembly, **arguments)


def _profiles(actor: Any, seats: list[SeatHolder]) -> None:
    for index, seat in enumerate(seats):
        services.member_profile_set(
            actor=actor,
            seat=seat,
            values={
                "gender": GENDERS[index % len(GENDERS)],
                "age": AGES[index % len(AGES)],
                "housing": HOUSING[(index // 2) % len(HOUSING)],
            },
        )


def _session(
    actor: Any, assembly: Assembly, title: str, days: int, items: list[tuple[str, int]]
) -> Session:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(
        hour=17, minute=30, second=0, microsecond=0
    )
    session = services.session_create(
        actor=actor,
        assembly=assembly,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Riverton Community Hall, 12 Mill Street",
        access_info="Step-free entrance on Mill Street; hearing loop; childcare in room 2; "
        "travel costs refunded.",
        interpretation_languages=["es"],
    )
    for title_, minutes in items:
        services.agenda_item_add(
            actor=actor, session=session, title=title_, minutes_allotted=minutes
        )
    return session


def _speak(actor: Any, item: Any, seat: SeatHolder, seconds: int, kind: str = "speak") -> None:
    services.speaker_request_add(actor=actor, item=item, seat=seat, kind=kind)
    request = services.speaker_call_next(actor=actor, item=item)
    services.speaker_finish(actor=actor, item=item)
    # The demo is built in an instant: give each turn a realistic length.
    SpeakerRequest.objects.filter(pk=request.pk).update(seconds=seconds)


def _held_session(actor: Any, session: Session, seats: list[SeatHolder], turns: int) -> None:
    services.session_open(actor=actor, session=session)
    for seat in seats:
        services.attendance_check_in(actor=actor, session=session, seat=seat)
    tables = services.tables_assign(actor=actor, session=session, seed=session.title)
    services.table_facilitator_set(actor=actor, table=tables[0], facilitator=actor)
    for item in session.items.all():
        services.agenda_item_start(actor=actor, item=item)
        for turn in range(turns):
            seat = seats[(turn * 5 + item.position) % len(seats)]
            if not item.speakers.filter(seat=seat).exists():
                _speak(actor, item, seat, 45 + (turn * 37) % 120)
    services.session_close(actor=actor, session=session)


# Each breakout group: its report, the resolution for action, the organization that owns
# it (by slug) and the days it has to carry it out.
OUTCOMES = [
    (
        "Eviction defence",
        "A phone tree that brings neighbours to every eviction hearing.",
        "Launch an eviction-defence phone tree in every ward.",
        "riverton-tenants-united",
        45,
    ),
    (
        "Repairs",
        "Landlords ignore repair requests; tenants fear retaliation.",
        "Run a repairs clinic each month and publish the worst landlords' records.",
        "eastside-neighbours-association",
        90,
    ),
    (
        "City policy",
        "Ask the council for a rent-increase cap tied to inflation.",
        "Bring a rent-cap ordinance to the city council with 5,000 signatures.",
        "riverton-housing-coalition",
        120,
    ),
]


def sessions_load(
    *, people: dict[str, Any], civic: Assembly, council: Assembly, pma: Assembly
) -> None:
    _council_sessions(people["ana"], council)
    _assembly_day(people["olu"], pma)
    _evidence(people, civic)


def _council_sessions(ana: Any, council: Assembly) -> None:
    """The standing council: two sessions held, the next one planned."""
    council_seats = list(
        SeatHolder.objects.filter(category__assembly=council, ended_on__isnull=True)
    )
    _rules(ana, council)
    _profiles(ana, council_seats)
    for number, days in ((1, -42), (2, -14)):
        session = _session(
            ana,
            council,
            f"Council meeting {number}",
            days,
            [("Follow-up of the city's answers", 30), ("Topics for the next assembly", 45)],
        )
        present = [seat for i, seat in enumerate(council_seats) if (i + number) % 6]
        _held_session(ana, session, present, turns=6)
    _session(
        ana,
        council,
        "Council meeting 3",
        14,
        [("Welcome to the new cohort", 20), ("Choosing the next assembly's question", 60)],
    )


def _assembly_day(olu: Any, pma: Assembly) -> None:
    """The people's movement assembly: assembly day under way."""
    pma_seats = list(SeatHolder.objects.filter(category__assembly=pma, ended_on__isnull=True))
    _rules(
        olu,
        pma,
        quorum_kind="none",
        table_size_min=6,
        table_size_max=6,
        boost_under_represented=True,
    )
    _profiles(olu, pma_seats)
    day = _session(
        olu,
        pma,
        "Assembly day",
        0,
        [
            ("Opening and cultural grounding", 20),
            ("Breakout groups on demands", 60),
            ("Report-backs and resolutions for action", 45),
        ],
    )
    services.session_open(actor=olu, session=day)
    for seat in pma_seats:
        services.attendance_check_in(actor=olu, session=day, seat=seat)
    services.tables_assign(actor=olu, session=day, seed="assembly day")
    opening, breakouts, resolutions = list(day.items.all())
    services.agenda_item_start(actor=olu, item=opening)
    _speak(olu, opening, pma_seats[0], 180)
    services.agenda_item_start(actor=olu, item=breakouts)
    _outcomes(olu, pma, day)
    services.agenda_item_start(actor=olu, item=resolutions)
    _speak(olu, resolutions, pma_seats[1], 95)
    for seat in pma_seats[2:6]:
        services.speaker_request_add(actor=olu, item=resolutions, seat=seat)
    services.speaker_request_add(
        actor=olu, item=resolutions, seat=pma_seats[7], kind=RequestKind.DIRECT_RESPONSE
    )
    services.speaker_call_next(actor=olu, item=resolutions)


def _outcomes(olu: Any, pma: Assembly, day: Session) -> None:
    """The breakout groups report back; each report becomes a resolution for action."""
    owners = {organization.slug: organization for organization in Organization.objects.all()}
    for group, report_text, resolution_text, owner, due in OUTCOMES:
        report = services.breakout_report_add(actor=olu, session=day, group=group, text=report_text)
        services.resolution_add(
            actor=olu,
            assembly=pma,
            text=resolution_text,
            owner=owners[owner],
            due_on=timezone.localdate() + datetime.timedelta(days=due),
            report=report,
        )


def _evidence(people: dict[str, Any], civic: Assembly) -> None:
    """Evidence for the citizens' assembly, and a member's request answered in public."""
    ana = people["ana"]
    talk = services.evidence_add(
        actor=ana,
        assembly=civic,
        kind="speaker",
        title="What rent stabilisation did in three cities",
        provided_by="Dr. Lena Brandt, Riverton University",
        perspective="independent academic",
        summary="Evidence from Berlin, Saint Paul and Barcelona on rents, supply and repairs.",
    )
    services.evidence_add(
        actor=ana,
        assembly=civic,
        kind="document",
        title="The case against rent control",
        provided_by="Riverton Landlords' Association",
        perspective="landlords",
        link="https://example.org/landlords-brief.pdf",
    )
    ask = services.evidence_request_add(
        actor=people["maria"],
        assembly=civic,
        kind="speaker",
        text="Could we hear from tenants who lived through a rent freeze?",
    )
    services.evidence_request_answer(
        actor=ana,
        request=ask,
        status=EvidenceRequestStatus.ANSWERED,
        answer="Two tenants from Saint Paul will join Dr. Brandt's session.",
        evidence=talk,
    )
