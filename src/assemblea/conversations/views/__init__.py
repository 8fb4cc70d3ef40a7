"""Thin views of the conversations: parse, call one selector or service, render."""

from assemblea.conversations.views.manage import (
    export,
    import_polis,
    moderate,
    report_pdf,
    send,
    start,
    translate,
)
from assemblea.conversations.views.pages import add, detail, index, map_page, statement, vote

__all__ = [
    "add",
    "detail",
    "export",
    "import_polis",
    "index",
    "map_page",
    "moderate",
    "report_pdf",
    "send",
    "start",
    "statement",
    "translate",
    "vote",
]
