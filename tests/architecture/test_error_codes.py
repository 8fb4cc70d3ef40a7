"""Every refusal carries a code: a `ValidationError` built from a message (not one that
wraps other errors in a dict or a list) names its `code=`, so JSON answers, the API and the
tests use codes, never English sentences."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "assemblea"


def _is_wrapper(call: ast.Call) -> bool:
    """A ValidationError that only gathers other, already coded, errors."""
    if not call.args:
        return False
    first = call.args[0]
    return isinstance(first, ast.Dict | ast.List | ast.ListComp | ast.Name | ast.Attribute)


def uncoded(root: Path = SOURCE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = getattr(function, "id", None) or getattr(function, "attr", None)
            if name != "ValidationError" or _is_wrapper(node):
                continue
            if not any(keyword.arg == "code" for keyword in node.keywords):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_every_validation_error_built_from_a_message_has_a_code() -> None:
    assert uncoded() == []


def test_the_check_finds_one_without_a_code(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "from django.core.exceptions import ValidationError\n"
        "def f():\n    raise ValidationError('No.')\n"
        "def g():\n    raise ValidationError({'x': ValidationError('No.', code='no')})\n",
        encoding="utf-8",
    )
    assert uncoded(tmp_path) == ["bad.py:3"]
