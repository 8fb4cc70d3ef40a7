"""Accounts for every seat: a one-time link where a seated person sees their username and
chooses a password (reserved, delegate and official seats are filled by name only).

The link's token is 256 random bits; only its SHA-256 is stored, so neither a copy of the
database nor the site's secret key can make a link that works: nobody can forge one. It
expires after INVITATION_DAYS, works once, and issuing a new one ends the earlier ones. The
page it opens names only the seat it is for: no other person's data."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assemblea.accounts import services as account_services
from assemblea.accounts.models import User
from assemblea.assemblies import events
from assemblea.assemblies.models import SeatHolder, SeatInvitation, SeatType
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.core.events import assembly_event_record
from assemblea.core.mail import mail_send

INVITATION_DAYS = 30


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()


def _seat_manager_require(actor: Any, holder: SeatHolder) -> None:
    """Who may seat this person may invite them: the organizers, or for a delegate the
    administrators of the organization they represent."""
    assembly = holder.category.assembly
    if holder.organization_id and holder.category.seat_type == SeatType.DELEGATE:
        require(
            actor, AssemblyAction.NAME_DELEGATES, assembly, organization_id=holder.organization_id
        )
    else:
        require(actor, AssemblyAction.SEAT_MEMBERS, assembly)


def seat_invitation_check(*, actor: Any, holder: SeatHolder) -> None:
    """Refuse, in the house order, someone who may not invite this seat holder."""
    _seat_manager_require(actor, holder)


def _reserved_usernames() -> set[str]:
    return set(
        SeatInvitation.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())
        .values_list("username", flat=True)
        .distinct()
    )


def invitation_link(token: str) -> str:
    return settings.BASE_URL + reverse("assemblies:invitation", kwargs={"token": token})


@transaction.atomic
def seat_invitation_issue(
    *, actor: Any, holder: SeatHolder, email: str = ""
) -> tuple[SeatInvitation, str]:
    """A new invitation link for a seat holder without an account. It is e-mailed when an
    address is given, and returned so the organizer can print it or hand it over."""
    _seat_manager_require(actor, holder)
    holder = (
        SeatHolder.objects.select_for_update()
        .select_related("category__assembly")
        .get(pk=holder.pk)
    )
    if holder.user_id is not None:
        raise ValidationError(
            _("%(name)s already has an account for this seat."),
            code="seat_has_account",
            params={"name": holder.name},
        )
    if holder.ended_on is not None:
        raise ValidationError(_("This seat has ended."), code="seat_ended", params={})
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {
                    "email": ValidationError(
                        _("Check the e-mail address, or leave it empty to print the link."),
                        code="invitation_email_invalid",
                        params={},
                    )
                }
            ) from None
    now = timezone.now()
    previous = holder.invitations.filter(used_at__isnull=True, expires_at__gt=now)
    previous_username = previous.values_list("username", flat=True).first()
    previous.update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invitation = SeatInvitation.objects.create(
        seat=holder,
        token_hash=_token_hash(token),
        username=previous_username
        or account_services.username_propose(holder.name, reserved=_reserved_usernames()),
        email=email,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    link = invitation_link(token)
    assembly_event_record(
        assembly=holder.category.assembly,
        verb=events.SEAT_INVITATION_SENT,
        actor=actor,
        data={"category": holder.category.name, "by_email": bool(email)},
        public=False,
    )
    if email:
        _invitation_mail(invitation, link)
    return invitation, link


def _invitation_mail(invitation: SeatInvitation, link: str) -> None:
    assembly = invitation.seat.category.assembly
    language = (assembly.languages or [settings.LANGUAGE_CODE])[0]
    context = {
        "assembly": assembly,
        "seat": invitation.seat,
        "username": invitation.username,
        "link": link,
        "days": INVITATION_DAYS,
    }
    from django.template.loader import render_to_string

    with translation.override(language):
        subject = render_to_string("assemblies/invitation_subject.txt", context).strip()
        body = render_to_string("assemblies/invitation_email.txt", context)
    mail_send(
        to=invitation.email, subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL
    )


def invitation_by_token(token: str) -> SeatInvitation:
    """The invitation a link stands for, or a ValidationError saying what is wrong with it
    and how to get a new one."""
    invitation = None
    if token and len(token) <= 200:
        invitation = (
            SeatInvitation.objects.select_related("seat__category__assembly")
            .filter(token_hash=_token_hash(token))
            .first()
        )
    ask = _("Ask the assembly's organizers for a new link.")
    if invitation is None:
        raise ValidationError(
            _("This link is not one of ours, or a newer one was sent.") + " " + ask,
            code="invitation_unknown",
            params={},
        )
    if invitation.used_at is not None or invitation.seat.user_id is not None:
        raise ValidationError(
            _("This link has been used already: the seat has an account.")
            + " "
            + _("Log in with your username. If that was not you, tell the organizers at once."),
            code="invitation_used",
            params={},
        )
    if invitation.expires_at <= timezone.now() or invitation.seat.ended_on is not None:
        raise ValidationError(
            _("This link has expired.") + " " + ask, code="invitation_expired", params={}
        )
    return invitation


@transaction.atomic
def seat_invitation_accept(
    *, actor: Any, token: str, password: str = "", password_again: str = ""
) -> User:
    """Open the seat to an account: a new one with the username shown and the password
    chosen, or, when the person is signed in, the account they are using."""
    invitation = invitation_by_token(token)
    invitation = SeatInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation = invitation_by_token(token)  # again, under the lock: a link works once
    seat = (
        SeatHolder.objects.select_for_update()
        .select_related("category__assembly")
        .get(pk=invitation.seat_id)
    )
    assembly = seat.category.assembly
    user: User
    if actor is not None and actor.is_authenticated:
        user = actor
        if SeatHolder.objects.filter(
            category__assembly=assembly, user=user, ended_on__isnull=True
        ).exists():
            raise ValidationError(
                _("Your account already holds a seat in this assembly. Log out to make a new one."),
                code="account_holds_seat",
                params={},
            )
    else:
        if password != password_again:
            raise ValidationError(
                {
                    "password_again": ValidationError(
                        _("The two passwords differ: type the same one twice."),
                        code="passwords_differ",
                        params={},
                    )
                }
            )
        user = account_services.account_create_invited(
            username=invitation.username,
            password=password,
            display_name=seat.name,
            email=invitation.email,
            language=(assembly.languages or [settings.LANGUAGE_CODE])[0],
        )
    seat.user = user
    seat.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    assembly_event_record(
        assembly=assembly,
        verb=events.SEAT_INVITATION_ACCEPTED,
        actor=user,
        data={"category": seat.category.name},
        public=False,
    )
    return user
