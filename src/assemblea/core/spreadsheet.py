"""CSV files that are safe to open in a spreadsheet.

A cell typed by anyone (a registration form, a public comment) that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google
Sheets (`=HYPERLINK(...)` leaks data or phishes). OWASP's advice: prefix such cells with a
single quote, so they are shown as typed and never evaluated. Every CSV that a person
downloads is written through `csv_writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def cell_safe(value: object) -> object:
    """`value` as it may go into a cell: text that a spreadsheet would run gets a leading `'`.

    Numbers stay numbers (a negative amount is not a formula)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """`csv.writer` whose every cell goes through `cell_safe`."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([cell_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable, **options: Any) -> SafeCsvWriter:
    """A CSV writer for files that people download."""
    return SafeCsvWriter(out, **options)
