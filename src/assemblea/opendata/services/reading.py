"""Reading an uploaded file into a document: UTF-8 JSON, one object, within the limits."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from assemblea.opendata.services.limits import (
    MAX_DEPTH,
    MAX_PROBLEMS,
    ImportRefused,
    _limits_text,
    _path,
    document_size_check,
)


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def document_load(raw: bytes | str) -> dict[str, Any]:
    """Parse uploaded bytes; a file that is not a JSON object within the limits is refused
    with a reason."""
    document_size_check(len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        document = json.loads(text, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise ImportRefused(
            [_("The file is not UTF-8 text. Export it again as JSON.")], code="not_utf8"
        ) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ],
            code="not_json",
        ) from None
    except RecursionError:
        raise ImportRefused(
            [
                _("The file's JSON is nested too deeply to be an open-data document."),
                _limits_text(),
            ],
            code="nested_too_deep",
        ) from None
    except ValueError:  # NaN, Infinity, or a number of thousands of digits
        raise ImportRefused(
            [
                _(
                    "The file holds a number that JSON for open data cannot hold (NaN, Infinity, "
                    "or thousands of digits)."
                )
            ],
            code="number_not_json",
        ) from None
    if not isinstance(document, dict):
        raise ImportRefused(
            [_("The file must hold one JSON object, an assembly's document.")],
            code="not_an_object",
        )
    problems = _shape_problems(document)
    if problems:
        raise ImportRefused(problems, code="document_shape")
    return document


def _shape_problems(document: Any) -> list[str]:
    """Nesting deeper than MAX_DEPTH, and text no database can store (NUL characters,
    unpaired surrogates), found without recursion."""
    problems: list[str] = []
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(document, 1, ())]
    deep = False
    while stack and len(problems) < MAX_PROBLEMS:
        value, depth, where = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                if not deep:
                    problems.append(
                        _("%(where)s: nested more than %(depth)s levels deep.")
                        % {"where": _path(where), "depth": MAX_DEPTH}
                    )
                    deep = True
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and not _storable(key):
                    problems.append(_unstorable(where))
                stack.append((item, depth + 1, (*where, key)))
        elif isinstance(value, str) and not _storable(value):
            problems.append(_unstorable(where))
    if deep:
        problems.append(_limits_text())
    return problems


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable(where: tuple[Any, ...]) -> str:
    return _(
        "%(where)s: the text holds a character that cannot be stored (a NUL or a broken "
        "surrogate pair)."
    ) % {"where": _path(where)}
