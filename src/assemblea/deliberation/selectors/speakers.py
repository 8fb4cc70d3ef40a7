"""Reads: the speakers' list in the room's order and who spoke how long."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from assemblea.assemblies.models import SeatHolder
from assemblea.deliberation.models import (
    OPEN_STATUSES,
    AgendaItem,
    RequestStatus,
    RoomRules,
    Session,
    SpeakerRequest,
)
from assemblea.deliberation.selectors.quorum import room_rules_of
from assemblea.deliberation.selectors.sessions import _values, present_seats
from assemblea.engines.speakers import (
    CategoryShare,
    Kind,
    Order,
    QueueEntry,
    Rule,
    Turn,
    history_from_turns,
    order_queue,
    summary_rows,
)
from assemblea.engines.speakers import speaking_summary as speaking_summary_of


@dataclass(frozen=True)
class QueueLine:
    request: SpeakerRequest
    name: str
    kind: str
    jumps: bool


def _session_turns(session: Session) -> list[Turn]:
    return [
        Turn(member=str(seat_id), seconds=seconds, kind=Kind(kind))
        for seat_id, seconds, kind in SpeakerRequest.objects.filter(
            item__session=session, status=RequestStatus.DONE
        )
        .order_by("ended_at", "pk")
        .values_list("seat_id", "seconds", "kind")
    ]


def speakers_rule(rules: RoomRules) -> Rule:
    category = rules.speakers_category or None
    boost = {category: set(rules.boost_values)} if category and rules.boost_values else {}
    return Rule(
        order=Order(rules.speakers_order),
        category=category,
        boost=boost,
        boost_under_represented=category if rules.boost_under_represented else None,
    )


def speakers_queue(item: AgendaItem) -> list[QueueLine]:
    """The waiting requests of the item in speaking order, by the assembly's rule: points of
    order, direct responses and clarifying questions first, then the ordinary speakers."""
    waiting = list(
        item.speakers.filter(status=RequestStatus.WAITING).select_related("seat__category")
    )
    if not waiting:
        return []
    session = item.session
    rules = room_rules_of(session.assembly_id)
    room = _values(present_seats(session))
    values = _values(request.seat for request in waiting)
    by_id = {str(request.pk): request for request in waiting}
    entries = [
        QueueEntry(
            member=str(request.seat_id),
            requested_at=request.requested_at,
            kind=Kind(request.kind),
            values=values[str(request.seat_id)],
        )
        for request in waiting
    ]
    previous = (
        item.speakers.filter(status__in=[RequestStatus.DONE, RequestStatus.SPEAKING])
        .order_by("-started_at")
        .values_list("seat_id", flat=True)
        .first()
    )
    rule = speakers_rule(rules)
    if previous is not None and str(previous) not in room:
        room[str(previous)] = _values([SeatHolder.objects.get(pk=previous)])[str(previous)]
    ordered = order_queue(
        entries,
        rule,
        history=history_from_turns(_session_turns(session)),
        room=room,
        previous=str(previous) if previous is not None else None,
    )
    by_seat = {str(request.seat_id): request for request in by_id.values()}
    return [
        QueueLine(
            request=by_seat[entry.member],
            name=by_seat[entry.member].seat.name,
            kind=by_seat[entry.member].get_kind_display(),
            jumps=entry.kind != Kind.SPEAK,
        )
        for entry in ordered
    ]


def current_speaker(item: AgendaItem | None) -> SpeakerRequest | None:
    if item is None:
        return None
    return item.speakers.filter(status=RequestStatus.SPEAKING).select_related("seat").first()


def speakers_pending(item: AgendaItem | None) -> list[SpeakerRequest]:
    """Requests to go ahead of the list that wait for the chair's approval, oldest first."""
    if item is None:
        return []
    return list(item.speakers.filter(status=RequestStatus.PENDING).select_related("seat"))


def open_request_of(item: AgendaItem | None, seat: SeatHolder | None) -> SpeakerRequest | None:
    if item is None or seat is None:
        return None
    return item.speakers.filter(seat=seat, status__in=OPEN_STATUSES).first()


def speaking_summary(session: Session) -> list[CategoryShare]:
    """Speaking time by category against each group's share of the room: the room is every
    member who checked in to the session."""
    seats = SeatHolder.objects.filter(attendance__session=session).select_related("category")
    room = _values(seats)
    seat_label = _("seat")
    for seat in seats:
        room[str(seat.pk)][seat_label] = seat.category.name
    categories = list(dict.fromkeys(c for values in room.values() for c in values))
    return speaking_summary_of(_session_turns(session), room, categories)


def speaking_summary_rows(session: Session) -> list[tuple[str, ...]]:
    return summary_rows(speaking_summary(session))
