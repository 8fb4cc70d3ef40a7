"""Reads: the room rules, and the quorum with who counted."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from assemblea.deliberation.models import (
    QuorumKind,
    RoomRules,
    Session,
)


@dataclass(frozen=True)
class CategoryPresence:
    name: str
    seats: int
    present: int
    counts_for_quorum: bool


@dataclass(frozen=True)
class QuorumStatus:
    """What decisions store with every result: who counted, how many were needed."""

    present: int
    required: int
    quorum_seats: int
    rule: str
    by_category: list[CategoryPresence] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.present >= self.required

    def as_record(self) -> dict[str, object]:
        return {
            "present": self.present,
            "required": self.required,
            "quorum_seats": self.quorum_seats,
            "rule": self.rule,
            "met": self.met,
            "by_category": [
                {"name": c.name, "seats": c.seats, "present": c.present} for c in self.by_category
            ],
        }


def room_rules_of(assembly_id: int) -> RoomRules:
    rules = RoomRules.objects.filter(assembly_id=assembly_id).first()
    return rules or RoomRules(assembly_id=assembly_id)


def quorum_required(rules: RoomRules, quorum_seats: int) -> int:
    if rules.quorum_kind == QuorumKind.NONE:
        return 0
    if rules.quorum_kind == QuorumKind.FIXED:
        return rules.quorum_fixed
    if rules.quorum_kind == QuorumKind.FRACTION:
        return math.ceil(float(rules.quorum_fraction) * quorum_seats)
    return quorum_seats // 2 + 1


def session_quorum(session: Session) -> QuorumStatus:
    """Present seat holders (checked in, not left) against the assembly's quorum rule.

    Quorum seats are the seats of categories counted for quorum, as the composition sets them."""
    rules = room_rules_of(session.assembly_id)
    present_by_category: dict[int, int] = {}
    for category_id in session.attendance.filter(left_at__isnull=True).values_list(
        "seat__category_id", flat=True
    ):
        present_by_category[category_id] = present_by_category.get(category_id, 0) + 1
    by_category = [
        CategoryPresence(
            name=category.name,
            seats=category.seats,
            present=present_by_category.get(category.pk, 0),
            counts_for_quorum=category.counts_for_quorum,
        )
        for category in session.assembly.categories.all()
    ]
    quorum_seats = sum(c.seats for c in by_category if c.counts_for_quorum)
    present = sum(c.present for c in by_category if c.counts_for_quorum)
    return QuorumStatus(
        present=present,
        required=quorum_required(rules, quorum_seats),
        quorum_seats=quorum_seats,
        rule=rules.quorum_kind,
        by_category=by_category,
    )
