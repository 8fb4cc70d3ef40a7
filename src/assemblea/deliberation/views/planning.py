"""Pages to plan sessions: the list, room rules, a session's settings, members' values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run, form_add_service_errors, form_submit
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    RoomRulesForm,
    SessionForm,
)
from assemblea.deliberation.permissions import DeliberationAction
from assemblea.deliberation.views._base import _assembly, _flags


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


# The assembly's management tabs above the forms (as on the other management pages).
_MANAGE_NAV = "assemblies/_manage_nav.html"


@login_required
def room_rules(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.PLAN)
    rules = selectors.room_rules_of(assembly.pk)
    initial = {field: getattr(rules, field) for field in RoomRulesForm.base_fields}
    initial["boost_values"] = ", ".join(rules.boost_values)
    initial["table_categories"] = ", ".join(rules.table_categories)
    form = RoomRulesForm(request.POST or None, initial=initial)
    if form_submit(
        request,
        form,
        lambda data: services.room_rules_update(actor=request.user, assembly=assembly, **data),
        _("The room rules were saved."),
    ):
        return redirect("deliberation:sessions", slug=slug)
    return render(
        request,
        "form_page.html",
        {"assembly": assembly, "form": form, "title": _("Room rules"), "nav": _MANAGE_NAV},
    )


@login_required
def session_edit(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    assembly = _assembly(request, slug, DeliberationAction.PLAN)
    session = selectors.session_get(assembly, session_id)
    initial = {field: getattr(session, field) for field in SessionForm.base_fields}
    form = SessionForm(request.POST or None, initial=initial)
    if form_submit(
        request,
        form,
        lambda data: services.session_update(actor=request.user, session=session, **data),
        _("The session was saved."),
    ):
        return redirect("deliberation:chair", slug=slug, session_id=session.pk)
    return render(
        request,
        "form_page.html",
        {"assembly": assembly, "form": form, "title": _("Change the session"), "nav": _MANAGE_NAV},
    )


@login_required
def profiles(request: HttpRequest, slug: str) -> HttpResponse:
    """The values each member shares for balancing tables and speaking time (private)."""
    assembly = _assembly(request, slug, DeliberationAction.PLAN)
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
