"""Writes: seating the members present at small tables, swaps, pins, table facilitators."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assemblea.assemblies.models import SeatHolder
from assemblea.core.events import assembly_event_record
from assemblea.deliberation import events, selectors
from assemblea.deliberation.models import (
    Session,
    SessionStatus,
    SmallTable,
    TableSeat,
)
from assemblea.deliberation.permissions import DeliberationAction, require
from assemblea.deliberation.services._base import _locked_session
from assemblea.engines import tables as tables_engine


@transaction.atomic
def tables_assign(*, actor: Any, session: Session, seed: int | str = 0) -> list[SmallTable]:
    """Seat the members present at tables of the room's sizes, each table mirroring the
    room's mix, with as few people meeting again as possible given earlier sessions' tables.
    Pinned members keep their table."""
    require(actor, DeliberationAction.CHAIR, session.assembly)
    session = _locked_session(session)
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is closed."), code="session_closed")
    rules = selectors.room_rules_of(session.assembly_id)
    refusal = selectors.table_refusal(session, rules)
    if refusal is not None:
        raise refusal
    pins = dict(
        TableSeat.objects.filter(session=session, pinned=True).values_list(
            "seat_id", "table__number"
        )
    )
    problem_input = selectors.table_problem_input(session, rules)
    last = len(problem_input.keep)
    try:
        plan = tables_engine.allocate(
            problem_input.members,
            problem_input.categories,
            sessions=last + 1,
            table_size=(rules.table_size_min, rules.table_size_max),
            absent={**problem_input.absent, last: problem_input.absent_now},
            pinned_by_session={last: {str(seat): number - 1 for seat, number in pins.items()}},
            keep=problem_input.keep,
            seed=seed,
            effort=0.5,
        )
    except tables_engine.TablesError as error:
        raise ValidationError(
            _("The tables cannot be set: %(reason)s."),
            code="tables_impossible",
            params={"reason": str(error)},
        ) from error
    session.tables.all().delete()
    created = []
    for number, seated in enumerate(plan.sessions[last], start=1):
        table = SmallTable.objects.create(session=session, number=number)
        TableSeat.objects.bulk_create(
            TableSeat(table=table, session=session, seat_id=int(member), pinned=int(member) in pins)
            for member in seated
        )
        created.append(table)
    assembly_event_record(
        assembly=session.assembly,
        verb=events.TABLES_ASSIGNED,
        actor=actor,
        data={
            "members": sum(len(seated) for seated in plan.sessions[last]),
            "tables": len(created),
        },
    )
    return created


def _table_seat(session: Session, seat: SeatHolder) -> TableSeat:
    found = TableSeat.objects.select_related("table").filter(session=session, seat=seat).first()
    if found is None:
        raise ValidationError(
            _("%(name)s has no table in this session."), code="no_table", params={"name": seat.name}
        )
    return found


@transaction.atomic
def tables_swap(*, actor: Any, session: Session, seat_a: SeatHolder, seat_b: SeatHolder) -> None:
    require(actor, DeliberationAction.CHAIR, session.assembly)
    _locked_session(session)
    a, b = _table_seat(session, seat_a), _table_seat(session, seat_b)
    if a.table_id == b.table_id:
        raise ValidationError(
            _("These two members already sit at the same table."), code="same_table"
        )
    if a.pinned or b.pinned:
        raise ValidationError(_("Unpin a member before moving them."), code="seat_pinned")
    a.table, b.table = b.table, a.table
    a.save(update_fields=["table"])
    b.save(update_fields=["table"])
    assembly_event_record(
        assembly=session.assembly, verb=events.TABLES_SWAPPED, actor=actor, public=False
    )


@transaction.atomic
def table_pin(*, actor: Any, session: Session, seat: SeatHolder, pinned: bool) -> TableSeat:
    """Pin a member to their table, e.g. a member who needs the step-free table."""
    require(actor, DeliberationAction.CHAIR, session.assembly)
    found = _table_seat(session, seat)
    found.pinned = pinned
    found.save(update_fields=["pinned"])
    assembly_event_record(
        assembly=session.assembly, verb=events.TABLE_PINNED, actor=actor, public=False
    )
    return found


@transaction.atomic
def table_facilitator_set(*, actor: Any, table: SmallTable, facilitator: Any = None) -> SmallTable:
    """Give a table its facilitator: someone with the facilitator or organizer role."""
    assembly = table.session.assembly
    require(actor, DeliberationAction.CHAIR, assembly)
    if facilitator is not None and facilitator not in selectors.table_facilitators(assembly):
        raise ValidationError(
            _("%(name)s is not a facilitator of this assembly: give them the role first."),
            code="not_a_facilitator",
            params={"name": facilitator},
        )
    table.facilitator = facilitator
    table.save(update_fields=["facilitator"])
    assembly_event_record(
        assembly=assembly,
        verb=events.TABLE_FACILITATOR,
        actor=actor,
        data={"number": table.number},
        public=False,
    )
    return table
