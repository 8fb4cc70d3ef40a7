"""The Method of Equal Shares in exact rational arithmetic (`fractions.Fraction`).

The same run as `mes.run`, decision for decision the same as pabutools' `mes_inner_algo`
(lazy evaluation; supporters swept in order of budget/utility; ties by project id as text),
used when the float run meets a decision too close to call, and by the tests as the reference.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from .mes import Run, Table


def run_exact(t: Table, start: Fraction) -> Run:
    """One run of MES from `start` per voter, every number a Fraction."""
    counts = t.groups.counts.tolist()
    budget: list[Fraction] = [Fraction(start)] * len(counts)
    sup = [
        list(zip(t.idx[j].tolist(), t.util_int[j].tolist(), strict=True))
        for j in range(len(t.pids))
    ]
    denoms = [sum(counts[g] * u for g, u in s) for s in sup]
    bound: dict[int, Fraction] = {j: Fraction(0) for j in range(len(t.pids))}
    result = Run([], reach=0.0, exact=True)
    pays: dict[int, list[Fraction]] = {}
    while bound:
        best: tuple[Fraction, str, int] | None = None
        for j in sorted(bound, key=lambda k: (bound[k], t.pids[k])):
            if best is not None and bound[j] > best[0]:
                break
            rho = _rho(t.costs[j], sup[j], denoms[j], budget, counts)
            if rho is None:
                del bound[j]
                continue
            bound[j] = rho
            if best is None or (rho, t.pids[j]) < best[:2]:
                best = (rho, t.pids[j], j)
        if best is None:
            break
        rho, _, j = best
        del bound[j]
        paid = []
        for g, u in sup[j]:
            pay = min(budget[g], rho * u)
            budget[g] -= pay
            paid.append(pay)
        result.funded.append(j)
        pays[j] = paid
    result.pays = {j: np.array([float(x) for x in p]) for j, p in pays.items()}
    result.exact_pays = pays
    result.budget = np.array([float(x) for x in budget])
    result.exact_budget = budget
    return result


def _rho(
    cost: int, sup: list[tuple[int, int]], denom: int, budget: list[Fraction], counts: list[int]
) -> Fraction | None:
    """Smallest ρ with Σ count·min(budget, ρ·u) = cost over the supporters; None if unaffordable."""
    have = sum(counts[g] * budget[g] for g, _ in sup)
    if have < cost:
        return None
    paid = Fraction(0)
    left = denom
    for g, u in sorted(sup, key=lambda s: budget[s[0]] / s[1]):
        rho = (cost - paid) / left
        if rho * u <= budget[g]:
            return rho
        paid += counts[g] * budget[g]
        left -= counts[g] * u
    return None  # pragma: no cover - the sum check above makes the last supporter pay


class Shadow:
    """Exact budgets for a float run, made only when a decision is too close to call in floats.

    It replays the projects the float run has funded so far, exactly (each ρ from the float
    run's poor set, checked exactly, or the full sweep if the check fails), then gives exact ρ
    for the projects in the near tie. The float run goes on from there: one close decision
    costs one exact replay, not an exact run of the whole election.
    """

    def __init__(self, t: Table, start: Fraction) -> None:
        self.t = t
        self.start = Fraction(start)
        self.budget: list[Fraction] | None = None
        self.counts = t.groups.counts.tolist()
        self.done = 0
        self._sup: dict[int, list[tuple[int, int]]] = {}
        self._memo: dict[int, Fraction] = {}

    def sup(self, j: int) -> list[tuple[int, int]]:
        if j not in self._sup:
            self._sup[j] = list(
                zip(self.t.idx[j].tolist(), self.t.util_int[j].tolist(), strict=True)
            )
        return self._sup[j]

    def sync(self, funded: list[int], hints: list[npt.NDArray[np.bool_]]) -> list[Fraction]:
        if self.budget is None:
            self.budget = [self.start] * len(self.counts)
        budget = self.budget
        while self.done < len(funded):
            j = funded[self.done]
            rho = self._rho(j, hints[self.done])
            assert rho is not None
            for g, u in self.sup(j):
                budget[g] -= min(budget[g], rho * u)
            self.done += 1
        return budget

    def rho(
        self,
        j: int,
        funded: list[int],
        hints: list[npt.NDArray[np.bool_]],
        hint: Any,
        clear: list[bool] | None = None,
    ) -> Fraction | None:
        """Exact ρ of project j after the rounds funded so far (None: its supporters cannot pay).

        `clear[r]`: in round r every supporter was clearly poor or clearly rich in floats. Then
        (and if `hint`, j's poor set now, is clear too) only the budgets of the poor are needed,
        and those only through the rounds where they paid: see `_sparse`.
        """
        if hint is not None and clear is not None:
            found = self._sparse(j, hint, funded, hints, clear)
            if found is not None:
                return found
        self.sync(funded, hints)
        return self._rho(j, hint)

    def _sparse(
        self,
        j: int,
        poor: npt.NDArray[np.bool_],
        funded: list[int],
        hints: list[npt.NDArray[np.bool_]],
        clear: list[bool],
    ) -> Fraction | None:
        """ρ = (cost − what the poor have) / (voters·utility of the rich), exactly, with each poor
        group's budget = start − its exact payments as a rich supporter in earlier rounds (0 once
        it has been poor). Each earlier ρ needed is found the same way (memoised). None when a
        round involved was not clear in floats."""
        t, counts = self.t, self.counts
        idx, util = t.idx[j], t.util_int[j]
        rich_mu = int((t.groups.counts[idx[~poor]] * util[~poor]).sum())
        if rich_mu == 0:
            return None
        paid = Fraction(0)
        for g in idx[poor].tolist():
            have = self._have(g, len(funded), funded, hints, clear)
            if have is None:
                return None
            paid += counts[g] * have
        return (t.costs[j] - paid) / rich_mu

    def _have(
        self,
        g: int,
        upto: int,
        funded: list[int],
        hints: list[npt.NDArray[np.bool_]],
        clear: list[bool],
    ) -> Fraction | None:
        """Exact budget of group g before round `upto`, or None (a round it paid in is unclear)."""
        have = self.start
        for r in range(upto):
            ix = self.t.idx[funded[r]]
            at = int(np.searchsorted(ix, g))
            if at >= len(ix) or ix[at] != g:
                continue
            if not clear[r]:
                return None
            if hints[r][at]:
                return Fraction(0)
            rho = self._memo.get(r)
            if rho is None:
                rho = self._sparse(funded[r], hints[r], funded[:r], hints, clear)
                if rho is None:
                    return None
                self._memo[r] = rho
            have -= rho * int(self.t.util_int[funded[r]][at])
        return have

    def _rho(self, j: int, hint: npt.NDArray[np.bool_] | None) -> Fraction | None:
        assert self.budget is not None
        budget, counts, sup, cost = self.budget, self.counts, self.sup(j), self.t.costs[j]
        if hint is not None and len(hint) == len(sup) and not hint.all():
            poor: list[bool] = hint.tolist()
            paid: Fraction = sum(
                counts[g] * budget[g] for (g, _), p in zip(sup, poor, strict=True) if p
            )
            denom = sum(counts[g] * u for (g, u), p in zip(sup, poor, strict=True) if not p)
            rho: Fraction = (cost - paid) / Fraction(denom)
            if rho >= 0 and all(
                (budget[g] <= rho * u) if p else (budget[g] >= rho * u)
                for (g, u), p in zip(sup, poor, strict=True)
            ):
                return rho
        denoms = sum(counts[g] * u for g, u in sup)
        return _rho(cost, sup, denoms, budget, counts)
