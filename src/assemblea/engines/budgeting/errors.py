"""What is wrong with a `.pb` file: `Problem` (a line and what to fix) and `PbError`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: 1-based line as an editor shows it, and what to fix."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class PbError(Exception):
    """The file has problems and the caller did not accept them (or they are fatal)."""

    def __init__(self, problems: list[Problem], file: str = "<pb>") -> None:
        self.problems = problems
        self.file = file
        super().__init__("\n".join(f"{file}, {p}" for p in problems))


def whole_number(raw: str) -> int | None:
    """`'1500'` or `'1500.0'` → 1500; anything else (text, 12.5, empty) → None."""
    try:
        number = float(raw)
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)
