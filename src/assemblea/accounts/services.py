"""Writes for people and organizations."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assemblea.accounts import events, permissions
from assemblea.accounts.identity import email_taken_by_another, identifier_key
from assemblea.accounts.models import (
    AccessNeed,
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)
from assemblea.core.events import event_record
from assemblea.core.mail import mail_send


def _clean_access_needs(access_needs: list[str]) -> list[str]:
    unknown = [code for code in access_needs if code not in AccessNeed.values]
    if unknown:
        raise ValidationError(
            {
                "access_needs": ValidationError(
                    _("Choose access needs from the list."), code="choose_access_needs_list"
                )
            }
        )
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
        raise ValidationError(
            {
                "name": ValidationError(
                    _("Give the organization's name."), code="give_organization_name"
                )
            }
        )
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
    permissions.require_organization_admin(actor, organization)
    from assemblea.accounts.identity import users_with_username

    matches = users_with_username(identifier_key(username))
    user = matches[0] if matches else None
    if user is None:
        raise ValidationError(
            {
                "username": ValidationError(
                    _("Nobody has the username “%(name)s”. Ask them to sign up first."),
                    code="nobody_username_ask_them",
                    params={"name": username},
                )
            }
        )
    if role not in OrganizationRole.values:
        raise ValidationError({"role": ValidationError(_("Choose a role."), code="choose_role")})
    membership, created = OrganizationMembership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created:
        raise ValidationError(
            {
                "username": ValidationError(
                    _("This person is already in the organization."),
                    code="person_already_organization",
                )
            }
        )
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
        raise ValidationError(
            _("An account invitation needs an e-mail address."), code="account_invitation_needs_e"
        )
    # Only an account that confirmed this address is reused: anyone can sign up with any
    # address, so an unconfirmed one says nothing about who holds the account.
    user = (
        User.objects.filter(email__iexact=email, email_verified_at__isnull=False)
        .order_by("pk")
        .first()
    )
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


EMAIL_VERIFICATION_SALT = "assemblea.accounts.email_verification"


def email_verification_token(user: User) -> str:
    """Signed, expiring (EMAIL_VERIFICATION_DAYS), and good once: it names the address, and
    stops working once that address is confirmed or changed."""
    return signing.dumps(
        {"user": user.pk, "email": _address_digest(user.email)}, salt=EMAIL_VERIFICATION_SALT
    )


def _address_digest(email: str) -> str:
    """Names the address in the link without spelling it out (links end up in logs)."""
    return hashlib.sha256(identifier_key(email).encode()).hexdigest()[:24]


def email_verification_send(*, user: User) -> None:
    """Mail the link that confirms the account's e-mail address."""
    if not user.email or user.email_verified:
        return
    link = settings.BASE_URL + reverse(
        "accounts:email_verify", kwargs={"token": email_verification_token(user)}
    )
    context = {"user": user, "link": link, "days": settings.EMAIL_VERIFICATION_DAYS}
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email_verify_subject.txt", context).strip()
        body = render_to_string("accounts/email_verify_email.txt", context)
    # Through the mail task: after the transaction commits, with a timeout.
    mail_send(to=user.email, subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL)


def email_verification_user(token: str) -> User:
    """The account a verification link is for, or a ValidationError saying why it fails."""
    try:
        payload = signing.loads(
            token,
            salt=EMAIL_VERIFICATION_SALT,
            max_age=settings.EMAIL_VERIFICATION_DAYS * 24 * 3600,
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This link is too old. Sign in and ask for a new one on your profile."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid."), code="invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("user"), int):
        raise ValidationError(_("This link is not valid."), code="invalid")
    user = User.objects.filter(pk=payload["user"], is_active=True).first()
    if user is None or _address_digest(user.email) != payload.get("email"):
        raise ValidationError(_("This link is not valid."), code="invalid")
    if user.email_verified:
        raise ValidationError(_("This link has already been used."), code="used")
    return user


@transaction.atomic
def user_email_verify(*, token: str) -> User:
    """Confirm the e-mail address a link was sent to; each link works once."""
    user = email_verification_user(token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified:
        raise ValidationError(_("This link has already been used."), code="used")
    _email_mark_verified(user)
    return user


def _email_mark_verified(user: User) -> bool:
    if email_taken_by_another(user):
        raise ValidationError(
            _("Another account has already confirmed this e-mail address."), code="taken"
        )
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    event_record(
        stream=events.user_stream(user.pk),
        verb=events.USER_EMAIL_VERIFIED,
        actor=user,
        data={},
        public=False,
    )
    return True


@transaction.atomic
def user_email_verified_by_password_link(*, user: User) -> None:
    """Choosing a password through a link mailed to the account's address shows that the
    person reads mail there, like the verification link does."""
    if user.email and not user.email_verified and not email_taken_by_another(user):
        _email_mark_verified(user)


def username_propose(name: str, *, reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """A free username made from a person's name ("Ana García" → "ana-garcia", then
    "ana-garcia2"…), in the form sign-in compares; `reserved` names are avoided too (those
    already offered in open invitations)."""
    from assemblea.accounts.identity import username_normalise, users_with_username

    base = username_normalise(slugify(name))[:140] or "member"
    username, suffix = base, 1
    while username in reserved or users_with_username(username):
        suffix += 1
        username = f"{base}{suffix}"
    return username


@transaction.atomic
def account_create_invited(
    *, username: str, password: str, display_name: str, email: str = "", language: str = ""
) -> User:
    """The account of someone who opened an invitation link: the username they were shown
    (or a free one like it, if somebody took it meanwhile) and the password they chose.

    An address the invitation was mailed to counts as confirmed: the person read the link
    there (unless another account confirmed it first)."""
    from django.contrib.auth import password_validation

    from assemblea.accounts.identity import users_with_username

    if users_with_username(username):
        username = username_propose(username)
    user = User(
        username=username,
        email=email.strip(),
        display_name=display_name.strip(),
        preferred_language=language or settings.LANGUAGE_CODE,
    )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    user.set_password(password)
    user.save()
    if user.email and not email_taken_by_another(user):
        _email_mark_verified(user)
    return user
