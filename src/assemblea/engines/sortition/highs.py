"""HiGHS instances for the sortition engine: silent, single-threaded, deterministic, and the
model of valid panels over types (LP relaxation or MIP) that pricing and the relaxation share."""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np

from .problem import Problem

INF = highspy.kHighsInf

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
