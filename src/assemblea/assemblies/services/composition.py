"""The composition: seat categories, delegate allocations, and what is missing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.assemblies import events
from assemblea.assemblies.models import (
    Assembly,
    DelegateAllocation,
    SeatCategory,
    SeatType,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.assemblies.services.translations import translations_from_organizer
from assemblea.core.events import assembly_event_record


def _active_count(category: SeatCategory) -> int:
    return category.holders.filter(ended_on__isnull=True, is_alternate=False).count()


def _allocated(category: SeatCategory, *, excluding: int | None = None) -> int:
    allocations = category.allocations.all()
    if excluding is not None:
        allocations = allocations.exclude(pk=excluding)
    return allocations.aggregate(total=Sum("seats"))["total"] or 0


def _category_change_check(
    category: SeatCategory, assembly: Assembly, *, seat_type: str, seats: int
) -> None:
    """A changed category keeps room for its seat holders and its delegates' allocations."""
    if category.assembly_id != assembly.pk:
        raise ValidationError(
            _("That seat category belongs to another assembly."), code="category_elsewhere"
        )
    occupied = _active_count(category)
    if seats < occupied:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _(
                        "%(count)s people hold seats in this category now: it cannot "
                        "have fewer seats than that."
                    ),
                    code="seats_below_holders",
                    params={"count": occupied},
                )
            }
        )
    allocated = _allocated(category)
    if seats < allocated:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _(
                        "%(count)s seats are allocated to member organizations: reduce "
                        "their allocations first."
                    ),
                    code="seats_below_allocations",
                    params={"count": allocated},
                )
            }
        )
    if seat_type != category.seat_type and (occupied or allocated):
        raise ValidationError(
            {
                "seat_type": ValidationError(
                    _("The type of a category with seat holders cannot change."),
                    code="seat_type_held",
                )
            }
        )


def _planned_size_check(assembly: Assembly, category: SeatCategory, seats: int) -> None:
    """The categories together fit in the assembly's planned size."""
    if assembly.planned_size is None:
        return
    others = assembly.categories.exclude(pk=category.pk).aggregate(total=Sum("seats"))
    total = (others["total"] or 0) + seats
    if total > assembly.planned_size:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _(
                        "The categories would then have %(total)s seats, but the assembly "
                        "has %(size)s. At most %(free)s more fit."
                    ),
                    code="seats_exceed_planned_size",
                    params={
                        "total": total,
                        "size": assembly.planned_size,
                        "free": assembly.planned_size - (others["total"] or 0),
                    },
                )
            }
        )


@transaction.atomic
def seat_category_save(
    *,
    actor: Any,
    assembly: Assembly,
    category: SeatCategory | None = None,
    seat_type: str,
    name: str,
    seats: int,
    description: str = "",
    may_vote: bool = True,
    may_speak: bool = True,
    may_propose: bool = True,
    counts_for_quorum: bool = True,
    translations: Mapping[str, Mapping[str, Any]] | None = None,
) -> SeatCategory:
    """Add a category (category=None) or change one (with its name and description in the
    assembly's other languages, `translations`, entered side by side)."""
    require(actor, AssemblyAction.EDIT_COMPOSITION, assembly)
    if seats < 1:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _("A seat category needs at least one seat."), code="no_seats"
                )
            }
        )
    if seat_type not in SeatType.values:
        raise ValidationError(
            {"seat_type": ValidationError(_("Choose a type of seat."), code="seat_type_unknown")}
        )
    if category is not None:
        _category_change_check(category, assembly, seat_type=seat_type, seats=seats)
    else:
        category = SeatCategory(assembly=assembly, position=assembly.categories.count())
    _planned_size_check(assembly, category, seats)
    category.seat_type = seat_type
    category.name = name
    category.seats = seats
    category.description = description
    category.may_vote = may_vote
    category.may_speak = may_speak
    category.may_propose = may_propose
    category.counts_for_quorum = counts_for_quorum
    is_new = category.pk is None
    category.save()
    assembly_event_record(
        assembly=assembly,
        verb=events.CATEGORY_ADDED if is_new else events.CATEGORY_CHANGED,
        actor=actor,
        data={"name": name, "seats": seats},
    )
    if translations:
        translations_from_organizer(
            actor=actor, assembly=assembly, obj=category, translations=translations
        )
    return category


@transaction.atomic
def seat_category_delete(*, actor: Any, category: SeatCategory) -> None:
    assembly = category.assembly
    require(actor, AssemblyAction.EDIT_COMPOSITION, assembly)
    if category.holders.exists():
        raise ValidationError(
            _(
                "People have held seats in “%(name)s”: it stays, for their history. Reduce its "
                "seats instead."
            ),
            code="people_held_seats_stays",
            params={"name": category.name},
        )
    name = category.name
    category.delete()
    assembly_event_record(
        assembly=assembly, verb=events.CATEGORY_REMOVED, actor=actor, data={"name": name}
    )


def composition_problems(assembly: Assembly) -> list[str]:
    """What stops the composition from adding up, in words an organizer understands."""
    problems: list[str] = []
    categories = list(assembly.categories.all())
    if not categories:
        problems.append(_("The assembly has no seats yet: add at least one seat category."))
    for category in categories:
        if category.seat_type == SeatType.DELEGATE:
            allocated = _allocated(category)
            if allocated != category.seats:
                problems.append(
                    _(
                        "“%(name)s” has %(seats)s seats but %(allocated)s are allocated to member "
                        "organizations."
                    )
                    % {"name": category.name, "seats": category.seats, "allocated": allocated}
                )
    total = sum(category.seats for category in categories)
    if assembly.planned_size is not None and categories and total != assembly.planned_size:
        problems.append(
            _("The seat categories add up to %(total)s seats, but the assembly has %(size)s.")
            % {"total": total, "size": assembly.planned_size}
        )
    if categories and not any(category.may_vote for category in categories):
        problems.append(_("No seat category may vote."))
    if categories and not any(category.counts_for_quorum for category in categories):
        problems.append(_("No seat category counts for quorum."))
    return problems


@transaction.atomic
def delegate_allocation_set(
    *,
    actor: Any,
    category: SeatCategory,
    organization: Organization,
    seats: int,
    alternates: int = 0,
) -> DelegateAllocation | None:
    """Give an organization `seats` delegate seats in the category (0 removes it)."""
    assembly = category.assembly
    require(actor, AssemblyAction.EDIT_COMPOSITION, assembly)
    if category.seat_type != SeatType.DELEGATE:
        raise ValidationError(
            _("Only delegate seats are allocated to organizations."),
            code="only_delegate_seats_allocated",
        )
    if seats < 0 or alternates < 0:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _("Seats and alternates cannot be negative."),
                    code="seats_alternates_cannot_negative",
                )
            }
        )
    existing = DelegateAllocation.objects.filter(category=category, organization=organization)
    current = existing.first()
    others = _allocated(category, excluding=current.pk if current else None)
    if others + seats > category.seats:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _(
                        "That would allocate %(total)s seats, but “%(name)s” has only "
                        "%(seats)s. %(free)s are free."
                    ),
                    code="would_allocate_seats_but",
                    params={
                        "total": others + seats,
                        "name": category.name,
                        "seats": category.seats,
                        "free": category.seats - others,
                    },
                )
            }
        )
    named = category.holders.filter(
        organization=organization, ended_on__isnull=True, is_alternate=False
    ).count()
    if seats < named:
        raise ValidationError(
            {
                "seats": ValidationError(
                    _("%(org)s has already named %(count)s delegates."),
                    code="already_named_delegates",
                    params={"org": organization.name, "count": named},
                )
            }
        )
    assembly_event_record(
        assembly=assembly,
        verb=events.ALLOCATION_SET,
        actor=actor,
        data={"organization": organization.name, "seats": seats},
    )
    if seats == 0:
        existing.delete()
        return None
    allocation, _created = DelegateAllocation.objects.update_or_create(
        category=category,
        organization=organization,
        defaults={"seats": seats, "alternates": alternates},
    )
    return allocation
