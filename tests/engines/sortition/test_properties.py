"""Property tests: against brute force on pools small enough to enumerate every panel."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from assemblea.engines.sortition import (
    InfeasibleQuotasError,
    build_problem,
    check_feasibility,
    find_distribution,
    load_inputs,
)
from assemblea.engines.sortition.lottery import build_lottery

VALUES = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}


@st.composite
def instances(draw: st.DrawFn) -> tuple[str, str, int, bool]:
    n = draw(st.integers(1, 9))
    seats = draw(st.integers(1, n))
    a_values, b_values = st.sampled_from(VALUES["a"]), st.sampled_from(VALUES["b"])
    people = [(draw(a_values), draw(b_values), draw(st.integers(0, 4))) for _ in range(n)]
    quotas = []
    for category, values in VALUES.items():
        for value in values:
            low = draw(st.integers(0, seats))
            high = draw(st.integers(low, seats))
            quotas.append(f"{category},{value},{low},{high}")
    households = draw(st.booleans())
    features = "feature,value,min,max\n" + "\n".join(quotas) + "\n"
    rows = "\n".join(f"p{i},{a},{b},{h}" for i, (a, b, h) in enumerate(people))
    return features, "id,a,b,home\n" + rows + "\n", seats, households


def brute_force(inputs: object, seats: int, households: bool) -> list[tuple[int, ...]]:
    pool = inputs.pool  # type: ignore[attr-defined]
    quotas = inputs.quotas.quotas  # type: ignore[attr-defined]
    column = {c: i for i, c in enumerate(pool.categories)}
    valid = []
    for panel in itertools.combinations(range(len(pool)), seats):
        if households and len({pool.households[i] for i in panel}) < seats:
            continue
        ok = all(
            q.min <= sum(pool.profiles[i][column[q.category]] == q.value for i in panel) <= q.max
            for q in quotas
        )
        if ok:
            valid.append(panel)
    return valid


def maximin_value(valid: list[tuple[int, ...]], n: int) -> float:
    # max z s.t. sum_P lambda_P [i in P] >= z, sum lambda = 1
    m = len(valid)
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.zeros((n, m + 1))
    for j, panel in enumerate(valid):
        a_ub[list(panel), j] = -1.0
    a_ub[:, -1] = 1.0
    a_eq = np.ones((1, m + 1))
    a_eq[0, -1] = 0.0
    result = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=[1.0], bounds=(0, None))
    return float(-result.fun)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(instances())
def test_against_brute_force(tmp_path: Path, instance: tuple[str, str, int, bool]) -> None:
    features, people, seats, households = instance
    (tmp_path / "f.csv").write_text(features, encoding="utf-8")
    (tmp_path / "p.csv").write_text(people, encoding="utf-8")
    address = ("home",) if households else ()
    inputs = load_inputs(str(tmp_path / "f.csv"), str(tmp_path / "p.csv"), seats, "id", address)
    problem = build_problem(inputs.pool, inputs.quotas, seats)
    valid = brute_force(inputs, seats, households)
    if not valid:
        with pytest.raises(InfeasibleQuotasError):
            check_feasibility(problem)
        return
    check_feasibility(problem)
    dist = find_distribution(problem)
    probabilities = dist.person_probabilities()
    assert probabilities.sum() == pytest.approx(seats, abs=1e-6)
    assert dist.min_probability == pytest.approx(maximin_value(valid, len(inputs.pool)), abs=1e-6)
    valid_sets = {frozenset(panel) for panel in valid}
    lottery = build_lottery(dist, inputs.pool.ids, 20)
    position = {pid: i for i, pid in enumerate(inputs.pool.ids)}
    for panel in lottery.panels:
        assert frozenset(position[p] for p in panel) in valid_sets


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 60), st.data())
def test_interchangeable_pool_gets_k_over_n(n: int, data: st.DataObject) -> None:
    from assemblea.engines.sortition.io import Pool, Quota, QuotaSet

    seats = data.draw(st.integers(1, n))
    quotas = QuotaSet([Quota("all", "x", 0, seats)])
    ids = [str(i) for i in range(n)]
    pool = Pool(ids, ["id", "all"], [[i, "x"] for i in ids], [("x",)] * n, ["all"], "id")
    problem = build_problem(pool, quotas, seats)
    for algorithm in ("leximin", "maximin", "nash", "goldilocks"):
        probabilities = find_distribution(problem, algorithm).person_probabilities()
        assert np.allclose(probabilities, seats / n, atol=1e-7)


@pytest.mark.parametrize("algorithm", ["maximin", "nash", "goldilocks", "legacy"])
def test_other_methods_valid(algorithm: str) -> None:
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "sortition"
    inputs = load_inputs(
        str(fixtures / "features.csv"), str(fixtures / "people.csv"), 7, "person_id"
    )
    problem = build_problem(inputs.pool, inputs.quotas, 7)
    dist = find_distribution(problem, algorithm)
    assert all(problem.is_valid_panel(x) for x in dist.panels)
    assert dist.person_probabilities().sum() == pytest.approx(7, abs=1e-6)
    leximin = find_distribution(problem, "leximin")
    if algorithm == "maximin":
        assert dist.min_probability == pytest.approx(leximin.min_probability, abs=1e-7)
    if algorithm in ("nash", "goldilocks"):
        p, q = dist.person_probabilities(), leximin.person_probabilities()
        if algorithm == "nash":
            assert np.log(p).sum() >= np.log(q).sum() - 1e-6
        else:
            k_n = 7 / len(p)
            assert p.max() / k_n + k_n / p.min() <= q.max() / k_n + k_n / q.min() + 1e-6
