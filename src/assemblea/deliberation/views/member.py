"""The member's session page on their phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assemblea.assemblies.models import Assembly
from assemblea.core.forms import action_run
from assemblea.core.live import live_conditional
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    SpeakerRequestForm,
)
from assemblea.deliberation.models import (
    RequestStatus,
    Session,
    SessionStatus,
    SpeakerRequest,
)
from assemblea.deliberation.permissions import own_seat
from assemblea.deliberation.views._base import _assembly, _flags


def _check_in(request: HttpRequest, session: Session) -> None:
    action_run(request, services.attendance_check_in, _("You are checked in."), session=session)


def _leave(request: HttpRequest, session: Session) -> None:
    action_run(request, services.attendance_leave, _("You left the room."), session=session)


def _join(request: HttpRequest, session: Session) -> None:
    item = session.current_item
    if item is None:
        messages.error(request, _("No item is under way: the speakers' list is closed."))
        return
    join_form = SpeakerRequestForm(request.POST)
    if join_form.is_valid():
        action_run(
            request,
            services.speaker_request_add,
            _("You are on the speakers' list."),
            item=item,
            kind=join_form.cleaned_data["kind"],
        )


def _withdraw(request: HttpRequest, session: Session) -> None:
    found = posted_object(request, SpeakerRequest.objects.filter(item__session=session), "withdraw")
    action_run(
        request,
        services.speaker_request_withdraw,
        _("You left the speakers' list."),
        speaker_request=found,
    )


# The member's buttons, in the order they are looked for in the post.
_BUTTONS: dict[str, Callable[[HttpRequest, Session], None]] = {
    "check_in": _check_in,
    "leave": _leave,
    "join": _join,
    "withdraw": _withdraw,
}


def session_detail(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The member's page on their phone: check in, their table, the speakers' list."""
    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        button = next((name for name in _BUTTONS if name in request.POST), None)
        if button is not None:
            _BUTTONS[button](request, session)
        return redirect("deliberation:session", slug=slug, session_id=session.pk)
    flags = _flags(request, assembly)
    context: dict[str, Any] = {
        **_you(request, assembly, session),
        "items": session.items.all(),
        "reports": session.reports.all(),
        "committee_reports": session.committee_reports.all(),
        **flags,
    }
    if flags["can_view_room"]:
        context["state"] = selectors.room_state(session)
    return render(request, "deliberation/session.html", context)


def _you(request: HttpRequest, assembly: Assembly, session: Session) -> dict[str, Any]:
    """What the member's phone shows about them: presence, table, place on the list."""
    seat = own_seat(request.user, assembly)
    own_request = selectors.open_request_of(session.current_item, seat)
    place = selectors.queue_place(own_request)
    return {
        "assembly": assembly,
        "session": session,
        "session_url": reverse(
            "deliberation:session", kwargs={"slug": assembly.slug, "session_id": session.pk}
        ),
        "seat": seat,
        "present": selectors.is_present(session, seat),
        "table": selectors.table_of(session, seat),
        "own_request": own_request,
        "place": place,
        "announce": _announcement(own_request, place),
        "leave_url": reverse(
            "deliberation:session_leave", kwargs={"slug": assembly.slug, "session_id": session.pk}
        ),
        "join_form": SpeakerRequestForm(rules=selectors.room_rules_of(assembly.pk)),
    }


def _announcement(own_request: SpeakerRequest | None, place: int | None) -> str:
    """What the live region says when it becomes true (empty: nothing to announce)."""
    if own_request is None:
        return ""
    if own_request.status == RequestStatus.SPEAKING:
        return _("You have the floor.")
    if own_request.status == RequestStatus.WAITING and place == 1:
        return _("You are next.")
    return ""


@login_required
def session_leave(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The confirmation step before a member leaves the room (and the speakers' list)."""
    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    if request.method == "POST":
        _leave(request, session)
        return redirect("deliberation:session", slug=slug, session_id=session.pk)
    return render(
        request,
        "form_page.html",
        {
            "title": _("Leave the room?"),
            "assembly": assembly,
            "back_url": reverse(
                "deliberation:session", kwargs={"slug": slug, "session_id": session.pk}
            ),
            "back_label": _("No, I am staying"),
            "intro": _(
                "You will be checked out, and if you are on the speakers' list you lose your "
                "place. You can check in again when you come back."
            ),
            "form": forms.Form(),
            "submit": _("Yes, I am leaving the room"),
            "submit_name": "leave",
        },
    )


@require_safe
def session_you(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The member's part of the session page, refreshed every 2 s while they are not using it."""
    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    context = _you(request, assembly, session)
    if context["seat"] is None or session.status == SessionStatus.CLOSED:
        return HttpResponse("")
    return live_conditional(request, render(request, "deliberation/_you.html", context))
