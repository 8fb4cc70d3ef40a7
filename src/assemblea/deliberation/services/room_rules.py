"""Writes: the room rules and the values members share for balancing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events
from assemblea.deliberation.models import (
    MemberProfile,
    RoomRules,
    SpeakersOrder,
)
from assemblea.deliberation.permissions import DeliberationAction, require


@transaction.atomic
def room_rules_update(
    *,
    actor: Any,
    assembly: Assembly,
    quorum_kind: str,
    quorum_fraction: Any,
    quorum_fixed: int,
    speakers_order: str,
    speakers_category: str,
    boost_values: Sequence[str],
    boost_under_represented: bool,
    speaking_seconds: int,
    table_categories: Sequence[str],
    table_size_min: int,
    table_size_max: int,
    adopt_before_business: bool,
    jumps_need_approval: bool = True,
    jumps_per_member: int = 2,
) -> RoomRules:
    require(actor, DeliberationAction.PLAN, assembly)
    category = speakers_category.strip()
    if speakers_order == SpeakersOrder.ALTERNATE and not category:
        raise ValidationError(
            {
                "speakers_category": ValidationError(
                    _("Alternating needs a category to alternate on, e.g. gender."),
                    code="alternate_category_missing",
                )
            }
        )
    if (boost_values or boost_under_represented) and not category:
        raise ValidationError(
            {
                "speakers_category": ValidationError(
                    _("Name the category whose groups are moved up, e.g. gender."),
                    code="boost_category_missing",
                )
            }
        )
    if table_size_min < 2 or table_size_max < table_size_min:
        raise ValidationError(
            {
                "table_size_max": ValidationError(
                    _(
                        "Tables need at least two people, and the largest table cannot be "
                        "smaller than the smallest."
                    ),
                    code="table_sizes_invalid",
                )
            }
        )
    if speaking_seconds < 10:
        raise ValidationError(
            {
                "speaking_seconds": ValidationError(
                    _("Give each speaker at least 10 seconds."), code="speaking_seconds_too_few"
                )
            }
        )
    rules, _created = RoomRules.objects.get_or_create(assembly=assembly)
    rules.quorum_kind = quorum_kind
    rules.quorum_fraction = quorum_fraction
    rules.quorum_fixed = quorum_fixed
    rules.speakers_order = speakers_order
    rules.speakers_category = category
    rules.boost_values = [v.strip() for v in boost_values if v.strip()]
    rules.boost_under_represented = boost_under_represented
    rules.speaking_seconds = speaking_seconds
    rules.table_categories = [c.strip() for c in table_categories if c.strip()]
    rules.table_size_min = table_size_min
    rules.table_size_max = table_size_max
    rules.adopt_before_business = adopt_before_business
    rules.jumps_need_approval = jumps_need_approval
    rules.jumps_per_member = max(jumps_per_member, 0)
    rules.full_clean()
    rules.save()
    assembly_event_record(assembly=assembly, verb=events.ROOM_RULES_UPDATED, actor=actor)
    return rules


@transaction.atomic
def member_profile_set(*, actor: Any, seat: SeatHolder, values: Mapping[str, str]) -> MemberProfile:
    """Record the values a member shares for balancing (from recruitment, or given by them)."""
    assembly = seat.category.assembly
    require(actor, DeliberationAction.PLAN, assembly)
    cleaned = {str(k).strip(): str(v).strip() for k, v in values.items() if str(k).strip()}
    profile, _created = MemberProfile.objects.update_or_create(
        seat=seat, defaults={"values": cleaned}
    )
    assembly_event_record(assembly=assembly, verb=events.PROFILE_SET, actor=actor, public=False)
    return profile


@transaction.atomic
def member_profiles_set(
    *, actor: Any, assembly: Assembly, values: Mapping[int, Mapping[str, str]]
) -> int:
    """Record several members' values at once (seat id -> category -> value); returns how
    many profiles changed."""
    require(actor, DeliberationAction.PLAN, assembly)
    seats = SeatHolder.objects.filter(category__assembly=assembly, pk__in=list(values))
    found = {seat.pk: seat for seat in seats}
    unknown = sorted(set(values) - set(found))
    if unknown:
        raise ValidationError(
            _("Some of these seats are not in this assembly."), code="seats_not_in_assembly"
        )
    changed = 0
    for seat_id, seat_values in values.items():
        cleaned = {
            str(k).strip(): str(v).strip()
            for k, v in seat_values.items()
            if str(k).strip() and str(v).strip()
        }
        profile, created = MemberProfile.objects.get_or_create(seat=found[seat_id])
        if created or profile.values != cleaned:
            profile.values = cleaned
            profile.save(update_fields=["values"])
            changed += 1
    if changed:
        assembly_event_record(assembly=assembly, verb=events.PROFILE_SET, actor=actor, public=False)
    return changed
