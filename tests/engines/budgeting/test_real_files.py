"""The real pabulib elections in ../shared/data/pb: the cities' greedy results, and pabutools."""

from __future__ import annotations

from pathlib import Path

import pytest

from assemblea.engines.budgeting.formats import read_pb
from assemblea.engines.budgeting.model import Election
from assemblea.engines.budgeting.rules import equal_shares, greedy

DATA = Path(__file__).resolve().parents[3] / "../shared/data/pb"
FILES = sorted(DATA.glob("*.pb")) if DATA.is_dir() else []
SMALL = ["Poland_Swiecie_2023", "Poland_Warszawa_2023_Praga-Polnoc"]

pytestmark = pytest.mark.skipif(not FILES, reason=f"no pabulib files in {DATA}")


def load(name: str) -> Election:
    return read_pb(DATA / f"{name}.pb")[0]


def city_greedy(election: Election) -> list[str]:
    """The city's own rule: by points (votes for approval), threshold and no-skip from META."""
    rule = election.meta.get("rule", "")
    threshold = int(election.meta.get("min_project_score_threshold", 0))
    return greedy(
        election,
        by="points",
        threshold=threshold if rule == "greedy-threshold" else 0,
        skip=rule != "greedy-no-skip",
    ).funded


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_all_files_import_and_greedy_matches_the_city(path: Path) -> None:
    election, problems = read_pb(path)
    assert problems == []
    selected = {p.id for p in election.projects.values() if p.selected}
    if not election.meta.get("rule", "").startswith("greedy") or not selected:
        pytest.skip("the city did not count by greedy, or the file has no selected column")
    assert set(city_greedy(election)) == selected


def test_swiecie_equal_shares_add_one_matches_the_city() -> None:
    election = load("Poland_Swiecie_2023")
    assert election.meta["rule"] == "equalshares/add1"
    outcome = equal_shares(election, completion="add-one")
    assert set(outcome.funded) == {p.id for p in election.projects.values() if p.selected}


@pytest.mark.parametrize("name", SMALL)
def test_same_projects_as_pabutools(name: str) -> None:
    pytest.importorskip("pabutools")
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = parse_pabulib(str(DATA / f"{name}.pb"))
    election = load(name)
    peer_greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert set(greedy(election).funded) == {p.name for p in peer_greedy}
    peer_mes = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    assert set(equal_shares(election).funded) == {p.name for p in peer_mes}


def test_swiecie_add_one_by_bisection_equals_trying_every_increment() -> None:
    election = load("Poland_Swiecie_2023")
    quick = equal_shares(election, completion="add-one", scan_runs=10)
    every = equal_shares(election, completion="add-one")  # 205 runs, within SCAN_WORK
    assert every.search == "every increment" and quick.search == "bisection"
    assert quick.funded == every.funded
    assert quick.per_voter_budget == every.per_voter_budget


def test_toulouse_near_ties_are_decided_as_the_exact_run_decides() -> None:
    """Toulouse has projects with exactly equal ρ (e.g. 1/69 and 1/69): the float run decides
    them exactly in place, and its choices are those of the run done wholly in fractions."""
    from fractions import Fraction

    from assemblea.engines.budgeting.exact import run_exact
    from assemblea.engines.budgeting.mes import Table, run

    election = load("France_Toulouse_2024")
    table = Table.build(
        election.groups(), {p.id: p.cost for p in election.projects.values()}, "cost"
    )
    share = Fraction(election.budget, election.groups().voters) + 100
    fast = run(table, share, track=False)
    assert fast.exact  # a near tie was met and decided exactly
    assert fast.funded == run_exact(table, share).funded
