"""The chair's console: one small handler per button."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run, form_add_service_errors
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    AgendaItemForm,
    BreakoutReportForm,
    CommitteeReportForm,
    CommitteeStatusForm,
    MinutesForm,
    SpeakerRequestForm,
)
from assemblea.deliberation.models import (
    AgendaItem,
    CommitteeReport,
    Session,
    SpeakerRequest,
)
from assemblea.deliberation.permissions import DeliberationAction
from assemblea.deliberation.views._base import _assembly, _flags, _seat

# The forms a button posts, bound only when that button was pressed.
_FORMS: dict[str, type[forms.Form]] = {
    "add_item": AgendaItemForm,
    "report_back": BreakoutReportForm,
    "committee": CommitteeReportForm,
    "finish_item": MinutesForm,
}


@dataclass(frozen=True)
class _Press:
    """One press of a console button: who, in which session, with the forms it posted."""

    request: HttpRequest
    session: Session
    forms: dict[str, forms.Form]

    @property
    def post(self) -> Any:
        return self.request.POST

    def run(self, service: Callable[..., object], success: str, **arguments: Any) -> bool:
        action_run(self.request, service, success, **arguments)
        return True

    def item(self, name: str) -> AgendaItem:
        return posted_object(self.request, AgendaItem.objects.filter(session=self.session), name)


@login_required
def chair(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The chair's console: open the session, run the agenda, check people in, call speakers."""
    assembly = _assembly(request, slug, DeliberationAction.PLAN)
    session = selectors.session_get(assembly, session_id)
    bound = {
        name: form(request.POST if name in request.POST else None) for name, form in _FORMS.items()
    }
    if request.method == "POST":
        if _chair_post(_Press(request, session, bound)):
            return redirect("deliberation:chair", slug=slug, session_id=session.pk)
        session = selectors.session_get(assembly, session_id)
    personal_data_viewed(actor=request.user, assembly=assembly, what="roll")
    return render(
        request,
        "deliberation/chair.html",
        {
            "assembly": assembly,
            "session": session,
            "items": session.items.all(),
            "state": selectors.room_state(session),
            "pending": selectors.speakers_pending(session.current_item),
            "roll": selectors.roll(session),
            "item_form": bound["add_item"],
            "report_form": bound["report_back"],
            "committee_form": bound["committee"],
            "minutes_form": bound["finish_item"],
            "committee_status_form": CommitteeStatusForm(),
            "join_form": SpeakerRequestForm(),
            "reports": session.reports.all(),
            "committee_reports": session.committee_reports.all(),
            "rules": selectors.room_rules_of(assembly.pk),
            **_flags(request, assembly),
        },
    )


def _add_item(press: _Press) -> bool:
    form = press.forms["add_item"]
    if not form.is_valid():
        return False
    try:
        services.agenda_item_add(
            actor=press.request.user, session=press.session, **form.cleaned_data
        )
    except ValidationError as error:
        form_add_service_errors(form, error)
        return False
    messages.success(press.request, _("The item was added to the agenda."))
    return True


def _report_back(press: _Press) -> bool:
    form = press.forms["report_back"]
    if not form.is_valid():
        return False
    return press.run(
        services.breakout_report_add,
        _("The report-back was recorded."),
        session=press.session,
        **form.cleaned_data,
    )


def _committee(press: _Press) -> bool:
    form = press.forms["committee"]
    if not form.is_valid():
        return False
    return press.run(
        services.committee_report_add,
        _("The committee report was recorded."),
        session=press.session,
        **form.cleaned_data,
    )


def _committee_status(press: _Press) -> bool:
    reports = CommitteeReport.objects.filter(session=press.session)
    report = posted_object(press.request, reports, "committee_status")
    status_form = CommitteeStatusForm(press.post)
    if not status_form.is_valid():
        return True
    return press.run(
        services.committee_report_set_status,
        _("The committee report was updated."),
        report=report,
        status=status_form.cleaned_data["status"],
    )


def _open(press: _Press) -> bool:
    return press.run(services.session_open, _("The session is open."), session=press.session)


def _close(press: _Press) -> bool:
    return press.run(services.session_close, _("The session is closed."), session=press.session)


def _adopt(press: _Press) -> bool:
    what = press.post.get("adopt", "")
    return press.run(services.session_adopt, _("Adopted."), session=press.session, what=what)


def _move_up(press: _Press) -> bool:
    return press.run(services.agenda_item_move, "", item=press.item("move_up"), up=True)


def _move_down(press: _Press) -> bool:
    return press.run(services.agenda_item_move, "", item=press.item("move_down"), up=False)


def _remove_item(press: _Press) -> bool:
    return press.run(
        services.agenda_item_remove,
        _("The item was removed from the agenda."),
        item=press.item("remove_item"),
    )


def _start_item(press: _Press) -> bool:
    return press.run(services.agenda_item_start, "", item=press.item("start_item"))


def _finish_item(press: _Press) -> bool:
    item = press.session.current_item
    if item is None:
        return True
    form = press.forms["finish_item"]
    minutes = form.cleaned_data["minutes_text"] if form.is_valid() else ""
    return press.run(services.agenda_item_finish, "", item=item, minutes_text=minutes)


def _check_in(press: _Press) -> bool:
    seat = _seat(press.request, press.session, "check_in")
    return press.run(
        services.attendance_check_in, _("Checked in."), session=press.session, seat=seat
    )


def _leave(press: _Press) -> bool:
    seat = _seat(press.request, press.session, "leave")
    return press.run(
        services.attendance_leave, _("Marked as left."), session=press.session, seat=seat
    )


def _call_next(press: _Press) -> bool:
    item = press.session.current_item
    return item is None or press.run(services.speaker_call_next, "", item=item)


def _finish_turn(press: _Press) -> bool:
    item = press.session.current_item
    return item is None or press.run(services.speaker_finish, "", item=item)


def _add_speaker(press: _Press) -> bool:
    item = press.session.current_item
    kind_form = SpeakerRequestForm(press.post)
    if item is None or not kind_form.is_valid():
        return True
    return press.run(
        services.speaker_request_add,
        _("Added to the speakers' list."),
        item=item,
        kind=kind_form.cleaned_data["kind"],
        seat=_seat(press.request, press.session, "add_speaker"),
    )


def _decide(press: _Press, approve: bool) -> bool:
    requests = SpeakerRequest.objects.filter(item__session=press.session)
    found = posted_object(press.request, requests, "approve" if approve else "decline")
    return press.run(
        services.speaker_request_decide,
        _("Approved: on the list ahead of the ordinary speakers.") if approve else _("Declined."),
        speaker_request=found,
        approve=approve,
    )


def _withdraw(press: _Press) -> bool:
    requests = SpeakerRequest.objects.filter(item__session=press.session)
    withdrawn = posted_object(press.request, requests, "withdraw")
    return press.run(
        services.speaker_request_withdraw,
        _("Removed from the speakers' list."),
        speaker_request=withdrawn,
    )


# Button name → handler, in the order the console has always checked them (the first button
# found in the post wins). A handler answers True to redirect, False to show its form again.
_BUTTONS: dict[str, Callable[[_Press], bool]] = {
    "add_item": _add_item,
    "report_back": _report_back,
    "committee": _committee,
    "committee_status": _committee_status,
    "open": _open,
    "close": _close,
    "adopt": _adopt,
    "move_up": _move_up,
    "move_down": _move_down,
    "remove_item": _remove_item,
    "start_item": _start_item,
    "finish_item": _finish_item,
    "check_in": _check_in,
    "leave": _leave,
    "call_next": _call_next,
    "finish_turn": _finish_turn,
    "add_speaker": _add_speaker,
    "withdraw": _withdraw,
    "approve": lambda press: _decide(press, approve=True),
    "decline": lambda press: _decide(press, approve=False),
}


def _chair_post(press: _Press) -> bool:
    """Dispatch one of the console's buttons; True to redirect (False: show the form again)."""
    for button, handler in _BUTTONS.items():
        if button in press.post:
            return handler(press)
    return True
