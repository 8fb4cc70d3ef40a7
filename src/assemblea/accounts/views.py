from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from assemblea.accounts import selectors, services
from assemblea.accounts.forms import (
    OrganizationForm,
    OrganizationMemberForm,
    ProfileForm,
    SignupForm,
)
from assemblea.accounts.models import Organization, User
from assemblea.assemblies.selectors import assemblies_visible_to
from assemblea.core.forms import form_add_service_errors


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.access_needs = form.cleaned_data["access_needs"]
            user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        response = redirect(request.GET.get("next") or "core:home")
        response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        return response
    return render(request, "accounts/signup.html", {"form": form})


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
            next_url = request.GET.get("next")
            if next_url and next_url.startswith("/"):
                return redirect(next_url)
            return redirect("accounts:organization", slug=organization.slug)
    return render(request, "accounts/organization_form.html", {"form": form})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
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
        "assemblies": assemblies_visible_to(request.user).filter(organization=organization),
        "memberships": organization.memberships.select_related("user") if is_admin else [],
    }
    return render(request, "accounts/organization_detail.html", context)
