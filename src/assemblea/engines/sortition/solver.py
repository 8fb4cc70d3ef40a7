"""Fair distributions over panels, computed with HiGHS by column generation over types.

A *distribution* is a list of panels (integer count per type) with probabilities. A person of
type t is selected with probability E[x_t] / c_t, where c_t is the number of people of that type
(within a type, the members are chosen uniformly; see `lottery.py` for concrete panels).

LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021) maximises the smallest
selection probability, then the next smallest, and so on. Each stage solves, by column
generation, the restricted master LP

    max z  s.t.  sum_P lambda_P x_{P,t} / c_t >= z     for types t not yet fixed,
                 sum_P lambda_P x_{P,t} / c_t >= f_t   for fixed types,
                 sum_P lambda_P = 1,  lambda >= 0,

whose new columns come from the pricing ILP max_x sum_t y_t x_t / c_t over valid panels x
(y = the LP's row duals). When no column improves, the duals are optimal for the full LP and,
by complementary slackness, every type with y_t > 0 has probability exactly z in every optimal
solution: those types are fixed at z and the next stage starts. One HiGHS LP and one HiGHS MIP
are built once; stages only change a coefficient and a bound, pricing only changes costs.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from .errors import SelectionCancelled, SolverError
from .problem import FloatArray, IntArray, Problem

INF = highspy.kHighsInf
ALGORITHMS = ("leximin", "maximin", "nash", "goldilocks", "legacy")
# Types whose dual exceeds this (duals of the unfixed rows sum to 1) are fixed at a stage's end.
FIX_THRESHOLD = 1e-7
# A new panel must improve the reduced cost by more than this to be added.
PRICING_TOLERANCE = 1e-10
# Fixed probabilities are relaxed by this much so later stages stay feasible in floating point.
FIX_SLACK = 1e-10
# Extra pricing rounds with perturbed weights (LP only) per column-generation iteration, and
# the size of the perturbation relative to the largest weight.
PERTURBED_ROUNDS = 4
PERTURBATION = 0.3
# Perturbed relaxations tried before the MIP when the relaxation's optimum is fractional.
HEURISTIC_ROUNDS = 8
# Weight of the stability center in the dual vector used for pricing (0 = no smoothing).
SMOOTHING = 0.7


@dataclass
class Progress:
    """One progress report of a run (given to the `progress` callback, often many a second).

    * `algorithm`: "leximin", "maximin", "nash", "goldilocks" or "legacy".
    * `stage`: 0 during the warm-up, then the LEXIMIN stage (one per probability level).
    * `iteration`: column-generation iterations so far (all stages).
    * `fixed_types` / `n_types`: types whose probability is final, of all types.
    * `current_min`: the smallest selection probability proven so far (the current stage's
      value while nothing is fixed).
    * `elapsed`: seconds since the run started.
    * `columns`: panels generated so far.
    * `remaining`: an estimate of the seconds left (None while there is nothing to go on); it
      extrapolates from the share of types fixed, so it is rough and usually pessimistic.
    * `phase`: "optimise" or "lottery".
    """

    algorithm: str
    stage: int
    iteration: int
    fixed_types: int
    n_types: int
    current_min: float
    elapsed: float
    columns: int
    remaining: float | None = None
    phase: str = "optimise"


ProgressCallback = Callable[[Progress], None]
# Called between solves; returning True cancels the run with `SelectionCancelled`.
StopCheck = Callable[[], bool]


def check_stop(should_stop: StopCheck | None) -> None:
    """Raise `SelectionCancelled` when the caller asked to stop."""
    if should_stop is not None and should_stop():
        raise SelectionCancelled()


@dataclass
class Distribution:
    """Probabilities over panels (per type counts), and the resulting per-type probabilities."""

    problem: Problem
    algorithm: str
    panels: IntArray  # (P, T)
    weights: FloatArray  # (P,), sums to 1
    type_probabilities: FloatArray  # (T,) probability of each member of the type
    stats: dict[str, Any] = field(default_factory=dict)

    def person_probabilities(self) -> FloatArray:
        return self.problem.person_probabilities(self.type_probabilities)

    @property
    def min_probability(self) -> float:
        return float(self.type_probabilities.min())

    @property
    def max_probability(self) -> float:
        return float(self.type_probabilities.max())


_BANNER_SHOWN = False


def _quiet_first_highs() -> highspy.Highs:
    """HiGHS prints a banner on stdout when the first instance is created; keep stdout clean."""
    global _BANNER_SHOWN
    _BANNER_SHOWN = True
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        return highspy.Highs()  # type: ignore[no-untyped-call]
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def _plain_highs() -> highspy.Highs:
    return highspy.Highs()  # type: ignore[no-untyped-call]


def new_highs(**options: float | str) -> highspy.Highs:
    """A silent, single-threaded, deterministic HiGHS instance with extra `options`."""
    h = _plain_highs() if _BANNER_SHOWN else _quiet_first_highs()
    settings: dict[str, float | str | bool] = {"output_flag": False, "threads": 1}
    settings.update(random_seed=0, **options)
    for name, value in settings.items():
        h.setOptionValue(name, value)
    return h


def _panel_model(problem: Problem, integer: bool) -> highspy.Highs:
    """Valid panels: 0 <= x <= counts, sum x = seats, quotas, households (objective: maximise)."""
    t_count = problem.n_types
    if integer:
        h = new_highs(mip_rel_gap=1e-9, mip_abs_gap=1e-12, mip_feasibility_tolerance=1e-9)
    else:
        h = new_highs(primal_feasibility_tolerance=1e-9, dual_feasibility_tolerance=1e-9)
    h.addVars(t_count, np.zeros(t_count), problem.counts.astype(np.float64))
    if integer:
        h.changeColsIntegrality(
            t_count,
            np.arange(t_count, dtype=np.int32),
            np.full(t_count, highspy.HighsVarType.kInteger),
        )
    rows_lower: list[float] = [float(problem.seats)]
    rows_upper: list[float] = [float(problem.seats)]
    starts: list[int] = [0]
    indices: list[int] = list(range(t_count))
    for q in range(problem.quota_matrix.shape[0]):
        cols = np.nonzero(problem.quota_matrix[q])[0]
        starts.append(len(indices))
        indices.extend(int(c) for c in cols)
        rows_lower.append(float(problem.lower[q]))
        rows_upper.append(float(problem.upper[q]))
    for group in problem.households:
        starts.append(len(indices))
        indices.extend(group)
        rows_lower.append(-INF)
        rows_upper.append(1.0)
    h.addRows(
        len(rows_lower),
        np.array(rows_lower),
        np.array(rows_upper),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.ones(len(indices)),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    return h


class PanelOracle:
    """The pricing problem over types, built once; only the objective changes between calls.

    `price` first solves the LP relaxation (warm-started simplex, about 1 ms): its value bounds
    the ILP's, so when it is below the threshold no improving panel exists, and when its
    solution is integral it is the ILP optimum. Only otherwise is the MIP solved.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.mip = _panel_model(problem, integer=True)
        self.lp = _panel_model(problem, integer=False)
        # Stop the MIP as soon as its incumbent beats `target` (any improving panel will do
        # for column generation; only a proof of "no improving panel" needs the full solve).
        self.target = INF
        self.mip.cbMipInterrupt.subscribe(self._interrupt)
        # Every improving MIP solution is a valid panel: column generation takes them all.
        self.improving: list[FloatArray] = []
        self.mip.cbMipImprovingSolution.subscribe(self._improving)
        self.should_stop: StopCheck | None = None
        self.cancelled = False
        self.rng = np.random.RandomState(13)
        self.calls = 0
        self.last_bound = INF
        self.mip_calls = 0
        self.seconds = 0.0
        self._all = np.arange(problem.n_types, dtype=np.int32)

    def _interrupt(self, event: Any) -> None:
        if self.should_stop is not None and self.should_stop():
            self.cancelled = True
            event.interrupt(True)
            return
        bound = event.data_out.mip_primal_bound
        # The flag persists between runs: always set it, to False as well.
        event.interrupt(math.isfinite(bound) and bound > self.target)

    def _improving(self, event: Any) -> None:
        self.improving.append(np.array(event.data_out.mip_solution, dtype=np.float64))

    def _solve(self, h: highspy.Highs, weights: FloatArray) -> FloatArray | None:
        h.changeColsCost(len(weights), self._all, np.asarray(weights, dtype=np.float64))
        h.run()
        if self.cancelled:
            raise SelectionCancelled()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status == highspy.HighsModelStatus.kInterrupt:
            return np.asarray(h.getSolution().col_value)
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"pricing ended with status {h.modelStatusToString(status)}")
        return np.asarray(h.getSolution().col_value)

    def perturbed(self, weights: FloatArray, threshold: float, rounds: int) -> list[IntArray]:
        """Extra columns for one pricing round: the LP relaxation's optimum for `rounds`
        randomly perturbed copies of `weights` (seeded, so deterministic), kept when it is
        integral and improving for the unperturbed weights. Each costs one warm-started LP
        solve, far less than a MIP."""
        found: list[IntArray] = []
        scale = float(np.abs(weights).max()) or 1.0
        for _ in range(rounds):
            noise = self.rng.uniform(-1.0, 1.0, len(weights)) * (PERTURBATION * scale)
            relaxed = self.relaxed(weights + noise)
            if relaxed is None:
                break
            x = np.rint(relaxed)
            if np.abs(relaxed - x).max() <= 1e-7 and float(np.dot(weights, x)) > threshold:
                found.append(x.astype(np.int64))
        return found

    def best(self, weights: FloatArray) -> tuple[IntArray, float] | None:
        """A valid panel maximising sum_t weights_t x_t, or None when no valid panel exists."""
        return self.price(weights, -INF)

    def relaxed(self, weights: FloatArray) -> FloatArray | None:
        """The LP relaxation's optimal (possibly fractional) panel, or None if infeasible."""
        start = time.perf_counter()
        self.calls += 1
        try:
            return self._solve(self.lp, weights)
        finally:
            self.seconds += time.perf_counter() - start

    def price(
        self, weights: FloatArray, threshold: float, fraction: float | None = None
    ) -> tuple[IntArray, float] | None:
        """A valid panel maximising sum_t weights_t x_t, or None when the maximum is proven to
        be at most `threshold` (or no valid panel exists). With `fraction`, the MIP stops at
        the first panel worth `fraction` of the LP bound."""
        start = time.perf_counter()
        self.calls += 1
        try:
            relaxed = self._solve(self.lp, weights)
            if relaxed is None:
                self.last_bound = -INF
                return None
            bound = float(np.dot(weights, relaxed))
            self.last_bound = bound
            if bound <= threshold:
                return None
            rounded = np.rint(relaxed)
            if np.abs(relaxed - rounded).max() > 1e-7 and threshold > -INF:
                # Cheap first: integral optima of perturbed relaxations that improve.
                cheap = self.perturbed(weights, threshold, HEURISTIC_ROUNDS)
                if cheap:
                    values = [float(np.dot(weights, x)) for x in cheap]
                    best = int(np.argmax(values))
                    self.improving = [x.astype(np.float64) for x in cheap]
                    return cheap[best], values[best]
            if np.abs(relaxed - rounded).max() > 1e-7:
                self.mip_calls += 1
                if fraction is not None:
                    self.target = fraction * bound
                elif threshold > -INF:
                    self.target = threshold + 0.5 * (bound - threshold)
                else:
                    self.target = INF
                self.improving = []
                found = self._solve(self.mip, weights)
                if found is not None and float(np.dot(weights, np.rint(found))) <= threshold:
                    # Interrupted without an improving panel: solve to optimality.
                    self.target = INF
                    found = self._solve(self.mip, weights)
                if found is None:
                    return None
                rounded = np.rint(found)
            x = rounded.astype(np.int64)
            return x, float(np.dot(weights, x))
        finally:
            self.seconds += time.perf_counter() - start


class MasterLP:
    """The restricted master LP of one LEXIMIN/MAXIMIN stage, kept across stages."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        t_count = problem.n_types
        h = new_highs(
            primal_feasibility_tolerance=1e-9,
            dual_feasibility_tolerance=1e-9,
            presolve="off",
            simplex_strategy=4,
        )
        # Rows: one per type (sum_P lambda_P a_Pt - z >= 0), then the convexity row.
        lower = np.zeros(t_count + 1)
        lower[t_count] = 1.0
        upper = np.full(t_count + 1, INF)
        upper[t_count] = 1.0
        h.addRows(
            t_count + 1,
            lower,
            upper,
            0,
            np.zeros(t_count + 1, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        # Column 0: z, minimise -z.
        h.addCol(
            -1.0,
            -INF,
            INF,
            t_count,
            np.arange(t_count, dtype=np.int32),
            np.full(t_count, -1.0),
        )
        self.h = h
        self.panels: list[IntArray] = []
        self.known: set[bytes] = set()
        self.calls = 0
        self.pivots = 0
        self.seconds = 0.0
        self.inv_counts = 1.0 / np.maximum(problem.counts, 1).astype(np.float64)
        self.fixed_lower = np.zeros(t_count)  # f_t of fixed types, 0 for the others

    def add_panel(self, x: IntArray) -> bool:
        key = x.tobytes()
        if key in self.known:
            return False
        self.known.add(key)
        rows = np.nonzero(x)[0]
        values = x[rows] * self.inv_counts[rows]
        rows_all = np.append(rows, self.problem.n_types).astype(np.int32)
        values_all = np.append(values, 1.0)
        self.h.addCol(0.0, 0.0, INF, len(rows_all), rows_all, values_all)
        self.panels.append(x)
        return True

    def set_targets(self, targets: FloatArray | None) -> None:
        """Rows sum_P lambda_P a_Pt - z >= target_t for every type (None: back to 0)."""
        t_count = self.problem.n_types
        values = np.zeros(t_count) if targets is None else np.asarray(targets, dtype=np.float64)
        self.h.changeRowsBounds(  # type: ignore[attr-defined]
            t_count, np.arange(t_count, dtype=np.int32), values, np.full(t_count, INF)
        )
        self.fixed_lower = values.copy()

    def fix(self, t: int, value: float) -> None:
        self.h.changeCoeff(t, 0, 0.0)
        self.fixed_lower[t] = max(0.0, value - FIX_SLACK)
        self.h.changeRowBounds(t, self.fixed_lower[t], INF)

    def solve(self) -> tuple[float, FloatArray, float, FloatArray]:
        """z, type duals, convexity dual, lambda."""
        start = time.perf_counter()
        h = self.h
        h.run()
        status = h.getModelStatus()
        self.calls += 1
        self.seconds += time.perf_counter() - start
        self.pivots += h.getInfo().simplex_iteration_count
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolverError(f"master LP ended with status {h.modelStatusToString(status)}")
        solution = h.getSolution()
        col = np.asarray(solution.col_value)
        duals = np.asarray(solution.row_dual)
        t_count = self.problem.n_types
        return float(col[0]), duals[:t_count].copy(), float(duals[t_count]), col[1:].copy()


def _first_panel(oracle: PanelOracle, problem: Problem) -> IntArray:
    found = oracle.best(np.zeros(problem.n_types))
    if found is None:
        raise SolverError("no valid panel: check feasibility before optimising")
    return found[0]


def _warm_up(
    master: MasterLP,
    oracle: PanelOracle,
    problem: Problem,
    rounds: int | None,
    tick: Callable[[float], None],
) -> None:
    """Multiplicative weights (as in Flanigan et al. 2021, Methods): repeatedly add the panel
    of largest total weight, then lower the weight of the types it covers. This gives column
    generation a diverse start; most rounds are solved by the LP relaxation alone."""
    t_count = problem.n_types
    total = 3 * t_count if rounds is None else rounds
    weights = np.ones(t_count)
    share = 1.0 / problem.counts.astype(np.float64)
    duplicates = 0
    for _ in range(total):
        relaxed = oracle.relaxed(weights * share)
        tick(0.0)
        if relaxed is None:
            return
        weights *= 1.0 - 0.2 * relaxed * share
        weights /= weights.mean()
        x = np.rint(relaxed).astype(np.int64)
        if np.abs(relaxed - x).max() > 1e-7:
            continue  # fractional: only the weights learn from it
        if master.add_panel(x):
            duplicates = 0
        else:
            duplicates += 1
            if duplicates >= 20:
                return


def _column_generation(
    master: MasterLP,
    oracle: PanelOracle,
    report: Callable[[float], None],
    enough: float = INF,
) -> tuple[float, FloatArray, FloatArray]:
    """Solve the current stage to optimality over all panels: z, type duals, lambda.

    Dual smoothing (Wentges 1997; Pessoa, Sadykov, Uchoa, Vanderbeck 2018): pricing uses a
    convex combination of the best dual vector found so far (the *stability center*, whose
    Lagrangian bound is lowest) and the restricted master's duals, instead of the master's
    duals alone, which jump between the vertices of a highly degenerate dual. Any dual vector
    y (duals of the type rows, sum 1 over unfixed types) proves z* <= max_P y.a_P - sum over
    fixed t of y_t f_t; the LP relaxation of the pricing problem bounds the maximum, so a
    center whose bound meets the master's value proves the stage optimal, and its duals
    then prove which types are tight (see `leximin`).
    """
    inv_counts = master.inv_counts
    center: FloatArray | None = None
    center_bound = INF
    alpha = SMOOTHING
    while True:
        z, duals, convexity_dual, lam = master.solve()
        report(z)
        duals = np.maximum(duals, 0.0)
        if z >= enough:
            return z, duals, lam
        floor = master.fixed_lower
        # Reduced cost of a column is -(value + convexity_dual): improving when negative.
        threshold = -convexity_dual + PRICING_TOLERANCE * max(1.0, abs(convexity_dual))
        gap_tolerance = threshold - (-convexity_dual)
        if center is not None and center_bound <= z + gap_tolerance:
            return z, center, lam
        weights = duals * inv_counts
        if center is not None and alpha > 0:
            mixed = alpha * center + (1 - alpha) * duals
            mixed_weights = mixed * inv_counts
            # The mixed dual's own bound: max_P mixed.a_P - sum_F mixed_t f_t.
            offset = float(np.dot(mixed, floor))
            relaxed = oracle.relaxed(mixed_weights)
            if relaxed is None:
                raise SolverError("no valid panel in the pricing relaxation")
            bound = float(np.dot(mixed_weights, relaxed)) - offset
            if bound < center_bound:
                center, center_bound = mixed, bound
            if center_bound <= z + gap_tolerance:
                return z, center, lam
            found = oracle.price(mixed_weights, z + offset)
            improving = found is not None and float(np.dot(weights, found[0])) > threshold
            if improving and found is not None and master.add_panel(found[0]):
                _add_improving(master, oracle, weights, threshold)
                continue
            # Mis-pricing: fall back to the master's duals for this round.
            alpha = max(0.0, alpha - 0.1)
        found = oracle.price(weights, threshold)
        bound = oracle.last_bound - float(np.dot(duals, floor))
        if bound < center_bound:
            center, center_bound = duals, bound
        if found is None:
            return z, duals, lam
        x, value = found
        if value <= threshold or not master.add_panel(x):
            # No improving panel (or only one already in the LP: numerical noise).
            return z, duals, lam
        _add_improving(master, oracle, weights, threshold)
        alpha = SMOOTHING if alpha > 0 else 0.0


def _add_improving(
    master: MasterLP, oracle: PanelOracle, weights: FloatArray, threshold: float
) -> None:
    """Add the other improving panels the MIP found on its way (a cheap extra column each),
    and those of a few perturbed LP relaxations."""
    for panel in oracle.perturbed(weights, threshold, PERTURBED_ROUNDS):
        if master.problem.is_valid_panel(panel):
            master.add_panel(panel)
    for extra in oracle.improving:
        y = np.rint(extra).astype(np.int64)
        if float(np.dot(weights, y)) > threshold and master.problem.is_valid_panel(y):
            master.add_panel(y)
    oracle.improving = []


def leximin(
    problem: Problem,
    progress: ProgressCallback | None = None,
    stop_after_first_stage: bool = False,
    warm_up_rounds: int | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """Exact LEXIMIN (or MAXIMIN with `stop_after_first_stage`) over types.

    `warm_up_rounds`: multiplicative-weights rounds before column generation (default: three
    per type). `progress` is called after every LP solve; `should_stop` is checked there and
    inside the MIP, and cancels the run with `SelectionCancelled` when it returns True."""
    algorithm = "maximin" if stop_after_first_stage else "leximin"
    started = time.perf_counter()
    t_count = problem.n_types
    oracle = PanelOracle(problem)
    oracle.should_stop = should_stop
    master = MasterLP(problem)
    master.add_panel(_first_panel(oracle, problem))
    fixed = np.full(t_count, np.nan)
    stage = 0
    iteration = 0
    lam = np.zeros(0)

    def report(z: float) -> None:
        nonlocal iteration
        iteration += 1
        check_stop(should_stop)
        if progress is not None:
            done = int(np.count_nonzero(~np.isnan(fixed)))
            elapsed = time.perf_counter() - started
            remaining = None
            if done and not stop_after_first_stage:
                remaining = elapsed * (t_count - done) / done
            progress(
                Progress(
                    algorithm,
                    stage,
                    iteration,
                    done,
                    t_count,
                    z if done == 0 else float(np.nanmin(fixed)),
                    elapsed,
                    len(master.panels),
                    remaining,
                )
            )

    if not stop_after_first_stage and warm_up_rounds is None:
        stage = 1  # one column generation for all levels at once
        found = _through_relaxation(problem, master, oracle, report, should_stop)
        if found is not None:
            lam, stage = found
            panels = np.array(master.panels, dtype=np.int64)
            distribution = _finish(
                problem, algorithm, panels, lam, started, oracle, master, stage, iteration
            )
            distribution.stats["method"] = "relaxation"
            fixed[:] = distribution.type_probabilities
            report(distribution.min_probability)
            return distribution
        stage = 0
    _warm_up(master, oracle, problem, warm_up_rounds, report)
    # Types nobody can ever be: a type with count 0 cannot exist; types forced to 0 by quotas
    # are found by the first stage (z = 0).
    while np.isnan(fixed).any():
        stage += 1
        z, duals, lam = _column_generation(master, oracle, report)
        unfixed = np.nonzero(np.isnan(fixed))[0]
        if stop_after_first_stage:
            break
        # Complementary slackness: a type with a positive dual is at z in every optimal
        # solution. The duals may come from the smoothing center, which is optimal but not
        # complementary to the master's solution: only types at z in that solution are fixed.
        probabilities = (lam @ np.array(master.panels, dtype=np.float64)) * master.inv_counts
        tight = unfixed[probabilities[unfixed] <= z + 1e-9]
        to_fix = tight[duals[tight] > FIX_THRESHOLD]
        if len(to_fix) == 0:
            candidates = tight if len(tight) else unfixed
            to_fix = candidates[[int(np.argmax(duals[candidates]))]]
        for t in to_fix:
            fixed[t] = z
            master.fix(int(t), z)
    if not stop_after_first_stage:
        # Final LP with every type fixed: any feasible lambda realises the leximin profile.
        master.h.changeColCost(0, 0.0)
        master.h.changeColBounds(0, 0.0, 0.0)
        _, _, _, lam = master.solve()
    panels = np.array(master.panels, dtype=np.int64)
    return _finish(problem, algorithm, panels, lam, started, oracle, master, stage, iteration)


# The relaxation's LEXIMIN is reached when every type is within this of it (the LPs work to
# 1e-9 feasibility, so the relaxation may overstate p* by about that much).
TARGET_TOLERANCE = 1e-8


def _through_relaxation(
    problem: Problem,
    master: MasterLP,
    oracle: PanelOracle,
    report: Callable[[float], None],
    should_stop: StopCheck | None,
) -> tuple[FloatArray, int] | None:
    """LEXIMIN in one column generation when the LP relaxation's LEXIMIN is reachable.

    The LEXIMIN point p* of the relaxation R of the panel polytope (see `relaxation.py`) is
    an upper bound: no distribution over panels is lexicographically higher. Column
    generation then maximises z subject to pi_t >= p*_t + z for every type; z = 0 means p*
    is reached, so it is the exact LEXIMIN, with no stage-by-stage pricing proofs. Starting
    columns: the panels of the Caratheodory walk towards p* and integral vertices of the face
    of R that contains p* (LPs with generic objectives, no MIP). Every panel of a mixture
    equal to p* lies in that face, so pricing is restricted to it. If pricing proves z < 0,
    the master keeps its columns and the caller runs the stages (and the warm-up) as before.
    Returns (lambda, number of relaxation stages) or None."""
    from .relaxation import face_bounds, face_vertices, relaxed_leximin, restrict, walk_panels

    def stop() -> None:
        check_stop(should_stop)

    try:
        target, stages = relaxed_leximin(problem, stop)
    except SolverError:
        return None
    seats = target * problem.counts
    for panel in walk_panels(problem, seats, stop):
        if problem.is_valid_panel(panel):
            master.add_panel(panel)
    for panel in face_vertices(problem, seats, problem.n_types, stop):
        if problem.is_valid_panel(panel):
            master.add_panel(panel)
    # Every panel of a mixture equal to p* lies in the face of R that contains p*: price there.
    face = PanelOracle(problem)
    face.should_stop = should_stop
    bounds = face_bounds(problem, seats)
    restrict(face.lp, bounds)
    restrict(face.mip, bounds)
    master.set_targets(target)
    lowest = float(target.min())

    def report_target(z: float) -> None:
        # z <= 0 is how far the worst type still is from p*: the minimum so far is at least
        # min p* + z.
        report(max(0.0, lowest + z))

    z, _, lam = _column_generation(master, face, report_target, enough=-TARGET_TOLERANCE)
    oracle.calls += face.calls
    oracle.mip_calls += face.mip_calls
    oracle.seconds += face.seconds
    if z >= -TARGET_TOLERANCE:
        return lam, stages
    master.set_targets(None)
    return None


def _finish(
    problem: Problem,
    algorithm: str,
    panels: IntArray,
    lam: FloatArray,
    started: float,
    oracle: PanelOracle,
    master: MasterLP | None,
    stages: int,
    iterations: int,
) -> Distribution:
    lam = np.where(lam > 1e-12, lam, 0.0)
    keep = np.nonzero(lam)[0]
    panels = panels[keep]
    weights = lam[keep] / lam[keep].sum()
    type_probabilities = (weights @ panels) / problem.counts
    stats: dict[str, Any] = {
        "seconds": time.perf_counter() - started,
        "stages": stages,
        "iterations": iterations,
        "pricing_calls": oracle.calls,
        "ilp_calls": oracle.mip_calls,
        "pricing_seconds": oracle.seconds,
        "lp_calls": master.calls if master else 0,
        "lp_seconds": master.seconds if master else 0.0,
        "lp_pivots": master.pivots if master else 0,
        "columns": len(master.panels) if master else len(panels),
        "types": problem.n_types,
    }
    return Distribution(problem, algorithm, panels, weights, type_probabilities, stats)


def maximin(
    problem: Problem,
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """MAXIMIN: maximise the smallest selection probability only (first LEXIMIN stage)."""
    return leximin(problem, progress, stop_after_first_stage=True, should_stop=should_stop)


def entropy_check(probabilities: FloatArray) -> float:
    """Sum of log probabilities of pool members (the NASH objective), -inf if any is 0."""
    if (probabilities <= 0).any():
        return -math.inf
    return float(np.log(probabilities).sum())
