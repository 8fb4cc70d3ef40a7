"""The live room view and the speaking summary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assemblea.deliberation import selectors
from assemblea.deliberation.models import RequestStatus
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
        {"assembly": assembly, "session": session, "state": selectors.room_state(session)},
    )


@require_safe
def room_live(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    response = render(
        request,
        "deliberation/_room_live.html",
        {"assembly": assembly, "session": session, "state": selectors.room_state(session)},
    )
    response["Cache-Control"] = "no-store"
    return response


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
