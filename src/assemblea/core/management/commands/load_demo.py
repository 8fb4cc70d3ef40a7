"""Load a demo: organizations, people and one assembly of every family, built through the
same services the app uses, so the demo's event log is real."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from assemblea.accountability.demo import load_standing_council_record
from assemblea.accounts.models import Organization, OrganizationKind, OrganizationRole
from assemblea.accounts.services import organization_create, organization_member_add
from assemblea.assemblies import services
from assemblea.assemblies.models import AssemblyRoleName, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.decisions import demo as decisions_demo
from assemblea.deliberation.demo import load_sessions_demo
from assemblea.evaluation import demo as evaluation_demo
from assemblea.network import demo as network_demo

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


def _civic_lottery(actor: Any, assembly: Any, lottery: Any, names: Any, today: Any) -> None:
    """A completed two-stage lottery: addresses, invitations, registrations, selection,
    the public draw, two declines and their replacements, then seating."""
    from assemblea.recruitment import services as recruitment
    from assemblea.recruitment.models import RegistrationStatus, RunStatus
    from assemblea.recruitment.services import CategorySpec, ValueSpec

    run_started = recruitment.recruitment_start(
        actor=actor,
        assembly=assembly,
        category=lottery,
        privacy_notice=(
            "We use your answers only to run a fair lottery for the Riverton Citizens' Assembly "
            "and to contact you about it. Only the organizers see your name and contact "
            "details; we delete them one year after the assembly is seated."
        ),
        registration_deadline=timezone.now() + datetime.timedelta(days=10),
    )
    seats = run_started.seats
    recruitment.targets_set(
        actor=actor,
        recruitment=run_started,
        categories=[
            CategorySpec(
                "gender",
                "What is your gender?",
                [
                    ValueSpec("woman", 0.51, 24, 26),
                    ValueSpec("man", 0.47, 22, 24),
                    ValueSpec("non-binary", 0.02, 1, 2),
                ],
            ),
            CategorySpec(
                "age",
                "How old are you?",
                [
                    ValueSpec("16-29", 0.22, 9, 12),
                    ValueSpec("30-49", 0.34, 15, 18),
                    ValueSpec("50-64", 0.24, 10, 13),
                    ValueSpec("65+", 0.20, 8, 11),
                ],
            ),
            CategorySpec(
                "area",
                "Where do you live?",
                [
                    ValueSpec("Northside", 0.30, 13, 16),
                    ValueSpec("Eastside", 0.25, 11, 14),
                    ValueSpec("Southside", 0.25, 11, 14),
                    ValueSpec("Downtown", 0.20, 8, 11),
                ],
            ),
            CategorySpec(
                "tenure",
                "Do you rent or own your home?",
                [ValueSpec("renter", 0.55, 25, 29), ValueSpec("owner", 0.45, 20, 24)],
            ),
        ],
    )
    areas = ["Northside", "Eastside", "Southside", "Downtown"]
    rows = ["address,area,language"] + [
        f"{number} {street} Street,{areas[number % 4]},{'es' if number % 5 == 0 else 'en'}"
        for number in range(1, 400)
        for street in ("Oak", "Elm", "River")
    ]
    recruitment.addresses_import(actor=actor, recruitment=run_started, text="\n".join(rows))
    recruitment.invitations_draw(
        actor=actor,
        recruitment=run_started,
        size=600,
        seed="11 23 35 47 59",
        area_weights={"Eastside": 1.5, "Southside": 1.5},
    )
    services.assembly_change_phase(actor=actor, assembly=assembly, to_phase=Phase.RECRUITING)
    # In the order drawn: without it PostgreSQL may return the join in any order, which
    # changed the pool and, now and then, left the replacement draw one seat short.
    invitations = list(
        run_started.invitation_draws.get()
        .invitations.select_related("household")
        .order_by("pk")[:180]
    )
    import random

    chance = random.Random(2026)
    for number, invitation in enumerate(invitations):
        area = invitation.household.area
        recruitment.registration_submit(
            recruitment=run_started,
            code=invitation.code,
            answers={
                "gender": chance.choices(["woman", "man", "non-binary"], [50, 47, 3])[0],
                "age": chance.choices(["16-29", "30-49", "50-64", "65+"], [15, 33, 27, 25])[0],
                "area": area,
                "tenure": chance.choices(["renter", "owner"], [45, 55])[0],
            },
            name=next(names),
            email=f"resident{number}@example.org",
            language=invitation.household.language or "en",
            support_needs=chance.sample(["childcare", "travel", "interpretation"], k=number % 2),
            consents_to_privacy_notice=True,
            consents_to_be_named=number % 3 != 0,
        )
    # The demo loads in one transaction, so queued tasks would only start at its end: run the
    # engine now (the task does nothing for a run that is no longer queued).
    run = recruitment.selection_start(actor=actor, recruitment=run_started)
    recruitment.selection_execute(run.pk)
    run.refresh_from_db()
    if run.status != RunStatus.READY:
        raise RuntimeError(f"the demo selection failed: {run.error}")
    recruitment.selection_draw(actor=actor, run=run, seed="07 14 21 28 35")
    selected = list(run_started.registrations.filter(status=RegistrationStatus.SELECTED))
    # Two people decline whose groups stay above their minimum without them, so the
    # replacements can keep every quota whatever the random codes made of the draw.
    minimum = {
        (category.name, value.value): value.min_seats
        for category in run_started.target_categories.all()
        for value in category.values.all()
    }
    on_panel = Counter(item for r in selected for item in r.answers.items())
    decliners: list[Any] = []
    for registration in selected:
        items = list(registration.answers.items())
        if len(decliners) < 2 and all(on_panel[item] - 1 >= minimum[item] for item in items):
            decliners.append(registration)
            on_panel.subtract(items)
    selected = decliners + [r for r in selected if r not in decliners]
    for registration in selected[:2]:
        recruitment.registration_respond(actor=actor, registration=registration, accepted=False)
    for registration in selected[2:]:
        recruitment.registration_respond(actor=actor, registration=registration, accepted=True)
    # The replacement lottery is computed and published first; the seed picks from it after.
    replacement = recruitment.replacement_start(actor=actor, recruitment=run_started)
    recruitment.selection_execute(replacement.pk)
    replacement.refresh_from_db()
    recruitment.selection_draw(actor=actor, run=replacement, seed="03 09 27 81")
    for registration in run_started.registrations.filter(status=RegistrationStatus.SELECTED):
        recruitment.registration_respond(actor=actor, registration=registration, accepted=True)
    recruitment.recruitment_seat(actor=actor, recruitment=run_started, stipend_per_day=Decimal(75))
    # María López holds one lottery seat already; the lottery fills the rest.
    seated = lottery.holders.filter(ended_on__isnull=True).count()
    if seated != seats + 1:
        raise RuntimeError(f"the demo lottery seated {seated} people for {seats} seats")


class Command(BaseCommand):
    help = "Load demo organizations, people and assemblies (skipped when already loaded)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(slug="city-of-riverton").exists():
            self.stdout.write("Demo data already loaded.")
        else:
            # The demo's residents are invented: their e-mails go nowhere.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
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
                # The demo's people confirmed their (invented) addresses: they sign in by
                # username or e-mail.
                email_verified_at=timezone.now(),
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
        services.assembly_publish(actor=people["ana"], assembly=civic)
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
        services.assembly_change_phase(actor=people["ana"], assembly=civic, to_phase=Phase.CONVENED)
        lottery = civic.categories.get(seat_type=SeatType.LOTTERY)
        services.seat_fill(
            actor=people["ana"],
            category=lottery,
            name="María López",
            user=people["maria"],
            consents_to_be_named=True,
        )
        _civic_lottery(people["ana"], civic, lottery, names, today)
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
        services.assembly_publish(actor=people["ana"], assembly=council)
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
        services.assembly_role_grant(
            actor=people["ana"],
            assembly=council,
            user=people["rhea"],
            role=AssemblyRoleName.RESPONDENT,
        )
        load_standing_council_record(council, people["ana"], people["rhea"], today)
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
        services.assembly_publish(actor=people["olu"], assembly=pma)
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
        services.assembly_publish(actor=people["grace"], assembly=convention)
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
        services.assembly_publish(actor=people["olu"], assembly=budget)
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

        load_sessions_demo(people=people, civic=civic, council=council, pma=pma)

        # A private draft (never published): only its organizers can see it.
        services.assembly_create(
            actor=people["sam"],
            organization=tenants,
            title="Tenants United strategy assembly",
            kind="shadow",
            question="Should we convene a shadow assembly on the city's rent policy?",
            authority="internal",
        )
        decisions_demo.load(people, DEMO_PASSWORD)
        evaluation_demo.load(people, DEMO_PASSWORD)
        network_demo.load(people)
