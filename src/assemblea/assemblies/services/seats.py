"""Seats: filled, ended, and cohorts rotated in a standing body."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assemblea.accounts.models import Organization
from assemblea.assemblies import events
from assemblea.assemblies.models import (
    Assembly,
    SeatCategory,
    SeatHolder,
    SeatType,
)
from assemblea.assemblies.permissions import require
from assemblea.assemblies.phases import AssemblyAction
from assemblea.assemblies.services.composition import _active_count
from assemblea.core.events import assembly_event_record


def _delegate_seat_check(
    actor: Any, category: SeatCategory, organization: Organization | None, *, is_alternate: bool
) -> None:
    """A delegate is named by their organization, within its allocation."""
    assembly = category.assembly
    if organization is None:
        raise ValidationError(
            {
                "organization": ValidationError(
                    _("A delegate represents an organization."),
                    code="delegate_represents_organization",
                )
            }
        )
    allocation = category.allocations.filter(organization=organization).first()
    if allocation is None:
        raise ValidationError(
            {
                "organization": ValidationError(
                    _("%(org)s has no delegate seats in “%(name)s”."),
                    code="no_delegate_seats",
                    params={"org": organization.name, "name": category.name},
                )
            }
        )
    require(actor, AssemblyAction.NAME_DELEGATES, assembly, organization_id=organization.pk)
    holders = category.holders.filter(
        organization=organization, ended_on__isnull=True, is_alternate=is_alternate
    ).count()
    limit = allocation.alternates if is_alternate else allocation.seats
    if holders >= limit:
        raise ValidationError(
            _("%(org)s has already named all its %(kind)s (%(limit)s)."),
            code="already_named_all",
            params={
                "org": organization.name,
                "kind": _("alternates") if is_alternate else _("delegates"),
                "limit": limit,
            },
        )


def _member_seat_check(actor: Any, category: SeatCategory, *, is_alternate: bool) -> None:
    """Other seats are filled by organizers, up to the category's seats."""
    require(actor, AssemblyAction.SEAT_MEMBERS, category.assembly)
    if is_alternate:
        raise ValidationError(
            _("Only delegate seats have alternates."), code="only_delegate_seats_alternates"
        )
    if _active_count(category) >= category.seats:
        raise ValidationError(
            _("All %(seats)s seats of “%(name)s” are taken."),
            code="all_seats_taken",
            params={"seats": category.seats, "name": category.name},
        )


def _holder_check(assembly: Assembly, *, name: str, user: Any, cohort: int) -> None:
    """A named person, in one of the assembly's cohorts, holding no other seat in it."""
    if not name.strip():
        raise ValidationError(
            {"name": ValidationError(_("Give the person's name."), code="give_person_name")}
        )
    if cohort < 1 or cohort > max(assembly.cohorts, 1):
        raise ValidationError(
            {
                "cohort": ValidationError(
                    _("Choose a cohort from 1 to %(n)s."),
                    code="choose_cohort",
                    params={"n": max(assembly.cohorts, 1)},
                )
            }
        )
    if (
        user is not None
        and SeatHolder.objects.filter(
            category__assembly=assembly, user=user, ended_on__isnull=True
        ).exists()
    ):
        raise ValidationError(
            {
                "user": ValidationError(
                    _("This person already holds a seat in this assembly."),
                    code="person_already_holds_seat",
                )
            }
        )


@transaction.atomic
def seat_fill(
    *,
    actor: Any,
    category: SeatCategory,
    name: str,
    user: Any = None,
    organization: Organization | None = None,
    is_alternate: bool = False,
    consents_to_be_named: bool = False,
    cohort: int = 1,
    started_on: datetime.date | None = None,
) -> SeatHolder:
    """Seat a person. Delegates are named by their organization; others by organizers."""
    assembly = category.assembly
    if category.seat_type == SeatType.DELEGATE:
        _delegate_seat_check(actor, category, organization, is_alternate=is_alternate)
    else:
        _member_seat_check(actor, category, is_alternate=is_alternate)
    _holder_check(assembly, name=name, user=user, cohort=cohort)
    holder = SeatHolder.objects.create(
        category=category,
        user=user,
        name=name.strip(),
        organization=organization,
        is_alternate=is_alternate,
        consents_to_be_named=consents_to_be_named,
        cohort=cohort,
        cycle=assembly.cycle,
        started_on=started_on or timezone.localdate(),
    )
    assembly_event_record(
        assembly=assembly,
        verb=events.SEAT_FILLED,
        actor=actor,
        data={"category": category.name, "name": holder.name if consents_to_be_named else ""},
    )
    return holder


@transaction.atomic
def seat_end(*, actor: Any, holder: SeatHolder, reason: str) -> SeatHolder:
    assembly = holder.category.assembly
    if holder.organization_id and holder.category.seat_type == SeatType.DELEGATE:
        require(
            actor, AssemblyAction.NAME_DELEGATES, assembly, organization_id=holder.organization_id
        )
    else:
        require(actor, AssemblyAction.SEAT_MEMBERS, assembly)
    if holder.ended_on is not None:
        raise ValidationError(_("This seat has already ended."), code="seat_already_ended")
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why the seat ends (for the members' history)."), code="say_why_seat_ends"
                )
            }
        )
    holder.ended_on = timezone.localdate()
    holder.end_reason = reason.strip()
    holder.save()
    assembly_event_record(
        assembly=assembly,
        verb=events.SEAT_ENDED,
        actor=actor,
        data={"category": holder.category.name, "reason": reason},
    )
    return holder


@transaction.atomic
def assembly_rotate_cohort(*, actor: Any, assembly: Assembly, cohort: int) -> int:
    """End the terms of one cohort; their history stays and their seats become vacant."""
    require(actor, AssemblyAction.ROTATE, assembly)
    if not assembly.is_standing:
        raise ValidationError(
            _("Only standing bodies rotate their members."), code="only_standing_bodies_rotate"
        )
    if cohort < 1 or cohort > assembly.cohorts:
        raise ValidationError(
            {
                "cohort": ValidationError(
                    _("Choose a cohort from 1 to %(n)s."),
                    code="choose_cohort",
                    params={"n": assembly.cohorts},
                )
            }
        )
    holders = SeatHolder.objects.filter(
        category__assembly=assembly, cohort=cohort, ended_on__isnull=True
    )
    count = holders.count()
    holders.update(ended_on=timezone.localdate(), end_reason=_("Term completed (rotation)"))
    assembly_event_record(
        assembly=assembly,
        verb=events.COHORT_ROTATED,
        actor=actor,
        data={"cohort": cohort, "count": count},
    )
    return count
