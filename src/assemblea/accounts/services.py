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


@transaction.atomic
def account_invite(*, email: str, name: str, language: str) -> tuple[User, str]:
    """An account for someone who joins through the lottery: the existing one with that
    e-mail address, or a new one without a password. Returns it with a link (path) where
    they choose their password."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    email = email.strip()
    if not email:
        raise ValidationError(_("An account invitation needs an e-mail address."))
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        base = slugify(email.split("@")[0])[:140] or "member"
        username = base
        suffix = 1
        while User.objects.filter(username=username).exists():
            suffix += 1
            username = f"{base}{suffix}"
        user = User(username=username, email=email, display_name=name, preferred_language=language)
        user.set_unusable_password()
        user.save()
    link = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return user, link
