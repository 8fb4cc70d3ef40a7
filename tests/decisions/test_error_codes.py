"""Every refusal the decisions app raises carries a code (and its placeholders as params),
so the JSON answers and the tests use codes, not English sentences."""

from __future__ import annotations

import ast
from pathlib import Path

DECISIONS = Path(__file__).resolve().parents[2] / "src" / "assemblea" / "decisions"


def _uncoded(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ValidationError"):
            continue
        if any(keyword.arg == "code" for keyword in node.keywords) or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Name):  # re-raising a refusal that has its code
            continue
        if isinstance(first, ast.Dict) and all(
            isinstance(value, ast.Call | ast.Name)
            and getattr(value, "id", "") != "_"
            and getattr(getattr(value, "func", None), "id", "") in ("ValidationError", "")
            for value in first.values
        ):
            continue
        found.append(f"{path.name}:{node.lineno}")
    return found


def _formatted_before_raising(path: Path) -> list[str]:
    """`ValidationError(_("… %(x)s") % {...})`: the placeholders belong in params=."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ValidationError":
            for arg in node.args:
                if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod):
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_validation_error_in_decisions_has_a_code_and_params():
    files = [
        path
        for path in DECISIONS.rglob("*.py")
        if "migrations" not in path.parts and path.name != "demo.py"
    ]
    assert [where for path in files for where in _uncoded(path)] == []
    assert [where for path in files for where in _formatted_before_raising(path)] == []
