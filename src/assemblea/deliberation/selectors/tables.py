"""Reads: the small tables, what the table engine needs and how the tables mix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from assemblea.assemblies.models import Assembly, AssemblyRoleName, SeatHolder
from assemblea.deliberation.models import (
    RoomRules,
    Session,
    SmallTable,
    TableSeat,
)
from assemblea.deliberation.selectors.quorum import room_rules_of
from assemblea.deliberation.selectors.sessions import _values, present_seats
from assemblea.engines.tables import Member as TableMember
from assemblea.engines.tables import Plan as TablePlan
from assemblea.engines.tables import Quality, TablesError, choose_table_count
from assemblea.engines.tables import Session as TableSession
from assemblea.engines.tables import quality as table_quality


@dataclass(frozen=True)
class TableInput:
    """What the tables engine needs: members and categories, earlier sessions' tables (kept),
    who was absent from each, and who is absent now."""

    members: list[TableMember]
    categories: list[str]
    keep: list[TableSession]
    absent: dict[int, set[str]]
    absent_now: set[str]


def table_refusal(session: Session, rules: RoomRules) -> ValidationError | None:
    """Why tables cannot be set now (a refusal with its code), or None."""
    present = present_seats(session).count()
    if present == 0:
        return ValidationError(
            _("Nobody is checked in yet: tables are set for the members present."),
            code="nobody_present",
        )
    try:
        choose_table_count(present, (rules.table_size_min, rules.table_size_max))
    except TablesError:
        return ValidationError(
            _(
                "%(present)s members are present: they cannot sit at tables of %(low)s to "
                "%(high)s people. Change the table sizes in the room rules."
            ),
            code="table_sizes_impossible",
            params={"present": present, "low": rules.table_size_min, "high": rules.table_size_max},
        )
    return None


def table_problem(session: Session, rules: RoomRules) -> str | None:
    """Why tables cannot be set now, in words, or None."""
    refusal = table_refusal(session, rules)
    return refusal.messages[0] if refusal is not None else None


def table_problem_input(session: Session, rules: RoomRules) -> TableInput:
    earlier = list(
        Session.objects.filter(assembly_id=session.assembly_id, tables__isnull=False)
        .exclude(pk=session.pk)
        .filter(starts_at__lte=session.starts_at)
        .distinct()
        .order_by("starts_at", "pk")
    )
    keep: list[TableSession] = []
    seated_ids: set[int] = set()
    for held in earlier:
        tables: dict[int, list[str]] = {}
        for number, seat_id in TableSeat.objects.filter(session=held).values_list(
            "table__number", "seat_id"
        ):
            tables.setdefault(number, []).append(str(seat_id))
            seated_ids.add(seat_id)
        keep.append(tuple(tuple(tables[number]) for number in sorted(tables)))
    now = {seat.pk for seat in present_seats(session)}
    seats = list(SeatHolder.objects.filter(pk__in=seated_ids | now).select_related("category"))
    values = _values(seats)
    categories = list(rules.table_categories) or sorted({c for v in values.values() for c in v})
    members = _table_members(seats, categories or [_("seat")])
    ids = {member.id for member in members}
    absent = {
        index: ids - {member for table in held for member in table}
        for index, held in enumerate(keep)
    }
    return TableInput(
        members, categories or [_("seat")], keep, absent, ids - {str(pk) for pk in now}
    )


def _table_members(seats: list[SeatHolder], categories: list[str]) -> list[TableMember]:
    """Members as the tables engine takes them: a value for every category (the seat
    category under "seat"; "not given" where a member shared nothing)."""
    values = _values(seats)
    seat_label, not_given = _("seat"), _("not given")
    return [
        TableMember(
            str(seat.pk),
            {
                category: (
                    seat.category.name
                    if category == seat_label
                    else values[str(seat.pk)].get(category, "") or not_given
                )
                for category in categories
            },
        )
        for seat in seats
    ]


@dataclass(frozen=True)
class TableView:
    table: SmallTable
    seats: list[TableSeat]
    deviation: float | None


@dataclass(frozen=True)
class TablesView:
    tables: list[TableView]
    quality: Quality | None


def tables_of(session: Session) -> TablesView:
    """The session's tables with who sits where and the quality figures (this session's
    tables against its room; repeated pairs over all sessions so far)."""
    tables = list(
        session.tables.prefetch_related(
            Prefetch(
                "seats", queryset=TableSeat.objects.select_related("seat").order_by("seat__name")
            )
        ).select_related("facilitator")
    )
    if not tables:
        return TablesView([], None)
    rules = room_rules_of(session.assembly_id)
    problem = table_problem_input(session, rules)
    current = tuple(tuple(str(seat.seat_id) for seat in table.seats.all()) for table in tables)
    ids = {member for table in current for member in table}
    known = {member.id for member in problem.members}
    members = list(problem.members)
    extra = ids - known
    if extra:
        # Seated earlier in this session but no longer present: evaluate them too.
        gone = list(
            SeatHolder.objects.filter(pk__in=[int(i) for i in extra]).select_related("category")
        )
        members += _table_members(gone, problem.categories)
    plan = TablePlan((*problem.keep, current), tuple(problem.categories))
    try:
        figures: Quality | None = table_quality(plan, members)
    except TablesError:
        figures = None
    deviations = figures.table_deviation[-1] if figures else ()
    return TablesView(
        [
            TableView(table, list(table.seats.all()), deviations[i] if figures else None)
            for i, table in enumerate(tables)
        ],
        figures,
    )


def table_facilitators(assembly: Assembly) -> QuerySet[Any]:
    """People who may facilitate a table: the assembly's facilitators and organizers."""
    return (
        get_user_model()
        .objects.filter(
            assembly_roles__assembly=assembly,
            assembly_roles__role__in=[AssemblyRoleName.FACILITATOR, AssemblyRoleName.ORGANIZER],
        )
        .distinct()
        .order_by("display_name", "username")
    )


def table_of(session: Session, seat: SeatHolder | None) -> TableView | None:
    if seat is None:
        return None
    found = (
        TableSeat.objects.filter(session=session, seat=seat)
        .select_related("table__facilitator")
        .first()
    )
    if found is None:
        return None
    table = found.table
    return TableView(table, list(table.seats.select_related("seat").order_by("seat__name")), None)
