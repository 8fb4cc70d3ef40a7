"""The size rules of the house: no module over 600 lines, no function over 80.

Migrations and declared data tables are exempt. Run as a script to list what is over:
`python tests/architecture/test_code_shape.py [src/assemblea/<app>]`.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "assemblea"
MODULE_LINES = 600
FUNCTION_LINES = 80
# Modules that are data, not logic: a table read top to bottom.
DATA_TABLES = {"opendata/tables.py", "assemblies/kinds.py"}


def _modules(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in f"/{relative}" or relative in DATA_TABLES:
            continue
        yield path


def oversized(root: Path = SOURCE) -> list[str]:
    """Each module over the line limit and each function over its limit, as a line of text."""
    found: list[str] = []
    for path in _modules(root):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(root).as_posix()
        lines = text.count("\n") + 1
        if lines > MODULE_LINES:
            found.append(f"{relative}: {lines} lines (limit {MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    found.append(
                        f"{relative}:{node.lineno} {node.name}: {length} lines "
                        f"(limit {FUNCTION_LINES})"
                    )
    return found


def test_no_module_or_function_is_over_the_limits() -> None:
    assert oversized() == []


def test_the_check_sees_an_oversized_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    (tmp_path / "big.py").write_text(f"def big():\n{body}\n", encoding="utf-8")
    assert [line.split(":")[0] for line in oversized(tmp_path)] == ["big.py"]


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else SOURCE
    print("\n".join(oversized(target)) or "all within the limits")
