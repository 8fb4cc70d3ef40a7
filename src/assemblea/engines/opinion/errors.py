"""Errors of the opinion engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .formats import ImportReport


class OpinionError(Exception):
    """Base error of the opinion engine."""


class InputError(OpinionError):
    """A Polis export with problems; `report` holds counts and examples of each."""

    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.report = report
