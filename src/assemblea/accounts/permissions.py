"""Who may do what with organizations, in one place."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole


def can_manage_organization(user: Any, organization: Organization) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and OrganizationMembership.objects.filter(
            organization=organization, user=user, role=OrganizationRole.ADMIN
        ).exists()
    )


def require_organization_admin(user: Any, organization: Organization) -> None:
    if not can_manage_organization(user, organization):
        raise PermissionDenied(_("Only administrators of the organization can add people."))
