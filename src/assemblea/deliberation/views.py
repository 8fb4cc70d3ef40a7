"""Thin views: parse the request, call one selector or service, render.

Every form posts and redirects, so the pages work without JavaScript; htmx only refreshes the
live room fragment every second."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.selectors import assembly_get
from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run, form_add_service_errors
from assemblea.core.ics import CalendarEvent, ics_calendar
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    AgendaItemForm,
    BreakoutReportForm,
    CommitteeReportForm,
    CommitteeStatusForm,
    CredentialForm,
    EvidenceAnswerForm,
    EvidenceForm,
    EvidenceRequestForm,
    MinutesForm,
    ResolutionForm,
    ResolutionStatusForm,
    RoomRulesForm,
    SessionForm,
    SpeakerRequestForm,
)
from assemblea.deliberation.models import (
    AgendaItem,
    BreakoutReport,
    CommitteeReport,
    EvidenceRequest,
    Resolution,
    Session,
    SessionStatus,
    SmallTable,
    SpeakerRequest,
)
from assemblea.deliberation.permissions import Action, can, own_seat


def _assembly(request: HttpRequest, slug: str, action: str = Action.VIEW) -> Assembly:
    assembly = assembly_get(user=request.user, slug=slug)
    if action != Action.VIEW and not can(request.user, action, assembly):
        if action == Action.VIEW_ROOM:
            raise PermissionDenied(_("Only people with a role in this assembly see the room."))
        raise PermissionDenied(_("You do not have a role in this assembly that allows this."))
    return assembly


def _flags(request: HttpRequest, assembly: Assembly) -> dict[str, bool]:
    return {
        "can_plan": can(request.user, Action.PLAN, assembly),
        "can_chair": can(request.user, Action.CHAIR, assembly),
        "can_view_room": can(request.user, Action.VIEW_ROOM, assembly),
    }


# Sessions


def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    flags = _flags(request, assembly)
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        if not flags["can_plan"]:
            raise PermissionDenied(_("Only organizers and facilitators plan sessions."))
        if form.is_valid():
            try:
                session = services.session_create(
                    actor=request.user, assembly=assembly, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The session was scheduled. Add its agenda next."))
                return redirect("deliberation:chair", slug=slug, session_id=session.pk)
    return render(
        request,
        "deliberation/sessions.html",
        {"assembly": assembly, "sessions": selectors.sessions_of(assembly), "form": form, **flags},
    )


@login_required
def room_rules(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug, Action.PLAN)
    rules = selectors.room_rules_of(assembly.pk)
    initial = {field: getattr(rules, field) for field in RoomRulesForm.base_fields}
    initial["boost_values"] = ", ".join(rules.boost_values)
    initial["table_categories"] = ", ".join(rules.table_categories)
    form = RoomRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_rules_update(actor=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The room rules were saved."))
            return redirect("deliberation:sessions", slug=slug)
    return render(
        request,
        "assemblies/form_page.html",
        {"assembly": assembly, "form": form, "title": _("Room rules")},
    )


@login_required
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, Action.PLAN)
    session = selectors.session_get(assembly, session_id)
    initial = {field: getattr(session, field) for field in SessionForm.base_fields}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("deliberation:chair", slug=slug, session_id=session.pk)
    return render(
        request,
        "assemblies/form_page.html",
        {"assembly": assembly, "form": form, "title": _("Change the session")},
    )


@login_required
def profiles(request: HttpRequest, slug: str) -> HttpResponse:
    """The values each member shares for balancing tables and speaking time (private)."""
    assembly = _assembly(request, slug, Action.PLAN)
    categories = selectors.balancing_categories(assembly)
    new_category = request.POST.get("new_category", "").strip()
    if request.method == "POST":
        if new_category and new_category not in categories:
            categories.append(new_category)
        values = {
            line.seat.pk: {
                category: request.POST.get(f"value-{line.seat.pk}-{index}", "")
                for index, category in enumerate(categories)
            }
            for line in selectors.profile_lines(assembly, categories)
            if any(key.startswith(f"value-{line.seat.pk}-") for key in request.POST)
        }
        if action_run(
            request,
            services.member_profiles_set,
            _("The members' values were saved."),
            assembly=assembly,
            values=values,
        ):
            return redirect("deliberation:profiles", slug=slug)
    personal_data_viewed(actor=request.user, assembly=assembly, what="member_profiles")
    return render(
        request,
        "deliberation/profiles.html",
        {
            "assembly": assembly,
            "categories": categories,
            "lines": selectors.profile_lines(assembly, categories),
            **_flags(request, assembly),
        },
    )


def session_detail(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The member's page on their phone: check in, their table, the speakers' list."""
    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    item = session.current_item
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        post = request.POST
        if "check_in" in post:
            action_run(
                request, services.attendance_check_in, _("You are checked in."), session=session
            )
        elif "leave" in post:
            action_run(request, services.attendance_leave, _("You left the room."), session=session)
        elif "join" in post and item is None:
            messages.error(request, _("No item is under way: the speakers' list is closed."))
        elif "join" in post:
            join_form = SpeakerRequestForm(post)
            if join_form.is_valid():
                action_run(
                    request,
                    services.speaker_request_add,
                    _("You are on the speakers' list."),
                    item=item,
                    kind=join_form.cleaned_data["kind"],
                )
        elif "withdraw" in post:
            found = posted_object(
                request, SpeakerRequest.objects.filter(item__session=session), "withdraw"
            )
            action_run(
                request,
                services.speaker_request_withdraw,
                _("You left the speakers' list."),
                speaker_request=found,
            )
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
        "place": selectors.queue_place(own_request),
        "join_form": SpeakerRequestForm(),
    }


@require_safe
def session_you(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The member's part of the session page, refreshed every 2 s while they are not using it."""
    assembly = _assembly(request, slug)
    session = selectors.session_get(assembly, session_id)
    context = _you(request, assembly, session)
    if context["seat"] is None or session.status == SessionStatus.CLOSED:
        return HttpResponse("")
    response = render(request, "deliberation/_you.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _seat(request: HttpRequest, session: Session, name: str) -> SeatHolder:
    """The seat of this assembly whose id is posted as `name` (400/404 otherwise)."""
    return posted_object(
        request, SeatHolder.objects.filter(category__assembly=session.assembly), name
    )


@login_required
def chair(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The chair's console: open the session, run the agenda, check people in, call speakers."""
    assembly = _assembly(request, slug, Action.PLAN)
    session = selectors.session_get(assembly, session_id)
    item_form = AgendaItemForm(request.POST if "add_item" in request.POST else None)
    report_form = BreakoutReportForm(request.POST if "report_back" in request.POST else None)
    committee_form = CommitteeReportForm(request.POST if "committee" in request.POST else None)
    minutes_form = MinutesForm(request.POST if "finish_item" in request.POST else None)
    if request.method == "POST":
        if _chair_post(request, session, item_form, report_form, committee_form, minutes_form):
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
            "roll": selectors.roll(session),
            "item_form": item_form,
            "report_form": report_form,
            "committee_form": committee_form,
            "minutes_form": minutes_form,
            "committee_status_form": CommitteeStatusForm(),
            "join_form": SpeakerRequestForm(),
            "reports": session.reports.all(),
            "committee_reports": session.committee_reports.all(),
            "rules": selectors.room_rules_of(assembly.pk),
            **_flags(request, assembly),
        },
    )


def _chair_post(
    request: HttpRequest,
    session: Session,
    item_form: AgendaItemForm,
    report_form: BreakoutReportForm,
    committee_form: CommitteeReportForm,
    minutes_form: MinutesForm,
) -> bool:
    """Dispatch one of the console's buttons; True to redirect (False: show the form again)."""
    post = request.POST
    item = session.current_item
    if "add_item" in post:
        if not item_form.is_valid():
            return False
        try:
            services.agenda_item_add(actor=request.user, session=session, **item_form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(item_form, error)
            return False
        messages.success(request, _("The item was added to the agenda."))
    elif "report_back" in post:
        if not report_form.is_valid():
            return False
        action_run(
            request,
            services.breakout_report_add,
            _("The report-back was recorded."),
            session=session,
            **report_form.cleaned_data,
        )
    elif "committee" in post:
        if not committee_form.is_valid():
            return False
        action_run(
            request,
            services.committee_report_add,
            _("The committee report was recorded."),
            session=session,
            **committee_form.cleaned_data,
        )
    elif "committee_status" in post:
        report = posted_object(
            request, CommitteeReport.objects.filter(session=session), "committee_status"
        )
        status_form = CommitteeStatusForm(post)
        if status_form.is_valid():
            action_run(
                request,
                services.committee_report_set_status,
                _("The committee report was updated."),
                report=report,
                status=status_form.cleaned_data["status"],
            )
    elif "open" in post:
        action_run(request, services.session_open, _("The session is open."), session=session)
    elif "close" in post:
        action_run(request, services.session_close, _("The session is closed."), session=session)
    elif "adopt" in post:
        action_run(
            request,
            services.session_adopt,
            _("Adopted."),
            session=session,
            what=post.get("adopt", ""),
        )
    elif "move_up" in post or "move_down" in post:
        found = posted_object(
            request,
            AgendaItem.objects.filter(session=session),
            "move_up" if "move_up" in post else "move_down",
        )
        action_run(request, services.agenda_item_move, "", item=found, up="move_up" in post)
    elif "remove_item" in post:
        found = posted_object(request, AgendaItem.objects.filter(session=session), "remove_item")
        action_run(
            request,
            services.agenda_item_remove,
            _("The item was removed from the agenda."),
            item=found,
        )
    elif "start_item" in post:
        found = posted_object(request, AgendaItem.objects.filter(session=session), "start_item")
        action_run(request, services.agenda_item_start, "", item=found)
    elif "finish_item" in post and item is not None:
        minutes = minutes_form.cleaned_data["minutes_text"] if minutes_form.is_valid() else ""
        action_run(request, services.agenda_item_finish, "", item=item, minutes_text=minutes)
    elif "check_in" in post:
        action_run(
            request,
            services.attendance_check_in,
            _("Checked in."),
            session=session,
            seat=_seat(request, session, "check_in"),
        )
    elif "leave" in post:
        action_run(
            request,
            services.attendance_leave,
            _("Marked as left."),
            session=session,
            seat=_seat(request, session, "leave"),
        )
    elif "call_next" in post and item is not None:
        action_run(request, services.speaker_call_next, "", item=item)
    elif "finish_turn" in post and item is not None:
        action_run(request, services.speaker_finish, "", item=item)
    elif "add_speaker" in post and item is not None:
        kind_form = SpeakerRequestForm(post)
        if kind_form.is_valid():
            action_run(
                request,
                services.speaker_request_add,
                _("Added to the speakers' list."),
                item=item,
                kind=kind_form.cleaned_data["kind"],
                seat=_seat(request, session, "add_speaker"),
            )
    elif "withdraw" in post:
        withdrawn = posted_object(
            request, SpeakerRequest.objects.filter(item__session=session), "withdraw"
        )
        action_run(
            request,
            services.speaker_request_withdraw,
            _("Removed from the speakers' list."),
            speaker_request=withdrawn,
        )
    return True


# Tables


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


# The live room view


@require_safe
def room(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, Action.VIEW_ROOM)
    session = selectors.session_get(assembly, session_id)
    return render(
        request,
        "deliberation/room.html",
        {"assembly": assembly, "session": session, "state": selectors.room_state(session)},
    )


@require_safe
def room_live(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, Action.VIEW_ROOM)
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
    assembly = _assembly(request, slug, Action.VIEW_ROOM)
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


# Calendars


def _events(request: HttpRequest, sessions: Any) -> list[CalendarEvent]:
    host = request.build_absolute_uri("/").rstrip("/")
    return [
        CalendarEvent(
            uid=f"session-{session.pk}@{request.get_host()}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=f"{session.assembly.title}: {session.title}",
            location=session.place or session.online_link,
            description="\n".join(
                part
                for part in (
                    session.access_info,
                    "\n".join(
                        f"{item.position}. {item.title} ({item.minutes_allotted} min)"
                        for item in session.items.all()
                    ),
                )
                if part
            ),
            url=host
            + reverse(
                "deliberation:session",
                kwargs={"slug": session.assembly.slug, "session_id": session.pk},
            ),
        )
        for session in sessions
    ]


def _ics(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def assembly_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    sessions = selectors.sessions_of(assembly).select_related("assembly")
    body = ics_calendar(assembly.title, _events(request, sessions), stamp=timezone.now())
    return _ics(body, f"{assembly.slug}.ics")


@require_safe
def member_calendar(request: HttpRequest, token: str) -> HttpResponse:
    user, sessions = selectors.sessions_for_member(token)
    body = ics_calendar(
        _("Assemblea: sessions of %(name)s") % {"name": user},
        _events(request, sessions),
        stamp=timezone.now(),
    )
    return _ics(body, "assemblea.ics")


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_token_renew(actor=request.user)
        messages.success(
            request, _("Your calendar has a new address; the old one stopped working.")
        )
        return redirect("deliberation:my_calendar")
    token = services.calendar_token_get(actor=request.user)
    url = request.build_absolute_uri(
        reverse("deliberation:member_calendar", kwargs={"token": token.token})
    )
    return render(request, "deliberation/my_calendar.html", {"url": url})


# Evidence


def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    flags = _flags(request, assembly)
    can_request = can(request.user, Action.REQUEST_EVIDENCE, assembly)
    library = selectors.evidence_of(assembly)
    add_form = EvidenceForm(request.POST if "add" in request.POST else None)
    request_form = EvidenceRequestForm(request.POST if "ask" in request.POST else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        done = False
        try:
            if "add" in request.POST and add_form.is_valid():
                services.evidence_add(
                    actor=request.user, assembly=assembly, **add_form.cleaned_data
                )
                messages.success(request, _("The evidence was added to the library."))
                done = True
            elif "ask" in request.POST and request_form.is_valid():
                services.evidence_request_add(
                    actor=request.user, assembly=assembly, **request_form.cleaned_data
                )
                messages.success(
                    request, _("Your request is published; the organizers will answer it.")
                )
                done = True
            elif "answer_to" in request.POST:
                # The button names the request; "answer" is the text typed (the two used to
                # share a name, and the request's number replaced the answer).
                found = posted_object(
                    request, EvidenceRequest.objects.filter(assembly=assembly), "answer_to"
                )
                answer_form = EvidenceAnswerForm(request.POST, evidence=library)
                if answer_form.is_valid():
                    services.evidence_request_answer(
                        actor=request.user, request=found, **answer_form.cleaned_data
                    )
                    messages.success(request, _("The answer is published."))
                else:
                    messages.error(
                        request, _("Write the public answer; a declined request needs its reasons.")
                    )
                done = True
        except ValidationError as error:
            form_add_service_errors(add_form if "add" in request.POST else request_form, error)
        if done:
            return redirect("deliberation:evidence", slug=slug)
    return render(
        request,
        "deliberation/evidence.html",
        {
            "assembly": assembly,
            "library": library,
            "requests": selectors.evidence_requests_of(assembly),
            "add_form": add_form,
            "request_form": request_form,
            "answer_form": EvidenceAnswerForm(evidence=library),
            "can_request": can_request,
            **flags,
        },
    )


# Movement practice


def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug)
    flags = _flags(request, assembly)
    reports = BreakoutReport.objects.filter(session__assembly=assembly)
    form = ResolutionForm(
        request.POST if "add" in request.POST else None,
        organizations=Organization.objects.all(),
        reports=reports,
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if "add" in request.POST and form.is_valid():
            try:
                services.resolution_add(actor=request.user, assembly=assembly, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The resolution for action was recorded."))
                return redirect("deliberation:resolutions", slug=slug)
        elif "status_of" in request.POST:
            found = posted_object(
                request, Resolution.objects.filter(assembly=assembly), "status_of"
            )
            status_form = ResolutionStatusForm(request.POST)
            if status_form.is_valid():
                action_run(
                    request,
                    services.resolution_set_status,
                    _("The status was updated."),
                    resolution=found,
                    status=status_form.cleaned_data["status"],
                )
            return redirect("deliberation:resolutions", slug=slug)
    return render(
        request,
        "deliberation/resolutions.html",
        {
            "assembly": assembly,
            "resolutions": selectors.resolutions_of(assembly),
            "reports": reports.select_related("session"),
            "form": form,
            "status_form": ResolutionStatusForm(),
            **flags,
        },
    )


@login_required
def credentials(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug, Action.VIEW_ROOM)
    if request.method == "POST":
        form = CredentialForm(request.POST)
        seat = posted_object(
            request, SeatHolder.objects.filter(category__assembly=assembly), "seat"
        )
        if form.is_valid():
            action_run(
                request,
                services.credential_set,
                _("The credential was recorded."),
                seat=seat,
                **form.cleaned_data,
            )
        else:
            messages.error(request, _("Choose pending, seated or contested."))
        return redirect("deliberation:credentials", slug=slug)
    personal_data_viewed(actor=request.user, assembly=assembly, what="credentials")
    return render(
        request,
        "deliberation/credentials.html",
        {
            "assembly": assembly,
            "lines": selectors.credential_roll(assembly),
            "form": CredentialForm(),
            "can_decide": can(request.user, Action.CREDENTIAL, assembly),
        },
    )
