"""Importing an open-data document into this instance: all of it, or nothing.

Every problem is found before anything is written (schema version, JSON Schema, broken
references, dates, clashes with what exists here), so a refused import lists all of them
at once and leaves the database as it was.

The package, by step: `limits` (the limits, `ImportRefused`, `ImportResult`), `reading`
(`document_load`), `checks` (`document_problems`), `importer` (writing a checked document)
and `importing` (`assembly_import`, the service). Every public name is importable from
`assemblea.opendata.services`.
"""

from assemblea.opendata.services.checks import document_problems
from assemblea.opendata.services.importer import _Importer
from assemblea.opendata.services.importing import assembly_import
from assemblea.opendata.services.limits import (
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_PEOPLE,
    MAX_PROBLEMS,
    MAX_ROWS,
    ImportRefused,
    ImportResult,
    document_size_check,
)
from assemblea.opendata.services.reading import document_load

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_PEOPLE",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "ImportRefused",
    "ImportResult",
    "_Importer",
    "assembly_import",
    "document_load",
    "document_problems",
    "document_size_check",
]
