"""Sortition engine: fair, verifiable selection of a panel from a pool (no Django import).

Library use::

    from assemblea.engines.sortition import load_inputs, select, write_selection

    inputs = load_inputs("features.csv", "people.csv", seats=30, id_column="id")
    selection = select(inputs, algorithm="leximin", seed="12 07 33 41 05")
    write_selection(selection, "out/")

See docs/sortition.md for the method, the papers and the file formats.
"""

from __future__ import annotations

from ._version import __version__
from .engine import (
    Inputs,
    Selection,
    Verification,
    build_report,
    find_distribution,
    load_inputs,
    load_report,
    select,
    verify,
    write_selection,
)
from .errors import (
    InfeasibleQuotasError,
    InputError,
    QuotaChange,
    SelectionCancelled,
    SortitionError,
)
from .feasibility import check_feasibility, smallest_relaxation
from .io import Pool, Quota, QuotaSet, load_people, load_quotas
from .lottery import Lottery, build_lottery, draw, draw_index
from .problem import Problem, build_problem
from .solver import Distribution, Progress, ProgressCallback, StopCheck, leximin, maximin

__all__ = [
    "Distribution",
    "InfeasibleQuotasError",
    "InputError",
    "Inputs",
    "Lottery",
    "Pool",
    "Problem",
    "Progress",
    "ProgressCallback",
    "Quota",
    "QuotaChange",
    "QuotaSet",
    "Selection",
    "SelectionCancelled",
    "SortitionError",
    "StopCheck",
    "Verification",
    "__version__",
    "build_lottery",
    "build_problem",
    "build_report",
    "check_feasibility",
    "draw",
    "draw_index",
    "find_distribution",
    "leximin",
    "load_inputs",
    "load_people",
    "load_quotas",
    "load_report",
    "maximin",
    "select",
    "smallest_relaxation",
    "verify",
    "write_selection",
]
