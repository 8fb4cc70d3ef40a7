"""The live room (docs/live.md): what a change to a session renders once per process, for
every stream that shows the room, and what each member's own part depends on."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db.models import Count, Max
from django.template.loader import render_to_string

from assemblea.core.live import Fragment, live_topic_register
from assemblea.deliberation import selectors
from assemblea.deliberation.models import (
    OPEN_STATUSES,
    Attendance,
    Session,
    SpeakerRequest,
    TableSeat,
)


def room_topic(session_id: int) -> str:
    """What services name when they change a session's room (`live_changed`)."""
    return f"room:{session_id}"


def room_context(session: Session) -> dict[str, Any]:
    return {
        "assembly": session.assembly,
        "session": session,
        "state": selectors.room_state(session),
    }


def _member_keys(session: Session, state: selectors.RoomState) -> dict[Hashable, Hashable]:
    """Seat id -> what that member's own panel shows (presence, their request and place):
    a stream renders its member's panel again only when this changed."""
    present = set(
        Attendance.objects.filter(session=session, left_at__isnull=True).values_list(
            "seat_id", flat=True
        )
    )
    requests: dict[int, tuple[int, str]] = {}
    if state.item is not None:
        rows = SpeakerRequest.objects.filter(item=state.item, status__in=OPEN_STATUSES)
        for pk, seat_id, status in rows.values_list("pk", "seat_id", "status"):
            requests[seat_id] = (pk, status)
    places = {line.request.seat_id: place for place, line in enumerate(state.queue, start=1)}
    tables = TableSeat.objects.filter(session=session).aggregate(n=Count("pk"), last=Max("pk"))
    common = (session.status, state.item.pk if state.item else None, tables["n"], tables["last"])
    return {
        seat: (common, seat in present, requests.get(seat), places.get(seat))
        for seat in present | set(requests)
    }


def room_fragment(topic: str) -> Fragment | None:
    """The room's shared fragment (agenda item, speaker, queue, quorum, votes in progress)."""
    session = Session.objects.select_related("assembly").filter(pk=int(topic[5:])).first()
    if session is None:
        return None
    context = room_context(session)
    html = render_to_string("deliberation/_room_live.html", context)
    return Fragment(html=html, keys=_member_keys(session, context["state"]))


live_topic_register("room", room_fragment)
