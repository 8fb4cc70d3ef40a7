"""Movement practice pages: resolutions for action and credentials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.assemblies.services import personal_data_viewed
from assemblea.core.forms import action_run, form_submit
from assemblea.core.params import posted_object
from assemblea.deliberation import selectors, services
from assemblea.deliberation.forms import (
    CredentialForm,
    ResolutionForm,
    ResolutionStatusForm,
)
from assemblea.deliberation.models import (
    BreakoutReport,
    Resolution,
)
from assemblea.deliberation.permissions import DeliberationAction, can
from assemblea.deliberation.views._base import _assembly, _flags


def _resolution_status(request: HttpRequest, assembly: Assembly) -> None:
    found = posted_object(request, Resolution.objects.filter(assembly=assembly), "status_of")
    status_form = ResolutionStatusForm(request.POST)
    if status_form.is_valid():
        action_run(
            request,
            services.resolution_set_status,
            _("The status was updated."),
            resolution=found,
            status=status_form.cleaned_data["status"],
        )


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
            return redirect_to_login(request.get_full_path())
        if "add" in request.POST:
            if form_submit(
                request,
                form,
                lambda data: services.resolution_add(actor=request.user, assembly=assembly, **data),
                _("The resolution for action was recorded."),
            ):
                return redirect("deliberation:resolutions", slug=slug)
        elif "status_of" in request.POST:
            _resolution_status(request, assembly)
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
    assembly = _assembly(request, slug, DeliberationAction.VIEW_ROOM)
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
            "can_decide": can(request.user, DeliberationAction.CREDENTIAL, assembly),
        },
    )
