"""Typed errors of the sortition engine: each names the file, line and column when it can.

Every error carries a `code` (snake_case, stable) and `params` (the values its message
names), so a program can say it in its own words and language; `str(error)` stays the
English sentence the command line prints. A raise site that gives no code gets its class's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class SortitionError(Exception):
    """Base class: every error the engine raises on purpose is a subclass."""

    code: str = "sortition_error"
    params: dict[str, Any]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        if "params" not in self.__dict__:  # a dataclass subclass has set its own already
            self.params = {"detail": str(self)}


@dataclass
class InputError(SortitionError):
    """Bad input: a message an organizer can act on, with where it was found.

    `line` is 1-based and counts the header as line 1, as a spreadsheet shows it.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    code: str = "input"
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def where(self) -> dict[str, Any]:
        """File, line and column, as parameters for a message of one's own."""
        return {"file": self.file, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class QuotaChange:
    """One quota to relax: new bounds for (category, value)."""

    category: str
    value: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int

    def describe(self) -> str:
        parts = []
        if self.new_min != self.old_min:
            parts.append(f"lower the minimum from {self.old_min} to {self.new_min}")
        if self.new_max != self.old_max:
            parts.append(f"raise the maximum from {self.old_max} to {self.new_max}")
        return f"{self.category} = {self.value}: " + " and ".join(parts)


@dataclass
class InfeasibleQuotasError(SortitionError):
    """No panel of the requested size meets every quota (and household rule)."""

    reasons: list[str]
    relaxation: list[QuotaChange] = field(default_factory=list)
    code = "infeasible_quotas"

    def __post_init__(self) -> None:
        super().__init__(str(self))
        self.params = {
            "reasons": list(self.reasons),
            "relaxation": [asdict(change) for change in self.relaxation],
        }

    def __str__(self) -> str:
        lines = ["No panel can meet these quotas."]
        lines += [f"  - {reason}" for reason in self.reasons]
        if self.relaxation:
            lines.append("Smallest change to the quotas that makes a panel possible:")
            lines += [f"  - {change.describe()}" for change in self.relaxation]
        else:
            lines.append("No change of quotas alone makes a panel possible.")
        return "\n".join(lines)


class SolverError(SortitionError):
    """The LP/ILP solver returned an unexpected status."""

    code = "solver_error"


class SelectionCancelled(SortitionError):
    """The run was cancelled: its `should_stop()` returned True (checked between solves).

    Nothing is drawn and nothing is written; the same run can simply be started again."""

    code = "cancelled"

    def __init__(self, message: str = "the selection was cancelled") -> None:
        super().__init__(message)
