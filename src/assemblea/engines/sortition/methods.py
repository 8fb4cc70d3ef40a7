"""Other objectives over the same panels: NASH, Goldilocks, and the legacy greedy draw.

* NASH (maximise the product of selection probabilities, i.e. sum of logs; Flanigan et al.,
  Nature 2021, as an alternative to LEXIMIN). Column generation with the first-order
  optimality condition as pricing: a distribution with probabilities pi is optimal iff no valid
  panel has sum_i 1/pi_i over its members greater than the number of people. The restricted
  problem is solved exactly enough by an LP with tangent cuts of log (outer approximation).
* Goldilocks (Baharav & Flanigan, "Fair, Manipulation-Robust, and Transparent Sortition",
  2024): minimise max_i pi_i/(k/n) + max_i (k/n)/pi_i, which bounds the highest probability as
  well as the lowest. For a floor l on every probability, the smallest possible ceiling g(l) is
  an LP (solved by column generation); g is convex, so l is found by golden-section search.
* Legacy: the greedy algorithm used before optimisers (Sortition Foundation's legacy method):
  fill the quota whose unmet minimum is largest relative to the people left, one random person
  at a time, dropping values that reached their maximum and the household of whoever is
  chosen. Its probabilities are only known by sampling: the distribution is the empirical one
  over many seeded draws, which is exactly what its lottery then uses.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import SolverError
from .problem import FloatArray, IntArray, Problem
from .solver import (
    INF,
    PRICING_TOLERANCE,
    Distribution,
    PanelOracle,
    Progress,
    ProgressCallback,
    StopCheck,
    check_stop,
    leximin,
    new_highs,
)

NASH_TOLERANCE = 1e-7


class _Master:
    """A master LP over panel columns whose rows each belong to one type (or none)."""

    def __init__(self, problem: Problem, sense_max: bool) -> None:
        self.problem = problem
        self.h = new_highs(
            primal_feasibility_tolerance=1e-9, dual_feasibility_tolerance=1e-9, presolve="off"
        )
        if sense_max:
            self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.row_type: list[int] = []  # type of each row, -1 for the convexity row
        self.row_scale: list[float] = []  # coefficient of pi_t in the row
        self.panels: list[IntArray] = []
        self.panel_cols: list[int] = []
        self.known: set[bytes] = set()
        self.h.addRow(1.0, 1.0, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        self.row_type.append(-1)
        self.row_scale.append(0.0)
        self.inv_counts = 1.0 / problem.counts.astype(np.float64)

    def add_row(
        self, t: int, scale: float, lower: float, upper: float, extra: dict[int, float]
    ) -> int:
        """Row: lower <= scale * pi_t + sum(extra) <= upper, over all existing panels."""
        cols = list(extra)
        values = list(extra.values())
        for col, x in zip(self.panel_cols, self.panels, strict=True):
            if x[t]:
                cols.append(col)
                values.append(scale * x[t] * self.inv_counts[t])
        self.h.addRow(
            lower, upper, len(cols), np.array(cols, dtype=np.int32), np.array(values, dtype=float)
        )
        self.row_type.append(t)
        self.row_scale.append(scale)
        return len(self.row_type) - 1

    def add_panel(self, x: IntArray) -> bool:
        key = x.tobytes()
        if key in self.known:
            return False
        self.known.add(key)
        rows, values = [0], [1.0]
        for r, (t, scale) in enumerate(zip(self.row_type, self.row_scale, strict=True)):
            if t >= 0 and x[t]:
                rows.append(r)
                values.append(scale * x[t] * self.inv_counts[t])
        self.panel_cols.append(self.h.getNumCol())
        self.h.addCol(0.0, 0.0, INF, len(rows), np.array(rows, dtype=np.int32), np.array(values))
        self.panels.append(x)
        return True

    def solve(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Column values, row duals, type probabilities."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"master LP ended with status {self.h.modelStatusToString(status)}")
        solution = self.h.getSolution()
        cols = np.asarray(solution.col_value)
        lam = np.maximum(cols[self.panel_cols], 0.0)
        pi = (lam @ np.array(self.panels, dtype=np.float64)) * self.inv_counts
        return cols, np.asarray(solution.row_dual), pi

    def pricing_weights(self, duals: FloatArray) -> tuple[FloatArray, float]:
        """Weights w with reduced cost of panel x = -(w.x + convexity dual); and that dual."""
        weights = np.zeros(self.problem.n_types)
        types = np.array(self.row_type[1:], dtype=np.int64)
        scales = np.array(self.row_scale[1:])
        np.add.at(weights, types, duals[1:] * scales)
        return weights * self.inv_counts, float(duals[0])

    def distribution(
        self, algorithm: str, lam: FloatArray, stats: dict[str, float]
    ) -> Distribution:
        lam = np.where(lam > 1e-12, lam, 0.0)
        keep = np.nonzero(lam)[0]
        panels = np.array(self.panels, dtype=np.int64)[keep]
        weights = lam[keep] / lam[keep].sum()
        pi = (weights @ panels) / self.problem.counts
        return Distribution(self.problem, algorithm, panels, weights, pi, dict(stats))


def _price_loop(
    master: _Master,
    oracle: PanelOracle,
    minimise: bool,
    on_iteration: Callable[[], None] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Column generation until no panel has a reduced cost of the improving sign."""
    while True:
        cols, duals, pi = master.solve()
        if on_iteration:
            on_iteration()
        weights, convexity = master.pricing_weights(duals)
        if not minimise:
            weights, convexity = -weights, -convexity
        threshold = -convexity + PRICING_TOLERANCE * max(1.0, abs(convexity))
        found = oracle.price(weights, threshold)
        if found is None or found[1] <= threshold or not master.add_panel(found[0]):
            return cols, pi


def nash(
    problem: Problem,
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """Maximise sum_i log pi_i over people who can be selected at all."""
    started = time.perf_counter()
    start = leximin(problem, progress, should_stop=should_stop)
    positive = np.nonzero(start.type_probabilities > 1e-9)[0]
    oracle = PanelOracle(problem)
    oracle.should_stop = should_stop
    master = _Master(problem, sense_max=True)
    # Columns w_t (objective c_t w_t) for the types that can be selected.
    w_col = {}
    for t in positive:
        w_col[int(t)] = master.h.getNumCol()
        master.h.addCol(float(problem.counts[t]), -60.0, 0.0, 0, np.zeros(0, np.int32), np.zeros(0))
    for x in start.panels:
        master.add_panel(x)
    pi = start.type_probabilities
    people = float(problem.counts[positive].sum())
    iterations = 0
    cut_types = positive
    while True:
        iterations += 1
        check_stop(should_stop)
        # Tangent cuts of log at the current point: w_t <= log a + (pi_t - a) / a.
        for t in cut_types:
            a = max(float(pi[t]), 1e-9)
            master.add_row(int(t), -1.0 / a, -INF, math.log(a) - 1.0, {w_col[int(t)]: 1.0})
        cols, _, pi = master.solve()
        gaps = np.array([cols[w_col[int(t)]] - math.log(max(pi[t], 1e-12)) for t in positive])
        cut_types = positive[gaps > NASH_TOLERANCE]
        if len(cut_types):
            continue
        # Optimality: no panel with sum_t x_t / pi_t > number of people.
        weights = np.zeros(problem.n_types)
        weights[positive] = 1.0 / np.maximum(pi[positive], 1e-12)
        found = oracle.price(weights, people * (1 + NASH_TOLERANCE))
        if progress is not None:
            progress(
                Progress(
                    "nash",
                    1,
                    iterations,
                    0,
                    problem.n_types,
                    float(pi[positive].min()),
                    time.perf_counter() - started,
                    len(master.panels),
                )
            )
        if found is None or not master.add_panel(found[0]):
            break
    lam = cols[master.panel_cols]
    stats = {
        "seconds": time.perf_counter() - started,
        "iterations": iterations,
        "columns": len(master.panels),
        "types": problem.n_types,
    }
    return master.distribution("nash", lam, stats)


def goldilocks(
    problem: Problem,
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """Minimise max pi / (k/n) + (k/n) / min pi (people who cannot be selected excluded)."""
    started = time.perf_counter()
    start = leximin(problem, progress, stop_after_first_stage=False, should_stop=should_stop)
    positive = np.nonzero(start.type_probabilities > 1e-9)[0]
    floor_max = float(start.type_probabilities[positive].min())
    mean = problem.seats / float(problem.counts[positive].sum())
    oracle = PanelOracle(problem)
    oracle.should_stop = should_stop
    master = _Master(problem, sense_max=False)
    u_col = master.h.getNumCol()
    master.h.addCol(1.0, 0.0, 1.0, 0, np.zeros(0, np.int32), np.zeros(0))
    for x in start.panels:
        master.add_panel(x)
    lower_rows = []
    for t in positive:
        master.add_row(int(t), 1.0, -INF, 0.0, {u_col: -1.0})  # pi_t - u <= 0
        lower_rows.append(master.add_row(int(t), 1.0, 0.0, INF, {}))  # pi_t >= floor
    evaluations: dict[float, tuple[float, FloatArray]] = {}

    def ceiling(floor: float) -> float:
        for row in lower_rows:
            master.h.changeRowBounds(row, floor, INF)
        check_stop(should_stop)
        cols, _ = _price_loop(master, oracle, minimise=True)
        value = float(cols[u_col]) / mean + mean / floor
        evaluations[floor] = (value, cols[master.panel_cols].copy())
        return value

    # Golden-section search on the floor in (0, leximin minimum].
    low, high = floor_max * 1e-3, floor_max
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = ceiling(a), ceiling(b)
    for _ in range(30):
        if high - low < 1e-7 * floor_max:
            break
        if fa <= fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = ceiling(a)
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = ceiling(b)
    ceiling(floor_max)
    best = min(evaluations, key=lambda f: evaluations[f][0])
    value, lam = evaluations[best]
    stats = {
        "seconds": time.perf_counter() - started,
        "objective": value,
        "floor": best,
        "evaluations": len(evaluations),
        "columns": len(master.panels),
        "types": problem.n_types,
    }
    # Pad lam: columns added after this evaluation have weight 0.
    full = np.zeros(len(master.panels))
    full[: len(lam)] = lam
    return master.distribution("goldilocks", full, stats)


def legacy_panel(problem: Problem, rng: random.Random, attempts: int = 100) -> IntArray | None:
    """One panel by the legacy greedy algorithm (None if every attempt got stuck)."""
    matrix = problem.quota_matrix
    household_of: dict[int, list[int]] = {}
    for group in problem.households:
        for t in group:
            household_of[t] = group
    for _ in range(attempts):
        left = problem.counts.copy()
        x = np.zeros(problem.n_types, dtype=np.int64)
        selected = np.zeros(matrix.shape[0], dtype=np.int64)
        stuck = False
        for _seat in range(problem.seats):
            available = matrix @ left
            need = problem.lower - selected
            ratios = np.where((need > 0) & (available > 0), need / np.maximum(available, 1), -1.0)
            if ratios.max() > 0:
                q = int(np.argmax(ratios))
                candidates = np.nonzero(matrix[q] * left)[0]
            else:
                candidates = np.nonzero(left)[0]
            if len(candidates) == 0:
                stuck = True
                break
            weights = left[candidates].astype(float)
            t = int(rng.choices(candidates.tolist(), weights=weights.tolist(), k=1)[0])
            x[t] += 1
            left[t] -= 1
            selected += matrix[:, t]
            for other in household_of.get(t, []):
                left[other] = 0
            for full in np.nonzero(selected >= problem.upper)[0]:
                left[matrix[full] > 0] = 0
        if not stuck and problem.is_valid_panel(x):
            return x
    return None


def legacy_distribution(
    problem: Problem,
    draws: int = 1000,
    seed: int = 0,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """Empirical distribution of `draws` seeded legacy draws (Python's Mersenne Twister,
    reproducible across platforms for the same seed)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    panels: dict[bytes, tuple[IntArray, int]] = {}
    failures = 0
    for draw in range(draws):
        if draw % 50 == 0:
            check_stop(should_stop)
        x = legacy_panel(problem, rng)
        if x is None:
            failures += 1
            continue
        key = x.tobytes()
        previous = panels.get(key)
        panels[key] = (x, 1 if previous is None else previous[1] + 1)
    if not panels:
        raise SolverError("the legacy algorithm found no valid panel in its attempts")
    xs = np.array([x for x, _ in panels.values()], dtype=np.int64)
    weights = np.array([n for _, n in panels.values()], dtype=np.float64)
    weights /= weights.sum()
    pi = (weights @ xs) / problem.counts
    stats = {
        "seconds": time.perf_counter() - started,
        "draws": draws,
        "failures": failures,
        "types": problem.n_types,
    }
    return Distribution(problem, "legacy", xs, weights, pi, stats)
