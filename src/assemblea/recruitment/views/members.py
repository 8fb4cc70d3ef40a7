"""Links the selected and the seated open themselves, and a member's support."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies.forms import InvitationAcceptForm
from assemblea.core.forms import form_add_service_errors, form_submit
from assemblea.recruitment import selectors, services
from assemblea.recruitment.forms import (
    SupportForm,
)
from assemblea.recruitment.models import (
    SupportArrangement,
)
from assemblea.recruitment.views._common import _recruitment, _url_id


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
        for field in ("stipend_per_day", "paid", "support_booked", "days_reason")
    }
    initial["days"] = arrangement.days_entered
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
        "form_page.html",
        {
            "assembly": assembly,
            "form": form,
            "title": _("Stipend and support: %(name)s") % {"name": arrangement.seat.name},
            "intro": _("Days attended, from the sessions' check-in: %(days)s.")
            % {"days": arrangement.days_attended},
            "submit": _("Save"),
        },
    )


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link to a lottery seat: whoever opens it, signed in, may claim it; someone
    without an account sees the username offered and chooses a password there.

    Opening the link (GET) changes nothing, so mail scanners that follow links cannot use
    it up; the seat is claimed with the button (POST)."""
    try:
        seat_claim = services.claim_by_token(token)
    except ValidationError as error:
        return render(request, "recruitment/claim.html", {"problem": error.messages[0]})
    assembly = seat_claim.seat.category.assembly
    signed_in = request.user.is_authenticated
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" and not signed_in else None
    )
    context = {"claim": seat_claim, "assembly": assembly, "next": request.get_full_path()}
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if signed_in:
                services.seat_claim(actor=request.user, token=token)
            else:
                user = services.seat_claim_new_account(token=token, **form.cleaned_data)
                login(request, user, backend="assemblea.accounts.backends.UsernameOrEmailBackend")
        except ValidationError as error:
            if signed_in:
                return render(
                    request, "recruitment/claim.html", {**context, "problem": error.messages[0]}
                )
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The seat is yours. Welcome!")
                + " "
                + _("Your username is %(username)s.") % {"username": request.user.get_username()},
            )
            return redirect(assembly.get_absolute_url())
    return render(request, "recruitment/claim.html", {**context, "form": form})
