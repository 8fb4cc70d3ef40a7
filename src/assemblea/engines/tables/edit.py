"""Facilitators' changes to a plan: swap two people or move one; quality is re-evaluated."""

from __future__ import annotations

from .errors import PlanError
from .model import Plan


def swap(plan: Plan, session: int, a: str, b: str) -> Plan:
    """A new plan in which members `a` and `b` trade seats in `session` (0-based)."""
    _check_session(plan, session)
    table_a, table_b = _seated(plan, session, a), _seated(plan, session, b)
    tables = [list(seated) for seated in plan.sessions[session]]
    position_a, position_b = tables[table_a].index(a), tables[table_b].index(b)
    tables[table_a][position_a], tables[table_b][position_b] = b, a
    return _replace(plan, session, tables)


def move(plan: Plan, session: int, member: str, table: int) -> Plan:
    """A new plan in which `member` sits at `table` in `session` (table sizes may then differ
    by more than one: the facilitator decides)."""
    _check_session(plan, session)
    if not 0 <= table < len(plan.sessions[session]):
        raise PlanError(
            f"session {session + 1} has tables 1 to {len(plan.sessions[session])}, not {table + 1}"
        )
    current = _seated(plan, session, member)
    tables = [list(seated) for seated in plan.sessions[session]]
    tables[current].remove(member)
    tables[table].append(member)
    return _replace(plan, session, tables)


def _check_session(plan: Plan, session: int) -> None:
    if not 0 <= session < len(plan.sessions):
        raise PlanError(f"the plan has sessions 1 to {len(plan.sessions)}, not {session + 1}")


def _seated(plan: Plan, session: int, member: str) -> int:
    table = plan.table_of(session, member)
    if table is None:
        raise PlanError(f"member {member!r} is not seated in session {session + 1}")
    return table


def _replace(plan: Plan, session: int, tables: list[list[str]]) -> Plan:
    sessions = list(plan.sessions)
    sessions[session] = tuple(tuple(seated) for seated in tables)
    return Plan(tuple(sessions), plan.categories, plan.method, plan.seed)
