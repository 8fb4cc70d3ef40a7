"""The live room view and the speaking summary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from assemblea.core.live import (
    PersonalPart,
    SharedPart,
    live_conditional,
    live_stream,
    live_sync,
    topic_in,
)
from assemblea.deliberation import selectors
from assemblea.deliberation.live import room_context, room_topic
from assemblea.deliberation.models import RequestStatus, SessionStatus
from assemblea.deliberation.permissions import DeliberationAction, own_seat
from assemblea.deliberation.views._base import _assembly, _flags


@require_safe
def happening_now(request: HttpRequest, slug: str) -> HttpResponse:
    """A member's one page for what is happening now: the session under way (or the next
    one), its current item, any vote open on it with its link, and their place on the list."""
    assembly = _assembly(request, slug)
    session = selectors.session_now(assembly)
    context: dict[str, Any] = {
        "assembly": assembly,
        "session": session,
        **_flags(request, assembly),
    }
    if session is not None and session.status == "open":
        seat = own_seat(request.user, assembly)
        own_request = selectors.open_request_of(session.current_item, seat)
        context.update(
            seat=seat,
            present=selectors.is_present(session, seat),
            own_request=own_request,
            speaking=own_request is not None and own_request.status == RequestStatus.SPEAKING,
            place=selectors.queue_place(own_request),
            state=selectors.room_state(session),
        )
    response = render(request, "deliberation/now.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def room(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    return render(
        request,
        "deliberation/room.html",
        room_context(session),
    )


@require_safe
def room_live(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The room's fragment, for pages whose stream was cut: 304 while nothing changed."""
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    response = render(request, "deliberation/_room_live.html", room_context(session))
    return live_conditional(request, response)


def _room_parts(request: HttpRequest, slug: str, session_id: int) -> SharedPart:
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    return SharedPart("room-live", topic_in(room_topic(session.pk), get_language()))


@require_safe
async def room_stream(request: HttpRequest, slug: str, session_id: int) -> StreamingHttpResponse:
    """The projector's and the chair's stream: the room, rendered once per change."""
    part = await live_sync(_room_parts, request, slug, session_id)
    return live_stream(request, shared=[part])


def _session_parts(
    request: HttpRequest, slug: str, session_id: int
) -> tuple[list[SharedPart], list[PersonalPart]]:
    from assemblea.deliberation.views.member import _you

    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    topic = topic_in(room_topic(session.pk), get_language())
    shared = [SharedPart("room-live", topic)] if _flags(request, assembly)["can_view_room"] else []
    seat = own_seat(request.user, assembly)
    if seat is None or session.status == SessionStatus.CLOSED:
        return shared, []

    def you() -> str:
        fresh = selectors.session_get(assembly, session_id)  # its current item moves on
        return render_to_string(
            "deliberation/_you.html", _you(request, assembly, fresh), request=request
        )

    return shared, [PersonalPart("you", topic, you, key=seat.pk)]


@require_safe
async def session_stream(request: HttpRequest, slug: str, session_id: int) -> StreamingHttpResponse:
    """The member's stream: the room (shared) and their own panel (when it changed)."""
    shared, personal = await live_sync(_session_parts, request, slug, session_id)
    return live_stream(request, shared=shared, personal=personal)


@require_safe
def summary(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    return render(
        request,
        "deliberation/summary.html",
        {
            "assembly": assembly,
            "session": session,
            "rows": selectors.speaking_summary_rows(session),
        },
    )
