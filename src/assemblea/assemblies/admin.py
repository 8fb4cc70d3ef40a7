"""Assemblies in the operator's admin: to find and look at, never to change. Phases, seats,
visibility and roles change through the assembly's own pages (services.py), which check
who may, keep the rules of each phase and record the public event log; an admin write would
bypass all three."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assemblea.assemblies.models import Assembly


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "organization", "phase", "visibility", "is_standing", "created_at")
    list_filter = ("phase", "visibility", "kind", "is_standing")
    search_fields = ("title", "slug", "organization__name")
    list_select_related = ("organization",)
    view_on_site = True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Assembly._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing is allowed (has_view_permission); saving is not.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
