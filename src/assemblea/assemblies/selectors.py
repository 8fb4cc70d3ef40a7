"""Reads for assemblies: what a person may see, composition, members and the public record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assemblea.accounts.models import OrganizationRole
from assemblea.assemblies.models import Assembly, SeatCategory, SeatHolder, Visibility
from assemblea.assemblies.permissions import can
from assemblea.assemblies.phases import AssemblyAction
from assemblea.core.events import assembly_stream, event_describe
from assemblea.core.models import Event


def assemblies_visible_to(user: Any) -> QuerySet[Assembly]:
    assemblies = Assembly.objects.select_related("organization")
    if user is not None and user.is_authenticated:
        if user.is_superuser:
            return assemblies
        return assemblies.filter(
            Q(visibility=Visibility.PUBLIC)
            | Q(roles__user=user)
            | Q(categories__holders__user=user, categories__holders__ended_on__isnull=True)
            | Q(
                organization__memberships__user=user,
                organization__memberships__role=OrganizationRole.ADMIN,
            )
        ).distinct()
    return assemblies.filter(visibility=Visibility.PUBLIC)


def assemblies_of(user: Any) -> QuerySet[Assembly]:
    """Assemblies where the user has a role, a seat, or runs the convening organization."""
    if not user.is_authenticated:
        return Assembly.objects.none()
    return (
        Assembly.objects.select_related("organization")
        .filter(
            Q(roles__user=user)
            | Q(categories__holders__user=user, categories__holders__ended_on__isnull=True)
            | Q(
                organization__memberships__user=user,
                organization__memberships__role=OrganizationRole.ADMIN,
            )
        )
        .distinct()
    )


def assembly_get(*, user: Any, slug: str) -> Assembly:
    """The assembly, or 404 when it does not exist or is private to the user."""
    assembly = Assembly.objects.select_related("organization", "mandate").filter(slug=slug).first()
    if assembly is None or not can(user, AssemblyAction.VIEW, assembly):
        raise Http404(_("No such assembly."))
    return assembly


@dataclass(frozen=True)
class CategoryLine:
    category: SeatCategory
    filled: int
    public_names: list[str]

    @property
    def vacant(self) -> int:
        return max(self.category.seats - self.filled, 0)


def composition(assembly: Assembly) -> list[CategoryLine]:
    categories = assembly.categories.annotate(
        filled=Count(
            "holders",
            filter=Q(holders__ended_on__isnull=True, holders__is_alternate=False),
        )
    ).prefetch_related("allocations__organization")
    named = SeatHolder.objects.filter(
        category__assembly=assembly,
        ended_on__isnull=True,
        consents_to_be_named=True,
        is_alternate=False,
    ).order_by("name")
    names: dict[int, list[str]] = {}
    for holder in named:
        names.setdefault(holder.category_id, []).append(holder.name)
    return [
        CategoryLine(
            category=category, filled=category.filled, public_names=names.get(category.pk, [])
        )
        for category in categories
    ]


def seat_holders(assembly: Assembly, *, active: bool) -> QuerySet[SeatHolder]:
    return (
        SeatHolder.objects.filter(category__assembly=assembly, ended_on__isnull=active)
        .select_related("category", "organization", "user")
        .order_by("category__position", "is_alternate", "name")
    )


def past_public_members(assembly: Assembly) -> QuerySet[SeatHolder]:
    return seat_holders(assembly, active=False).filter(consents_to_be_named=True)


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: Any
    text: str


def timeline(
    assembly: Assembly, *, include_private: bool = False, limit: int = 200
) -> list[TimelineEntry]:
    records = Event.objects.filter(stream=assembly_stream(assembly.pk))
    if not include_private:
        records = records.filter(public=True)
    return [
        TimelineEntry(occurred_at=record.occurred_at, text=event_describe(record))
        for record in records.order_by("-occurred_at", "-id")[:limit]
    ]


def organization_assemblies_context(user: Any, organization: Any) -> dict[str, Any]:
    """The organization page's list of its assemblies that the reader may see (registered
    with the accounts app, which cannot import this one)."""
    return {"assemblies": assemblies_visible_to(user).filter(organization=organization)}


@dataclass(frozen=True)
class RoleHere:
    """What a member may and may not do in an assembly now, read from every app's policy."""

    seat: Any
    may: list[str]
    not_now: list[str]
    not_for_seat: list[str]


def role_here(user: Any, assembly: Assembly) -> RoleHere | None:
    """The "your role here" panel for someone holding a seat: every action a member's role
    can take in any app's policy table, sorted by what the person's seat and the phase
    allow. None for people without a seat."""
    from assemblea.assemblies.permissions import Role, active_seats
    from assemblea.core.policy import policies

    seat = active_seats(user, assembly).first() if user.is_authenticated else None
    if seat is None:
        return None
    sorted_out: dict[str, list[str]] = {"may": [], "phase": [], "role": []}
    seen: set[str] = set()
    for policy in policies().values():
        for action, rule in policy.table():
            label = str(policy.actions(action).label)
            if Role.MEMBER not in rule.roles or label in seen:
                continue
            seen.add(label)
            reason = policy.refusal(user, action, assembly)
            sorted_out.setdefault("may" if reason is None else reason, []).append(label)
    return RoleHere(
        seat=seat,
        may=sorted(sorted_out["may"]),
        not_now=sorted(sorted_out["phase"]),
        not_for_seat=sorted(sorted_out["role"]),
    )


def invitable_seats(user: Any, assembly: Assembly) -> set[int]:
    """Active seats without an account that this person may send an invitation link to:
    all of them for organizers, their own delegates for a member organization's admins."""
    from assemblea.assemblies.models import SeatType

    seats_all = can(user, AssemblyAction.SEAT_MEMBERS, assembly)
    allowed: dict[int | None, bool] = {}
    found = set()
    for holder in seat_holders(assembly, active=True).filter(user__isnull=True):
        if holder.organization_id and holder.category.seat_type == SeatType.DELEGATE:
            key = holder.organization_id
            if key not in allowed:
                allowed[key] = can(
                    user, AssemblyAction.NAME_DELEGATES, assembly, organization_id=key
                )
            if allowed[key]:
                found.add(holder.pk)
        elif seats_all:
            found.add(holder.pk)
    return found
