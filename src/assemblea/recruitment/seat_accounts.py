"""The username a new lottery member is offered with their claim link (read by the
notices for {username} and by the claim page)."""

from __future__ import annotations

from django.utils import timezone

from assemblea.accounts import services as account_services
from assemblea.assemblies.models import SeatInvitation
from assemblea.recruitment.models import Registration, SeatClaim


def username_offer(name: str) -> str:
    """A free username for a new member, avoiding those already offered in open links."""
    now = timezone.now()
    reserved = set(
        SeatClaim.objects.filter(used_at__isnull=True, expires_at__gt=now)
        .exclude(username="")
        .values_list("username", flat=True)
    ) | set(
        SeatInvitation.objects.filter(used_at__isnull=True, expires_at__gt=now).values_list(
            "username", flat=True
        )
    )
    return account_services.username_propose(name, reserved=reserved)


def claim_username(registration: Registration) -> str:
    """The username offered in the registration's open claim link ({username})."""
    claim = (
        registration.seat_claims.filter(used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at", "-id")
        .first()
    )
    seat = registration.seat
    if seat is not None and seat.user is not None:
        return str(seat.user.get_username())
    return claim.username if claim is not None else ""
