"""Starting a recruitment, its targets, the address list and the invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies.models import SeatType
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.core.multilingual import posted_translations
from assemblea.core.params import posted_object
from assemblea.recruitment import exports, selectors, services
from assemblea.recruitment.forms import (
    AddressImportForm,
    InvitationDrawForm,
    RecruitmentStartForm,
    SharesForm,
)
from assemblea.recruitment.guide import next_steps
from assemblea.recruitment.invitations import ColumnMapping
from assemblea.recruitment.models import Recruitment
from assemblea.recruitment.permissions import registration_closed_reason
from assemblea.recruitment.targets import (
    CensusError,
    propose_bounds,
    read_census,
    read_pairs,
    read_shares_text,
)
from assemblea.recruitment.uploads import upload_text
from assemblea.recruitment.views._common import _managed, _recruitment


def _walk_in(request: HttpRequest, recruitment: Recruitment) -> str:
    services.walk_in_set(
        actor=request.user, recruitment=recruitment, open=request.POST.get("walk_in") == "open"
    )
    if recruitment.walk_in_open:
        return _("Registration without a letter is open.")
    return _("Registration without a letter is closed.")


def _keep(request: HttpRequest, recruitment: Recruitment) -> str:
    kept = services.registration_duplicate_keep(
        actor=request.user,
        registration=posted_object(request, recruitment.registrations.all(), "keep"),
    )
    return _("%(id)s stays in the pool; its duplicates stay out.") % {"id": kept.public_id}


# The overview's buttons: the posted name → what it does (its success message).
OVERVIEW_BUTTONS: dict[str, Callable[[HttpRequest, Recruitment], str]] = {
    "walk_in": _walk_in,
    "keep": _keep,
}


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    assembly, recruitment = _managed(request, slug)
    if recruitment is None:
        return redirect("recruitment:start", slug=slug)
    if request.method == "POST":
        button = next((name for name in OVERVIEW_BUTTONS if name in request.POST), None)
        if button is not None:
            try:
                messages.success(request, OVERVIEW_BUTTONS[button](request, recruitment))
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
        "funnel": selectors.recruitment_funnel(recruitment),
        "households": recruitment.households.count(),
        "invitations": sum(d.size for d in recruitment.invitation_draws.all()),
        "registrations": recruitment.registrations.count(),
        "without_invitation": recruitment.registrations.filter(without_invitation=True).count(),
        "duplicates": duplicates,
        "runs": selectors.runs(recruitment),
        "closed_reason": registration_closed_reason(recruitment),
        "steps": next_steps(recruitment),
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
        "form_page.html",
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
                    "labels": posted_translations(data, prefix + "label"),
                }
            )
            v += 1
        rows.append(
            {
                "name": data[f"c{c}_name"],
                "question": data.get(f"c{c}_question", ""),
                "questions": posted_translations(data, f"c{c}_question"),
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
                    services.ValueSpec(
                        v["value"], float(v["share"]), int(v["min"]), int(v["max"]), v["labels"]
                    )
                    for v in row["values"]
                ],
                questions=row["questions"],
            )
            for row in rows
        ]
    except (TypeError, ValueError):
        raise ValidationError(
            _("Every minimum and maximum must be a whole number."), code="bound_not_a_number"
        ) from None


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
            "letters": recruitment.letter_batches.defer("pdf").first(),
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
