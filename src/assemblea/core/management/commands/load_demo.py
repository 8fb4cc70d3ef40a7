"""Load a demo: organizations, people and one assembly of every family, built through the
same services the app uses, so the demo's event log is real."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assemblea.accounts.models import Organization, OrganizationKind, OrganizationRole
from assemblea.accounts.services import organization_create, organization_member_add
from assemblea.assemblies import services
from assemblea.assemblies.models import AssemblyRoleName, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.decisions import demo as decisions_demo

DEMO_PASSWORD = "assemblea-demo"

PEOPLE = [
    # username, display name, language, role in the demo
    ("ana", "Ana Torres", "es", "organizer at the City of Riverton"),
    ("olu", "Olu Adebayo", "en", "organizer at the Riverton Housing Coalition"),
    ("grace", "Grace Kim", "en", "president of the Riverton Workers' Council"),
    ("tomas", "Tomás Reyes", "es", "facilitator"),
    ("rhea", "Rhea Patel", "en", "government respondent"),
    ("maria", "María López", "es", "member of the citizens' assembly"),
    ("sam", "Sam Okafor", "en", "administrator of Riverton Tenants United"),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Esther",
    "Farid",
    "Gloria",
    "Hiro",
    "Ines",
    "Jamal",
    "Keiko",
    "Luis",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sipho",
    "Tara",
    "Uche",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Abara",
    "Brown",
    "Castillo",
    "Dubois",
    "Evans",
    "Fofana",
    "García",
    "Haddad",
    "Ivanova",
    "Johnson",
    "Kowalski",
    "Lee",
    "Mensah",
    "Nguyen",
    "Ortiz",
    "Park",
    "Quispe",
    "Rossi",
    "Singh",
    "Tanaka",
]


def _names() -> Any:
    for last, first in itertools.product(LAST_NAMES, FIRST_NAMES):
        yield f"{first} {last}"


class Command(BaseCommand):
    help = "Load demo organizations, people and assemblies (skipped when already loaded)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(slug="city-of-riverton").exists():
            self.stdout.write("Demo data already loaded.")
        else:
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, name, _language, role in PEOPLE:
            self.stdout.write(f"  {username:<7} {name}, {role}")

    def _load(self) -> None:
        user_model = get_user_model()
        people = {}
        for username, name, language, _role in PEOPLE:
            people[username] = user_model.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@example.org",
                display_name=name,
                preferred_language=language,
            )
        people["maria"].access_needs = ["interpretation", "childcare"]
        people["maria"].save()
        names = _names()
        today = timezone.localdate()

        city = organization_create(
            actor=people["ana"],
            name="City of Riverton",
            kind=OrganizationKind.GOVERNMENT,
            description="The city government of Riverton, a fictional city of 300,000 people.",
        )
        coalition = organization_create(
            actor=people["olu"],
            name="Riverton Housing Coalition",
            kind=OrganizationKind.COALITION,
            description=(
                "Tenant unions, faith groups and community organizations for housing justice."
            ),
        )
        union = organization_create(
            actor=people["grace"],
            name="Riverton Workers' Council",
            kind=OrganizationKind.LABOR,
            description="A council of union locals in Riverton's public services.",
        )
        tenants = organization_create(
            actor=people["sam"],
            name="Riverton Tenants United",
            kind=OrganizationKind.COMMUNITY,
        )
        eastside = organization_create(
            actor=people["olu"],
            name="Eastside Neighbours Association",
            kind=OrganizationKind.COMMUNITY,
        )
        locals_ = [
            organization_create(
                actor=people["grace"], name=f"Local {number}", kind=OrganizationKind.LABOR
            )
            for number in (101, 202, 303)
        ]
        organization_member_add(
            actor=people["ana"], organization=city, username="rhea", role=OrganizationRole.MEMBER
        )

        # Policy family: a one-time civic assembly with lottery seats, onboarding.
        civic = services.assembly_create(
            actor=people["ana"],
            organization=city,
            title="Riverton Citizens' Assembly on Housing",
            kind="civic_one_time",
            summary=(
                "Fifty residents chosen by a fair lottery advise the city on affordable housing."
            ),
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
            response_deadline=today + datetime.timedelta(days=150),
            languages=["en", "es"],
        )
        services.assembly_role_grant(
            actor=people["ana"],
            assembly=civic,
            user=people["tomas"],
            role=AssemblyRoleName.FACILITATOR,
        )
        services.assembly_role_grant(
            actor=people["ana"],
            assembly=civic,
            user=people["rhea"],
            role=AssemblyRoleName.RESPONDENT,
        )
        for phase in (Phase.CONVENED, Phase.RECRUITING):
            services.assembly_change_phase(actor=people["ana"], assembly=civic, to_phase=phase)
        lottery = civic.categories.get(seat_type=SeatType.LOTTERY)
        services.seat_fill(
            actor=people["ana"],
            category=lottery,
            name="María López",
            user=people["maria"],
            consents_to_be_named=True,
        )
        for index in range(lottery.seats - 1):
            services.seat_fill(
                actor=people["ana"],
                category=lottery,
                name=next(names),
                consents_to_be_named=index % 3 != 0,
            )
        services.assembly_change_phase(
            actor=people["ana"], assembly=civic, to_phase=Phase.ONBOARDING
        )

        # Policy family: a standing citizens' council in its second cycle, with rotation.
        council = services.assembly_create(
            actor=people["ana"],
            organization=city,
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
        seats = council.categories.get()
        for index in range(seats.seats):
            services.seat_fill(
                actor=people["ana"],
                category=seats,
                name=next(names),
                consents_to_be_named=True,
                cohort=index % 3 + 1,
                started_on=today - datetime.timedelta(days=400),
            )
        for phase in (
            Phase.CONVENED,
            Phase.RECRUITING,
            Phase.ONBOARDING,
            Phase.IN_SESSION,
            Phase.REPORTED,
            Phase.RESPONDED,
            Phase.MONITORING,
        ):
            services.assembly_change_phase(actor=people["ana"], assembly=council, to_phase=phase)
        services.assembly_change_phase(
            actor=people["ana"], assembly=council, to_phase=Phase.CONVENED
        )
        services.assembly_rotate_cohort(actor=people["ana"], assembly=council, cohort=1)
        for _index in range(seats.seats // 3):
            services.seat_fill(
                actor=people["ana"],
                category=seats,
                name=next(names),
                consents_to_be_named=True,
                cohort=1,
            )

        # Movement family: a people's movement assembly with delegates and frontline seats.
        pma = services.assembly_create(
            actor=people["olu"],
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
        delegates = pma.categories.get(seat_type=SeatType.DELEGATE)
        frontline = pma.categories.get(seat_type=SeatType.RESERVED)
        for organization, count in ((coalition, 10), (tenants, 20), (eastside, 10)):
            services.delegate_allocation_set(
                actor=people["olu"],
                category=delegates,
                organization=organization,
                seats=count,
                alternates=2,
            )
        for _index in range(6):
            services.seat_fill(
                actor=people["sam"],
                category=delegates,
                name=next(names),
                organization=tenants,
                consents_to_be_named=True,
            )
        for _index in range(12):
            services.seat_fill(
                actor=people["olu"],
                category=frontline,
                name=next(names),
                consents_to_be_named=False,
            )
        for phase in (Phase.CONVENED, Phase.RECRUITING, Phase.ONBOARDING, Phase.IN_SESSION):
            services.assembly_change_phase(actor=people["olu"], assembly=pma, to_phase=phase)

        # Movement family: a union convention with delegates of locals and officers.
        convention = services.assembly_create(
            actor=people["grace"],
            organization=union,
            title="Workers' Council Convention 2027",
            kind="member_governance",
            summary="Delegates of the locals adopt the budget, resolutions and elect officers.",
            question=(
                "Adopt the 2027–2028 budget and resolutions, and elect the council's officers."
            ),
            commissioning_body="Riverton Workers' Council",
            authority="binding",
        )
        local_delegates = convention.categories.get(seat_type=SeatType.DELEGATE)
        for organization, count in zip(locals_, (40, 30, 20), strict=True):
            services.delegate_allocation_set(
                actor=people["grace"],
                category=local_delegates,
                organization=organization,
                seats=count,
                alternates=5,
            )
        services.assembly_change_phase(
            actor=people["grace"], assembly=convention, to_phase=Phase.CONVENED
        )

        # Governing-power family: organization delegates, drawn residents and officials.
        budget = services.assembly_create(
            actor=people["olu"],
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
            response_deadline=today + datetime.timedelta(days=240),
            languages=["en", "es"],
        )
        org_seats = budget.categories.get(seat_type=SeatType.DELEGATE)
        for organization, count in ((eastside, 8), (tenants, 6), (coalition, 6)):
            services.delegate_allocation_set(
                actor=people["olu"], category=org_seats, organization=organization, seats=count
            )
        officials = budget.categories.get(seat_type=SeatType.OFFICIAL)
        services.seat_fill(
            actor=people["olu"],
            category=officials,
            name="Rhea Patel",
            user=people["rhea"],
            consents_to_be_named=True,
        )
        for phase in (Phase.CONVENED, Phase.RECRUITING):
            services.assembly_change_phase(actor=people["olu"], assembly=budget, to_phase=phase)

        # A private draft: only its organizers can see it.
        services.assembly_create(
            actor=people["sam"],
            organization=tenants,
            title="Tenants United strategy assembly",
            kind="shadow",
            visibility="private",
            question="Should we convene a shadow assembly on the city's rent policy?",
            authority="internal",
        )
        decisions_demo.load(people, DEMO_PASSWORD)
