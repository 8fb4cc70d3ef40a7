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
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import SelectionCancelled, SolverError
from .highs import INF, _panel_model, new_highs
from .master import (
    FIX_SLACK,
    PRICING_TOLERANCE,
    SMOOTHING,
    MasterLP,
    _column_generation,
    _first_panel,
    _warm_up,
)
from .pricing import HEURISTIC_ROUNDS, PERTURBATION, PERTURBED_ROUNDS, PanelOracle, StopCheck
from .problem import FloatArray, IntArray, Problem
from .relaxation import (
    Walk,
    face_bounds,
    face_vertices,
    relaxed_leximin_point,
    restrict,
    walk_panels,
)

ALGORITHMS = ("leximin", "maximin", "nash", "goldilocks", "legacy")
# Types whose dual exceeds this (duals of the unfixed rows sum to 1) are fixed at a stage's end.
FIX_THRESHOLD = 1e-7

__all__ = [  # the engine's modules and tests import these from here
    "ALGORITHMS",
    "FIX_SLACK",
    "FIX_THRESHOLD",
    "HEURISTIC_ROUNDS",
    "INF",
    "PERTURBATION",
    "PERTURBED_ROUNDS",
    "PRICING_TOLERANCE",
    "SMOOTHING",
    "TARGET_TOLERANCE",
    "Distribution",
    "MasterLP",
    "PanelOracle",
    "Progress",
    "ProgressCallback",
    "StopCheck",
    "_panel_model",
    "check_stop",
    "entropy_check",
    "leximin",
    "maximin",
    "new_highs",
]


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


class _Run:
    """The state one LEXIMIN/MAXIMIN run shares between its steps, and its progress reports."""

    def __init__(
        self,
        problem: Problem,
        algorithm: str,
        progress: ProgressCallback | None,
        should_stop: StopCheck | None,
    ) -> None:
        self.problem = problem
        self.algorithm = algorithm
        self.progress = progress
        self.should_stop = should_stop
        self.started = time.perf_counter()
        self.oracle = PanelOracle(problem)
        self.oracle.should_stop = should_stop
        self.master = MasterLP(problem)
        self.master.add_panel(_first_panel(self.oracle, problem))
        self.fixed = np.full(problem.n_types, np.nan)
        self.stage = 0
        self.iteration = 0

    def report(self, z: float) -> None:
        """Called after every LP solve: check for cancellation, report progress."""
        self.iteration += 1
        check_stop(self.should_stop)
        if self.progress is None:
            return
        t_count = self.problem.n_types
        done = int(np.count_nonzero(~np.isnan(self.fixed)))
        elapsed = time.perf_counter() - self.started
        remaining = None
        if done and self.algorithm == "leximin":
            remaining = elapsed * (t_count - done) / done
        current = z if done == 0 else float(np.nanmin(self.fixed))
        self.progress(
            Progress(
                self.algorithm,
                self.stage,
                self.iteration,
                done,
                t_count,
                current,
                elapsed,
                len(self.master.panels),
                remaining,
            )
        )

    def finish(self, lam: FloatArray) -> Distribution:
        panels = np.array(self.master.panels, dtype=np.int64)
        return _finish(
            self.problem,
            self.algorithm,
            panels,
            lam,
            self.started,
            self.oracle,
            self.master,
            self.stage,
            self.iteration,
        )


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
    run = _Run(problem, algorithm, progress, should_stop)
    if not stop_after_first_stage and warm_up_rounds is None:
        run.stage = 1  # one column generation for all levels at once
        found = _through_relaxation(problem, run.master, run.oracle, run.report, should_stop)
        if found is not None:
            lam, run.stage, extra = found
            distribution = run.finish(lam)
            distribution.stats["method"] = "relaxation"
            distribution.stats.update(extra)
            run.fixed[:] = distribution.type_probabilities
            run.report(distribution.min_probability)
            return distribution
        run.stage = 0
    _warm_up(run.master, run.oracle, problem, warm_up_rounds, run.report)
    if stop_after_first_stage:
        run.stage = 1
        _, _, lam = _column_generation(run.master, run.oracle, run.report)
        return run.finish(lam)
    return run.finish(_stages(run))


def _stages(run: _Run) -> FloatArray:
    """The LEXIMIN stages (the fallback route): one column generation per probability level,
    fixing the types its duals prove tight; then the weights that realise the profile."""
    master = run.master
    fixed = run.fixed
    # Types nobody can ever be: a type with count 0 cannot exist; types forced to 0 by quotas
    # are found by the first stage (z = 0).
    while np.isnan(fixed).any():
        run.stage += 1
        z, duals, lam = _column_generation(master, run.oracle, run.report)
        unfixed = np.nonzero(np.isnan(fixed))[0]
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
    # Final LP with every type fixed: any feasible lambda realises the leximin profile.
    master.h.changeColCost(0, 0.0)
    master.h.changeColBounds(0, 0.0, 0.0)
    _, _, _, lam = master.solve()
    return lam


# The relaxation's LEXIMIN is reached when every type is within this of it (the LPs work to
# 1e-9 feasibility, so the relaxation may overstate p* by about that much).
TARGET_TOLERANCE = 1e-8
# When the Caratheodory walk leaves more weight than this unplaced, the face's integral
# vertices for T generic objectives are added as further starting columns.
WALK_ENOUGH = 0.05
# With more new columns than this, the master's next solve is by interior point.
COLD_COLUMNS = 300
# The walk's own mixture is the answer when it reaches every type's p* to within this (it
# walks from the last relaxed LP's point, which is in R: within 4e-9 on the bench pools).
DIRECT_TOLERANCE = TARGET_TOLERANCE
# ... and only with more types than this: on small pools the master solves are cheap and give
# cleaner weights (the walk's are arbitrary floats, near-integer multiples of 1/M for the
# lottery's rounding tests).
DIRECT_TYPES = 400


def _walk_stats(walk: Walk, started: float, direct: bool) -> dict[str, Any]:
    return {
        "walk_panels": len(walk.panels),
        "walk_mass_left": walk.mass_left,
        "walk_mips": walk.mips,
        "walk_repairs": walk.repairs,
        "walk_seconds": time.perf_counter() - started,
        "walk_direct": direct,
    }


def _walk_mixture(
    problem: Problem, master: MasterLP, walk: Walk, target: FloatArray
) -> FloatArray | None:
    """The walk's own mixture as master weights, when it reaches every type's p* to within
    the target tolerance (the weight it left unplaced is spread in proportion): then p* is
    reached without any master solve. None otherwise."""
    if problem.n_types <= DIRECT_TYPES or not walk.panels or walk.mass_left > DIRECT_TOLERANCE:
        return None
    index = {panel.tobytes(): i for i, panel in enumerate(master.panels)}
    lam = np.zeros(len(master.panels))
    for panel, weight in zip(walk.panels, walk.weights, strict=True):
        lam[index[panel.tobytes()]] += weight
    if lam.sum() <= 0:
        return None
    lam /= lam.sum()
    panels = np.array(master.panels, dtype=np.float64)
    reached = (lam @ panels) / problem.counts
    if float((reached - target).min()) < -DIRECT_TOLERANCE:
        return None
    return lam


def _through_relaxation(
    problem: Problem,
    master: MasterLP,
    oracle: PanelOracle,
    report: Callable[[float], None],
    should_stop: StopCheck | None,
) -> tuple[FloatArray, int, dict[str, Any]] | None:
    """LEXIMIN in one column generation when the LP relaxation's LEXIMIN is reachable.

    The LEXIMIN point p* of the relaxation R of the panel polytope (see `relaxation.py`) is
    an upper bound: no distribution over panels is lexicographically higher. Column
    generation then maximises z subject to pi_t >= p*_t + z for every type; z = 0 means p*
    is reached, so it is the exact LEXIMIN, with no stage-by-stage pricing proofs. Starting
    columns: the panels of the Caratheodory walk towards p* (one panel of the current face
    per step, from its LP or, when every vertex tried is fractional, its MIP; usually they
    place all but a fraction of a per cent of the weight), and, when the walk stops early,
    integral vertices of the face of R that contains p*. Every panel of a mixture
    equal to p* lies in that face, so pricing is restricted to it. If pricing proves z < 0,
    the master keeps its columns and the caller runs the stages (and the warm-up) as before.
    Returns (lambda, number of relaxation stages, statistics of the walk) or None."""

    def stop() -> None:
        check_stop(should_stop)

    try:
        target, stages, point = relaxed_leximin_point(problem, stop)
    except SolverError:
        return None
    seats = target * problem.counts
    walk_started = time.perf_counter()
    # Each step of the walk reports progress (and checks for cancellation) like an LP solve.
    # The walk decomposes the last relaxed LP's point (in R), not c p* (which may miss a row
    # by the fixed types' slack).
    walk = walk_panels(problem, point, lambda: report(0.0))
    for panel in walk.panels:
        master.add_panel(panel)
    direct = _walk_mixture(problem, master, walk, target)
    if direct is not None:
        return direct, stages, _walk_stats(walk, walk_started, direct=True)
    master.cold = len(walk.panels) > COLD_COLUMNS
    master.always_cold = master.cold and walk.mass_left <= WALK_ENOUGH
    if walk.mass_left > WALK_ENOUGH:
        for panel in face_vertices(problem, seats, problem.n_types, stop):
            if problem.is_valid_panel(panel):
                master.add_panel(panel)
    extra = _walk_stats(walk, walk_started, direct=False)
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
        return lam, stages, extra
    master.set_targets(None)
    master.always_cold = False
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
