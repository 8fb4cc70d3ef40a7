"""Selection runs, the public draw, the panel and the lottery's public record."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import form_add_service_errors
from assemblea.core.params import posted_object
from assemblea.recruitment import selectors, services
from assemblea.recruitment.forms import (
    SeatForm,
    SeedForm,
)
from assemblea.recruitment.models import (
    Recruitment,
    SelectionRun,
)
from assemblea.recruitment.publication import public_report
from assemblea.recruitment.views._common import _recruitment, _url_id

# Without JavaScript, the page reloads itself this often while a run goes on, once the
# organizer asks for it (a page that reloads by itself unasked fails WCAG 2.2.1).
NO_SCRIPT_REFRESH_SECONDS = 10


@login_required
def selection(request: HttpRequest, slug: str) -> HttpResponse:
    """The runs and the public draw. While a run goes on, its progress region updates by
    htmx polling (`?part=progress`); without JavaScript, by reloading on request."""
    assembly, recruitment = _recruitment(request, slug)
    runs = selectors.runs(recruitment)
    latest = runs[0] if runs else None
    progress = selectors.run_progress(latest) if latest is not None else None
    updates = request.GET.get("updates", "")
    if updates not in ("auto", "off"):
        updates = ""
    context = {
        "assembly": assembly,
        "recruitment": recruitment,
        "runs": runs,
        "run": latest,
        "progress": progress,
        "updates": updates,
        "polling": progress is not None and progress.active and updates != "off",
        "refresh_seconds": NO_SCRIPT_REFRESH_SECONDS,
        "stall_minutes": int(selectors.STALL_AFTER.total_seconds() // 60),
        "drawn": any(r.kind == "selection" and r.status == "drawn" for r in runs),
        "seed_form": SeedForm(),
        "histogram": selectors.probability_histogram(latest.report)
        if latest is not None and latest.report
        else [],
        "chance_warnings": selectors.selection_warnings(latest.report if latest else None),
    }
    if request.GET.get("part") == "progress":
        response = render(request, "recruitment/_run_progress.html", {**context, "oob": True})
        if progress is None or not progress.active:
            # The run ended (or stalled): htmx reloads the whole page to show the result.
            response["HX-Refresh"] = "true"
        return response
    response = render(request, "recruitment/selection.html", context)
    if updates == "auto" and progress is not None and progress.active:
        response["Refresh"] = str(NO_SCRIPT_REFRESH_SECONDS)
    return response


def _start(request: HttpRequest, recruitment: Recruitment, run: SelectionRun | None) -> str:
    services.selection_start(actor=request.user, recruitment=recruitment)
    return _("The selection has started.")


def _draw(request: HttpRequest, recruitment: Recruitment, run: SelectionRun | None) -> str:
    assert run is not None
    form = SeedForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give the seed announced in public."), code="seed_missing")
    selected = services.selection_draw(actor=request.user, run=run, seed=form.cleaned_data["seed"])
    return _("The panel was drawn: %(count)s people were selected.") % {"count": len(selected)}


def _retry(request: HttpRequest, recruitment: Recruitment, run: SelectionRun | None) -> str:
    assert run is not None
    services.selection_retry(actor=request.user, run=run)
    return _("The selection was started again.")


def _cancel(request: HttpRequest, recruitment: Recruitment, run: SelectionRun | None) -> str:
    assert run is not None
    services.selection_cancel(actor=request.user, run=run)
    return _("The run was cancelled. Nothing was drawn; you can start again at once.")


def _relax(request: HttpRequest, recruitment: Recruitment, run: SelectionRun | None) -> str:
    assert run is not None
    services.selection_restart_relaxed(actor=request.user, run=run)
    return _("The quotas were relaxed and the selection started again.")


# The selection page's buttons (`action` → what it does, and whether it needs a posted run).
SELECTION_ACTIONS: dict[
    str, tuple[Callable[[HttpRequest, Recruitment, SelectionRun | None], str], bool]
] = {
    "start": (_start, False),
    "draw": (_draw, True),
    "retry": (_retry, True),
    "cancel": (_cancel, True),
    "relax": (_relax, True),
}


@login_required
@require_POST
def selection_action(request: HttpRequest, slug: str) -> HttpResponse:
    _assembly, recruitment = _recruitment(request, slug)
    handler, needs_run = SELECTION_ACTIONS.get(request.POST.get("action", ""), (None, False))
    run = None
    if "run" in request.POST or needs_run:
        run = posted_object(request, SelectionRun.objects.filter(recruitment=recruitment), "run")
    if handler is None:
        messages.error(request, _("Unknown action."))
        return redirect("recruitment:selection", slug=slug)
    try:
        messages.success(request, handler(request, recruitment, run))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("recruitment:selection", slug=slug)
    if handler is _draw:
        return redirect("recruitment:panel", slug=slug)
    return redirect("recruitment:selection", slug=slug)


@dataclass
class _PanelPage:
    """What the panel's buttons work on: the request, the recruitment and the page's forms."""

    request: HttpRequest
    slug: str
    recruitment: Recruitment
    replacement: SelectionRun | None
    seed_form: SeedForm
    seat_form: SeatForm


def _panel_respond(page: _PanelPage) -> HttpResponse | None:
    request = page.request
    services.registration_respond(
        actor=request.user,
        registration=posted_object(request, page.recruitment.registrations.all(), "registration"),
        accepted=request.POST.get("respond") == "yes",
    )
    return redirect("recruitment:panel", slug=page.slug)


def _panel_confirm_many(page: _PanelPage) -> HttpResponse | None:
    request = page.request
    ids = [int(v) for v in request.POST.getlist("confirm_ids") if v.isdigit()]
    count = services.registrations_confirm(
        actor=request.user,
        recruitment=page.recruitment,
        registrations=list(page.recruitment.registrations.filter(pk__in=ids)),
    )
    messages.success(
        request,
        ngettext("%(count)s person confirmed.", "%(count)s people confirmed.", count)
        % {"count": count},
    )
    return redirect("recruitment:panel", slug=page.slug)


def _panel_replace(page: _PanelPage) -> HttpResponse | None:
    services.replacement_start(actor=page.request.user, recruitment=page.recruitment)
    messages.success(
        page.request,
        _(
            "The replacement lottery is being computed. When it is published, "
            "announce the seed in public and enter it here."
        ),
    )
    return redirect("recruitment:panel", slug=page.slug)


def _panel_replace_draw(page: _PanelPage) -> HttpResponse | None:
    if not page.seed_form.is_valid():
        return None
    if page.replacement is None:
        raise ValidationError(
            _("No replacement lottery is published yet: compute it first."),
            code="no_replacement_lottery",
        )
    drawn = services.selection_draw(
        actor=page.request.user, run=page.replacement, seed=page.seed_form.cleaned_data["seed"]
    )
    messages.success(
        page.request,
        ngettext(
            "A replacement was drawn: %(count)s person was selected.",
            "Replacements were drawn: %(count)s people were selected.",
            len(drawn),
        )
        % {"count": len(drawn)},
    )
    return redirect("recruitment:panel", slug=page.slug)


def _panel_reissue(page: _PanelPage) -> HttpResponse | None:
    link = services.seat_claim_reissue(
        actor=page.request.user,
        registration=posted_object(page.request, page.recruitment.registrations.all(), "reissue"),
    )
    messages.success(
        page.request,
        _(
            "A new link to claim the seat was sent; the old one no longer works. "
            "If they have no e-mail, give them this link yourself: %(link)s"
        )
        % {"link": link},
    )
    return redirect("recruitment:panel", slug=page.slug)


def _panel_seat(page: _PanelPage) -> HttpResponse | None:
    if not page.seat_form.is_valid():
        return None
    count = services.recruitment_seat(
        actor=page.request.user,
        recruitment=page.recruitment,
        stipend_per_day=page.seat_form.cleaned_data["stipend_per_day"],
    )
    messages.success(
        page.request,
        _(
            "%(count)s members took their seats. Each was sent a one-time link to "
            "claim it with their account."
        )
        % {"count": count},
    )
    return redirect("assemblies:members", slug=page.slug)


# The panel page's buttons (the posted name → what it does), in the order they are looked for.
PANEL_BUTTONS: dict[str, Callable[[_PanelPage], HttpResponse | None]] = {
    "respond": _panel_respond,
    "confirm_many": _panel_confirm_many,
    "replace": _panel_replace,
    "replace_draw": _panel_replace_draw,
    "reissue": _panel_reissue,
    "seat": _panel_seat,
}


def _panel_post(page: _PanelPage) -> HttpResponse | None:
    """Run the button that was pressed; a refusal goes onto its form, or into a message."""
    button = next((name for name in PANEL_BUTTONS if name in page.request.POST), None)
    if button is None:
        return None
    try:
        return PANEL_BUTTONS[button](page)
    except ValidationError as error:
        target = page.seed_form if button == "replace_draw" else page.seat_form
        if target.is_bound:
            form_add_service_errors(target, error)
        else:
            for message in error.messages:
                messages.error(page.request, message)
    return None


@login_required
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirmations, replacements (lottery first, then the seed), seating and claim links."""
    assembly, recruitment = _recruitment(request, slug)
    page = _PanelPage(
        request=request,
        slug=slug,
        recruitment=recruitment,
        replacement=selectors.replacement_awaiting_draw(recruitment),
        seed_form=SeedForm(request.POST if "replace_draw" in request.POST else None),
        seat_form=SeatForm(request.POST if "seat" in request.POST else None),
    )
    if request.method == "POST":
        response = _panel_post(page)
        if response is not None:
            return response
    services.personal_data_access_record(
        actor=request.user,
        recruitment=recruitment,
        exported=False,
        what="selected people's names, e-mail addresses, phones and support needs",
    )
    return render(
        request,
        "recruitment/panel.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "registrations": selectors.panel_registrations(recruitment),
            "dropouts": services.pending_dropouts(recruitment),
            "replacement": page.replacement,
            "replacement_running": selectors.replacement_running(recruitment),
            "seed_form": page.seed_form,
            "seat_form": page.seat_form,
        },
    )


def lottery(request: HttpRequest, slug: str) -> HttpResponse:
    """The public record of the lottery: method, quotas, seed, report, how to verify."""
    assembly = assembly_get(user=request.user, slug=slug)
    recruitment = selectors.current_recruitment(assembly)
    if recruitment is None:
        raise Http404(_("This assembly has no lottery."))
    runs = selectors.public_runs(recruitment)
    return render(
        request,
        "recruitment/lottery.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "runs": [(run, public_report(run.report)) for run in runs],
            "registration_link": selectors.public_registration_link(assembly),
            "funnel": selectors.recruitment_funnel(recruitment),
            "histogram": selectors.probability_histogram(runs[0].report)
            if runs and runs[0].report
            else [],
        },
    )


def lottery_file(request: HttpRequest, slug: str, run_id: int, name: str) -> HttpResponse:
    assembly = assembly_get(user=request.user, slug=slug)
    run_id = _url_id(run_id)
    run = get_object_or_404(
        SelectionRun, pk=run_id, recruitment__assembly=assembly, status__in=["ready", "drawn"]
    )
    # Not people.csv (per-person answers): see recruitment/publication.py for why.
    if name == "report.json":
        body = json.dumps(public_report(run.report), ensure_ascii=False, indent=1)
        kind = "application/json"
    elif name == "features.csv":
        body, kind = run.features_csv, "text/csv"
    else:
        raise Http404(name)
    response = HttpResponse(body, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def audit_file(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The anonymous inputs of a run (pseudonymous id and answers per person), for the
    organizers to hand to an independent auditor; never published (publication.py)."""
    _assembly, recruitment = _recruitment(request, slug)
    run = get_object_or_404(SelectionRun, pk=_url_id(run_id), recruitment=recruitment)
    services.personal_data_access_record(
        actor=request.user,
        recruitment=recruitment,
        exported=True,
        what=f"anonymous lottery inputs of run {run.pk} (people.csv), for an audit",
    )
    response = HttpResponse(run.people_csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response
