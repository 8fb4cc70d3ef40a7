from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation

from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatCategory, SeatType
from assemblea.assemblies.phases import Phase
from assemblea.assemblies.services import assembly_role_grant, seat_fill
from assemblea.deliberation import services
from assemblea.deliberation.models import Session

GENDERS = ["man", "woman", "man", "woman", "man", "non-binary"]


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are matched in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@dataclass
class Room:
    assembly: Assembly
    session: Session
    organizer: Any
    facilitator: Any
    members: list[Any]  # users, m0..m5
    seats: list[Any]  # their seats, in the same order


@pytest.fixture
def room(make_assembly: Any, make_user: Any, organizer: Any) -> Room:
    """An assembly in session with six members (users m0..m5) and a facilitator; one
    planned session."""
    assembly = make_assembly()
    assembly.categories.all().delete()
    residents = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.LOTTERY, name="Residents", seats=6
    )
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    assembly.refresh_from_db()
    facilitator = make_user("facilitator")
    assembly_role_grant(
        actor=organizer, assembly=assembly, user=facilitator, role=AssemblyRoleName.FACILITATOR
    )
    members, seats = [], []
    for index, gender in enumerate(GENDERS):
        user = make_user(f"m{index}")
        seat = seat_fill(actor=organizer, category=residents, name=f"Member {index}", user=user)
        services.member_profile_set(
            actor=organizer,
            seat=seat,
            values={"gender": gender, "housing": "renter" if index % 2 else "owner"},
        )
        members.append(user)
        seats.append(seat)
    start = timezone.now()
    session = services.session_create(
        actor=organizer,
        assembly=assembly,
        title="First weekend",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Town hall",
    )
    return Room(assembly, session, organizer, facilitator, members, seats)
