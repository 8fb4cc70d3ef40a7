"""The limits of one import, and how an import is refused or reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assemblea.assemblies.models import (
    Assembly,
)

MAX_PROBLEMS = 100
# The limits of one import (a refusal states them all).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PEOPLE = 2_000
MAX_DEPTH = 32


class ImportRefused(ValidationError):
    """The document cannot be imported; ``problems`` says everything that must be fixed,
    ``code`` why (each problem in ``error_list`` carries it too): `file_too_large`,
    `not_utf8`, `not_json`, `nested_too_deep`, `number_not_json`, `not_an_object`,
    `document_shape` (nested too deep or holding text no database stores: all refused on
    reading), `importer_not_allowed`,
    `document_problems` (the checks of `document_problems`) or `rows_clash` (the database
    refused a row). The problems are sentences already filled in, so they carry no
    ``params``."""

    def __init__(self, problems: list[str], *, code: str) -> None:
        super().__init__([ValidationError(problem, code=code) for problem in problems])
        self.problems = problems
        self.code = code


@dataclass
class ImportResult:
    assembly: Assembly
    counts: dict[str, int] = field(default_factory=dict)
    reused_organizations: list[str] = field(default_factory=list)
    created_organizations: list[str] = field(default_factory=list)


def _limits_text() -> str:
    return _(
        "An import takes at most %(bytes)s MB, %(rows)s rows per collection, %(people)s named "
        "people (each becomes an account) and JSON nested %(depth)s levels deep."
    ) % {
        "bytes": MAX_DOCUMENT_BYTES // (1024 * 1024),
        "rows": MAX_ROWS,
        "people": MAX_PEOPLE,
        "depth": MAX_DEPTH,
    }


def document_size_check(size: int) -> None:
    """Refuse a file of more than MAX_DOCUMENT_BYTES before reading it."""
    if size > MAX_DOCUMENT_BYTES:
        raise ImportRefused(
            [
                _("The file has %(size)s MB: it is too large.")
                % {"size": round(size / (1024 * 1024), 1)},
                _limits_text(),
            ],
            code="file_too_large",
        )


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("the document")
