"""Rules that pick the funded projects: greedy by votes (with a threshold) and Equal Shares.

Tie rules (the same as pabutools' defaults, so results compare): greedy orders projects by score,
higher first, then by project id compared as text (so "c10" comes before "c2"); Equal Shares funds
the project with the smallest ρ (the price per unit of utility its supporters pay), ties again by
project id as text.

Exactness: Equal Shares searches with floats, which is fast, but every decision a float could get
wrong (two projects' ρ closer than one part in 10⁹, a supporter's budget within that of the price
asked, a project whose supporters have almost exactly its cost) raises `_NearTie` and the whole
run is redone in `fractions.Fraction`. So the float path only decides what it can decide with a wide
margin, and the answer is the exact answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from .model import Election

EPS = 1e-9
Number = float | Fraction


@dataclass
class Outcome:
    """What a rule funded, and why, in a form a results page can show.

    `payments` (Equal Shares only): project → {ballot index in `groups`: what one voter with
    that ballot paid}; `groups` lists the distinct ballots (projects named, number of voters).
    `notes` explains each funded project and each popular project left out.
    """

    rule: str
    budget: int
    funded: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    per_voter_budget: Fraction | None = None
    payments: dict[str, dict[int, float]] = field(default_factory=dict)
    groups: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    exact_rerun: bool = False

    def spent(self, election: Election) -> int:
        return sum(election.projects[p].cost for p in self.funded)


def scores(election: Election, by: str = "votes") -> dict[str, int]:
    """Each project's total: `votes` = ballots naming it; `points` = sum of points (or votes)."""
    total = dict.fromkeys(election.projects, 0)
    for ballot, count in election.profile().items():
        for pid, weight in ballot:
            total[pid] += count * (weight if by == "points" else 1)
    return total


def greedy(
    election: Election,
    by: str = "votes",
    threshold: int = 0,
    skip: bool = True,
    start: Iterable[str] = (),
) -> Outcome:
    """Fund projects in order of score while they fit, the way most cities count.

    A project that does not fit the money left is skipped and the count goes on (`skip=False`:
    the count stops there, pabulib's `greedy-no-skip`). Projects scoring below `threshold` are
    never funded. `start` = projects already funded (greedy as a completion of another rule).
    """
    score = scores(election, by)
    outcome = Outcome(f"greedy ({by})", election.budget, funded=list(start))
    left = election.budget - sum(election.projects[p].cost for p in outcome.funded)
    order = sorted(
        (p for p in election.projects if p not in outcome.funded), key=lambda p: (-score[p], p)
    )
    for pid in order:
        cost = election.projects[pid].cost
        if score[pid] < threshold:
            outcome.notes[pid] = f"{score[pid]} {by}, below the threshold of {threshold}"
        elif cost <= left:
            outcome.funded.append(pid)
            left -= cost
            outcome.notes[pid] = f"funded with {score[pid]} {by}; {left} left"
        else:
            outcome.notes[pid] = f"{score[pid]} {by}, but costs {cost} and only {left} was left"
            if not skip:
                break
    return outcome


class _NearTie(Exception):
    """A float comparison was too close to trust: redo the run exactly."""


@dataclass
class _Table:
    """The profile as MES needs it: distinct ballots with voter counts, supporters per project."""

    groups: list[tuple[tuple[str, ...], int]]
    supporters: dict[str, list[tuple[int, int]]]  # project → [(group, utility per voter)]
    costs: dict[str, int]
    arrays: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.float64]]]


def _table(election: Election, utility: str) -> _Table:
    profile = election.profile()
    groups = [(tuple(p for p, _ in ballot), count) for ballot, count in profile.items()]
    costs = {p.id: p.cost for p in election.projects.values()}
    supporters: dict[str, list[tuple[int, int]]] = {p: [] for p in costs}
    for g, ballot in enumerate(profile):
        for pid, weight in ballot:
            u = costs[pid] if utility == "cost" else 1 if utility == "cardinality" else weight
            if u > 0:
                supporters[pid].append((g, u))
    counts = np.array([c for _, c in groups], dtype=np.float64)
    arrays = {}
    for pid, sup in supporters.items():
        idx = np.array([g for g, _ in sup], dtype=np.intp)
        arrays[pid] = (idx, np.array([u for _, u in sup], dtype=np.float64), counts[idx])
    return _Table(groups, supporters, costs, arrays)


def _rho_float(table: _Table, pid: str, budget: npt.NDArray[np.float64]) -> float | None:
    """`_rho` in floats with numpy: the sweep over supporters sorted by budget/utility at once."""
    idx, util, counts = table.arrays[pid]
    cost = table.costs[pid]
    have_each = budget[idx]
    have = float(counts @ have_each)
    if abs(have - cost) <= EPS * cost:
        raise _NearTie
    if have < cost:
        return None
    order = np.argsort(have_each / util, kind="stable")
    bs, us, cs = have_each[order], util[order], counts[order]
    paid = np.concatenate(([0.0], np.cumsum(cs * bs)[:-1]))
    cu = cs * us
    denom = cu.sum() - np.concatenate(([0.0], np.cumsum(cu)[:-1]))
    rho = (cost - paid) / denom
    k = int(np.argmax(rho * us <= bs))
    if abs(rho[k] * us[k] - bs[k]) <= EPS * bs[k]:
        raise _NearTie
    return float(rho[k])


def _rho(table: _Table, pid: str, budget: list[Any], exact: bool) -> Number | None:
    """Smallest ρ with Σ count·min(budget, ρ·u) = cost over the supporters; None if unaffordable."""
    cost = table.costs[pid]
    sup = table.supporters[pid]
    have = sum(table.groups[g][1] * budget[g] for g, _ in sup)
    if not exact and abs(have - cost) <= EPS * cost:
        raise _NearTie
    if have < cost or not sup:
        return None
    paid: Number = 0
    denom = sum(table.groups[g][1] * u for g, u in sup)
    for g, u in sorted(sup, key=lambda s: budget[s[0]] / s[1]):
        rho = (Fraction(cost) - paid) / denom if exact else (cost - paid) / denom
        if rho * u <= budget[g]:
            if not exact and abs(rho * u - budget[g]) <= EPS * budget[g]:
                raise _NearTie
            return rho
        count = table.groups[g][1]
        paid += count * budget[g]
        denom -= count * u
    return None  # pragma: no cover - the sum check above makes the last supporter pay


Pays = dict[str, tuple[npt.NDArray[np.intp], list[Number]]]


def _mes_run(table: _Table, per_voter: Fraction, exact: bool) -> tuple[list[str], Pays, Any]:
    """One run of MES from the given start budget per voter.

    Lazy evaluation (as pabutools and equalshares.net do): a project's ρ never falls as budgets
    are spent, so last round's ρ is a lower bound and projects are tried in that order until
    the bound exceeds the best ρ found. Returns funded ids, payments (supporter groups and what
    one voter of each paid) and the budgets left per voter.
    """
    budget: Any
    if exact:
        budget = [per_voter] * len(table.groups)
    else:
        budget = np.full(len(table.groups), float(per_voter))
    lower: dict[str, Any] = {p: 0 for p in table.costs if table.supporters[p]}
    funded: list[str] = []
    payments: Pays = {}
    while lower:
        best: tuple[Any, str] | None = None
        for pid in sorted(lower, key=lambda p: (lower[p], p)):
            if best is not None and lower[pid] > best[0] * (1 + (0 if exact else EPS)):
                break
            rho = _rho(table, pid, budget, True) if exact else _rho_float(table, pid, budget)
            if rho is None:
                del lower[pid]
                continue
            lower[pid] = rho
            if best is not None and not exact and abs(rho - best[0]) <= EPS * best[0]:
                raise _NearTie
            if best is None or (rho, pid) < best:
                best = (rho, pid)
        if best is None:
            break
        rho, pid = best
        del lower[pid]
        funded.append(pid)
        payments[pid] = _pay(table, pid, budget, rho, exact)
    return funded, payments, budget


def _pay(
    table: _Table, pid: str, budget: Any, rho: Number, exact: bool
) -> tuple[npt.NDArray[np.intp], list[Number]]:
    """Each supporter pays min(what they have, ρ·utility); budgets are updated in place."""
    idx, util, _ = table.arrays[pid]
    if exact:
        pays: list[Number] = []
        for g, u in table.supporters[pid]:
            pay = min(budget[g], rho * u)
            budget[g] -= pay
            pays.append(pay)
        return idx, pays
    pay_arr = np.minimum(budget[idx], float(rho) * util)
    budget[idx] -= pay_arr
    return idx, list(pay_arr)


def _mes_at(table: _Table, per_voter: Fraction) -> tuple[list[str], Pays, Any, bool]:
    """MES in floats, or exactly when a float decision was too close to trust."""
    try:
        return (*_mes_run(table, per_voter, exact=False), False)
    except _NearTie:
        return (*_mes_run(table, per_voter, exact=True), True)


def equal_shares(election: Election, utility: str = "cost", completion: str = "none") -> Outcome:
    """Method of Equal Shares (Peters, Pierczyński & Skowron 2021), with an optional completion.

    Every voter starts with budget/voters; at each step the project whose supporters can pay its
    cost at the smallest price ρ per unit of utility is funded, each supporter paying
    min(what they have, ρ·utility). `utility`: `cost` (a voter values a project at its cost, as
    equalshares.net recommends), `cardinality` (1 per project) or `points` (the ballot's points).
    `completion`: `add-one` raises every voter's start budget by one currency unit until the
    result would overspend or leaves nothing that fits (pabutools' `voter_budget_increment=1`);
    `add-one+greedy` then fills what is left by greedy; `greedy` fills it straight after MES.
    """
    table = _table(election, utility)
    voters = sum(count for _, count in table.groups)
    total = election.budget
    per_voter = Fraction(total, max(voters, 1))
    funded, payments, budget, rerun = _mes_at(table, per_voter)
    if completion.startswith("add-one"):
        # Once every voter holds as much as all the projects cost, each supported project is
        # affordable by its supporters and funded: a larger share changes nothing, so stop
        # (a project nobody supports would otherwise keep the outcome from being exhaustive).
        enough = Fraction(sum(table.costs.values()), max(voters, 1))
        while per_voter <= enough:
            spent = sum(table.costs[p] for p in funded)
            if _exhaustive(table.costs, funded, total, spent):
                break
            trial = _mes_at(table, per_voter + 1)
            if sum(table.costs[p] for p in trial[0]) > total:
                break
            per_voter += 1
            funded, payments, budget, again = trial
            rerun = rerun or again
    outcome = Outcome(f"equal shares ({utility}, {completion})", total, funded=list(funded))
    outcome.per_voter_budget, outcome.groups = per_voter, table.groups
    outcome.payments = {
        pid: {int(g): float(pay) for g, pay in zip(idx, pays, strict=True)}
        for pid, (idx, pays) in payments.items()
    }
    outcome.exact_rerun = rerun
    _explain(outcome, table, budget)
    if completion.endswith("greedy"):
        filled = greedy(election, start=funded)
        for pid in filled.funded[len(funded) :]:
            outcome.funded.append(pid)
            outcome.notes[pid] = "funded by the greedy completion: " + filled.notes[pid]
    return outcome


def _exhaustive(costs: dict[str, int], funded: list[str], total: int, spent: int) -> bool:
    return all(costs[p] > total - spent for p in costs if p not in funded)


def _explain(outcome: Outcome, table: _Table, budget: list[Number]) -> None:
    """A sentence per project: who paid for a funded one; why a supported one was left out."""
    for pid, pays in outcome.payments.items():
        voters = sum(table.groups[g][1] for g in pays)
        outcome.notes[pid] = (
            f"funded: {voters} supporters paid {table.costs[pid]} "
            f"(largest share {float(max(pays.values(), default=0)):.2f})"
        )
    for pid, sup in table.supporters.items():
        if pid in outcome.payments or not sup:
            continue
        count = sum(table.groups[g][1] for g, _ in sup)
        have = sum(table.groups[g][1] * budget[g] for g, _ in sup)
        share = float(outcome.per_voter_budget or 0)
        broke = sum(table.groups[g][1] for g, _ in sup if float(budget[g]) * 100 < share)
        effective = float(have) / table.costs[pid] * 100
        outcome.notes[pid] = (
            f"not funded: its {count} supporters had {float(have):.2f} left of the "
            f"{table.costs[pid]} it costs ({effective:.0f}% of it); {broke} of them had spent "
            "over 99% of their share"
        )


RULES: dict[str, Callable[..., Outcome]] = {"greedy": greedy, "mes": equal_shares}
