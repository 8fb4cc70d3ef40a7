"""A lottery seat's account: the username offered with the claim link, a claim that makes a
new account with a chosen password, and the e-mails that confirm a "yes" and a claimed seat
(in the person's language, through the mail task)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from assemblea.accounts import services as account_services
from assemblea.accounts.models import User
from assemblea.assemblies.models import SeatHolder
from assemblea.core.mail import mail_send
from assemblea.recruitment.models import Registration, SupportArrangement
from assemblea.recruitment.seat_accounts import claim_username, username_offer

__all__ = ["claim_username", "seat_claim_new_account", "username_offer"]


@transaction.atomic
def seat_claim_new_account(*, token: str, password: str, password_again: str) -> User:
    """Whoever opens the claim link without an account makes one there: the username shown
    on the page and the password they choose; the seat becomes theirs at once."""
    from assemblea.recruitment.services.panel import claim_by_token, seat_claim

    claim = claim_by_token(token)
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
    contact = getattr(claim.registration, "contact", None)
    user = account_services.account_create_invited(
        username=claim.username or username_offer(claim.seat.name),
        password=password,
        display_name=claim.seat.name,
        email=contact.email if contact is not None else "",
        language=contact.language if contact is not None else "",
    )
    seat_claim(actor=user, token=token)
    return user


def _send(contact: Any, template: str, context: dict[str, Any]) -> None:
    if contact is None or not contact.email:
        return
    with translation.override(contact.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"recruitment/{template}_subject.txt", context).strip()
        body = render_to_string(f"recruitment/{template}_email.txt", context)
    mail_send(to=contact.email, subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL)


def registration_confirmed_mail(registration: Registration) -> None:
    """A selected person said yes (through their link, or to an organizer): a written
    confirmation of what happens next."""
    contact = getattr(registration, "contact", None)
    _send(
        contact,
        "confirmed",
        {"name": contact.name if contact else "", "assembly": registration.recruitment.assembly},
    )


def seat_claimed_mail(registration: Registration, user: Any) -> None:
    """The seat is the person's: their username, and where to log in."""
    from django.urls import reverse

    seat: SeatHolder | None = registration.seat
    contact = getattr(registration, "contact", None)
    _send(
        contact,
        "claimed",
        {
            "name": contact.name if contact else "",
            "assembly": registration.recruitment.assembly,
            "seat": seat,
            "username": user.get_username(),
            "login": settings.BASE_URL + reverse("accounts:login"),
        },
    )


def stipend_days_check(support: SupportArrangement, days: int | None, reason: str) -> None:
    """A correction of the days attended says why (it is what the stipend pays)."""
    if days is None:
        return
    if days < 0:
        raise ValidationError(
            {"days": ValidationError(_("Days cannot be negative."), code="support_negative")}
        )
    if days != support.days_attended and not reason.strip():
        raise ValidationError(
            {
                "days_reason": ValidationError(
                    _(
                        "Say why the days differ from the %(attended)s days attended (for "
                        "example a session held elsewhere), or empty the days to use the count."
                    ),
                    code="days_reason_missing",
                    params={"attended": support.days_attended},
                )
            }
        )
