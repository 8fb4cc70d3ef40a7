"""LEXIMIN through the LP relaxation of the panel polytope, when it is exact (it usually is).

A panel is an integer vector x with 0 <= x <= c, sum x = k, the quotas and the household rules;
R is the same polytope without integrality, so conv(panels) is a subset of R and the LEXIMIN
point of R (over type probabilities x_t / c_t, computed by one small LP per stage: T columns,
no column generation) is lexicographically at least the LEXIMIN of any distribution over
panels. If that point is a convex combination of panels, it *is* the LEXIMIN: nothing can be
better, and no further proof is needed.

Finding the combination is column generation (`solver._through_relaxation`): maximise z
subject to pi_t >= p*_t + z. Its starting columns come from here, with LPs only:

* `walk_panels`: Caratheodory's construction inside R. x* = c p* lies in the relative interior
  of its minimal face F of R (the constraints tight at x*). Take a panel v of F (the simplex
  vertex for the objective x_t / c_t, rounded and repaired by `repair.py` when fractional, the
  MIP as a last resort); walk from v through x* to the boundary of F,
  x' = x* + theta (x* - v), so x* = mu v + (1 - mu) x' with mu = theta / (1 + theta), and x'
  lies on a smaller face. Repeat until the weight left is negligible or a face has no panel.
* `face_vertices`: integral vertices of F for other generic objectives.

Every panel of a combination equal to x* lies in F (a combination of points of R that lies in
a face uses only points of that face), so pricing is restricted to F as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from .errors import SolverError
from .highs import INF, _panel_model
from .problem import FloatArray, IntArray, Problem
from .repair import repair_quotas, round_to_sum

# Tolerance for "tight" (in seats) when identifying the face of the current point.
FACE_TOLERANCE = 1e-7
DEBUG = False
# Stop the construction when the weight left to place is below this.
REMAINDER = 1e-9
# Generic objectives tried on a face's LP before its MIP when the vertex is fractional, and
# the nodes that MIP may explore (a work limit, not a time limit: the walk is deterministic).
WALK_LP_TRIES = 10
WALK_MIP_NODES = 200
# The walk stops after this many MIPs (on paper_1727_110 nearly every face needs one, 0.4 s
# each): column generation then places the rest.
WALK_MIPS = 60
# Fix types with a dual above this at each stage of the relaxed LEXIMIN.
DUAL_THRESHOLD = 1e-9
# A fixed type's seats may fall this much (relative to its count) below c_t z in later
# stages: more than the LP's feasibility tolerance (1e-9), else the fixed rows, each met only
# to that tolerance, can add up to an infeasible LP (standing_1800_100, stage 21 of 1e-10).
FIX_SLACK = 3e-9


def _rows(problem: Problem) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Dense rows of R other than the bounds: seats, quotas, households (matrix, lower, upper)."""
    t_count = problem.n_types
    blocks = [np.ones((1, t_count)), problem.quota_matrix.astype(np.float64)]
    lower = [np.array([float(problem.seats)]), problem.lower.astype(np.float64)]
    upper = [np.array([float(problem.seats)]), problem.upper.astype(np.float64)]
    if problem.households:
        homes = np.zeros((len(problem.households), t_count))
        for row, group in enumerate(problem.households):
            homes[row, group] = 1.0
        blocks.append(homes)
        lower.append(np.full(len(problem.households), -INF))
        upper.append(np.ones(len(problem.households)))
    return np.vstack(blocks), np.concatenate(lower), np.concatenate(upper)


def relaxed_leximin(problem: Problem, stop: Callable[[], None]) -> tuple[FloatArray, int]:
    """LEXIMIN type probabilities over R, and the number of stages (one LP each)."""
    target, stages, _ = relaxed_leximin_point(problem, stop)
    return target, stages


def relaxed_leximin_point(
    problem: Problem, stop: Callable[[], None]
) -> tuple[FloatArray, int, FloatArray]:
    """`relaxed_leximin`, and the seats of its last LP's solution: a point of R (to the LP's
    tolerance) with x_t >= c_t (p*_t - FIX_SLACK). c p* itself can miss a quota row by the
    fixed types' slack summed over the row (up to 5e-6 seats on civic_3000_150), and the
    walk's snap onto R then lowers some probabilities by 2e-7."""
    t_count = problem.n_types
    counts = problem.counts.astype(np.float64)
    h = _panel_model(problem, integer=False)
    h.changeColsCost(t_count, np.arange(t_count, dtype=np.int32), np.zeros(t_count))
    base_rows = h.getNumRow()
    # z (column T), rows x_t - c_t z >= 0 for unfixed types.
    h.addCol(1.0, -INF, INF, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
    for t in range(t_count):
        h.addRow(0.0, INF, 2, np.array([t, t_count], dtype=np.int32), np.array([1.0, -counts[t]]))
    fixed = np.full(t_count, np.nan)
    stages = 0
    x = np.zeros(t_count)
    while np.isnan(fixed).any():
        stop()
        stages += 1
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise SolverError("the relaxed LEXIMIN LP did not solve to optimality")
        solution = h.getSolution()
        z = float(solution.col_value[t_count])
        duals = np.abs(np.asarray(solution.row_dual)[base_rows:])
        x = np.asarray(solution.col_value)[:t_count]
        unfixed = np.nonzero(np.isnan(fixed))[0]
        tight = unfixed[x[unfixed] <= counts[unfixed] * z + 1e-9]
        to_fix = tight[duals[tight] > DUAL_THRESHOLD]
        if len(to_fix) == 0:
            candidates = tight if len(tight) else unfixed
            to_fix = candidates[[int(np.argmax(duals[candidates]))]]
        for t in to_fix:
            fixed[t] = z
            h.changeCoeff(base_rows + int(t), t_count, 0.0)
            h.changeRowBounds(base_rows + int(t), counts[t] * z - FIX_SLACK * counts[t], INF)
    return fixed, stages, np.clip(x, 0.0, counts)


def face_bounds(
    problem: Problem, x: FloatArray, rows: tuple[FloatArray, FloatArray, FloatArray] | None = None
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Column and row bounds (in `_panel_model`'s row order) of the minimal face of R that
    contains x: every bound and row tight at x is kept tight."""
    counts = problem.counts.astype(np.float64)
    matrix, row_lower, row_upper = rows if rows is not None else _rows(problem)
    at_zero = x <= FACE_TOLERANCE
    at_top = x >= counts - FACE_TOLERANCE
    activity = matrix @ x
    low_tight = activity <= row_lower + FACE_TOLERANCE
    high_tight = activity >= row_upper - FACE_TOLERANCE
    return (
        np.where(at_top, counts, 0.0),
        np.where(at_zero, 0.0, counts),
        np.where(high_tight, row_upper, row_lower),
        np.where(low_tight, row_lower, row_upper),
    )


def restrict(
    h: highspy.Highs, bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray]
) -> None:
    """Restrict a `_panel_model` to a face given by `face_bounds`."""
    col_lower, col_upper, row_lower, row_upper = bounds
    cols = np.arange(len(col_lower), dtype=np.int32)
    rows = np.arange(len(row_lower), dtype=np.int32)
    h.changeColsBounds(len(cols), cols, col_lower, col_upper)
    h.changeRowsBounds(len(rows), rows, row_lower, row_upper)  # type: ignore[attr-defined]


def face_vertices(
    problem: Problem, x: FloatArray, rounds: int, stop: Callable[[], None]
) -> list[IntArray]:
    """Integral vertices of the face of x, from the LP with `rounds` generic objectives
    (seeded, so deterministic); fractional vertices are skipped. Cheap columns that all lie
    where a decomposition of x must live."""
    t_count = problem.n_types
    lp = _panel_model(problem, integer=False)
    restrict(lp, face_bounds(problem, x))
    rng = np.random.RandomState(2021)
    cols = np.arange(t_count, dtype=np.int32)
    share = 1.0 / problem.counts.astype(np.float64)
    found: list[IntArray] = []
    for _ in range(rounds):
        stop()
        lp.changeColsCost(t_count, cols, rng.exponential(1.0, t_count) * share)
        lp.run()
        if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        value = np.asarray(lp.getSolution().col_value)
        v = np.rint(value)
        if np.abs(value - v).max() <= 1e-7:
            found.append(v.astype(np.int64))
    return found


@dataclass
class Walk:
    """The panels of the Caratheodory walk and the weight it could not place (0 when the
    panels decompose the target exactly)."""

    panels: list[IntArray]
    mass_left: float
    mips: int
    repairs: int = 0
    weights: list[float] = field(default_factory=list)  # of each panel in the mixture


class _FacePoint:
    """Integer points of a face of R near the walk's current point x: the face's simplex
    vertex for the objective x_t / c_t (plus a small seeded perturbation, so that the vertex
    is unique), rounded and repaired (`repair.py`) when it is fractional; failing that, the
    vertices for a few generic objectives, then the MIP (zero objective: its first integer
    point is optimal) with a node limit, so that the walk is deterministic."""

    def __init__(self, problem: Problem) -> None:
        t_count = problem.n_types
        self.t_count = t_count
        self.cols = np.arange(t_count, dtype=np.int32)
        self.share = 1.0 / problem.counts.astype(np.float64)
        self.rows = _rows(problem)
        self.matrix = self.rows[0]
        self.lp = _panel_model(problem, integer=False)
        self.rng = np.random.RandomState(20211)  # generic objectives: deterministic vertices
        self.repair_rng = np.random.RandomState(20212)
        self.mip = _panel_model(problem, integer=True)
        self.mip.changeColsCost(t_count, self.cols, np.zeros(t_count))
        self.mip.setOptionValue("mip_max_nodes", WALK_MIP_NODES)
        self.mips = 0
        self.repairs = 0
        self.bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None = None

    def restrict(self, bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray]) -> None:
        self.bounds = bounds
        restrict(self.lp, bounds)
        restrict(self.mip, bounds)

    def _vertex(self, cost: FloatArray) -> FloatArray | None:
        self.lp.changeColsCost(self.t_count, self.cols, cost)
        self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None  # the face is empty (numerically): the walk stops
        value: FloatArray = np.asarray(self.lp.getSolution().col_value, dtype=np.float64)
        return value

    def _repaired(self, value: FloatArray) -> IntArray | None:
        assert self.bounds is not None
        col_lower, col_upper, row_lower, row_upper = self.bounds
        start = round_to_sum(value, col_lower, col_upper, float(row_lower[0]))
        point = repair_quotas(
            start, (col_lower, col_upper), self.matrix, (row_lower, row_upper), self.repair_rng
        )
        if point is None:
            return None
        self.repairs += 1
        found: IntArray = np.rint(point).astype(np.int64)
        return found

    def find(self, x: FloatArray) -> IntArray | None:
        noise = self.rng.uniform(0.0, 1e-3, self.t_count)
        value = self._vertex(x * self.share + noise)
        if value is None:
            return None
        for attempt in range(WALK_LP_TRIES + 1):
            if attempt:
                value = self._vertex(self.rng.uniform(0.5, 1.5, self.t_count))
                if value is None:
                    return None
            v = np.rint(value)
            if np.abs(value - v).max() <= 1e-7:
                found: IntArray = v.astype(np.int64)
                return found
            if attempt == 0:
                repaired = self._repaired(value)
                if repaired is not None:
                    return repaired
        if self.mips >= WALK_MIPS:
            return None
        self.mips += 1
        self.mip.run()
        if self.mip.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None  # no integer point (or none within the node limit)
        point: IntArray = np.rint(np.asarray(self.mip.getSolution().col_value)).astype(np.int64)
        return point


def _step(
    problem: Problem,
    x: FloatArray,
    v: IntArray,
    bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    rows: tuple[FloatArray, FloatArray, FloatArray],
) -> float:
    """How far x may move away from v, x' = x + theta (x - v), and stay in R (the constraints
    tight on x's face stay tight along the direction, up to rounding: only the others limit
    the step); INF or 0 when it cannot."""
    counts = problem.counts.astype(np.float64)
    matrix, row_lower, row_upper = rows
    col_lower, col_upper, face_row_lower, face_row_upper = bounds
    at_zero = col_upper <= 0
    at_top = col_lower >= counts
    low_tight = face_row_upper <= row_lower
    high_tight = face_row_lower >= row_upper
    direction = x - v
    if np.abs(direction).max() <= FACE_TOLERANCE:
        return INF
    theta = INF
    neg = (direction < -1e-12) & ~at_zero
    pos = (direction > 1e-12) & ~at_top
    if neg.any():
        theta = min(theta, float((x[neg] / -direction[neg]).min()))
    if pos.any():
        theta = min(theta, float(((counts[pos] - x[pos]) / direction[pos]).min()))
    activity = matrix @ x
    change = matrix @ direction
    grow = (change > 1e-12) & ~high_tight
    shrink = (change < -1e-12) & ~low_tight
    if grow.any():
        theta = min(theta, float(((row_upper[grow] - activity[grow]) / change[grow]).min()))
    if shrink.any():
        theta = min(theta, float(((row_lower[shrink] - activity[shrink]) / change[shrink]).min()))
    return theta


def _snap(
    matrix: FloatArray, x: FloatArray, bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray]
) -> FloatArray:
    """x moved onto its face: counts within the tolerance of 0 or c_t set there, and the tight
    rows met exactly by the least change of the free counts. Otherwise the walk amplifies
    these tolerances by 1 / (weight left), up to 1e6 over a few hundred steps, and its point
    leaves R (`paper_1727_110`: quotas missed by 3 seats after 212 steps)."""
    col_lower, col_upper, row_lower, row_upper = bounds
    x = np.clip(x, col_lower, col_upper)
    tight = row_lower == row_upper
    free = col_lower < col_upper
    if tight.any() and free.any():
        residual = row_lower[tight] - matrix[tight] @ x
        if np.abs(residual).max() > 0:
            change = np.linalg.lstsq(matrix[np.ix_(tight, free)], residual, rcond=None)[0]
            x[free] += change
            x = np.clip(x, col_lower, col_upper)
    snapped: FloatArray = x
    return snapped


def walk_panels(problem: Problem, target: FloatArray, stop: Callable[[], None]) -> Walk:
    """Panels from the Caratheodory walk towards the seat counts `target` (x* = c p*).

    Each step finds a panel v in the minimal face of the current point x (`_FacePoint`),
    then moves x away from v to the face's boundary: x is a mixture of v and the new point,
    which lies on a smaller face, so at most T + 1 steps are needed. The new point may lie
    outside conv(panels) (R is not integral): the walk stops when a face has no panel, and
    column generation places the weight left, starting from the walk's panels."""
    counts = problem.counts.astype(np.float64)
    finder = _FacePoint(problem)
    rows = finder.rows
    panels: list[IntArray] = []
    weights: list[float] = []
    x = np.clip(target.astype(np.float64), 0.0, counts)
    mass = 1.0
    for _ in range(problem.n_types + 2):
        stop()
        if mass < REMAINDER:
            break
        # Snap x onto its face, again while that brings another row within the tolerance of
        # its bound (at most three times).
        bounds = face_bounds(problem, x, rows)
        for _snaps in range(3):
            x = _snap(rows[0], x, bounds)
            snapped = face_bounds(problem, x, rows)
            same = all(np.array_equal(a, b) for a, b in zip(bounds, snapped, strict=True))
            bounds = snapped
            if same:
                break
        finder.restrict(bounds)
        v = finder.find(x)
        if v is None or not problem.is_valid_panel(v):
            break
        panels.append(v)
        theta = _step(problem, x, v, bounds, rows)
        if theta == INF:
            weights.append(mass)
            mass = 0.0  # x is the panel itself
            break
        if not np.isfinite(theta) or theta <= 0:
            weights.append(0.0)  # kept as a column for the column generation
            break
        weights.append(mass * theta / (1.0 + theta))
        mass *= 1.0 / (1.0 + theta)
        x = np.clip(x + theta * (x - v), 0.0, counts)
    return Walk(panels, mass, finder.mips, finder.repairs, weights)
