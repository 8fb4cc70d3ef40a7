"""Quorum: present seat holders of quorum categories against the assembly's rule."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from assemblea.assemblies.models import SeatCategory, SeatHolder, SeatType
from assemblea.deliberation.models import Attendance, QuorumKind, RoomRules, Session
from assemblea.deliberation.selectors import session_quorum

pytestmark = pytest.mark.django_db


def _room(make_assembly: Any) -> tuple[Session, list[SeatHolder]]:
    assembly = make_assembly()
    assembly.categories.all().delete()
    voting = SeatCategory.objects.create(
        assembly=assembly, seat_type=SeatType.LOTTERY, name="Residents", seats=10
    )
    observers = SeatCategory.objects.create(
        assembly=assembly,
        seat_type=SeatType.OFFICIAL,
        name="Officials",
        seats=4,
        counts_for_quorum=False,
    )
    today = timezone.localdate()
    holders = [
        SeatHolder.objects.create(category=voting, name=f"Resident {i}", started_on=today)
        for i in range(8)
    ] + [
        SeatHolder.objects.create(category=observers, name=f"Official {i}", started_on=today)
        for i in range(3)
    ]
    start = timezone.now()
    session = Session.objects.create(
        assembly=assembly,
        title="First",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    return session, holders


def test_half_plus_one_counts_only_quorum_categories(make_assembly: Any) -> None:
    session, holders = _room(make_assembly)
    for holder in holders[:5]:
        Attendance.objects.create(session=session, seat=holder)
    for holder in holders[8:]:
        Attendance.objects.create(session=session, seat=holder)
    status = session_quorum(session)
    assert (status.quorum_seats, status.required, status.present) == (10, 6, 5)
    assert not status.met
    Attendance.objects.create(session=session, seat=holders[5])
    assert session_quorum(session).met


def test_people_who_left_no_longer_count(make_assembly: Any) -> None:
    session, holders = _room(make_assembly)
    for holder in holders[:6]:
        Attendance.objects.create(session=session, seat=holder)
    assert session_quorum(session).met
    Attendance.objects.filter(seat=holders[0]).update(left_at=timezone.now())
    assert not session_quorum(session).met


def test_fraction_and_fixed_rules(make_assembly: Any) -> None:
    session, holders = _room(make_assembly)
    rules = RoomRules.objects.create(
        assembly=session.assembly, quorum_kind=QuorumKind.FRACTION, quorum_fraction="0.667"
    )
    assert session_quorum(session).required == 7
    rules.quorum_kind = QuorumKind.FIXED
    rules.quorum_fixed = 3
    rules.save()
    for holder in holders[:3]:
        Attendance.objects.create(session=session, seat=holder)
    status = session_quorum(session)
    assert status.required == 3 and status.met
    assert status.as_record()["by_category"] == [
        {"name": "Residents", "seats": 10, "present": 3},
        {"name": "Officials", "seats": 4, "present": 0},
    ]
