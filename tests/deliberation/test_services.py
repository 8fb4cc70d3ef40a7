"""Sessions: agenda, attendance, the speakers' list, timers, adoption before business."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assemblea.assemblies.models import Assembly
from assemblea.assemblies.phases import Phase
from assemblea.assemblies.services import seat_fill
from assemblea.core.models import Event
from assemblea.deliberation import selectors, services
from assemblea.deliberation.models import (
    AgendaItemStatus,
    RequestKind,
    RequestStatus,
    RoomRules,
    SessionStatus,
    SpeakerRequest,
    SpeakersOrder,
)

pytestmark = pytest.mark.django_db


def _codes(error: ValidationError) -> list[str]:
    """The codes of a service's refusal (tests match codes, not English prose)."""
    if hasattr(error, "error_dict"):
        return [str(e.code) for errors in error.error_dict.values() for e in errors]
    return [str(e.code) for e in error.error_list]


def _rules(room: Any, **changes: Any) -> RoomRules:
    rules, _created = RoomRules.objects.get_or_create(assembly=room.assembly)
    for field, value in changes.items():
        setattr(rules, field, value)
    rules.save()
    return rules


def _open_with_item(room: Any, *titles: str) -> list[Any]:
    items = [
        services.agenda_item_add(actor=room.facilitator, session=room.session, title=title)
        for title in titles or ("Housing costs",)
    ]
    services.session_open(actor=room.facilitator, session=room.session)
    services.agenda_item_start(actor=room.facilitator, item=items[0])
    return items


def _check_in(room: Any, *indices: int) -> None:
    for index in indices:
        services.attendance_check_in(actor=room.members[index], session=room.session)


def _speak(room: Any, item: Any, index: int, seconds: float, kind: str = RequestKind.SPEAK) -> None:
    """Member `index` speaks for `seconds` (the stored start is moved back that far)."""
    services.speaker_request_add(actor=room.members[index], item=item, kind=kind)
    request = services.speaker_call_next(actor=room.facilitator, item=item)
    assert request.seat == room.seats[index]
    SpeakerRequest.objects.filter(pk=request.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )
    services.speaker_finish(actor=room.facilitator, item=item)


def test_session_needs_an_end_after_its_start_and_a_planner(room: Any) -> None:
    start = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=room.organizer,
            assembly=room.assembly,
            title="Backwards",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
            place="Hall",
        )
    assert _codes(refused.value) == ["session_ends_before_start"]
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=room.organizer,
            assembly=room.assembly,
            title="Online",
            format="online",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
    assert _codes(refused.value) == ["session_link_missing"]
    with pytest.raises(PermissionDenied):
        services.session_create(
            actor=room.members[0],
            assembly=room.assembly,
            title="Mine",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            place="Hall",
        )


def test_check_in_counts_towards_quorum_once(room: Any) -> None:
    services.session_open(actor=room.facilitator, session=room.session)
    _check_in(room, 0, 1, 2)
    status = selectors.session_quorum(room.session)
    assert (status.present, status.required, status.met) == (3, 4, False)
    with pytest.raises(ValidationError) as refused:
        _check_in(room, 0)
    assert _codes(refused.value) == ["already_checked_in"]
    services.attendance_check_in(actor=room.facilitator, session=room.session, seat=room.seats[3])
    assert selectors.session_quorum(room.session).met
    services.attendance_leave(actor=room.members[3], session=room.session)
    assert not selectors.session_quorum(room.session).met
    _check_in(room, 3)  # coming back re-enters the room
    assert selectors.session_quorum(room.session).present == 4
    events = Event.objects.filter(verb="deliberation.checked_in")
    assert events.count() == 5 and not events.filter(public=True).exists()


def test_a_member_checks_in_only_themselves_and_only_while_the_assembly_meets(
    room: Any,
) -> None:
    with pytest.raises(PermissionDenied):
        services.attendance_check_in(
            actor=room.members[0], session=room.session, seat=room.seats[1]
        )
    Assembly.objects.filter(pk=room.assembly.pk).update(phase=Phase.REPORTED)
    room.session.assembly.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _check_in(room, 0)
    assert _codes(refused.value) == ["phase"]


def test_queue_refuses_twice_for_others_absent_and_before_the_item(
    room: Any, make_assembly: Any
) -> None:
    items = _open_with_item(room, "Rents", "Repairs")
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(actor=room.members[0], item=items[0])
    assert _codes(refused.value) == ["not_checked_in"]
    _check_in(room, 0, 1)
    services.speaker_request_add(actor=room.members[0], item=items[0])
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(actor=room.members[0], item=items[0])
    assert _codes(refused.value) == ["already_on_speakers_list"]
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(
            actor=room.members[0], item=items[0], kind=RequestKind.POINT_OF_ORDER
        )
    assert _codes(refused.value) == ["already_on_speakers_list"]
    with pytest.raises(PermissionDenied, match="only put yourself"):
        services.speaker_request_add(actor=room.members[0], item=items[0], seat=room.seats[1])
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(actor=room.members[1], item=items[1])
    assert _codes(refused.value) == ["item_not_current"]
    other = make_assembly(title="Another assembly")
    stranger = seat_fill(actor=room.organizer, category=other.categories.first(), name="Stranger")
    with pytest.raises(ValidationError) as refused:
        services.speaker_request_add(actor=room.facilitator, item=items[0], seat=stranger)
    assert _codes(refused.value) == ["seat_not_in_assembly"]
    # The chair may add a member present (someone without a phone).
    services.speaker_request_add(actor=room.facilitator, item=items[0], seat=room.seats[1])
    assert [line.name for line in selectors.speakers_queue(items[0])] == ["Member 0", "Member 1"]


def test_progressive_stack_calls_those_who_spoke_least_and_boosted_groups_first(
    room: Any,
) -> None:
    _rules(
        room,
        speakers_order=SpeakersOrder.PROGRESSIVE,
        speakers_category="gender",
        boost_values=["woman", "non-binary"],
    )
    first, second = _open_with_item(room, "Rents", "Repairs")
    _check_in(room, 0, 1, 2, 3)
    _speak(room, first, 0, 60)  # Member 0 (a man) has spoken once
    services.agenda_item_start(actor=room.facilitator, item=second)
    for index in (0, 2, 1):  # in this order of arrival
        services.speaker_request_add(actor=room.members[index], item=second)
    point = services.speaker_request_add(
        actor=room.members[3], item=second, kind=RequestKind.POINT_OF_ORDER
    )
    services.speaker_request_decide(actor=room.facilitator, speaker_request=point, approve=True)
    order = [line.name for line in selectors.speakers_queue(second)]
    # The point of order jumps; Member 1 (a woman) is moved up; Member 0 spoke already.
    assert order == ["Member 3", "Member 1", "Member 2", "Member 0"]
    called = []
    for _turn in order:
        called.append(services.speaker_call_next(actor=room.facilitator, item=second).seat.name)
    assert called == order
    with pytest.raises(ValidationError) as refused:
        services.speaker_call_next(actor=room.facilitator, item=second)
    assert _codes(refused.value) == ["speakers_list_empty"]


def test_fifo_keeps_arrival_order(room: Any) -> None:
    _rules(room, speakers_order=SpeakersOrder.FIFO)
    first, second = _open_with_item(room, "Rents", "Repairs")
    _check_in(room, 0, 1, 2)
    _speak(room, first, 0, 60)
    services.agenda_item_start(actor=room.facilitator, item=second)
    for index in (0, 2, 1):
        services.speaker_request_add(actor=room.members[index], item=second)
    assert [line.name for line in selectors.speakers_queue(second)] == [
        "Member 0",
        "Member 2",
        "Member 1",
    ]


def test_speaking_time_is_measured_from_the_stored_start(room: Any) -> None:
    (item,) = _open_with_item(room)
    _check_in(room, 0, 1)
    services.speaker_request_add(actor=room.members[0], item=item)
    request = services.speaker_call_next(actor=room.facilitator, item=item)
    # A restart loses nothing: the start is in the database, so any process reads the timer.
    SpeakerRequest.objects.filter(pk=request.pk).update(
        started_at=timezone.now() - datetime.timedelta(seconds=42)
    )
    state = selectors.room_state(room.session)
    assert state.speaker is not None and state.speaker.seat == room.seats[0]
    assert 42 <= state.speaker_seconds <= 44
    ended = services.speaker_finish(actor=room.facilitator, item=item)
    assert ended.status == RequestStatus.DONE and 42 <= ended.seconds < 44
    with pytest.raises(ValidationError) as refused:
        services.speaker_finish(actor=room.facilitator, item=item)
    assert _codes(refused.value) == ["nobody_speaking"]


def test_speaking_summary_by_category_against_the_room(room: Any) -> None:
    first, _second = _open_with_item(room, "Rents", "Repairs")
    _check_in(room, 0, 1, 2, 3)  # man, woman, man, woman
    _speak(room, first, 0, 90)
    _speak(room, first, 1, 30)
    _speak(room, first, 2, 60)
    rows = {(row.category, row.value): row for row in selectors.speaking_summary(room.session)}
    men, women = rows[("gender", "man")], rows[("gender", "woman")]
    assert round(men.seconds) == 150 and round(women.seconds) == 30
    assert (men.turns, women.turns) == (2, 1)
    assert men.room_share == women.room_share == 0.5
    assert round(men.time_share, 2) == round(150 / 180, 2)
    assert round(women.ratio or 0, 2) == round((30 / 180) / 0.5, 2)
    assert rows[("seat", "Residents")].room_members == 4


def test_items_run_one_at_a_time_and_finishing_withdraws_the_waiting(room: Any) -> None:
    first, second = _open_with_item(room, "Rents", "Repairs")
    _check_in(room, 0, 1)
    services.speaker_request_add(actor=room.members[0], item=first)
    services.speaker_request_add(actor=room.members[1], item=first)
    services.speaker_call_next(actor=room.facilitator, item=first)
    services.agenda_item_start(actor=room.facilitator, item=second)
    first.refresh_from_db()
    room.session.refresh_from_db()
    assert first.status == AgendaItemStatus.DONE and room.session.current_item == second
    statuses = set(first.speakers.values_list("status", flat=True))
    assert statuses == {RequestStatus.DONE, RequestStatus.WITHDRAWN}
    services.session_close(actor=room.facilitator, session=room.session)
    room.session.refresh_from_db()
    assert room.session.status == SessionStatus.CLOSED
    assert not selectors.present_seats(room.session).exists()


def test_rules_and_agenda_are_adopted_before_business_when_the_room_says_so(
    room: Any,
) -> None:
    _rules(room, adopt_before_business=True)
    item = services.agenda_item_add(actor=room.facilitator, session=room.session, title="Budget")
    services.session_open(actor=room.facilitator, session=room.session)
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_start(actor=room.facilitator, item=item)
    assert _codes(refused.value) == ["adoption_before_business"]
    services.session_adopt(actor=room.facilitator, session=room.session, what="rules")
    services.session_adopt(actor=room.facilitator, session=room.session, what="agenda")
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(actor=room.facilitator, session=room.session, title="Late")
    assert _codes(refused.value) == ["agenda_adopted"]
    services.agenda_item_start(actor=room.facilitator, item=item)
    assert Event.objects.filter(verb="deliberation.agenda_adopted", public=True).exists()


def test_room_rules_say_what_to_fix(room: Any) -> None:
    arguments: dict[str, Any] = {
        "quorum_kind": "half_plus_one",
        "quorum_fraction": "0.5",
        "quorum_fixed": 0,
        "speakers_order": SpeakersOrder.ALTERNATE,
        "speakers_category": "",
        "boost_values": [],
        "boost_under_represented": False,
        "speaking_seconds": 120,
        "table_categories": [],
        "table_size_min": 6,
        "table_size_max": 9,
        "adopt_before_business": False,
    }
    with pytest.raises(ValidationError) as refused:
        services.room_rules_update(actor=room.organizer, assembly=room.assembly, **arguments)
    assert _codes(refused.value) == ["alternate_category_missing"]
    arguments.update(speakers_category="gender", table_size_min=8, table_size_max=6)
    with pytest.raises(ValidationError) as refused:
        services.room_rules_update(actor=room.organizer, assembly=room.assembly, **arguments)
    assert _codes(refused.value) == ["table_sizes_invalid"]
    arguments.update(table_size_min=3, table_size_max=4)
    rules = services.room_rules_update(actor=room.organizer, assembly=room.assembly, **arguments)
    assert rules.speakers_order == SpeakersOrder.ALTERNATE
    with pytest.raises(PermissionDenied):
        services.room_rules_update(actor=room.members[0], assembly=room.assembly, **arguments)


def test_the_agenda_is_reordered_and_trimmed_until_it_is_adopted(room: Any) -> None:
    add = services.agenda_item_add
    items = [add(actor=room.facilitator, session=room.session, title=t) for t in ("A", "B", "C")]
    services.agenda_item_move(actor=room.facilitator, item=items[2], up=True)
    services.agenda_item_remove(actor=room.facilitator, item=items[0])
    order = list(room.session.items.order_by("position").values_list("title", "position"))
    assert order == [("C", 1), ("B", 2)]
    with pytest.raises(PermissionDenied):
        services.agenda_item_move(actor=room.members[0], item=items[1], up=True)
    services.session_open(actor=room.facilitator, session=room.session)
    services.session_adopt(actor=room.facilitator, session=room.session, what="agenda")
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_remove(actor=room.facilitator, item=items[1])
    assert _codes(refused.value) == ["agenda_adopted"]
