"""The restricted master LP of LEXIMIN/MAXIMIN column generation over types, and the column
generation loop itself (with dual smoothing), kept across stages."""

from __future__ import annotations

import time
from collections.abc import Callable

import highspy
import numpy as np

from .errors import SolverError
from .highs import INF, new_highs
from .pricing import PERTURBED_ROUNDS, PanelOracle
from .problem import FloatArray, IntArray, Problem

# A new panel must improve the reduced cost by more than this to be added.
PRICING_TOLERANCE = 1e-10
# Fixed probabilities are relaxed by this much so later stages stay feasible in floating point.
FIX_SLACK = 1e-10
# Weight of the stability center in the dual vector used for pricing (0 = no smoothing).
SMOOTHING = 0.7


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
        self.cold = False  # solve the next LP by interior point (many columns were added)
        # Every solve by interior point: after a walk that placed nearly all the weight, the
        # few re-solves each start from many columns the last basis does not fit
        # (civic_3000_150: 7 solves 89 s, against 165 s by primal simplex after the first).
        self.always_cold = False

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
        if self.cold:
            # Many new columns at once (the walk's): interior point with crossover (its
            # basis is kept for the simplex solves that follow).
            h.setOptionValue("solver", "ipm")
        h.run()
        if self.cold:
            h.setOptionValue("solver", "simplex")
            self.cold = self.always_cold
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
