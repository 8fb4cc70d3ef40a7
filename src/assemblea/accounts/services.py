"""Writes for people and organizations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assemblea.accounts import events
from assemblea.accounts.models import (
    AccessNeed,
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)
from assemblea.core.events import event_record


def _clean_access_needs(access_needs: list[str]) -> list[str]:
    unknown = [code for code in access_needs if code not in AccessNeed.values]
    if unknown:
        raise ValidationError({"access_needs": _("Choose access needs from the list.")})
    return list(dict.fromkeys(access_needs))


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str,
    preferred_language: str,
    access_needs: list[str],
    access_notes: str,
) -> User:
    user.display_name = display_name.strip()
    user.preferred_language = preferred_language
    user.access_needs = _clean_access_needs(access_needs)
    user.access_notes = access_notes
    user.save(update_fields=["display_name", "preferred_language", "access_needs", "access_notes"])
    return user


def _unique_org_slug(name: str) -> str:
    base = slugify(name)[:70] or "organization"
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def organization_create(
    *, actor: Any, name: str, kind: str, description: str = "", website: str = ""
) -> Organization:
    if not name.strip():
        raise ValidationError({"name": _("Give the organization's name.")})
    organization = Organization.objects.create(
        name=name.strip(),
        slug=_unique_org_slug(name),
        kind=kind,
        description=description,
        website=website,
    )
    OrganizationMembership.objects.create(
        organization=organization, user=actor, role=OrganizationRole.ADMIN
    )
    event_record(
        stream=events.organization_stream(organization.pk),
        verb=events.ORGANIZATION_CREATED,
        actor=actor,
        data={"name": organization.name},
    )
    return organization


@transaction.atomic
def organization_member_add(
    *, actor: Any, organization: Organization, username: str, role: str
) -> OrganizationMembership:
    if not OrganizationMembership.objects.filter(
        organization=organization, user=actor, role=OrganizationRole.ADMIN
    ).exists():
        raise ValidationError(_("Only administrators of the organization can add people."))
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValidationError(
            {
                "username": _("Nobody has the username “%(name)s”. Ask them to sign up first.")
                % {"name": username}
            }
        )
    if role not in OrganizationRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    membership, created = OrganizationMembership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created:
        raise ValidationError({"username": _("This person is already in the organization.")})
    event_record(
        stream=events.organization_stream(organization.pk),
        verb=events.ORGANIZATION_MEMBER_ADDED,
        actor=actor,
        data={"member": str(user), "role": role},
        public=False,
    )
    return membership
