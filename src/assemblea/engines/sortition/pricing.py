"""The pricing problem of column generation: a valid panel of largest weight (HiGHS LP
relaxation first, the MIP only when it is fractional and no cheap panel improves)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import highspy
import numpy as np

from .errors import SelectionCancelled, SolverError
from .highs import INF, _panel_model
from .problem import FloatArray, IntArray, Problem

# Extra pricing rounds with perturbed weights (LP only) per column-generation iteration, and
# the size of the perturbation relative to the largest weight.
PERTURBED_ROUNDS = 4
PERTURBATION = 0.3
# Perturbed relaxations tried before the MIP when the relaxation's optimum is fractional.
HEURISTIC_ROUNDS = 8
# Called between solves; returning True cancels the run with `SelectionCancelled`.
StopCheck = Callable[[], bool]


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
