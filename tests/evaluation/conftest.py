from __future__ import annotations

import datetime
from typing import Any

import pytest

from assemblea.assemblies import services as assembly_services
from assemblea.assemblies.models import SeatHolder
from assemblea.assemblies.phases import Phase


@pytest.fixture
def convened(make_assembly: Any, organizer: Any) -> Any:
    """A civic assembly past its draft, so that questionnaires can open."""
    assembly = make_assembly(planned_size=6)
    assembly_services.assembly_change_phase(
        actor=organizer, assembly=assembly, to_phase=Phase.CONVENED
    )
    return assembly


@pytest.fixture
def seat(convened: Any) -> Any:
    """A seat for a user: `seat(user)` makes them a member."""
    category = convened.categories.first()

    def make(user: Any = None, name: str = "Member", **extra: Any) -> SeatHolder:
        return SeatHolder.objects.create(
            category=category,
            user=user,
            name=name,
            started_on=extra.pop("started_on", datetime.date(2026, 1, 1)),
            **extra,
        )

    return make
