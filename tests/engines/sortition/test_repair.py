"""Rounding and quota repair of a fractional point of a face (repair.py), and the walk that
uses it on a pool without households."""

from __future__ import annotations

import numpy as np
import pytest

from assemblea.engines.sortition import find_distribution, solver
from assemblea.engines.sortition.io import Pool, Quota, QuotaSet
from assemblea.engines.sortition.problem import Problem, build_problem
from assemblea.engines.sortition.relaxation import (
    _rows,
    _snap,
    face_bounds,
    relaxed_leximin,
    walk_panels,
)
from assemblea.engines.sortition.repair import repair_quotas, round_to_sum


def skewed_problem(n: int = 240, seats: int = 24, seed: int = 3, slack: float = 1.0) -> Problem:
    """Three skewed categories, no households, quotas around the pool's shares."""
    rng = np.random.RandomState(seed)
    shares = {"age": [0.5, 0.3, 0.2], "region": [0.4, 0.35, 0.25], "education": [0.6, 0.4]}
    categories = list(shares)
    columns = [rng.choice(len(p), size=n, p=p) for p in shares.values()]
    profiles = [tuple(f"{c}{columns[j][i]}" for j, c in enumerate(categories)) for i in range(n)]
    quotas = []
    for category, p in shares.items():
        for value in range(len(p)):
            middle = seats * p[value]
            quotas.append(
                Quota(
                    category,
                    f"{category}{value}",
                    int(np.floor(middle * slack)),
                    int(np.ceil(middle * (2 - slack))),
                )
            )
    pool = Pool(
        ids=[f"p{i}" for i in range(n)],
        columns=["id", *categories],
        rows=[[f"p{i}", *profile] for i, profile in enumerate(profiles)],
        profiles=profiles,
        categories=categories,
        id_column="id",
    )
    return build_problem(pool, QuotaSet(quotas), seats)


def _face(problem: Problem) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    target, _ = relaxed_leximin(problem, lambda: None)
    seats = target * problem.counts
    return seats, face_bounds(problem, seats)


def test_rounding_keeps_the_seats_and_the_bounds() -> None:
    value = np.array([0.5, 1.7, 0.2, 2.6, 0.0])
    lower = np.array([0.0, 1.0, 0.0, 0.0, 0.0])
    upper = np.array([1.0, 2.0, 1.0, 3.0, 0.0])
    rounded = round_to_sum(value, lower, upper, 5.0)
    assert rounded.sum() == 5
    assert (rounded >= lower).all() and (rounded <= upper).all()
    assert np.array_equal(rounded, np.rint(rounded))


def test_repair_turns_a_rounded_point_into_a_panel_of_the_face() -> None:
    problem = skewed_problem()
    seats, (col_lower, col_upper, row_lower, row_upper) = _face(problem)
    matrix = _rows(problem)[0]
    start = round_to_sum(seats, col_lower, col_upper, float(problem.seats))
    activity = matrix @ start
    # The plain rounding misses a quota (or the test would prove nothing).
    assert ((activity < row_lower - 0.5) | (activity > row_upper + 0.5)).any()
    point = repair_quotas(
        start, (col_lower, col_upper), matrix, (row_lower, row_upper), np.random.RandomState(1)
    )
    assert point is not None
    assert problem.is_valid_panel(np.rint(point).astype(np.int64))
    assert (point >= col_lower).all() and (point <= col_upper).all()
    activity = matrix @ point
    assert (activity >= row_lower - 1e-9).all() and (activity <= row_upper + 1e-9).all()


def test_repair_gives_up_when_no_panel_meets_the_quotas() -> None:
    matrix = np.array([[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    # 2 seats, and type 0 (one person) must have 2 of them: impossible.
    point = repair_quotas(
        np.array([0.0, 1.0, 1.0]),
        (np.zeros(3), np.ones(3)),
        matrix,
        (np.array([2.0, 2.0]), np.array([2.0, 2.0])),
        np.random.RandomState(1),
    )
    assert point is None


def test_snap_puts_the_point_exactly_on_its_face() -> None:
    problem = skewed_problem()
    seats, _ = _face(problem)
    matrix = _rows(problem)[0]
    rng = np.random.RandomState(7)
    nudged = seats + rng.uniform(-5e-8, 5e-8, len(seats))
    bounds = face_bounds(problem, nudged)
    snapped = _snap(matrix, nudged.copy(), bounds)
    col_lower, col_upper, row_lower, row_upper = bounds
    tight = row_lower == row_upper
    assert np.abs(matrix[tight] @ snapped - row_lower[tight]).max() <= 1e-10
    assert (snapped >= col_lower).all() and (snapped <= col_upper).all()


def test_walk_without_households_places_the_weight_by_repairs_not_mips() -> None:
    problem = skewed_problem()
    assert not problem.households
    seats, (col_lower, col_upper, row_lower, row_upper) = _face(problem)
    walk = walk_panels(problem, seats, lambda: None)
    again = walk_panels(problem, seats, lambda: None)
    assert walk.repairs > 0
    assert walk.mass_left < 1e-6
    matrix = _rows(problem)[0]
    for panel in walk.panels:
        assert problem.is_valid_panel(panel)
        assert (panel >= col_lower).all() and (panel <= col_upper).all()
        activity = matrix @ panel
        assert (activity >= row_lower - 1e-9).all() and (activity <= row_upper + 1e-9).all()
    assert len(walk.panels) == len(again.panels)
    assert all(np.array_equal(a, b) for a, b in zip(walk.panels, again.panels, strict=True))


def test_leximin_takes_the_walks_own_mixture_when_it_reaches_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On pools with many types (paper_1727_110) the walk's mixture is used without any master
    # solve; the fixture pool is small, so the size threshold is lowered here.
    monkeypatch.setattr(solver, "DIRECT_TYPES", 0)
    problem = skewed_problem()
    target, _ = relaxed_leximin(problem, lambda: None)
    first = find_distribution(problem, "leximin")
    second = find_distribution(problem, "leximin")
    assert first.stats["method"] == "relaxation"
    assert first.stats["walk_direct"] is True
    assert first.stats["lp_calls"] == 0
    assert np.abs(first.type_probabilities - target).max() <= 2 * solver.DIRECT_TOLERANCE
    assert all(problem.is_valid_panel(panel) for panel in first.panels)
    assert np.array_equal(first.panels, second.panels)
    assert np.array_equal(first.weights, second.weights)
