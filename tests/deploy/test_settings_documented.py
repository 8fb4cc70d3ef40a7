"""Every environment variable the settings read is in docs/deploy.md's table (and README's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ["src/assemblea/config/settings.py", "src/assemblea/config/server.py"]


def _variables() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        found |= set(
            re.findall(r'"((?:ASSEMBLEA_[A-Z_]+)|DATABASE_URL)"', (REPO / source).read_text())
        )
    return found


def _documented(name: str, doc: str) -> bool:
    if f"`{name}`" in doc:
        return True
    # A row like "`ASSEMBLEA_EMAIL_HOST` / `_PORT` / `_USER`".
    parts = name.split("_")
    for cut in range(2, len(parts)):
        prefix, tail = "_".join(parts[:cut]), "_".join(parts[cut:])
        if f"`_{tail}`" in doc and re.search(rf"`{prefix}(_[A-Z_]+)?`[^\n]*`_{tail}`", doc):
            return True
    return False


@pytest.mark.parametrize("document", ["docs/deploy.md", "README.md"])
def test_every_setting_is_documented(document: str) -> None:
    doc = (REPO / document).read_text()
    variables = _variables()
    assert {"ASSEMBLEA_TIME_ZONE", "ASSEMBLEA_LOG_LEVEL", "ASSEMBLEA_STATIC_ROOT"} <= variables
    missing = sorted(name for name in variables if not _documented(name, doc))
    assert not missing, f"{document} does not document {missing}"
