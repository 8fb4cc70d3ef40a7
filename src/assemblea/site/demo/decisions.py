"""Demo decisions, loaded by `load_demo` after the assemblies and their sessions: the union
convention in session (a resolution with an amendment voted first, an STV election of three
delegates, an approval vote left open to try) and the citizens' assembly's recommendations on
the four-point support scale (one strongly supported, one not, with a minority report).

Everything goes through the app's services, so the event log and its hash chain are real."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly, SeatHolder, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.decisions import services
from assemblea.deliberation.models import AgendaItem, Attendance, QuorumKind, RoomRules, Session
from assemblea.site.demo.people import demo_account_create

RESOLUTION = (
    "The Council calls on every employer of our members to publish safe staffing ratios for "
    "each shift.\n\n"
    "Where a ratio is broken twice in a month, the local opens a grievance.\n\n"
    "The Council reports on ratios at the next convention."
)
DELEGATE_CANDIDATES = ["Amara Osei", "Bruno Costa", "Chen Wei", "Dolores Ruiz", "Emeka Nwosu"]
STV_BALLOTS = [
    [0, 1],
    [0, 2],
    [0, 3, 1],
    [1, 0],
    [1, 2],
    [2, 3],
    [2, 0],
    [3, 2],
    [4, 3],
    [0, 4],
    [2, 1],
    [1, 3],
]


def _session(assembly: Assembly, title: str, items: list[str]) -> list[AgendaItem]:
    now = timezone.now()
    session = Session.objects.create(
        assembly=assembly,
        title=title,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=3),
        status="open",
    )
    return [
        AgendaItem.objects.create(session=session, title=name, position=number)
        for number, name in enumerate(items, start=1)
    ]


def _check_in(session: Session, seats: list[SeatHolder]) -> None:
    Attendance.objects.bulk_create([Attendance(session=session, seat=seat) for seat in seats])


def _decide(chair: Any, poll: Any, voters: list[Any], choices: list[Any]) -> Any:
    for voter, choice in zip(voters, choices, strict=False):
        services.vote_cast(actor=voter, poll=poll, choice=choice)
    return services.poll_close(actor=chair, poll=poll)


def decisions_load(people: dict[str, Any]) -> None:
    _convention(people)
    _citizens_assembly(people)


def _convention_seated(grace: Any, convention: Assembly) -> list[SeatHolder]:
    """Twelve delegates with accounts (four of each local); the convention in session, under
    a fixed quorum."""
    delegates = convention.categories.get(seat_type=SeatType.DELEGATE)
    seats = []
    for number, allocation in enumerate(list(delegates.allocations.all()) * 4, start=1):
        user = demo_account_create(
            username=f"delegate{number:02d}",
            display_name=f"Delegate {number:02d}",
        )
        seats.append(
            assembly_services.seat_fill(
                actor=grace,
                category=delegates,
                name=f"Delegate {number:02d}",
                user=user,
                organization=allocation.organization,
                consents_to_be_named=True,
            )
        )
    for phase in (Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION):
        assembly_services.assembly_change_phase(actor=grace, assembly=convention, to_phase=phase)
    RoomRules.objects.create(
        assembly=convention, quorum_kind=QuorumKind.FIXED, quorum_fixed=len(seats) // 2 + 1
    )
    return seats


def _convention(people: dict[str, Any]) -> None:
    grace = people["grace"]
    convention = Assembly.objects.get(title="Workers' Council Convention 2027")
    seats = _convention_seated(grace, convention)
    resolutions, elections, campaigns = _session(
        convention, "Convention plenary", ["Resolutions", "Elections", "Next year's campaigns"]
    )
    _check_in(resolutions.session, seats)
    voters = [seat.user for seat in seats]
    _resolution_adopted(grace, convention, resolutions, voters)
    _elections(grace, elections, campaigns, voters)


def _resolution_adopted(
    grace: Any, convention: Assembly, resolutions: AgendaItem, voters: list[Any]
) -> None:
    """A resolution, its amendment voted first, then the resolution as amended."""
    resolution = services.proposal_create(
        actor=voters[0],
        assembly=convention,
        title="Resolution on safe staffing",
        text=RESOLUTION,
        kind="motion",
        coauthors=[voters[1]],
    )
    amendment = services.amendment_propose(
        actor=voters[2],
        proposal=resolution,
        paragraph=2,
        new_text="Where a ratio is broken twice in a month, the local opens a grievance and "
        "tells the members on that shift.",
        rationale="Members should know when their ratio was broken.",
    )
    poll = services.poll_open(
        actor=grace,
        agenda_item=resolutions,
        title="Amendment: tell the members on the shift",
        method="yes_no",
        amendment=amendment,
    )
    _decide(grace, poll, voters, ["yes"] * 8 + ["no"] * 3 + ["abstain"])
    poll = services.poll_open(
        actor=grace,
        agenda_item=resolutions,
        title="Adopt the resolution on safe staffing, as amended",
        method="yes_no",
        proposal=resolution,
        threshold="two-thirds",
        secrecy="roll_call",
    )
    _decide(grace, poll, voters, ["yes"] * 10 + ["no"] * 2)


def _elections(grace: Any, elections: AgendaItem, campaigns: AgendaItem, voters: list[Any]) -> None:
    """Three delegates elected by STV; an approval vote on campaigns left open to try."""
    poll = services.poll_open(
        actor=grace,
        agenda_item=elections,
        title="Three delegates to the regional federation",
        method="stv",
        options=DELEGATE_CANDIDATES,
        seats=3,
    )
    _decide(grace, poll, voters, STV_BALLOTS)

    poll = services.poll_open(
        actor=grace,
        agenda_item=campaigns,
        title="Which campaigns next year? (approve all you support)",
        method="approval",
        options=["Safe staffing", "Pay equity", "Public transit passes", "Childcare"],
        seats=2,
    )
    approvals = [[0, 1], [0], [1, 3], [0, 3], [2], [0, 1], [3]]
    for voter, choice in zip(voters, approvals, strict=False):
        services.vote_cast(actor=voter, poll=poll, choice=choice)


def _citizens_assembly(people: dict[str, Any]) -> None:
    ana = people["ana"]
    civic = Assembly.objects.get(title="Riverton Citizens' Assembly on Housing")
    assembly_services.assembly_change_phase(actor=ana, assembly=civic, to_phase=Phase.IN_SESSION)
    seats = list(civic.categories.get(seat_type=SeatType.LOTTERY).holders.order_by("pk")[:16])
    for number, seat in enumerate(seats, start=1):
        if seat.user_id is None:
            # Members drawn by lot get an account at onboarding; here, sixteen of them.
            user = demo_account_create(username=f"resident{number:02d}", display_name=seat.name)
            SeatHolder.objects.filter(pk=seat.pk).update(user=user)
            seat.user = user
    (item,) = _session(civic, "Weekend 4: recommendations", ["Vote on the recommendations"])
    _check_in(item.session, seats)
    voters = [seat.user for seat in seats]
    land_bank = services.proposal_create(
        actor=voters[0],
        assembly=civic,
        title="Recommendation 1: a public land bank",
        text="The city buys land as it comes up for sale and keeps it for permanently "
        "affordable homes.\n\nA board with residents on it decides what is built.",
        kind="recommendation",
        coauthors=voters[1:3],
    )
    poll = services.poll_open(
        actor=people["tomas"],
        agenda_item=item,
        title="How much do you support Recommendation 1?",
        method="support_scale",
        proposal=land_bank,
        requires_quorum=False,
    )
    scale = ["strongly support"] * 9 + ["support"] * 4 + ["oppose", "strongly oppose", "unsure"]
    _decide(people["tomas"], poll, voters, scale)
    rent_cap = services.proposal_create(
        actor=voters[3],
        assembly=civic,
        title="Recommendation 2: a cap on rent rises",
        text="Rents in existing leases rise by no more than inflation each year.",
        kind="recommendation",
    )
    poll = services.poll_open(
        actor=people["tomas"],
        agenda_item=item,
        title="How much do you support Recommendation 2?",
        method="support_scale",
        proposal=rent_cap,
        requires_quorum=False,
    )
    scale = ["strongly support"] * 4 + ["support"] * 3 + ["oppose"] * 5 + ["strongly oppose"] * 4
    _decide(people["tomas"], poll, voters, scale)
    services.minority_report_add(
        actor=voters[3],
        proposal=rent_cap,
        text="Seven of us support a cap: without it, the new homes come too late for the "
        "families being pushed out now.",
        coauthors=voters[4:6],
    )
