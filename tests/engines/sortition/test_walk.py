"""The Caratheodory walk towards the relaxation's LEXIMIN (relaxation.walk_panels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assemblea.engines.sortition import build_problem, find_distribution, load_inputs
from assemblea.engines.sortition.problem import Problem
from assemblea.engines.sortition.relaxation import (
    _rows,
    face_bounds,
    relaxed_leximin,
    walk_panels,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sortition"


def fixture_problem(seats: int = 7) -> Problem:
    inputs = load_inputs(
        str(FIXTURES / "features.csv"), str(FIXTURES / "people.csv"), seats, "person_id"
    )
    return build_problem(inputs.pool, inputs.quotas, seats)


def test_walk_panels_are_valid_and_lie_in_the_face_of_the_target() -> None:
    problem = fixture_problem()
    target, _ = relaxed_leximin(problem, lambda: None)
    seats = target * problem.counts
    walk = walk_panels(problem, seats, lambda: None)
    assert walk.panels, "the walk found no panel"
    assert 0.0 <= walk.mass_left < 1.0
    col_lower, col_upper, row_lower, row_upper = face_bounds(problem, seats)
    matrix, _, _ = _rows(problem)
    for panel in walk.panels:
        assert problem.is_valid_panel(panel)
        assert (panel >= col_lower).all() and (panel <= col_upper).all()
        activity = matrix @ panel
        assert (activity >= row_lower - 1e-9).all() and (activity <= row_upper + 1e-9).all()
    # Every step lowers the face's dimension: the panels are affinely independent.
    stack = np.array(walk.panels, dtype=np.float64)
    assert np.linalg.matrix_rank(stack[1:] - stack[0]) == len(walk.panels) - 1


def test_leximin_through_the_walk_reaches_the_relaxation_bound_and_is_deterministic() -> None:
    problem = fixture_problem()
    target, _ = relaxed_leximin(problem, lambda: None)
    first = find_distribution(problem, "leximin")
    second = find_distribution(problem, "leximin")
    assert first.stats["method"] == "relaxation"
    assert first.stats["walk_panels"] > 0
    assert np.abs(first.type_probabilities - target).max() <= 1e-7
    assert np.array_equal(first.panels, second.panels)
    assert np.array_equal(first.weights, second.weights)
