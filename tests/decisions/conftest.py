"""A room ready to decide: an assembly in session, voting and non-voting seats, a session with
an agenda item, everyone checked in."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from assemblea.assemblies.models import (
    Assembly,
    AssemblyRole,
    AssemblyRoleName,
    SeatCategory,
    SeatHolder,
    SeatType,
)
from assemblea.assemblies.phases import Phase
from assemblea.deliberation.models import AgendaItem, Attendance, Session


def build_room(assembly: Assembly, make_user: Any, *, members: int = 10, prefix: str = "m") -> Any:
    Assembly.objects.filter(pk=assembly.pk).update(phase=Phase.IN_SESSION)
    assembly.refresh_from_db()
    assembly.categories.all().delete()
    residents = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.LOTTERY, name="Residents", seats=members, position=0
    )
    officials = SeatCategory.objects.create(
        assembly=assembly,
        seat_type=SeatType.OFFICIAL,
        name="Officials",
        seats=1,
        may_vote=False,
        may_propose=False,
        counts_for_quorum=False,
        position=1,
    )
    today = timezone.localdate()
    users = [make_user(f"{prefix}{i:03d}") for i in range(members)]
    seats = [
        SeatHolder.objects.create(
            category=residents, user=user, name=f"Member {i}", started_on=today
        )
        for i, user in enumerate(users)
    ]
    official = make_user(f"{prefix}official")
    SeatHolder.objects.create(category=officials, user=official, name="Official", started_on=today)
    facilitator = make_user(f"{prefix}facilitator")
    AssemblyRole.objects.create(
        assembly=assembly, user=facilitator, role=AssemblyRoleName.FACILITATOR
    )
    now = timezone.now()
    session = Session.objects.create(
        assembly=assembly,
        title="Plenary",
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=3),
    )
    item = AgendaItem.objects.create(session=session, title="Decisions", position=1)
    for seat in seats:
        Attendance.objects.create(session=session, seat=seat)
    return SimpleNamespace(
        assembly=assembly,
        members=users,
        seats=seats,
        residents=residents,
        officials=officials,
        official=official,
        facilitator=facilitator,
        session=session,
        item=item,
    )


def poll_decided(room: Any, *, yes: int, threshold: str = "simple-majority") -> Any:
    """A proposal put to a closed yes/no vote in the room: the first `yes` members for it."""
    from assemblea.decisions import services

    proposal = services.proposal_create(
        actor=room.members[0],
        assembly=room.assembly,
        title="Safe streets",
        text="Raised crossings near every school.",
    )
    poll = services.poll_open(
        actor=room.facilitator,
        agenda_item=room.item,
        title="Adopt",
        method="yes_no",
        proposal=proposal,
        threshold=threshold,
    )
    for index, member in enumerate(room.members):
        services.vote_cast(actor=member, poll=poll, choice="yes" if index < yes else "no")
    return services.poll_close(actor=room.facilitator, poll=poll)


@pytest.fixture
def room(make_assembly: Any, make_user: Any) -> Any:
    return build_room(make_assembly(), make_user)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    """Messages are checked in English, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield
