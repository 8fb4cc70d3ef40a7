from __future__ import annotations

from typing import Any

import pytest

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.phases import Phase
from assemblea.recruitment import services
from assemblea.recruitment.services import CategorySpec, ValueSpec


@pytest.fixture
def recruiting(make_assembly: Any, organizer: Any) -> Any:
    """A 6-seat civic assembly in its recruiting phase, with gender and age targets."""
    assembly = make_assembly(planned_size=6)
    lottery = assembly.categories.get()
    recruitment = services.recruitment_start(
        actor=organizer, assembly=assembly, category=lottery, privacy_notice="We keep it safe."
    )
    services.targets_set(
        actor=organizer,
        recruitment=recruitment,
        categories=[
            CategorySpec(
                "gender",
                "Your gender",
                [ValueSpec("woman", 0.5, 3, 3), ValueSpec("man", 0.5, 3, 3)],
            ),
            CategorySpec(
                "age", "Your age", [ValueSpec("16-39", 0.5, 2, 4), ValueSpec("40+", 0.5, 2, 4)]
            ),
        ],
    )
    for phase in (Phase.CONVENED, Phase.RECRUITING):
        assembly_services.assembly_change_phase(actor=organizer, assembly=assembly, to_phase=phase)
    # Most tests register people without letters; the walk-in tests close it again.
    services.walk_in_set(actor=organizer, recruitment=recruitment, open=True)
    recruitment.refresh_from_db()
    return recruitment


@pytest.fixture
def register(recruiting: Any) -> Any:
    def register_person(gender: str, age: str, number: int, **extra: Any) -> Any:
        extra.setdefault("language", "en")
        return services.registration_submit(
            recruitment=recruiting,
            answers={"gender": gender, "age": age},
            name=f"Person {number}",
            email=f"p{number}@example.org",
            consents_to_privacy_notice=True,
            **extra,
        )

    return register_person
