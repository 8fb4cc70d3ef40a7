"""Typed errors of the voting engine: each names the file and line when it can."""

from __future__ import annotations

from dataclasses import dataclass


class VotingError(Exception):
    """Base class: every error the engine raises on purpose is a subclass."""


@dataclass
class InputError(VotingError):
    """Bad input (a ballot file, a vote, a rule): a message a returning officer can act on.

    `line` is 1-based, as an editor shows it.
    """

    message: str
    file: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
