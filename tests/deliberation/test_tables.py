"""Small tables from the app: members present, the room's sizes, pins, swaps, earlier sessions."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assemblea.assemblies.models import SeatCategory
from assemblea.assemblies.services import seat_fill
from assemblea.deliberation import selectors, services
from assemblea.deliberation.models import RoomRules, TableSeat

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> list[str]:
    """The codes of a service's refusal (tests match codes, not English prose)."""
    if hasattr(error, "error_dict"):
        return [str(e.code) for errors in error.error_dict.values() for e in errors]
    return [str(e.code) for e in error.error_list]


def _twelve(room: Any) -> list[Any]:
    """Six more members (twelve in all), everyone checked in by the chair."""
    category = SeatCategory.objects.get(assembly=room.assembly)
    category.seats = 12
    category.save()
    seats = list(room.seats)
    for index in range(6, 12):
        seat = seat_fill(actor=room.organizer, category=category, name=f"Member {index}")
        services.member_profile_set(
            actor=room.organizer,
            seat=seat,
            values={"gender": "woman" if index % 2 else "man", "housing": "renter"},
        )
        seats.append(seat)
    RoomRules.objects.create(
        assembly=room.assembly, table_size_min=3, table_size_max=4, table_categories=["gender"]
    )
    services.session_open(actor=room.facilitator, session=room.session)
    for seat in seats:
        services.attendance_check_in(actor=room.facilitator, session=room.session, seat=seat)
    return seats


def test_everyone_present_is_seated_once_within_the_size_limits(room: Any) -> None:
    seats = _twelve(room)
    services.attendance_leave(actor=room.facilitator, session=room.session, seat=seats[11])
    tables = services.tables_assign(actor=room.facilitator, session=room.session, seed=7)
    sizes = sorted(table.seats.count() for table in tables)
    assert sum(sizes) == 11 and all(3 <= size <= 4 for size in sizes)
    seated = list(TableSeat.objects.filter(session=room.session).values_list("seat", flat=True))
    assert sorted(seated) == sorted(seat.pk for seat in seats[:11])
    view = selectors.tables_of(room.session)
    assert view.quality is not None and view.quality.repeated_pairs == 0
    mine = selectors.table_of(room.session, room.seats[0])
    assert mine is not None and room.seats[0] in [place.seat for place in mine.seats]


def test_a_second_session_avoids_seating_the_same_people_together(room: Any) -> None:
    seats = _twelve(room)
    services.tables_assign(actor=room.facilitator, session=room.session, seed=1)
    start = room.session.starts_at + datetime.timedelta(days=7)
    second = services.session_create(
        actor=room.organizer,
        assembly=room.assembly,
        title="Second weekend",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Town hall",
    )
    services.session_open(actor=room.facilitator, session=second)
    for seat in seats:
        services.attendance_check_in(actor=room.facilitator, session=second, seat=seat)
    services.tables_assign(actor=room.facilitator, session=second, seed=1)
    view = selectors.tables_of(second)
    assert view.quality is not None
    # Both sessions are evaluated together; seating at random meets again 5.6 pairs on
    # average here (the engine keeps every table balanced on gender as well).
    assert len(view.quality.table_deviation) == 2
    assert view.quality.repeated_pairs <= 3


def test_too_few_members_for_the_table_sizes_says_why(room: Any) -> None:
    RoomRules.objects.create(assembly=room.assembly, table_size_min=6, table_size_max=9)
    services.session_open(actor=room.facilitator, session=room.session)
    with pytest.raises(ValidationError) as refused:
        services.tables_assign(actor=room.facilitator, session=room.session)
    assert _codes(refused.value) == ["nobody_present"]
    for seat in room.seats[:4]:
        services.attendance_check_in(actor=room.facilitator, session=room.session, seat=seat)
    with pytest.raises(ValidationError) as refused:
        services.tables_assign(actor=room.facilitator, session=room.session)
    assert _codes(refused.value) == ["table_sizes_impossible"]
    assert refused.value.error_list[0].params == {"present": 4, "low": 6, "high": 9}


def test_pins_hold_and_swaps_move_two_people(room: Any) -> None:
    seats = _twelve(room)
    services.tables_assign(actor=room.facilitator, session=room.session, seed=3)
    place = TableSeat.objects.select_related("table").get(session=room.session, seat=seats[0])
    services.table_pin(actor=room.facilitator, session=room.session, seat=seats[0], pinned=True)
    for seed in (4, 5):
        services.tables_assign(actor=room.facilitator, session=room.session, seed=seed)
        again = TableSeat.objects.select_related("table").get(session=room.session, seat=seats[0])
        assert again.table.number == place.table.number and again.pinned
    other = next(
        s
        for s in TableSeat.objects.filter(session=room.session).exclude(
            table__number=place.table.number
        )
    )
    with pytest.raises(ValidationError) as refused:
        services.tables_swap(
            actor=room.facilitator, session=room.session, seat_a=seats[0], seat_b=other.seat
        )
    assert _codes(refused.value) == ["seat_pinned"]
    services.table_pin(actor=room.facilitator, session=room.session, seat=seats[0], pinned=False)
    before = Counter(
        TableSeat.objects.filter(session=room.session).values_list("table__number", flat=True)
    )
    services.tables_swap(
        actor=room.facilitator, session=room.session, seat_a=seats[0], seat_b=other.seat
    )
    moved = TableSeat.objects.select_related("table").get(session=room.session, seat=seats[0])
    assert moved.table.number == other.table.number
    after = Counter(
        TableSeat.objects.filter(session=room.session).values_list("table__number", flat=True)
    )
    assert before == after
    with pytest.raises(PermissionDenied):
        services.tables_assign(actor=room.members[0], session=room.session)


def test_start_of_session_is_not_needed_to_read_an_empty_plan(room: Any) -> None:
    view = selectors.tables_of(room.session)
    assert view.tables == [] and view.quality is None
    assert selectors.table_of(room.session, room.seats[0]) is None
    assert room.session.starts_at <= timezone.now()


def test_each_table_gets_a_facilitator_with_the_role(room: Any) -> None:
    _twelve(room)
    first, *_others = services.tables_assign(actor=room.facilitator, session=room.session)
    with pytest.raises(ValidationError) as refused:
        services.table_facilitator_set(
            actor=room.facilitator, table=first, facilitator=room.members[0]
        )
    assert _codes(refused.value) == ["not_a_facilitator"]
    services.table_facilitator_set(actor=room.organizer, table=first, facilitator=room.facilitator)
    seated = first.seats.first()
    assert seated is not None
    mine = selectors.table_of(room.session, seated.seat)
    assert mine is not None and mine.table.facilitator == room.facilitator
    with pytest.raises(PermissionDenied):
        services.table_facilitator_set(actor=room.members[0], table=first, facilitator=None)
