"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assemblea.accounts.selectors import organizations_administered_by
from assemblea.assemblies import selectors, services
from assemblea.assemblies.fit import QUESTIONS, recommend
from assemblea.assemblies.forms import (
    AllocationForm,
    AssemblyCreateForm,
    AssemblySettingsForm,
    FitForm,
    MandateFields,
    PhaseForm,
    RoleForm,
    RotateForm,
    SeatCategoryForm,
    SeatEndForm,
    SeatFillForm,
)
from assemblea.assemblies.kinds import KINDS_BY_SLUG, kinds_by_family
from assemblea.assemblies.models import Assembly, Mandate, SeatCategory, SeatHolder, SeatType
from assemblea.assemblies.permissions import can, may_manage, require
from assemblea.assemblies.phases import PHASE_DESCRIPTIONS, AssemblyAction, Phase, next_phases
from assemblea.core.forms import form_add_service_errors
from assemblea.core.multilingual import translation_inputs_add, translation_inputs_take
from assemblea.core.params import posted_object


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "assemblies/guide.html", {"families": kinds_by_family()})


@require_safe
def which_model(request: HttpRequest) -> HttpResponse:
    form = FitForm(request.GET or None)
    ranking = None
    if request.GET and form.is_valid():
        answers = form.answers()
        if answers:
            ranking = recommend(answers)
        else:
            form.add_error(None, _("Answer at least one question to get a recommendation."))
    return render(
        request,
        "assemblies/which_model.html",
        {"form": form, "ranking": ranking, "question_count": len(QUESTIONS)},
    )


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    assemblies = selectors.assemblies_visible_to(request.user)
    return render(request, "assemblies/directory.html", {"assemblies": assemblies})


@login_required
def assembly_create(request: HttpRequest) -> HttpResponse:
    organizations = organizations_administered_by(request.user)
    kind = request.GET.get("kind", "")
    initial: dict[str, Any] = {"languages": ["en"], "use_usual_composition": True}
    if kind in KINDS_BY_SLUG:
        initial["kind"] = kind
    form = AssemblyCreateForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.assembly_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The assembly was created. Check its composition next."))
            return redirect("assemblies:composition", slug=assembly.slug)
    return render(
        request,
        "assemblies/create.html",
        {"form": form, "has_organization": organizations.exists(), "kind": kind},
    )


@require_safe
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    context = {
        "assembly": assembly,
        "kind": assembly.kind_info,
        "composition": selectors.composition(assembly),
        "past_members": selectors.past_public_members(assembly),
        "timeline": selectors.timeline(assembly, limit=40),
        "phases": [(phase, label) for phase, label in Phase.choices if phase != Phase.CLOSED],
        "phase_description": PHASE_DESCRIPTIONS[Phase(assembly.phase)],
        "can_manage": can(request.user, AssemblyAction.MANAGE_ROLES, assembly),
        "role_here": selectors.role_here(request.user, assembly),
    }
    return render(request, "assemblies/public.html", context)


def _manageable(request: HttpRequest, slug: str) -> Assembly:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    if not may_manage(request.user, assembly):
        raise PermissionDenied(_("Only the assembly's organizers can manage it."))
    return assembly


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _manageable(request, slug)
    moves = [
        (phase, Phase(phase).label, services.phase_change_problems(assembly, phase))
        for phase in next_phases(assembly.phase, standing=assembly.is_standing)
    ]
    context = {
        "assembly": assembly,
        "moves": moves,
        "composition": selectors.composition(assembly),
        "problems": services.composition_problems(assembly),
        "timeline": selectors.timeline(assembly, include_private=True),
        "phase_description": PHASE_DESCRIPTIONS[Phase(assembly.phase)],
        "can_publish": can(request.user, AssemblyAction.PUBLISH, assembly),
    }
    return render(request, "assemblies/manage.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the assembly, or make it private again: an explicit act, on the record."""
    assembly = _manageable(request, slug)
    make_public = request.POST.get("publish") == "1"
    try:
        if make_public:
            services.assembly_publish(actor=request.user, assembly=assembly)
        else:
            services.assembly_unpublish(actor=request.user, assembly=assembly)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The assembly is public.") if make_public else _("The assembly is private again."),
        )
    return redirect("assemblies:manage", slug=slug)


@login_required
@require_POST
def change_phase(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _manageable(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid() and _needs_confirmation(request, form.cleaned_data["to_phase"]):
        return _close_confirm(request, assembly, form)
    if form.is_valid():
        try:
            services.assembly_change_phase(
                actor=request.user, assembly=assembly, to_phase=form.cleaned_data["to_phase"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The assembly is now in the phase “%(phase)s”.")
                % {"phase": Phase(assembly.phase).label},
            )
    return redirect("assemblies:manage", slug=slug)


def _needs_confirmation(request: HttpRequest, to_phase: str) -> bool:
    """Closing ends the assembly for good: it asks once more (no JavaScript needed)."""
    return to_phase == Phase.CLOSED and request.POST.get("confirm") != "1"


def _close_confirm(request: HttpRequest, assembly: Assembly, form: PhaseForm) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "title": _("Close %(assembly)s?") % {"assembly": assembly.title},
            "assembly": assembly,
            "form": form,
            "intro": _(
                "Closing ends the assembly: no more sessions, votes, registrations or "
                "changes, in any app. Its record stays public. This cannot be undone: "
                "a closed assembly cannot be reopened."
            ),
            "submit": _("Yes, close the assembly"),
            "submit_name": "confirm",
            "back_label": _("No, go back"),
            "back_url": reverse("assemblies:manage", args=[assembly.slug]),
        },
    )


@login_required
def edit_settings(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _manageable(request, slug)
    initial = {field: getattr(assembly, field) for field in AssemblySettingsForm.base_fields}
    form = AssemblySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_update(actor=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("assemblies:manage", slug=slug)
    return render(
        request,
        "form_page.html",
        {
            "assembly": assembly,
            "nav": "assemblies/_manage_nav.html",
            "form": form,
            "title": _("Settings"),
        },
    )


@login_required
def edit_mandate(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _manageable(request, slug)
    mandate = assembly.mandate
    initial = {field: getattr(mandate, field) for field in MandateFields.base_fields}
    form = MandateFields(request.POST or None, initial=initial)
    translation_inputs_add(form, assembly=assembly, fields=Mandate.TRANSLATED_FIELDS, obj=mandate)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        translations = translation_inputs_take(data)
        try:
            services.mandate_update(
                actor=request.user, assembly=assembly, translations=translations, **data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The mandate was saved."))
            return redirect("assemblies:manage", slug=slug)
    return render(
        request,
        "form_page.html",
        {
            "assembly": assembly,
            "nav": "assemblies/_manage_nav.html",
            "form": form,
            "title": _("Mandate"),
        },
    )


@login_required
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _manageable(request, slug)
    form = SeatCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_category_save(actor=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The seat category was added."))
            return redirect("assemblies:composition", slug=slug)
    return render(
        request,
        "assemblies/composition.html",
        {
            "assembly": assembly,
            "form": form,
            "composition": selectors.composition(assembly),
            "problems": services.composition_problems(assembly),
            "can_edit": can(request.user, AssemblyAction.EDIT_COMPOSITION, assembly),
        },
    )


@login_required
def category_edit(request: HttpRequest, slug: str, category_id: int) -> HttpResponse:
    assembly = _manageable(request, slug)
    category = get_object_or_404(SeatCategory, pk=category_id, assembly=assembly)
    initial = {field: getattr(category, field) for field in SeatCategoryForm.base_fields}
    form = SeatCategoryForm(
        request.POST if "save_category" in request.POST else None, initial=initial
    )
    translation_inputs_add(
        form, assembly=assembly, fields=SeatCategory.TRANSLATED_FIELDS, obj=category
    )
    allocation_form = AllocationForm(request.POST if "save_allocation" in request.POST else None)
    if request.method == "POST":
        try:
            if "delete_category" in request.POST:
                services.seat_category_delete(actor=request.user, category=category)
                messages.success(request, _("The seat category was removed."))
                return redirect("assemblies:composition", slug=slug)
            if "save_category" in request.POST and form.is_valid():
                data = dict(form.cleaned_data)
                translations = translation_inputs_take(data)
                services.seat_category_save(
                    actor=request.user,
                    assembly=assembly,
                    category=category,
                    translations=translations,
                    **data,
                )
                messages.success(request, _("The seat category was saved."))
                return redirect("assemblies:composition", slug=slug)
            if "save_allocation" in request.POST and allocation_form.is_valid():
                services.delegate_allocation_set(
                    actor=request.user, category=category, **allocation_form.cleaned_data
                )
                messages.success(request, _("The allocation was saved."))
                return redirect("assemblies:category", slug=slug, category_id=category.pk)
        except ValidationError as error:
            target = allocation_form if "save_allocation" in request.POST else form
            if not target.is_bound:
                for message in error.messages:
                    messages.error(request, message)
            else:
                form_add_service_errors(target, error)
    return render(
        request,
        "assemblies/category.html",
        {
            "assembly": assembly,
            "category": category,
            "form": form,
            "allocation_form": allocation_form,
            "is_delegate": category.seat_type == SeatType.DELEGATE,
            "allocations": category.allocations.select_related("organization"),
        },
    )


# Pages with several buttons: each button's handler returns its success message, or None to
# show the page again (an invalid form); a service's refusal lands on that button's form.
Buttons = dict[str, Callable[[HttpRequest, Assembly, dict[str, Any]], str | None]]


def _button_run(
    request: HttpRequest, buttons: Buttons, assembly: Assembly, forms: dict[str, Any]
) -> str | None:
    if request.method != "POST":
        return None
    button = next((name for name in buttons if name in request.POST), None)
    if button is None:
        return None
    try:
        return buttons[button](request, assembly, forms)
    except ValidationError as error:
        form_add_service_errors(forms[button], error)
        return None


def _user_named(username: str, message: Any, code: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(
            {"username": ValidationError(message, code=code, params={"name": username})}
        )
    return user


def _seat_fill(request: HttpRequest, assembly: Assembly, forms: dict[str, Any]) -> str | None:
    form = forms["fill_seat"]
    if not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    username = data.pop("username")
    user = (
        _user_named(username, _("Nobody has the username “%(name)s”."), "nobody_username")
        if username
        else None
    )
    services.seat_fill(actor=request.user, user=user, **data)
    return _("The seat was filled.")


def _cohort_rotate(request: HttpRequest, assembly: Assembly, forms: dict[str, Any]) -> str | None:
    form = forms["rotate"]
    if not form.is_valid():
        return None
    count = services.assembly_rotate_cohort(
        actor=request.user, assembly=assembly, cohort=form.cleaned_data["cohort"]
    )
    return _("%(count)s members completed their term.") % {"count": count}


_MEMBERS_BUTTONS: Buttons = {"fill_seat": _seat_fill, "rotate": _cohort_rotate}


def _role_grant(request: HttpRequest, assembly: Assembly, forms: dict[str, Any]) -> str | None:
    form = forms["grant"]
    if not form.is_valid():
        return None
    user = _user_named(
        form.cleaned_data["username"],
        _("Nobody has the username “%(name)s”. Ask them to sign up first."),
        "nobody_username_ask_them",
    )
    services.assembly_role_grant(
        actor=request.user, assembly=assembly, user=user, role=form.cleaned_data["role"]
    )
    return _("The role was given.")


def _role_revoke(request: HttpRequest, assembly: Assembly, forms: dict[str, Any]) -> str | None:
    role = posted_object(request, assembly.roles.all(), "revoke")
    services.assembly_role_revoke(actor=request.user, role=role)
    return _("The role was removed.")


_ROLES_BUTTONS: Buttons = {"grant": _role_grant, "revoke": _role_revoke}


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    if not can(request.user, AssemblyAction.VIEW_MEMBERS_PRIVATE, assembly):
        raise PermissionDenied(_("Only people with a role in this assembly can see this page."))
    categories = assembly.categories.all()
    form = SeatFillForm(
        request.POST if "fill_seat" in request.POST else None, categories=categories
    )
    rotate_form = RotateForm(request.POST if "rotate" in request.POST else None)
    done = _button_run(
        request, _MEMBERS_BUTTONS, assembly, {"fill_seat": form, "rotate": rotate_form}
    )
    if done is not None:
        messages.success(request, done)
        return redirect("assemblies:members", slug=slug)
    services.personal_data_viewed(actor=request.user, assembly=assembly, what="members")
    return render(
        request,
        "assemblies/members.html",
        {
            "assembly": assembly,
            "form": form,
            "rotate_form": rotate_form,
            "active": selectors.seat_holders(assembly, active=True),
            "without_account": selectors.seat_holders(assembly, active=True)
            .filter(user__isnull=True, is_alternate=False)
            .count(),
            "invitable": selectors.invitable_seats(request.user, assembly),
            "past": selectors.seat_holders(assembly, active=False),
            "can_seat": can(request.user, AssemblyAction.SEAT_MEMBERS, assembly)
            or can(request.user, AssemblyAction.NAME_DELEGATES, assembly, organization_id=None)
            or bool(
                organizations_administered_by(request.user)
                .filter(delegate_allocations__category__assembly=assembly)
                .exists()
            ),
            "can_rotate": assembly.is_standing
            and can(request.user, AssemblyAction.ROTATE, assembly),
        },
    )


@login_required
def seat_end(request: HttpRequest, slug: str, holder_id: int) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    if not can(request.user, AssemblyAction.VIEW_MEMBERS_PRIVATE, assembly):
        raise PermissionDenied(_("Only people with a role in this assembly can see this page."))
    holder = get_object_or_404(SeatHolder, pk=holder_id, category__assembly=assembly)
    form = SeatEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_end(actor=request.user, holder=holder, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The seat ended. Their history is kept."))
            return redirect("assemblies:members", slug=slug)
    return render(
        request,
        "form_page.html",
        {
            "assembly": assembly,
            "nav": "assemblies/_manage_nav.html",
            "form": form,
            "title": _("End the seat of %(name)s") % {"name": holder.name},
        },
    )


@login_required
def roles(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    require(request.user, AssemblyAction.MANAGE_ROLES, assembly)
    form = RoleForm(request.POST if "grant" in request.POST else None)
    done = _button_run(request, _ROLES_BUTTONS, assembly, {"grant": form, "revoke": form})
    if done is not None:
        messages.success(request, done)
        return redirect("assemblies:roles", slug=slug)
    services.personal_data_viewed(actor=request.user, assembly=assembly, what="roles")
    return render(
        request,
        "assemblies/roles.html",
        {
            "assembly": assembly,
            "form": form,
            "roles": assembly.roles.select_related("user").order_by("role", "user__username"),
        },
    )
