"""Thin views for the civic lottery: parse, call one service or selector, render."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from assemblea.assemblies.models import Assembly, SeatType
from assemblea.assemblies.selectors import assembly_get
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.core.params import posted_object
from assemblea.recruitment import exports, selectors, services
from assemblea.recruitment.forms import (
    AddressImportForm,
    InvitationDrawForm,
    NoticeTemplateForm,
    RecruitmentStartForm,
    RegistrationForm,
    RegistrationPageForm,
    RegistrationSettingsForm,
    SeatForm,
    SeedForm,
    SharesForm,
    SupportForm,
)
from assemblea.recruitment.invitations import ColumnMapping
from assemblea.recruitment.models import (
    Channel,
    NoticeKind,
    Recruitment,
    Registration,
    RegistrationPage,
    SelectionRun,
    SupportArrangement,
)
from assemblea.recruitment.notices import notice_text
from assemblea.recruitment.permissions import can_manage, registration_closed_reason
from assemblea.recruitment.publication import public_report
from assemblea.recruitment.targets import (
    CensusError,
    propose_bounds,
    read_census,
    read_pairs,
    read_shares_text,
)
from assemblea.recruitment.uploads import upload_text


def _managed(request: HttpRequest, slug: str) -> tuple[Assembly, Recruitment | None]:
    assembly = assembly_get(user=request.user, slug=slug)
    if not can_manage(request.user, assembly):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the assembly's organizers run its recruitment."))
    return assembly, selectors.current_recruitment(assembly)


def _recruitment(request: HttpRequest, slug: str) -> tuple[Assembly, Recruitment]:
    assembly, recruitment = _managed(request, slug)
    if recruitment is None:
        raise Http404(_("This assembly has no recruitment yet."))
    return assembly, recruitment


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _managed(request, slug)
    if recruitment is None:
        return redirect("recruitment:start", slug=slug)
    if request.method == "POST":
        try:
            if "walk_in" in request.POST:
                services.walk_in_set(
                    actor=request.user,
                    recruitment=recruitment,
                    open=request.POST["walk_in"] == "open",
                )
                messages.success(
                    request,
                    _("Registration without a letter is open.")
                    if recruitment.walk_in_open
                    else _("Registration without a letter is closed."),
                )
            elif "keep" in request.POST:
                kept = services.registration_duplicate_keep(
                    actor=request.user,
                    registration=posted_object(request, recruitment.registrations.all(), "keep"),
                )
                messages.success(
                    request,
                    _("%(id)s stays in the pool; its duplicates stay out.")
                    % {"id": kept.public_id},
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("recruitment:overview", slug=slug)
    duplicates = services.duplicate_groups(recruitment)
    if duplicates:
        services.personal_data_access_record(
            actor=request.user,
            recruitment=recruitment,
            exported=False,
            what="duplicate registrations",
        )
    context: dict[str, Any] = {
        "assembly": assembly,
        "recruitment": recruitment,
        "pool": selectors.pool_against_targets(recruitment),
        "per_day": selectors.registrations_per_day(recruitment),
        "households": recruitment.households.count(),
        "invitations": sum(d.size for d in recruitment.invitation_draws.all()),
        "registrations": recruitment.registrations.count(),
        "without_invitation": recruitment.registrations.filter(without_invitation=True).count(),
        "duplicates": duplicates,
        "runs": selectors.runs(recruitment),
        "closed_reason": registration_closed_reason(recruitment),
    }
    return render(request, "recruitment/overview.html", context)


@login_required
def start(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, _current = _managed(request, slug)
    categories = assembly.categories.filter(seat_type=SeatType.LOTTERY)
    form = RecruitmentStartForm(
        request.POST or None,
        categories=categories,
        initial={
            "privacy_notice": _(
                "We use your answers only to run a fair lottery for this assembly and to contact "
                "you about it. Only the assembly's organizers see your name and contact details. "
                "The lottery uses your answers without your name. We delete your personal data "
                "after the retention period, and you can ask us at any time to see or delete it."
            )
        },
    )
    if form_submit(
        request,
        form,
        lambda data: services.recruitment_start(actor=request.user, assembly=assembly, **data),
        _("Recruitment started. Set the lottery's targets next."),
    ):
        return redirect("recruitment:targets", slug=slug)
    return render(
        request,
        "recruitment/form_page.html",
        {
            "assembly": assembly,
            "form": form,
            "title": _("Start recruitment by lottery"),
            "submit": _("Start recruitment"),
        },
    )


def _proposal_rows(
    shares: dict[str, dict[str, float]],
    seats: int,
    floor: int,
    oversample: list[str],
    caps: dict[str, float],
) -> list[dict[str, Any]]:
    rows = []
    for category, values in shares.items():
        bounds = propose_bounds(
            values,
            seats,
            floor=floor,
            oversample=oversample,
            caps={k: int(v) for k, v in caps.items()},
        )
        rows.append(
            {
                "name": category,
                "question": category,
                "values": [
                    {
                        "value": value,
                        "share": share,
                        "min": bounds[value].min,
                        "max": bounds[value].max,
                    }
                    for value, share in values.items()
                ],
            }
        )
    return rows


def _posted_rows(data: Any) -> list[dict[str, Any]]:
    rows = []
    c = 0
    while f"c{c}_name" in data:
        values = []
        v = 0
        while f"c{c}_v{v}_value" in data:
            prefix = f"c{c}_v{v}_"
            values.append(
                {
                    "value": data[prefix + "value"],
                    "share": data.get(prefix + "share", "0"),
                    "min": data.get(prefix + "min", ""),
                    "max": data.get(prefix + "max", ""),
                }
            )
            v += 1
        rows.append(
            {
                "name": data[f"c{c}_name"],
                "question": data.get(f"c{c}_question", ""),
                "values": values,
            }
        )
        c += 1
    return rows


def _specs(rows: list[dict[str, Any]]) -> list[services.CategorySpec]:
    try:
        return [
            services.CategorySpec(
                name=row["name"],
                question=row["question"],
                values=[
                    services.ValueSpec(v["value"], float(v["share"]), int(v["min"]), int(v["max"]))
                    for v in row["values"]
                ],
            )
            for row in rows
        ]
    except (TypeError, ValueError):
        raise ValidationError(_("Every minimum and maximum must be a whole number.")) from None


@login_required
def targets(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    form = SharesForm(request.POST or None, request.FILES or None)
    proposal: list[dict[str, Any]] | None = None
    errors: list[str] = []
    if request.method == "POST" and "save" in request.POST:
        proposal = _posted_rows(request.POST)
        try:
            services.targets_set(
                actor=request.user, recruitment=recruitment, categories=_specs(proposal)
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The targets were saved."))
            return redirect("recruitment:overview", slug=slug)
        form = SharesForm()
    elif request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["census"]
            if upload:
                shares = read_census(upload_text(upload))
            elif form.cleaned_data["shares"].strip():
                shares = read_shares_text(form.cleaned_data["shares"])
            else:
                raise CensusError(_("Type the population shares or upload a census file."))
            caps = read_pairs(form.cleaned_data["caps"], what=_("caps"))
            oversample = [
                v.strip() for v in form.cleaned_data["oversample"].split(",") if v.strip()
            ]
            proposal = _proposal_rows(
                shares, recruitment.seats, form.cleaned_data["floor"], oversample, caps
            )
        except CensusError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_errors(form, error)
    current = list(recruitment.target_categories.prefetch_related("values"))
    return render(
        request,
        "recruitment/targets.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "proposal": proposal,
            "errors": errors,
            "current": current,
        },
    )


@login_required
def addresses(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    form = AddressImportForm(request.POST or None, request.FILES or None)
    skipped: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.addresses_import(
                actor=request.user,
                recruitment=recruitment,
                text=upload_text(form.cleaned_data["addresses"]),
                import_the_rest=form.cleaned_data["import_the_rest"],
                mapping=ColumnMapping.parse(
                    form.cleaned_data["address_columns"],
                    form.cleaned_data["area_column"],
                    form.cleaned_data["language_column"],
                ),
            )
        except services.SkippedRows as error:
            skipped = error.result.skipped
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(count)s addresses were imported.") % {"count": len(result.rows)}
            )
            return redirect("recruitment:invitations", slug=slug)
    return render(
        request,
        "recruitment/addresses.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "skipped": skipped,
            "households": recruitment.households.count(),
        },
    )


@login_required
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    available = recruitment.households.filter(invitation__isnull=True).count()
    form = InvitationDrawForm(
        request.POST or None,
        initial={"size": min(available, 250 * recruitment.seats)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            weights = read_pairs(form.cleaned_data["area_weights"], what=_("area weights"))
            draw = services.invitations_draw(
                actor=request.user,
                recruitment=recruitment,
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
                area_weights=weights,
            )
        except CensusError as error:
            form.add_error("area_weights", str(error))
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(size)s invitations were drawn.") % {"size": draw.size})
            return redirect("recruitment:invitations", slug=slug)
    return render(
        request,
        "recruitment/invitations.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "available": available,
            "draws": recruitment.invitation_draws.order_by("created_at"),
        },
    )


@login_required
def mail_merge(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    services.personal_data_access_record(
        actor=request.user, recruitment=recruitment, exported=True, what="address list (CSV)"
    )
    base = request.build_absolute_uri(f"/register/{assembly.slug}/")
    response = HttpResponse(
        exports.invitations_csv(recruitment, base), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-invitations.csv"'
    return response


@login_required
def letters(request: HttpRequest, slug: str) -> HttpResponse:
    from assemblea.recruitment.letters import invitation_letters_pdf

    assembly, recruitment = _recruitment(request, slug)
    services.personal_data_access_record(
        actor=request.user,
        recruitment=recruitment,
        exported=True,
        what="invitation letters with addresses (PDF)",
    )
    base = request.build_absolute_uri(f"/register/{assembly.slug}/")
    pdf = invitation_letters_pdf(recruitment, base)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-letters.pdf"'
    return response


@sensitive_post_parameters("name", "email", "phone", "address", "availability", "support_notes")
@login_required
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    form = RegistrationForm(
        request.POST or None, recruitment=recruitment, initial={"language": "en"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            channel = request.POST.get("channel", Channel.PAPER)
            services.registration_submit(
                recruitment=recruitment,
                answers=form.answers(),
                actor=request.user,
                channel=channel if channel in Channel.values else Channel.PAPER,
                **form.contact(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The registration was entered."))
            return redirect("recruitment:registrations", slug=slug)
    services.personal_data_access_record(
        actor=request.user, recruitment=recruitment, exported=False, what="registrations list"
    )
    return render(
        request,
        "recruitment/registrations.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "registrations": recruitment.registrations.select_related("contact"),
            "categories": list(recruitment.target_categories.values_list("name", flat=True)),
        },
    )


@login_required
def registrations_export(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _recruitment(request, slug)
    services.personal_data_access_record(
        actor=request.user, recruitment=recruitment, exported=True, what="registrations (CSV)"
    )
    response = HttpResponse(
        exports.registrations_csv(recruitment), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-registrations.csv"'
    return response


@login_required
def person(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """One registrant's data: export on request, or delete it."""
    _assembly, recruitment = _recruitment(request, slug)
    registration = get_object_or_404(Registration, recruitment=recruitment, public_id=public_id)
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.personal_data_delete(
                actor=request.user, recruitment=recruitment, registration=registration
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Their personal data was deleted; the anonymous "
                    "answers stay for the published lottery."
                ),
            )
        return redirect("recruitment:registrations", slug=slug)
    services.personal_data_access_record(
        actor=request.user,
        recruitment=recruitment,
        exported=True,
        what=f"one registrant's data ({registration.public_id})",
    )
    contact = getattr(registration, "contact", None)
    data = {
        "id": registration.public_id,
        "status": registration.status,
        "answers": registration.answers,
        "registered": registration.created_at.isoformat(),
        "contact": None
        if contact is None
        else {
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
            "address": contact.address,
            "language": contact.language,
            "availability": contact.availability,
            "support_needs": contact.support_needs,
            "interpretation_language": contact.interpretation_language,
            "support_notes": contact.support_notes,
            "consents_to_be_named": contact.consents_to_be_named,
        },
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{public_id}.json"'
    return response


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


@login_required
@require_POST
def selection_action(request: HttpRequest, slug: str) -> HttpResponse:
    _assembly, recruitment = _recruitment(request, slug)
    action = request.POST.get("action")
    run = None
    if "run" in request.POST:
        run = posted_object(request, SelectionRun.objects.filter(recruitment=recruitment), "run")
    try:
        if action == "start":
            services.selection_start(actor=request.user, recruitment=recruitment)
            messages.success(request, _("The selection has started."))
        elif action == "draw" and run is not None:
            form = SeedForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the seed announced in public."))
            selected = services.selection_draw(
                actor=request.user, run=run, seed=form.cleaned_data["seed"]
            )
            messages.success(
                request,
                _("The panel was drawn: %(count)s people were selected.")
                % {"count": len(selected)},
            )
            return redirect("recruitment:panel", slug=slug)
        elif action == "retry" and run is not None:
            services.selection_retry(actor=request.user, run=run)
            messages.success(request, _("The selection was started again."))
        elif action == "cancel" and run is not None:
            services.selection_cancel(actor=request.user, run=run)
            messages.success(
                request,
                _("The run was cancelled. Nothing was drawn; you can start again at once."),
            )
        elif action == "relax" and run is not None:
            services.relaxation_accept(actor=request.user, run=run)
            services.selection_start(actor=request.user, recruitment=recruitment)
            messages.success(request, _("The quotas were relaxed and the selection started again."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("recruitment:selection", slug=slug)


@login_required
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirmations, replacements (lottery first, then the seed), seating and claim links."""
    assembly, recruitment = _recruitment(request, slug)
    replacement = selectors.replacement_awaiting_draw(recruitment)
    seed_form = SeedForm(request.POST if "replace_draw" in request.POST else None)
    seat_form = SeatForm(request.POST if "seat" in request.POST else None)
    registrations = recruitment.registrations.all()
    if request.method == "POST":
        try:
            if "respond" in request.POST:
                services.registration_respond(
                    actor=request.user,
                    registration=posted_object(request, registrations, "registration"),
                    accepted=request.POST["respond"] == "yes",
                )
                return redirect("recruitment:panel", slug=slug)
            if "replace" in request.POST:
                services.replacement_start(actor=request.user, recruitment=recruitment)
                messages.success(
                    request,
                    _(
                        "The replacement lottery is being computed. When it is published, "
                        "announce the seed in public and enter it here."
                    ),
                )
                return redirect("recruitment:panel", slug=slug)
            if "replace_draw" in request.POST and seed_form.is_valid():
                if replacement is None:
                    raise ValidationError(
                        _("No replacement lottery is published yet: compute it first.")
                    )
                drawn = services.selection_draw(
                    actor=request.user, run=replacement, seed=seed_form.cleaned_data["seed"]
                )
                messages.success(
                    request,
                    ngettext(
                        "A replacement was drawn: %(count)s person was selected.",
                        "Replacements were drawn: %(count)s people were selected.",
                        len(drawn),
                    )
                    % {"count": len(drawn)},
                )
                return redirect("recruitment:panel", slug=slug)
            if "reissue" in request.POST:
                link = services.seat_claim_reissue(
                    actor=request.user,
                    registration=posted_object(request, registrations, "reissue"),
                )
                messages.success(
                    request,
                    _(
                        "A new link to claim the seat was sent; the old one no longer works. "
                        "If they have no e-mail, give them this link yourself: %(link)s"
                    )
                    % {"link": link},
                )
                return redirect("recruitment:panel", slug=slug)
            if "seat" in request.POST and seat_form.is_valid():
                count = services.recruitment_seat(
                    actor=request.user,
                    recruitment=recruitment,
                    stipend_per_day=seat_form.cleaned_data["stipend_per_day"],
                )
                messages.success(
                    request,
                    _(
                        "%(count)s members took their seats. Each was sent a one-time link to "
                        "claim it with their account."
                    )
                    % {"count": count},
                )
                return redirect("assemblies:members", slug=slug)
        except ValidationError as error:
            target = seed_form if "replace_draw" in request.POST else seat_form
            if target.is_bound:
                form_add_service_errors(target, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
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
            "replacement": replacement,
            "replacement_running": selectors.replacement_running(recruitment),
            "seed_form": seed_form,
            "seat_form": seat_form,
        },
    )


@sensitive_post_parameters("name", "email", "phone", "address", "availability", "support_notes")
def register(request: HttpRequest, slug: str, code: str = "", page: str = "") -> HttpResponse:
    """The public registration form, reached by link, by the code on a letter, or through
    one of the assembly's own registration pages."""
    assembly = assembly_get(user=request.user, slug=slug)
    recruitment = selectors.current_recruitment(assembly)
    if recruitment is None:
        raise Http404(_("This assembly is not recruiting."))
    registration_page = None
    if page:
        registration_page = get_object_or_404(RegistrationPage, recruitment=recruitment, slug=page)
    closed = registration_closed_reason(recruitment)
    form = RegistrationForm(
        request.POST or None,
        recruitment=recruitment,
        initial={"code": code, "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and not closed and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the hidden field: say thanks, store nothing.
            return render(request, "recruitment/registered.html", {"assembly": assembly})
        try:
            services.registration_submit(
                recruitment=recruitment, answers=form.answers(), page=page, **form.contact()
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return render(request, "recruitment/registered.html", {"assembly": assembly})
    return render(
        request,
        "recruitment/register.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "form": form,
            "closed": closed,
            "page": registration_page,
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
            "histogram": selectors.probability_histogram(runs[0].report)
            if runs and runs[0].report
            else [],
        },
    )


def _url_id(value: int) -> int:
    """An id from the address, as the database can hold it (a 404 for a number too large)."""
    if value > 2**63 - 1:
        raise Http404(_("No such object."))
    return value


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


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """A selected person's own answer, through the personal link in their e-mail."""
    try:
        registration = services.registration_by_token(token)
    except ValidationError as error:
        return render(request, "recruitment/respond.html", {"problem": error.messages[0]})
    answered = None
    problem = ""
    if request.method == "POST" and request.POST.get("answer") in ("yes", "no"):
        try:
            registration = services.registration_respond_by_link(
                token=token, accepted=request.POST["answer"] == "yes"
            )
            answered = request.POST["answer"]
        except ValidationError as error:
            problem = error.messages[0]
    return render(
        request,
        "recruitment/respond.html",
        {
            "registration": registration,
            "assembly": registration.recruitment.assembly,
            "answered": answered,
            "problem": problem,
        },
    )


@login_required
def support(request: HttpRequest, slug: str, seat_id: int) -> HttpResponse:
    assembly = _recruitment(request, slug)[0]
    seat_id = _url_id(seat_id)
    arrangement = get_object_or_404(
        SupportArrangement.objects.select_related("seat"),
        seat_id=seat_id,
        seat__category__assembly=assembly,
    )
    initial = {
        field: getattr(arrangement, field)
        for field in ("stipend_per_day", "days", "paid", "support_booked")
    }
    form = SupportForm(request.POST or None, initial=initial)
    recruitment = selectors.current_recruitment(assembly)
    if request.method != "POST" and recruitment is not None:
        services.personal_data_access_record(
            actor=request.user,
            recruitment=recruitment,
            exported=False,
            what=f"a member's support needs (seat {arrangement.seat_id})",
        )
    if form_submit(
        request,
        form,
        lambda data: services.support_update(actor=request.user, support=arrangement, **data),
        _("Saved."),
    ):
        return redirect("recruitment:panel", slug=slug)
    return render(
        request,
        "recruitment/form_page.html",
        {
            "assembly": assembly,
            "form": form,
            "title": _("Stipend and support: %(name)s") % {"name": arrangement.seat.name},
            "submit": _("Save"),
        },
    )


@login_required
def notices(request: HttpRequest, slug: str) -> HttpResponse:
    """The e-mails registrants get, in each language: built-in or the organizers' own."""
    assembly, recruitment = _recruitment(request, slug)
    form = NoticeTemplateForm(request.POST or None, initial=request.GET or None)
    if form_submit(
        request,
        form,
        lambda data: services.notice_template_save(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The message was saved."),
    ):
        return redirect("recruitment:notices", slug=slug)
    wording = [
        {
            "kind": kind,
            "label": label,
            "language": language,
            "language_name": language_name,
            "custom": recruitment.notice_templates.filter(kind=kind, language=language).exists(),
            "text": notice_text(recruitment, kind, language),
        }
        for kind, label in NoticeKind.choices
        for language, language_name in settings.LANGUAGES
    ]
    return render(
        request,
        "recruitment/notices.html",
        {"assembly": assembly, "recruitment": recruitment, "form": form, "wording": wording},
    )


@login_required
def registration_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The organizers shape the registration form: their own questions, the year of birth
    for an age category, and registration pages of their own."""
    assembly, recruitment = _recruitment(request, slug)
    derived = recruitment.target_categories.filter(derived_from="birth_year").first()
    settings_form = RegistrationSettingsForm(
        request.POST if "settings" in request.POST else None,
        recruitment=recruitment,
        initial={
            "questions": "\n".join(
                q["question"] + ("*" if q["required"] else "") for q in recruitment.extra_questions
            ),
            "birth_year_category": derived.name if derived else "",
        },
    )
    page_form = RegistrationPageForm(request.POST if "page" in request.POST else None)
    if "delete" in request.POST:
        page = posted_object(
            request, RegistrationPage.objects.filter(recruitment=recruitment), "delete"
        )
        try:
            services.registration_page_delete(actor=request.user, page=page)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The page was removed."))
        return redirect("recruitment:registration_form", slug=slug)
    if form_submit(
        request,
        settings_form,
        lambda data: services.registration_form_set(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The registration form was saved."),
    ) or form_submit(
        request,
        page_form,
        lambda data: services.registration_page_save(
            actor=request.user, recruitment=recruitment, **data
        ),
        _("The page was saved."),
    ):
        return redirect("recruitment:registration_form", slug=slug)
    return render(
        request,
        "recruitment/registration_form.html",
        {
            "assembly": assembly,
            "recruitment": recruitment,
            "settings_form": settings_form,
            "page_form": page_form,
            "pages": recruitment.registration_pages.all(),
        },
    )


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link to a lottery seat: whoever opens it, signed in, may claim it.

    Opening the link (GET) changes nothing, so mail scanners that follow links cannot use
    it up; the seat is claimed with the button (POST)."""
    try:
        seat_claim = services.claim_by_token(token)
    except ValidationError as error:
        return render(request, "recruitment/claim.html", {"problem": error.messages[0]})
    assembly = seat_claim.seat.category.assembly
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.seat_claim(actor=request.user, token=token)
        except ValidationError as error:
            return render(
                request,
                "recruitment/claim.html",
                {"claim": seat_claim, "assembly": assembly, "problem": error.messages[0]},
            )
        messages.success(request, _("The seat is yours. Welcome!"))
        return redirect(assembly.get_absolute_url())
    return render(
        request,
        "recruitment/claim.html",
        {"claim": seat_claim, "assembly": assembly, "next": request.get_full_path()},
    )
