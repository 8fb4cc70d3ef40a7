"""Fixtures for the voting engine's tests: the real ballots in ../shared/data/ballots.

The data folder sits next to the repository (``<repo>/../shared/data/ballots``); tests that
need it skip cleanly when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT.parent / "shared" / "data" / "ballots"
FIXTURES = ROOT / "tests" / "fixtures" / "voting"
WARDS = sorted((DATA / "scotland").glob("*.blt")) if DATA.is_dir() else []
PREFLIB = sorted((DATA / "preflib").glob("*.soi")) if DATA.is_dir() else []

# Winners the peer libraries computed (shared/research/deliberation_baseline.md, section 3.2).
BASELINE_STV = {
    "shetland_2022_ward3": [1, 4],
    "glasgow_2012_ward5": [1, 5, 9, 13],
    "north_ayrshire_2022_north_coast": [1, 2, 4, 7, 10],
    "edinburgh_2017_ward1": [2, 4, 9, 10],
}


def _params(paths: list[Path]) -> list[object]:
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no ballot data at {DATA}"))]
    return [pytest.param(p, id=p.stem) for p in paths]


@pytest.fixture(params=_params(WARDS))
def ward(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture(params=_params(WARDS + PREFLIB))
def ranked_file(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def baseline_stv() -> dict[str, list[int]]:
    return BASELINE_STV
