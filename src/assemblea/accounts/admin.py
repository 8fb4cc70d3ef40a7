"""The operator's admin: people (deactivate, unlock), organizations, sign-in locks.

Read-only where a write would bypass a service: whether an e-mail address is confirmed is
set only by the mailed link (services.user_email_verify), memberships only through the
organization's pages. Every change made here is in the admin's own history (LogEntry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assemblea.accounts.lockout import account_locks_lift
from assemblea.accounts.models import LoginThrottle, Organization, OrganizationMembership, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = (
        "username",
        "display_name",
        "email",
        "email_verified_at",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "preferred_language")
    search_fields = ("username", "display_name", "email", "first_name", "last_name")
    readonly_fields = ("email_verified_at", "last_login", "date_joined")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Assemblea"),
            {"fields": ("display_name", "preferred_language", "email_verified_at")},
        ),
    )
    actions = ("deactivate", "unlock")

    @admin.action(description=_("Deactivate the selected people (they can no longer sign in)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # Never oneself: an operator could lock everyone out of the admin.
        changed = queryset.filter(is_active=True).exclude(pk=int(request.user.pk or 0))
        count = changed.update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d person deactivated.", "%(count)d people deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unlock the selected people's sign-in (clear failed attempts)"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_locks_lift(user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d person.",
                "Sign-in unlocked for %(count)d people.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OrganizationMembership
    fields = ("user", "role")
    readonly_fields = ("user", "role")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "kind", "slug", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    # The slug is in every published address of the organization and its assemblies.
    readonly_fields = ("slug", "created_at")
    fields = ("name", "slug", "kind", "description", "website", "created_at")
    inlines = (MembershipInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # services.organization_create makes its first organizer

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # assemblies and their public record hang on it


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Failed sign-ins by account and client address; deleting a row lifts its lock."""

    list_display = ("account", "client", "failures", "locked_until", "last_failure_at")
    search_fields = ("account", "client")
    readonly_fields = ("account", "client", "failures", "locked_until", "last_failure_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
