"""Progress reports, cancellation, and the rounding to a lottery against its proven bound."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assemblea.engines.sortition import (
    Progress,
    SelectionCancelled,
    SortitionError,
    build_problem,
    find_distribution,
    load_inputs,
    select,
)
from assemblea.engines.sortition.engine import build_report
from assemblea.engines.sortition.lottery import lottery_minimum_bound, round_to_lottery
from assemblea.engines.sortition.replace import draw_replacements

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sortition"


def tiny(seats: int = 7) -> object:
    return load_inputs(
        str(FIXTURES / "features.csv"), str(FIXTURES / "people.csv"), seats, "person_id"
    )


def fixture_22(shared: Callable[[str], Path]) -> object:
    directory = shared("sortition_algorithms_fixture_22")
    return load_inputs(
        str(directory / "features.csv"), str(directory / "candidates.csv"), 22, "nationbuilder_id"
    )


def test_progress_reports_stage_types_minimum_and_estimate(shared: Callable[[str], Path]) -> None:
    inputs = fixture_22(shared)
    problem = build_problem(inputs.pool, inputs.quotas, 22)  # type: ignore[attr-defined]
    seen: list[Progress] = []
    dist = find_distribution(problem, "leximin", seen.append)
    assert seen, "no progress reported"
    assert all(p.algorithm == "leximin" and p.n_types == problem.n_types for p in seen)
    assert [p.elapsed for p in seen] == sorted(p.elapsed for p in seen)
    fixed = [p.fixed_types for p in seen]
    assert fixed == sorted(fixed) and fixed[-1] > 0
    later = [p for p in seen if p.fixed_types > 0]
    assert all(p.remaining is not None and p.remaining >= 0 for p in later)
    assert all(p.remaining is None for p in seen if p.fixed_types == 0)
    assert seen[-1].fixed_types == problem.n_types and seen[-1].remaining == 0
    assert seen[-1].current_min == pytest.approx(dist.min_probability, abs=1e-9)
    assert all(p.current_min >= 0 for p in seen)
    assert seen[-1].stage >= 1


@pytest.mark.parametrize("algorithm", ["leximin", "maximin", "nash", "goldilocks", "legacy"])
def test_should_stop_cancels_before_anything_is_drawn(algorithm: str) -> None:
    with pytest.raises(SelectionCancelled) as caught:
        select(tiny(), algorithm, seed="1 2 3", should_stop=lambda: True)  # type: ignore[arg-type]
    assert isinstance(caught.value, SortitionError)


def test_should_stop_mid_run_cancels_and_a_new_run_succeeds(
    shared: Callable[[str], Path],
) -> None:
    inputs = fixture_22(shared)
    calls = [0]

    def stop_after_some() -> bool:
        calls[0] += 1
        return calls[0] > 25

    with pytest.raises(SelectionCancelled):
        select(inputs, "leximin", seed="7", should_stop=stop_after_some)  # type: ignore[arg-type]
    assert calls[0] == 26  # checked repeatedly during the run, stopped at the first True
    # Nothing is left half-done: the same inputs run to the end afterwards.
    selection = select(inputs, "leximin", seed="7", should_stop=lambda: False)  # type: ignore[arg-type]
    assert selection.panel is not None and len(selection.panel) == 22


def test_should_stop_is_honoured_by_replacements() -> None:
    inputs = tiny()
    report = build_report(select(inputs, seed="9"))  # type: ignore[arg-type]
    leaving = report["draw"]["panel"][:1]
    with pytest.raises(SelectionCancelled):
        draw_replacements(inputs, report, leaving, "10", should_stop=lambda: True)  # type: ignore[arg-type]


def test_lottery_reports_its_proven_bound_and_meets_it(shared: Callable[[str], Path]) -> None:
    inputs = fixture_22(shared)
    selection = select(inputs, "leximin")  # type: ignore[arg-type]
    loss = build_report(selection)["lottery"]["fairness_loss"]
    optimal = loss["optimal_min_probability"]
    bound = optimal - lottery_minimum_bound(optimal, 1000)
    assert loss["min_probability_loss_bound"] == pytest.approx(bound, abs=1e-12)
    assert bound > 0  # 1/11 is not a multiple of 1/1000
    assert loss["min_probability_loss"] >= loss["min_probability_loss_bound"] - 1e-12
    # On this pool the rounding reaches the bound, so no ILP runs.
    assert loss["min_probability_loss"] == pytest.approx(bound, abs=1e-12)
    assert "ilp" not in selection.lottery.rounding_method


@pytest.mark.parametrize("size", [1, 7, 100, 1000])
def test_rounding_stays_within_floor_and_ceiling(size: int) -> None:
    inputs = tiny()
    problem = build_problem(inputs.pool, inputs.quotas, 7)  # type: ignore[attr-defined]
    dist = find_distribution(problem)
    rounding = round_to_lottery(dist, size)
    m = rounding.multiplicities
    scaled = dist.weights * size
    assert int(m.sum()) == size
    assert (m >= np.floor(scaled + 1e-9)).all() and (m <= np.ceil(scaled - 1e-9)).all()
