"""Reads: sessions, who is in the room, the roll."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.deliberation.models import (
    Credential,
    MemberProfile,
    Session,
    SessionStatus,
)


def sessions_of(assembly: Assembly) -> QuerySet[Session]:
    return Session.objects.filter(assembly=assembly)


def session_now(assembly: Assembly) -> Session | None:
    """The session under way, else the next one planned (None when there is neither)."""
    found = (
        Session.objects.select_related("assembly", "current_item")
        .filter(assembly=assembly, status=SessionStatus.OPEN)
        .order_by("starts_at", "pk")
        .first()
    )
    if found is not None:
        return found
    return (
        Session.objects.select_related("assembly", "current_item")
        .filter(assembly=assembly, status=SessionStatus.PLANNED, ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )


def session_get(assembly: Assembly, session_id: int) -> Session:
    session = (
        Session.objects.select_related("assembly", "current_item")
        .filter(assembly=assembly, pk=session_id)
        .first()
    )
    if session is None:
        raise Http404(_("No such session."))
    return session


def present_seats(session: Session) -> QuerySet[SeatHolder]:
    return SeatHolder.objects.filter(
        attendance__session=session, attendance__left_at__isnull=True
    ).select_related("category")


def _values(seats: Iterable[SeatHolder]) -> dict[str, dict[str, str]]:
    seats = list(seats)
    profiles = dict(MemberProfile.objects.filter(seat__in=seats).values_list("seat_id", "values"))
    return {str(seat.pk): dict(profiles.get(seat.pk) or {}) for seat in seats}


@dataclass(frozen=True)
class RollLine:
    seat: SeatHolder
    present: bool
    credential: str | None


def roll(session: Session) -> list[RollLine]:
    """Every active seat holder with whether they are in the room (for staff check-in)."""
    present = set(present_seats(session).values_list("pk", flat=True))
    credentials = dict(
        Credential.objects.filter(seat__category__assembly=session.assembly).values_list(
            "seat_id", "status"
        )
    )
    seats = SeatHolder.objects.filter(
        category__assembly=session.assembly, ended_on__isnull=True, is_alternate=False
    ).select_related("category")
    return [RollLine(seat, seat.pk in present, credentials.get(seat.pk)) for seat in seats]


def is_present(session: Session, seat: SeatHolder | None) -> bool:
    if seat is None:
        return False
    return session.attendance.filter(seat=seat, left_at__isnull=True).exists()
