"""The small tables page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.models import (
    Session,
    SmallTable,
)
from assemblea.deliberation.permissions import DeliberationAction
from assemblea.deliberation.views._base import _assembly, _flags, _seat


def _assign(request: HttpRequest, session: Session) -> None:
    seed = request.POST.get("seed", "") or timezone.now().isoformat()
    action_run(
        request, services.tables_assign, _("The tables were set."), session=session, seed=seed
    )


def _swap(request: HttpRequest, session: Session) -> None:
    action_run(
        request,
        services.tables_swap,
        _("The two members swapped tables."),
        session=session,
        seat_a=_seat(request, session, "seat_a"),
        seat_b=_seat(request, session, "seat_b"),
    )


def _facilitator(request: HttpRequest, session: Session) -> None:
    tables = SmallTable.objects.filter(session=session)
    table = posted_object(request, tables, "facilitator_of", field="number")
    facilitator = None
    if request.POST.get("facilitator", ""):
        facilitators = selectors.table_facilitators(session.assembly)
        facilitator = posted_object(request, facilitators, "facilitator")
    action_run(
        request,
        services.table_facilitator_set,
        _("The table's facilitator was saved."),
        table=table,
        facilitator=facilitator,
    )


def _pin(request: HttpRequest, session: Session) -> None:
    seat = _seat(request, session, "pin")
    action_run(request, services.table_pin, "", session=session, seat=seat, pinned=True)


def _unpin(request: HttpRequest, session: Session) -> None:
    seat = _seat(request, session, "unpin")
    action_run(request, services.table_pin, "", session=session, seat=seat, pinned=False)


# The chair's buttons on the tables page, in the order they are looked for in the post.
_BUTTONS: dict[str, Callable[[HttpRequest, Session], None]] = {
    "assign": _assign,
    "swap": _swap,
    "facilitator_of": _facilitator,
    "pin": _pin,
    "unpin": _unpin,
}


def tables(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    if request.method == "POST":
        button = next((name for name in _BUTTONS if name in request.POST), None)
        if button is not None:
            _BUTTONS[button](request, session)
        return redirect("deliberation:tables", slug=slug, session_id=session.pk)
    view = selectors.tables_of(session)
    rules = selectors.room_rules_of(assembly.pk)
    personal_data_viewed(actor=request.user, assembly=assembly, what="tables")
    return render(
        request,
        "deliberation/tables.html",
        {
            "assembly": assembly,
            "session": session,
            "view": view,
            "rules": rules,
            "problem": selectors.table_problem(session, rules),
            "seated": [seat for table in view.tables for seat in table.seats],
            "facilitators": selectors.table_facilitators(assembly),
            **_flags(request, assembly),
        },
    )
