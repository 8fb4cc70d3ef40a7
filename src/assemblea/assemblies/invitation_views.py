"""Invitation links: an organizer gives a seat holder an account (e-mailed or printed), and
the person opens the link, sees their username and chooses a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assemblea.assemblies import selectors, services
from assemblea.assemblies.forms import InvitationAcceptForm, InvitationIssueForm
from assemblea.assemblies.models import SeatHolder
from assemblea.core.forms import form_add_service_errors

# The link is shown once, on the page after the organizer's POST (post/redirect/get): it
# waits in the organizer's session, never in the address bar or the event log.
_SESSION_KEY = "assemblea.seat_invitation"


@login_required
def invitation_issue(request: HttpRequest, slug: str, holder_id: int) -> HttpResponse:
    assembly = selectors.assembly_get(user=request.user, slug=slug)
    holder = get_object_or_404(
        SeatHolder.objects.select_related("category"), pk=holder_id, category__assembly=assembly
    )
    form = InvitationIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, link = services.seat_invitation_issue(
                actor=request.user, holder=holder, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            request.session[_SESSION_KEY] = {
                "holder": holder.pk,
                "link": link,
                "username": invitation.username,
                "emailed": bool(invitation.email),
            }
            return redirect("assemblies:invitation_issue", slug=slug, holder_id=holder.pk)
    shown = request.session.get(_SESSION_KEY)
    if request.method != "POST" and shown and shown.get("holder") == holder.pk:
        del request.session[_SESSION_KEY]
    else:
        shown = None
        if request.method != "POST":
            # Only those who may invite see the form (the service refuses the others too).
            services.seat_invitation_check(actor=request.user, holder=holder)
    return render(
        request,
        "assemblies/invitation_issue.html",
        {"assembly": assembly, "holder": holder, "form": form, "shown": shown},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link is for and changes nothing (mail scanners follow links);
    the button sets the password, or gives the seat to the signed-in account."""
    try:
        invitation = services.invitation_by_token(token)
    except ValidationError as error:
        # A link that is not (or no longer) good opens nothing: 404, with what to do next.
        return render(
            request, "assemblies/invitation.html", {"problem": error.messages[0]}, status=404
        )
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" and not request.user.is_authenticated else None
    )
    if request.method == "POST" and (request.user.is_authenticated or form.is_valid()):
        data = {} if request.user.is_authenticated else form.cleaned_data
        try:
            user = services.seat_invitation_accept(actor=request.user, token=token, **data)
        except ValidationError as error:
            if request.user.is_authenticated:
                messages.error(request, error.messages[0])
            else:
                form_add_service_errors(form, error)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="assemblea.accounts.backends.UsernameOrEmailBackend")
            messages.success(
                request,
                _("Your account is ready. Your username is %(username)s: write it down.")
                % {"username": user.get_username()},
            )
            return redirect(invitation.seat.category.assembly.get_absolute_url())
    return render(
        request,
        "assemblies/invitation.html",
        {
            "invitation": invitation,
            "seat": invitation.seat,
            "assembly": invitation.seat.category.assembly,
            "form": form,
        },
    )
