"""Small tables: seat an assembly's members at tables, session by session (no Django import).

Every table mirrors the room's mix on the chosen categories, and across sessions members meet
as many different people as possible. Library use::

    from assemblea.engines.tables import Member, allocate, quality, swap

    members = [Member("m1", {"gender": "woman", "age": "30-44"}), ...]
    plan = allocate(members, ["gender", "age"], sessions=8, tables=12, seed=7)
    print(quality(plan, members).summary())
    plan = swap(plan, session=0, a="m1", b="m9")

See docs/tables.md for the method and the quality measures.
"""

from __future__ import annotations

from .edit import move, swap
from .errors import (
    CategoryError,
    DuplicateIdError,
    PinError,
    PlanError,
    TableCountError,
    TablesError,
)
from .model import Member, Plan, Session, choose_table_count
from .quality import Quality, quality
from .solver import METHODS, allocate

__all__ = [
    "METHODS",
    "CategoryError",
    "DuplicateIdError",
    "Member",
    "PinError",
    "Plan",
    "PlanError",
    "Quality",
    "Session",
    "TableCountError",
    "TablesError",
    "allocate",
    "choose_table_count",
    "move",
    "quality",
    "swap",
]
