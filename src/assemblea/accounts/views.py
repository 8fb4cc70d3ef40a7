from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assemblea.accounts import lockout, permissions, selectors, services
from assemblea.accounts.forms import (
    OrganizationForm,
    OrganizationMemberForm,
    ProfileForm,
    SignupForm,
)
from assemblea.accounts.models import Organization, User
from assemblea.accounts.pages import organization_context
from assemblea.core.forms import form_add_service_errors


def next_url(request: HttpRequest, fallback: str, *args: Any, **kwargs: Any) -> str:
    """Where to go next: the `next` parameter when it is a page of this site, else `fallback`
    (a URL name) — never another site (`https://…`, `//…`, `/\\…`)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback, *args, **kwargs)


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.access_needs = form.cleaned_data["access_needs"]
            user.save()
        services.email_verification_send(user=user)
        login(request, user, backend="assemblea.accounts.backends.UsernameOrEmailBackend")
        with translation.override(user.preferred_language or None):
            _signup_welcome(request, user)
        response = redirect(next_url(request, "site:home"))
        response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/signup.html", {"form": form})


def _signup_welcome(request: HttpRequest, user: User) -> None:
    """In the language the person chose at sign-up, with the username they log in with."""
    messages.success(
        request,
        _("Welcome! Your account is ready.")
        + " "
        + _("Your username is %(username)s.") % {"username": user.get_username()},
    )
    messages.info(
        request,
        _(
            "We sent a link to %(email)s: open it to confirm the address. Until then "
            "nothing is linked to your account by e-mail."
        )
        % {"email": user.email},
    )


def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link is for (mail scanners follow links); the button confirms."""
    error = None
    try:
        user = services.email_verification_user(token)
    except ValidationError as refusal:
        error, user = " ".join(refusal.messages), None
    if user is not None and request.method == "POST":
        try:
            services.user_email_verify(token=token)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Thank you: your e-mail address is confirmed."))
            if request.user.is_authenticated:
                return redirect("accounts:profile")
            return redirect("accounts:login")
    status = 400 if error else 200
    return render(
        request, "accounts/email_verify.html", {"error": error, "account": user}, status=status
    )


@login_required
@require_POST
def email_verification_resend(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.email_verified:
        messages.info(request, _("Your e-mail address is already confirmed."))
    else:
        services.email_verification_send(user=user)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": user.email})
    return redirect("accounts:profile")


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Choosing a password through a link mailed to the account also confirms its address,
    and lifts the account's sign-in locks (as the lockout message promises)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_email_verified_by_password_link(user=form.user)
        lockout.account_locks_lift(form.user)
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    initial = {
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "access_needs": user.access_needs,
        "access_notes": user.access_notes,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            response = redirect("accounts:profile")
            response.set_cookie("django_language", user.preferred_language, samesite="Lax")
            return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The organization was created. You are its administrator."))
            return redirect(next_url(request, "accounts:organization", slug=organization.slug))
    return render(request, "accounts/organization_form.html", {"form": form})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    organization = get_object_or_404(Organization, slug=slug)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        permissions.require_organization_admin(request.user, organization)
    is_admin = selectors.organization_is_admin(request.user, organization)
    form = OrganizationMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_member_add(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect("accounts:organization", slug=slug)
    context = {
        "organization": organization,
        "is_admin": is_admin,
        "form": form,
        "memberships": organization.memberships.select_related("user") if is_admin else [],
    } | organization_context(request.user, organization)
    return render(request, "accounts/organization_detail.html", context)
