"""The live room view and the speaking summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assemblea.deliberation import selectors
from assemblea.deliberation.permissions import DeliberationAction
from assemblea.deliberation.views._base import _assembly


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
