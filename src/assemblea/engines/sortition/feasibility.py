"""Before any lottery: can any panel meet the quotas? If not, which quotas conflict, and what is
the smallest change that makes a panel possible?

The smallest relaxation is found by an ILP over types with one slack per quota bound,
minimising the total number of seats by which minimums are lowered and maximums raised.
"""

from __future__ import annotations

import highspy
import numpy as np

from .errors import InfeasibleQuotasError, QuotaChange, SolverError
from .problem import Problem
from .solver import INF, new_highs


def _quick_reasons(problem: Problem) -> list[str]:
    reasons: list[str] = []
    available = problem.quota_matrix @ problem.counts
    by_category: dict[str, list[int]] = {}
    for q, (category, value) in enumerate(problem.quota_keys):
        by_category.setdefault(category, []).append(q)
        if problem.lower[q] > available[q]:
            reasons.append(
                f"{category} = {value} needs at least {problem.lower[q]} panel members, "
                f"but only {available[q]} people in the pool have it"
            )
    k = problem.seats
    for category, rows in by_category.items():
        low = int(problem.lower[rows].sum())
        high = int(np.minimum(problem.upper[rows], available[rows]).sum())
        if low > k:
            reasons.append(f"the minimums for {category} add up to {low}, more than the {k} seats")
        if high < k:
            reasons.append(
                f"the maximums for {category} (capped by who is in the pool) add up to {high}, "
                f"fewer than the {k} seats"
            )
    return reasons


def smallest_relaxation(problem: Problem) -> list[QuotaChange] | None:
    """Quota changes of least total size making a valid panel exist ([] if already feasible,
    None if no change of quotas helps, e.g. too few households for the seats)."""
    t_count = problem.n_types
    q_count = problem.quota_matrix.shape[0]
    h = new_highs(mip_rel_gap=0.0, time_limit=60.0)
    # Columns: x_t (T), slack_low_q (Q), slack_high_q (Q).
    n_cols = t_count + 2 * q_count
    lower = np.zeros(n_cols)
    upper = np.concatenate(
        [problem.counts.astype(np.float64), problem.lower.astype(np.float64), np.full(q_count, INF)]
    )
    costs = np.concatenate([np.zeros(t_count), np.ones(2 * q_count)])
    h.addVars(n_cols, lower, upper)
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), costs)
    h.changeColsIntegrality(
        n_cols, np.arange(n_cols, dtype=np.int32), np.full(n_cols, highspy.HighsVarType.kInteger)
    )
    h.addRow(
        float(problem.seats),
        float(problem.seats),
        t_count,
        np.arange(t_count, dtype=np.int32),
        np.ones(t_count),
    )
    for q in range(q_count):
        cols = np.nonzero(problem.quota_matrix[q])[0].astype(np.int32)
        # A x + slack_low >= lower ; A x - slack_high <= upper
        idx = np.append(cols, t_count + q).astype(np.int32)
        h.addRow(float(problem.lower[q]), INF, len(idx), idx, np.ones(len(idx)))
        idx = np.append(cols, t_count + q_count + q).astype(np.int32)
        values = np.append(np.ones(len(cols)), -1.0)
        h.addRow(-INF, float(problem.upper[q]), len(idx), idx, values)
    for group in problem.households:
        idx = np.array(group, dtype=np.int32)
        h.addRow(-INF, 1.0, len(idx), idx, np.ones(len(idx)))
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
        raise SolverError(f"feasibility ILP ended with status {h.modelStatusToString(status)}")
    values = np.rint(np.asarray(h.getSolution().col_value)).astype(np.int64)
    slack_low = values[t_count : t_count + q_count]
    slack_high = values[t_count + q_count :]
    changes = []
    for q, (category, value) in enumerate(problem.quota_keys):
        if slack_low[q] or slack_high[q]:
            old_min = int(problem.original_lower[q])
            old_max = int(problem.original_upper[q])
            changes.append(
                QuotaChange(
                    category,
                    value,
                    old_min,
                    old_max,
                    old_min - int(slack_low[q]),
                    old_max + int(slack_high[q]),
                )
            )
    return changes


def check_feasibility(problem: Problem) -> None:
    """Raise InfeasibleQuotasError (with reasons and the smallest relaxation) if no panel exists."""
    changes = smallest_relaxation(problem)
    if changes == []:
        return
    reasons = _quick_reasons(problem)
    if changes is None:
        if problem.households:
            reasons.append(
                f"with at most one person per household, the pool cannot fill {problem.seats} seats"
            )
        else:
            reasons.append(f"the pool cannot fill {problem.seats} seats")
    elif not reasons:
        names = ", ".join(f"{c.category} = {c.value}" for c in changes)
        reasons.append(
            f"each quota can be met on its own, but not all together; the conflict involves: "
            f"{names}"
        )
    raise InfeasibleQuotasError(reasons, changes or [])
