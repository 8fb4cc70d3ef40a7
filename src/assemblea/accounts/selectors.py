from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from assemblea.accounts.models import Organization, OrganizationMembership, OrganizationRole


def organizations_administered_by(user: Any) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=OrganizationRole.ADMIN
    ).distinct()


def organization_is_admin(user: Any, organization: Organization) -> bool:
    return bool(
        user.is_authenticated
        and OrganizationMembership.objects.filter(
            organization=organization, user=user, role=OrganizationRole.ADMIN
        ).exists()
    )
