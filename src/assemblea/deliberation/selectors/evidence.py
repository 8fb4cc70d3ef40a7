"""Reads: evidence, resolutions, credentials and members' balancing values."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.deliberation.models import (
    Credential,
    Evidence,
    EvidenceRequest,
    MemberProfile,
    RequestStatus,
    Resolution,
    SpeakerRequest,
)
from assemblea.deliberation.selectors.quorum import room_rules_of
from assemblea.deliberation.selectors.sessions import _values
from assemblea.deliberation.selectors.speakers import speakers_queue


def evidence_of(assembly: Assembly) -> QuerySet[Evidence]:
    return Evidence.objects.filter(assembly=assembly)


def evidence_requests_of(assembly: Assembly) -> QuerySet[EvidenceRequest]:
    return EvidenceRequest.objects.filter(assembly=assembly).select_related("evidence")


def resolutions_of(assembly: Assembly) -> QuerySet[Resolution]:
    return Resolution.objects.filter(assembly=assembly).select_related("owner", "report")


@dataclass(frozen=True)
class CredentialLine:
    seat: SeatHolder
    credential: Credential | None


def credential_roll(assembly: Assembly) -> list[CredentialLine]:
    """Delegates of the assembly (delegate seats) with their credential, if decided."""
    credentials = {
        credential.seat_id: credential
        for credential in Credential.objects.filter(seat__category__assembly=assembly)
    }
    seats = SeatHolder.objects.filter(
        category__assembly=assembly, ended_on__isnull=True, category__seat_type="delegate"
    ).select_related("category", "organization")
    return [CredentialLine(seat, credentials.get(seat.pk)) for seat in seats]


def queue_place(request: SpeakerRequest | None) -> int | None:
    """1 for the next to speak, 2 after them...; None when not waiting."""
    if request is None or request.status != RequestStatus.WAITING:
        return None
    for place, line in enumerate(speakers_queue(request.item), start=1):
        if line.request.pk == request.pk:
            return place
    return None


@dataclass(frozen=True)
class ProfileLine:
    seat: SeatHolder
    values: list[tuple[str, str]]  # (category, value) in the order of `categories`


def balancing_categories(assembly: Assembly) -> list[str]:
    """The categories the room balances on: the room rules' and any a member has."""
    rules = room_rules_of(assembly.pk)
    named = [
        *rules.table_categories,
        *([rules.speakers_category] if rules.speakers_category else []),
    ]
    held = sorted(
        {
            category
            for values in MemberProfile.objects.filter(
                seat__category__assembly=assembly
            ).values_list("values", flat=True)
            for category in (values or {})
        }
    )
    return list(dict.fromkeys([*named, *held]))


def profile_lines(assembly: Assembly, categories: list[str]) -> list[ProfileLine]:
    seats = list(
        SeatHolder.objects.filter(
            category__assembly=assembly, ended_on__isnull=True, is_alternate=False
        ).select_related("category")
    )
    values = _values(seats)
    return [
        ProfileLine(seat, [(c, values[str(seat.pk)].get(c, "")) for c in categories])
        for seat in seats
    ]
