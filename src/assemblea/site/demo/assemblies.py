"""Demo: one assembly of every family, with their seats, roles and phases: the citizens'
assembly (seated by lottery), the standing citizens' council in its second cycle, the
people's movement assembly, the union convention, the participatory budget assembly and a
private draft."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from assemblea.assemblies import services
from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.site.demo.accountability import load_standing_council_record
from assemblea.site.demo.people import Riverton
from assemblea.site.demo.recruitment import civic_lottery

# The phases the standing council went through in its first cycle, in order.
COUNCIL_FIRST_CYCLE = (
    Phase.CONVENED,
    Phase.RECRUITING,
    Phase.ONBOARDING,
    Phase.IN_SESSION,
    Phase.REPORTED,
    Phase.RESPONDED,
    Phase.MONITORING,
)


@dataclass
class Assemblies:
    civic: Assembly
    council: Assembly
    pma: Assembly
    convention: Assembly
    budget: Assembly


def assemblies_load(riverton: Riverton) -> Assemblies:
    return Assemblies(
        civic=_civic_assembly(riverton),
        council=_standing_council(riverton),
        pma=_movement_assembly(riverton),
        convention=_convention(riverton),
        budget=_budget_assembly(riverton),
    )


def _civic_assembly(riverton: Riverton) -> Assembly:
    """Policy family: a one-time civic assembly with lottery seats, onboarding."""
    ana, people = riverton.people["ana"], riverton.people
    civic = services.assembly_create(
        actor=ana,
        organization=riverton.organizations["city"],
        title="Riverton Citizens' Assembly on Housing",
        kind="civic_one_time",
        summary=("Fifty residents chosen by a fair lottery advise the city on affordable housing."),
        question=(
            "How should Riverton make housing affordable for people on low and middle incomes "
            "over the next ten years?"
        ),
        commissioning_body="Riverton City Council",
        authority="must_respond",
        commits_to_respond=True,
        response_commitment=(
            "The Council will debate every recommendation and answer each one in writing, "
            "with reasons, within four months of the report."
        ),
        response_deadline=riverton.today + datetime.timedelta(days=150),
        languages=["en", "es"],
    )
    services.assembly_publish(actor=ana, assembly=civic)
    for username, role in (
        ("tomas", AssemblyRoleName.FACILITATOR),
        ("rhea", AssemblyRoleName.RESPONDENT),
    ):
        services.assembly_role_grant(actor=ana, assembly=civic, user=people[username], role=role)
    services.assembly_change_phase(actor=ana, assembly=civic, to_phase=Phase.CONVENED)
    lottery = civic.categories.get(seat_type=SeatType.LOTTERY)
    services.seat_fill(
        actor=ana,
        category=lottery,
        name="María López",
        user=people["maria"],
        consents_to_be_named=True,
    )
    civic_lottery(ana, civic, lottery, riverton.names)
    services.assembly_change_phase(actor=ana, assembly=civic, to_phase=Phase.ONBOARDING)
    return civic


def _standing_council(riverton: Riverton) -> Assembly:
    """Policy family: a standing citizens' council in its second cycle, with rotation."""
    ana, today = riverton.people["ana"], riverton.today
    council = services.assembly_create(
        actor=ana,
        organization=riverton.organizations["city"],
        title="Riverton Standing Citizens' Council",
        kind="civic_standing",
        summary="Twenty-four residents, a third renewed every six months, set topics for "
        "citizens' assemblies and follow up the city's answers.",
        question="Which questions should Riverton's citizens' assemblies take up, and has the "
        "city done what it promised?",
        commissioning_body="Riverton City Council",
        authority="must_respond",
        commits_to_respond=True,
        response_deadline=today + datetime.timedelta(days=90),
    )
    services.assembly_publish(actor=ana, assembly=council)
    seats = council.categories.get()
    for index in range(seats.seats):
        services.seat_fill(
            actor=ana,
            category=seats,
            name=next(riverton.names),
            consents_to_be_named=True,
            cohort=index % 3 + 1,
            started_on=today - datetime.timedelta(days=400),
        )
    for phase in COUNCIL_FIRST_CYCLE:
        services.assembly_change_phase(actor=ana, assembly=council, to_phase=phase)
    rhea = riverton.people["rhea"]
    services.assembly_role_grant(
        actor=ana, assembly=council, user=rhea, role=AssemblyRoleName.RESPONDENT
    )
    load_standing_council_record(council, ana, rhea, today)
    services.assembly_change_phase(actor=ana, assembly=council, to_phase=Phase.CONVENED)
    services.assembly_rotate_cohort(actor=ana, assembly=council, cohort=1)
    for _index in range(seats.seats // 3):
        services.seat_fill(
            actor=ana,
            category=seats,
            name=next(riverton.names),
            consents_to_be_named=True,
            cohort=1,
        )
    return council


def _movement_assembly(riverton: Riverton) -> Assembly:
    """Movement family: a people's movement assembly with delegates and frontline seats."""
    olu, organizations = riverton.people["olu"], riverton.organizations
    coalition, tenants = organizations["coalition"], organizations["tenants"]
    pma = services.assembly_create(
        actor=olu,
        organization=coalition,
        title="Riverton People's Movement Assembly for Housing Justice",
        kind="peoples_movement",
        summary="Tenants and their organizations agree on demands and resolutions for action.",
        question="What must change so that nobody in Riverton is pushed out of their home, "
        "and who will do what to get there?",
        commissioning_body="Riverton Housing Coalition",
        authority="internal",
        languages=["en", "es"],
    )
    services.assembly_publish(actor=olu, assembly=pma)
    delegates = pma.categories.get(seat_type=SeatType.DELEGATE)
    frontline = pma.categories.get(seat_type=SeatType.RESERVED)
    for organization, count in ((coalition, 10), (tenants, 20), (organizations["eastside"], 10)):
        services.delegate_allocation_set(
            actor=olu, category=delegates, organization=organization, seats=count, alternates=2
        )
    for _index in range(6):
        services.seat_fill(
            actor=riverton.people["sam"],
            category=delegates,
            name=next(riverton.names),
            organization=tenants,
            consents_to_be_named=True,
        )
    for _index in range(12):
        services.seat_fill(
            actor=olu, category=frontline, name=next(riverton.names), consents_to_be_named=False
        )
    for phase in (Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION):
        services.assembly_change_phase(actor=olu, assembly=pma, to_phase=phase)
    return pma


def _convention(riverton: Riverton) -> Assembly:
    """Movement family: a union convention with delegates of locals and officers."""
    grace = riverton.people["grace"]
    convention = services.assembly_create(
        actor=grace,
        organization=riverton.organizations["union"],
        title="Workers' Council Convention 2027",
        kind="member_governance",
        summary="Delegates of the locals adopt the budget, resolutions and elect officers.",
        question=("Adopt the 2027–2028 budget and resolutions, and elect the council's officers."),
        commissioning_body="Riverton Workers' Council",
        authority="binding",
    )
    services.assembly_publish(actor=grace, assembly=convention)
    local_delegates = convention.categories.get(seat_type=SeatType.DELEGATE)
    for organization, count in zip(riverton.locals_, (40, 30, 20), strict=True):
        services.delegate_allocation_set(
            actor=grace,
            category=local_delegates,
            organization=organization,
            seats=count,
            alternates=5,
        )
    services.assembly_change_phase(actor=grace, assembly=convention, to_phase=Phase.CONVENED)
    return convention


def _budget_assembly(riverton: Riverton) -> Assembly:
    """Governing-power family: organization delegates, drawn residents and officials."""
    olu, organizations = riverton.people["olu"], riverton.organizations
    eastside = organizations["eastside"]
    budget = services.assembly_create(
        actor=olu,
        organization=eastside,
        title="Eastside Participatory Budget Assembly",
        kind="governing_power",
        summary="Community organizations, residents drawn by lot and city officials decide "
        "how $2 million of Eastside's capital budget is spent each year.",
        question="Which Eastside projects should the city fund from next year's $2 million "
        "neighbourhood capital budget?",
        commissioning_body="City of Riverton and Eastside Neighbours Association",
        authority="binding_threshold",
        commits_to_respond=True,
        response_commitment="The city funds every project the assembly approves by two thirds.",
        response_deadline=riverton.today + datetime.timedelta(days=240),
        languages=["en", "es"],
    )
    services.assembly_publish(actor=olu, assembly=budget)
    org_seats = budget.categories.get(seat_type=SeatType.DELEGATE)
    for organization, count in (
        (eastside, 8),
        (organizations["tenants"], 6),
        (organizations["coalition"], 6),
    ):
        services.delegate_allocation_set(
            actor=olu, category=org_seats, organization=organization, seats=count
        )
    services.seat_fill(
        actor=olu,
        category=budget.categories.get(seat_type=SeatType.OFFICIAL),
        name="Rhea Patel",
        user=riverton.people["rhea"],
        consents_to_be_named=True,
    )
    for phase in (Phase.CONVENED, Phase.RECRUITING):
        services.assembly_change_phase(actor=olu, assembly=budget, to_phase=phase)
    return budget


def draft_create(riverton: Riverton) -> Assembly:
    """A private draft (never published): only its organizers can see it."""
    return services.assembly_create(
        actor=riverton.people["sam"],
        organization=riverton.organizations["tenants"],
        title="Tenants United strategy assembly",
        kind="shadow",
        question="Should we convene a shadow assembly on the city's rent policy?",
        authority="internal",
    )
