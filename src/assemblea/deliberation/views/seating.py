"""The small tables page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.models import (
    SmallTable,
)
from assemblea.deliberation.permissions import Action
from assemblea.deliberation.views._base import _assembly, _flags, _seat


def tables(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, Action.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    if request.method == "POST":
        post = request.POST
        if "assign" in post:
            action_run(
                request,
                services.tables_assign,
                _("The tables were set."),
                session=session,
                seed=post.get("seed", "") or timezone.now().isoformat(),
            )
        elif "swap" in post:
            action_run(
                request,
                services.tables_swap,
                _("The two members swapped tables."),
                session=session,
                seat_a=_seat(request, session, "seat_a"),
                seat_b=_seat(request, session, "seat_b"),
            )
        elif "facilitator_of" in post:
            table = posted_object(
                request,
                SmallTable.objects.filter(session=session),
                "facilitator_of",
                field="number",
            )
            chosen = post.get("facilitator", "")
            action_run(
                request,
                services.table_facilitator_set,
                _("The table's facilitator was saved."),
                table=table,
                facilitator=(
                    posted_object(request, selectors.table_facilitators(assembly), "facilitator")
                    if chosen
                    else None
                ),
            )
        elif "pin" in post or "unpin" in post:
            action_run(
                request,
                services.table_pin,
                "",
                session=session,
                seat=_seat(request, session, "pin" if "pin" in post else "unpin"),
                pinned="pin" in post,
            )
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
