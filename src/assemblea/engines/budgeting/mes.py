"""The Method of Equal Shares on arrays: one run in floats, and how far the start budget may move.

A run starts every voter with the same budget `b` and funds, round after round, the project its
supporters can buy at the smallest price ρ per unit of utility, each supporter paying
min(what they have, ρ·utility). Per distinct ballot ("group") the budget left is an array `V`.

ρ of one project: pabutools' "poor/rich" fixed point, vectorised: ρ = (cost − what the poor
have) / (utility of the rich), where the poor are the supporters with less than ρ·utility; a few
array passes instead of a sort. Lazy evaluation as in pabutools: a project's ρ never falls from
one round to the next, so last round's ρ is a lower bound and projects are tried in that order
until the bound exceeds the best ρ found (projects whose bound is within the float margin of
the best are tried too).

How far `b` may move (`Run.reach`): inside one run every budget left is an affine function of
`b` (V = V(b) + S·Δ): a supporter who pays ρ·u has V − ρ(b)·u left, one who pays everything has
0, and ρ(b) is affine in the budgets of the poor. Every decision the run made is a sign of an
affine function of Δ: which supporters were poor or rich for the funded project, that the funded
ρ was below every other ρ tried (the ρ formula with this run's poor set is a lower bound of the
true ρ at any b) and below every lower bound left untried, that a project dropped was short of
money. The smallest Δ > 0 at which one of them could change sign is `reach`: for every start
budget in [b, b + reach) the run makes the same choices, so the add-one completion can skip to
the first increment at or beyond it instead of counting every one of them.

Floats decide only with a margin: two ρ closer than `EPS` (relative), supporters' money within
`EPS` of a cost, raise `NearTie` and the caller redoes the run exactly (`exact.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .model import Groups

if TYPE_CHECKING:
    from .exact import Shadow

EPS = 1e-9
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class NearTie(Exception):
    """A float comparison was too close to trust: redo the run exactly."""


@dataclass(frozen=True)
class Table:
    """Supporters of each project that has some (utility > 0): groups, utilities, voter counts.

    `pids[j]` is the project id, `costs[j]` its cost; `idx[j]` the supporting groups, `util[j]`
    one voter's utility there, `mult[j]` the voters of each group, `mu[j]` = mult·util.
    """

    pids: list[str]
    costs: list[int]
    idx: list[Ints]
    util: list[Floats]
    util_int: list[Ints]
    mult: list[Floats]
    mu: list[Floats]
    total_mu: list[float]
    groups: Groups
    scale: list[Floats | float] = field(default_factory=list)  # util, or the one value it has

    @classmethod
    def build(cls, groups: Groups, costs: dict[str, int], utility: str) -> Table:
        cost_of = np.array([costs[p] for p in groups.ids], dtype=np.int64)
        if utility == "cost":
            util = cost_of[groups.indices]
        elif utility == "cardinality":
            util = np.ones(len(groups.indices), np.int64)
        else:
            util = groups.weights.copy()
        rows = groups.rows()
        keep = util > 0
        project, row, util = groups.indices[keep], rows[keep], util[keep]
        order = np.argsort(project.astype(np.int32), kind="stable")
        project, row, util = project[order], row[order], util[order]
        bounds = np.searchsorted(project, np.arange(len(groups.ids) + 1))
        table = cls([], [], [], [], [], [], [], [], groups)
        counts = groups.counts.astype(np.float64)
        for j, pid in enumerate(groups.ids):
            a, b = bounds[j], bounds[j + 1]
            if a == b:
                continue
            table.pids.append(pid)
            table.costs.append(int(cost_of[j]))
            table.idx.append(row[a:b])
            table.util_int.append(util[a:b])
            table.util.append(util[a:b].astype(np.float64))
            table.mult.append(counts[row[a:b]])
            table.mu.append(table.mult[-1] * table.util[-1])
            table.total_mu.append(float(table.mu[-1].sum()))
            one = table.util[-1]
            table.scale.append(float(one[0]) if (one == one[0]).all() else one)
        return table


@dataclass
class Run:
    """One run of MES: funded (positions in the table, in order), what each group paid for each,
    the budget left per group, and how far the start budget may grow with the same choices."""

    funded: list[int]
    pays: dict[int, Floats] = field(default_factory=dict)
    poor: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    clear: list[bool] = field(default_factory=list)  # each round's poor/rich split was clear
    work: int = 0  # supporter entries looked at (a machine-independent measure of time)
    budget: Floats | None = None
    reach: float = math.inf
    exact: bool = False
    exact_pays: dict[int, list[Fraction]] | None = None
    exact_budget: list[Fraction] | None = None


@dataclass
class _Price:
    rho: float
    slope: float  # dρ/db with this round's poor set fixed (a lower bound off b)
    poor: npt.NDArray[np.bool_]
    exact: Fraction | None = None


def _price(t: Table, j: int, v: Floats, s: Floats | None) -> _Price | str | None:
    """ρ of project j with budgets v (its supporters'), None if they cannot pay its cost,
    "close" if what they have is too close to the cost to tell in floats."""
    cost, m, mu, u = t.costs[j], t.mult[j], t.mu[j], t.scale[j]
    have = float(m @ v)
    if have < cost * (1 - EPS):
        return None
    if have <= cost * (1 + EPS) and cost > 0:
        return "close"
    rho = cost / t.total_mu[j]
    poor = v < rho * u
    size = int(np.count_nonzero(poor))
    denom = t.total_mu[j]
    while size:
        denom = t.total_mu[j] - float(mu[poor].sum())
        rho = (cost - float(m[poor] @ v[poor])) / denom
        poor = v < rho * u  # the poor only grow as ρ rises
        grown = int(np.count_nonzero(poor))
        if grown == size:
            break
        size = grown
    slope = 0.0 if s is None or not size else -float(m[poor] @ s[poor]) / denom
    return _Price(rho, slope, poor)


def _limit(d0: Floats | float, d1: Floats | float, scale: Floats | float) -> float:
    """Largest Δ ≥ 0 keeping every d0 + d1·Δ ≥ 0 (all d0 ≥ 0 now); a margin within EPS of
    `scale` counts as none (that decision may change at once: no skipping past it)."""
    d0a = np.atleast_1d(np.asarray(d0, dtype=np.float64))
    d1a = np.atleast_1d(np.asarray(d1, dtype=np.float64))
    falling = d1a < 0
    if not falling.any():
        return math.inf
    size = np.broadcast_to(np.abs(np.atleast_1d(np.asarray(scale, dtype=np.float64))), d0a.shape)
    margin = d0a[falling]
    margin = np.where(margin <= EPS * size[falling], 0.0, margin)
    return float((margin / -d1a[falling]).min())


def run(t: Table, start: Fraction, track: bool) -> Run:
    """One run of MES from `start` per voter, in floats; a decision too close to call in floats
    is made exactly (`exact.Shadow`), and `Run.exact` says so."""
    from .exact import Shadow

    n = len(t.groups.counts)
    v_all = np.full(n, float(start))
    shadow = Shadow(t, start)
    s_all = np.ones(n) if track else None
    # ρ ≥ cost / (utility of all supporters) at any budget: the first lower bound
    bound = {j: (t.costs[j] / t.total_mu[j], 0.0) for j in range(len(t.pids))}
    result = Run([])
    while bound:
        step = _round(t, bound, v_all, s_all, result, shadow)
        if step is None:
            break
        j, price = step
        idx = t.idx[j]
        v = v_all[idx]
        pay = np.minimum(v, price.rho * t.util[j])
        v_all[idx] = v - pay
        if s_all is not None:
            s = s_all[idx]
            s_all[idx] = np.where(price.poor, 0.0, s - price.slope * t.util[j])
        result.funded.append(j)
        result.pays[j] = pay
        result.poor.append(price.poor)
        result.clear.append(_clear(v, price.rho * t.util[j]))
    result.budget = v_all
    if not track:
        result.reach = 0.0  # not worked out: no skipping
    return result


def _round(
    t: Table,
    bound: dict[int, tuple[float, float]],
    v_all: Floats,
    s_all: Floats | None,
    result: Run,
    shadow: Shadow,
) -> tuple[int, _Price] | None:
    """One round: the project to fund and its price (None when none is affordable)."""
    order = sorted(bound, key=lambda j: (bound[j][0], t.pids[j]))
    result.work += 400 + 4 * len(order)
    best: tuple[int, _Price] | None = None
    tried: list[tuple[int, _Price]] = []
    untried: list[int] = []
    for pos, j in enumerate(order):
        if best is not None and bound[j][0] > best[1].rho * (1 + EPS):
            untried = order[pos:]
            break
        s = s_all[t.idx[j]] if s_all is not None else None
        result.work += len(t.idx[j]) + 600  # a price costs its supporters and a fixed part
        price = _price(t, j, v_all[t.idx[j]], s)
        if price == "close":
            price = _exactly(t, j, v_all, result, shadow)
        if price is None:
            del bound[j]
            if s is not None:
                have = float(t.mult[j] @ v_all[t.idx[j]])
                slope = -float(t.mult[j] @ s)
                result.reach = min(result.reach, _limit(t.costs[j] - have, slope, t.costs[j]))
            continue
        assert isinstance(price, _Price)
        bound[j] = (price.rho, price.slope)
        tried.append((j, price))
        if best is None or (price.rho, t.pids[j]) < (best[1].rho, t.pids[best[0]]):
            best = (j, price)
    if best is None:
        return None
    close = [
        (k, p)
        for k, p in tried
        if k == best[0] or (abs(p.rho - best[1].rho) <= EPS * best[1].rho and p.rho != 0)
    ]
    if len(close) > 1:  # (ρ = 0 exactly only for free projects: a true tie, decided by id)
        best = _tie(t, close, v_all, result, shadow, bound)
        if best is None:
            return None
    j, price = best
    del bound[j]
    if s_all is not None:
        _reach(t, j, price, v_all, s_all, tried, untried, bound, result)
    return best


def _exactly(t: Table, j: int, v_all: Floats, result: Run, shadow: Shadow) -> _Price | None:
    """Project j's price decided exactly (its supporters have almost exactly its cost)."""
    result.exact, result.reach = True, 0.0
    rho = shadow.rho(j, result.funded, result.poor, None)
    if rho is None:
        return None
    return _Price(float(rho), 0.0, v_all[t.idx[j]] < float(rho) * t.util[j], rho)


def _clear(v: Floats, price: Floats) -> bool:
    """Every supporter clearly below or clearly above what it is asked (floats can tell)."""
    return bool((np.abs(v - price) > 1e-6 * np.maximum(v, price)).all())


def _all_rich(t: Table, j: int, price: _Price, v_all: Floats) -> Fraction | None:
    """Exact ρ without exact budgets when every supporter clearly has more than ρ·utility:
    then ρ = cost / Σ voters·utility, a ratio of integers."""
    if price.poor.any():
        return None
    if not (v_all[t.idx[j]] >= price.rho * t.util[j] * (1 + 1e-6)).all():
        return None
    counts = t.groups.counts[t.idx[j]]
    return Fraction(t.costs[j], int((counts * t.util_int[j]).sum()))


def _tie(
    t: Table,
    close: list[tuple[int, _Price]],
    v_all: Floats,
    result: Run,
    shadow: Shadow,
    bound: dict[int, tuple[float, float]],
) -> tuple[int, _Price] | None:
    """Projects whose ρ are within the float margin: compare their exact ρ, then ids."""
    result.exact, result.reach = True, 0.0
    ranked = []
    for k, p in close:
        rho = p.exact if p.exact is not None else _all_rich(t, k, p, v_all)
        if rho is None:
            now = _clear(v_all[t.idx[k]], p.rho * t.util[k])
            rho = shadow.rho(k, result.funded, result.poor, p.poor, result.clear if now else None)
        if rho is None:
            del bound[k]
            continue
        ranked.append((rho, t.pids[k], k, p))
    if not ranked:
        return None
    rho, _, k, p = min(ranked)
    return k, _Price(float(rho), p.slope, p.poor, rho)


def _reach(
    t: Table,
    j: int,
    price: _Price,
    v_all: Floats,
    s_all: Floats,
    tried: list[tuple[int, _Price]],
    untried: list[int],
    bound: dict[int, tuple[float, float]],
    result: Run,
) -> None:
    """Shrink `result.reach` so that this round's choice stays the same over [b, b + reach)."""
    idx, u = t.idx[j], t.util[j]
    v, s = v_all[idx], s_all[idx]
    sign = np.where(price.poor, -1.0, 1.0)
    d0 = sign * (v - price.rho * u)
    d1 = sign * (s - price.slope * u)
    reach = _limit(d0, d1, np.maximum(v, price.rho * u))
    others = [(p.rho, p.slope) for k, p in tried if k != j] + [bound[k] for k in untried]
    if others:
        rhos = np.array([r for r, _ in others])
        slopes = np.array([sl for _, sl in others])
        reach = min(reach, _limit(rhos - price.rho, slopes - price.slope, price.rho))
    result.reach = min(result.reach, reach)
