"""Demo: the citizens' assembly's completed two-stage lottery (addresses, invitations,
registrations, selection, the public draw, two declines and their replacements, then
seating)."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import Assembly, SeatCategory
from assemblea.assemblies.phases import Phase
from assemblea.recruitment import services
from assemblea.recruitment.models import Recruitment, RegistrationStatus, RunStatus
from assemblea.recruitment.services import CategorySpec, ValueSpec

PRIVACY_NOTICE = (
    "We use your answers only to run a fair lottery for the Riverton Citizens' Assembly "
    "and to contact you about it. Only the organizers see your name and contact "
    "details; we delete them one year after the assembly is seated."
)
TARGETS = [
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
]
AREAS = ["Northside", "Eastside", "Southside", "Downtown"]
REGISTRATIONS = 180


def _recruitment_open(actor: Any, assembly: Assembly, lottery: SeatCategory) -> Recruitment:
    recruitment = services.recruitment_start(
        actor=actor,
        assembly=assembly,
        category=lottery,
        privacy_notice=PRIVACY_NOTICE,
        registration_deadline=timezone.now() + datetime.timedelta(days=10),
    )
    services.targets_set(actor=actor, recruitment=recruitment, categories=TARGETS)
    return recruitment


def _letters_send(actor: Any, assembly: Assembly, recruitment: Recruitment) -> None:
    rows = ["address,area,language"] + [
        f"{number} {street} Street,{AREAS[number % 4]},{'es' if number % 5 == 0 else 'en'}"
        for number in range(1, 400)
        for street in ("Oak", "Elm", "River")
    ]
    services.addresses_import(actor=actor, recruitment=recruitment, text="\n".join(rows))
    services.invitations_draw(
        actor=actor,
        recruitment=recruitment,
        size=600,
        seed="11 23 35 47 59",
        area_weights={"Eastside": 1.5, "Southside": 1.5},
    )
    assembly_services.assembly_change_phase(
        actor=actor, assembly=assembly, to_phase=Phase.RECRUITING
    )


def _registrations_submit(recruitment: Recruitment, names: Iterator[str]) -> None:
    # In the order drawn: without it PostgreSQL may return the join in any order, which
    # changed the pool and, now and then, left the replacement draw one seat short.
    invitations = list(
        recruitment.invitation_draws.get()
        .invitations.select_related("household")
        .order_by("pk")[:REGISTRATIONS]
    )
    chance = random.Random(2026)
    for number, invitation in enumerate(invitations):
        area = invitation.household.area
        services.registration_submit(
            recruitment=recruitment,
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


def _selection_draw(actor: Any, recruitment: Recruitment) -> list[Any]:
    """The panel, selected and drawn in public; the people on it, in the order stored."""
    # The demo loads in one transaction, so queued tasks would only start at its end: run the
    # engine now (the task does nothing for a run that is no longer queued).
    run = services.selection_start(actor=actor, recruitment=recruitment)
    services.selection_execute(run.pk)
    run.refresh_from_db()
    if run.status != RunStatus.READY:
        raise RuntimeError(f"the demo selection failed: {run.error}")
    services.selection_draw(actor=actor, run=run, seed="07 14 21 28 35")
    return list(recruitment.registrations.filter(status=RegistrationStatus.SELECTED))


def _decliners_first(recruitment: Recruitment, selected: list[Any]) -> list[Any]:
    """Two people decline whose groups stay above their minimum without them, so the
    replacements can keep every quota whatever the random codes made of the draw."""
    minimum = {
        (category.name, value.value): value.min_seats
        for category in recruitment.target_categories.all()
        for value in category.values.all()
    }
    on_panel = Counter(item for r in selected for item in r.answers.items())
    decliners: list[Any] = []
    for registration in selected:
        items = list(registration.answers.items())
        if len(decliners) < 2 and all(on_panel[item] - 1 >= minimum[item] for item in items):
            decliners.append(registration)
            on_panel.subtract(items)
    return decliners + [r for r in selected if r not in decliners]


def _answers_and_replacements(actor: Any, recruitment: Recruitment, selected: list[Any]) -> None:
    for registration in selected[:2]:
        services.registration_respond(actor=actor, registration=registration, accepted=False)
    for registration in selected[2:]:
        services.registration_respond(actor=actor, registration=registration, accepted=True)
    # The replacement lottery is computed and published first; the seed picks from it after.
    replacement = services.replacement_start(actor=actor, recruitment=recruitment)
    services.selection_execute(replacement.pk)
    replacement.refresh_from_db()
    services.selection_draw(actor=actor, run=replacement, seed="03 09 27 81")
    for registration in recruitment.registrations.filter(status=RegistrationStatus.SELECTED):
        services.registration_respond(actor=actor, registration=registration, accepted=True)


def civic_lottery(
    actor: Any, assembly: Assembly, lottery: SeatCategory, names: Iterator[str]
) -> None:
    """A completed two-stage lottery for the lottery seats of `assembly`, seated."""
    recruitment = _recruitment_open(actor, assembly, lottery)
    seats = recruitment.seats
    _letters_send(actor, assembly, recruitment)
    _registrations_submit(recruitment, names)
    selected = _decliners_first(recruitment, _selection_draw(actor, recruitment))
    _answers_and_replacements(actor, recruitment, selected)
    services.recruitment_seat(actor=actor, recruitment=recruitment, stipend_per_day=Decimal(75))
    # María López holds one lottery seat already; the lottery fills the rest.
    seated = lottery.holders.filter(ended_on__isnull=True).count()
    if seated != seats + 1:
        raise RuntimeError(f"the demo lottery seated {seated} people for {seats} seats")
