"""Shared paths for the sortition tests (as fixtures: test modules cannot import conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures" / "sortition"
SHARED = REPO.parent / "shared" / "data" / "sortition"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared() -> Callable[[str], Path]:
    """A directory of ../shared/data/sortition, or skip the test when it is not there."""

    def find(name: str) -> Path:
        path = SHARED / name
        if not path.is_dir():
            pytest.skip(f"shared data not available: {path}")
        return path

    return find
