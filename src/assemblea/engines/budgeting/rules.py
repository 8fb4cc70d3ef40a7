"""Rules that pick the funded projects: greedy by votes (with a threshold) and Equal Shares.

Tie rules (the same as pabutools' defaults, so results compare): greedy orders projects by score,
higher first, then by project id compared as text (so "c10" comes before "c2"); Equal Shares funds
the project with the smallest ρ (the price per unit of utility its supporters pay), ties again by
project id as text.

Exactness: Equal Shares searches with floats on arrays (`mes.py`), which is fast, but every
decision a float could get wrong (two projects' ρ closer than one part in 10⁹, a project whose
supporters have almost exactly its cost) raises `NearTie` and that run is redone in
`fractions.Fraction` (`exact.py`). So the float path only decides what it can decide with a wide
margin, and the answer is the exact answer. Greedy and the budget checks are integer arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .exact import run_exact
from .mes import NearTie, Run, Table, run
from .model import Election, Groups

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
    runs: int = 0  # Equal Shares: how many runs the search needed (add-one skips the rest)
    search: str = ""  # add-one: "every increment" (skips proven) or "bisection" (see _add_one)

    def spent(self, election: Election) -> int:
        return sum(election.projects[p].cost for p in self.funded)


def scores(election: Election, by: str = "votes") -> dict[str, int]:
    """Each project's total: `votes` = ballots naming it; `points` = sum of points (or votes)."""
    table = election.groups()
    per_entry = table.counts[table.rows()]
    if by == "points":
        per_entry = per_entry * table.weights
    total = np.bincount(table.indices, weights=per_entry, minlength=len(table.ids))
    return dict(zip(table.ids, (int(x) for x in np.rint(total)), strict=True))


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
    done = set(outcome.funded)
    order = sorted((p for p in election.projects if p not in done), key=lambda p: (-score[p], p))
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


def _at(table: Table, share: Fraction, track: bool) -> Run:
    """MES in floats, or exactly when a float decision was too close to trust."""
    try:
        return run(table, share, track)
    except NearTie:  # pragma: no cover - run decides close calls exactly itself
        return run_exact(table, share)


def _cost(table: Table, result: Run) -> int:
    return sum(table.costs[j] for j in result.funded)


def equal_shares(
    election: Election,
    utility: str = "cost",
    completion: str = "none",
    scan_runs: int | None = None,
) -> Outcome:
    """Method of Equal Shares (Peters, Pierczyński & Skowron 2021), with an optional completion.

    Every voter starts with budget/voters; at each step the project whose supporters can pay its
    cost at the smallest price ρ per unit of utility is funded, each supporter paying
    min(what they have, ρ·utility). `utility`: `cost` (a voter values a project at its cost, as
    equalshares.net recommends), `cardinality` (1 per project) or `points` (the ballot's points).
    `completion`: `add-one` raises every voter's start budget by one currency unit until the
    result would overspend (then the last one that did not is kept) or leaves no supported
    project that fits (pabutools' `voter_budget_increment=1`, stopping rule for rule);
    `add-one+greedy` then fills what is left by greedy; `greedy` fills it straight after MES.
    The add-one search does not count every unit: a run also says up to which start budget it
    would make the same choices (`mes.Run.reach`), and the search jumps there; after
    `scan_runs` runs (default: as many as `SCAN_WORK` allows) it goes on by doubling and
    bisection (see `_add_one`).
    """
    groups = election.groups()
    table = Table.build(groups, {p.id: p.cost for p in election.projects.values()}, utility)
    voters, total = groups.voters, election.budget
    per_voter = Fraction(total, max(voters, 1))
    result = _at(table, per_voter, completion.startswith("add-one"))
    runs, rerun, search = 1, result.exact, ""
    if completion.startswith("add-one") and voters:
        per_voter, result, more, again = _add_one(table, total, per_voter, result, scan_runs)
        runs, rerun = runs + abs(more), rerun or again
        search = "bisection" if more < 0 else "every increment"
    outcome = Outcome(f"equal shares ({utility}, {completion})", total)
    outcome.funded = [table.pids[j] for j in result.funded]
    outcome.per_voter_budget, outcome.exact_rerun, outcome.runs = per_voter, rerun, runs
    outcome.search = search
    _explain(outcome, table, result)
    if completion.endswith("greedy"):
        funded = list(outcome.funded)
        filled = greedy(election, start=funded)
        for pid in filled.funded[len(funded) :]:
            outcome.funded.append(pid)
            outcome.notes[pid] = "funded by the greedy completion: " + filled.notes[pid]
    return outcome


SCAN_WORK = 20_000_000  # supporter entries (`Run.work`): about 0.7 s of one core


def _add_one(
    table: Table, total: int, per_voter: Fraction, result: Run, scan_runs: int | None
) -> tuple[Fraction, Run, int, bool]:
    """pabutools' iterated MES with an increment of 1: the first increment whose outcome
    overspends (keep the one before) or funds every supported project that fits (keep it).

    Increments are tried in order, skipping those a run proves change nothing (`Run.reach`),
    for up to `scan_runs` runs (default: while the runs' work stays under `SCAN_WORK`, so the
    limit depends on the election only, not on the machine); this is the same answer as
    trying every one. Past that (e.g.
    Budapest's share of 34,000 HUF needs some 20,000 one-forint steps) the rest is searched by
    doubling then bisection, which assumes that once the outcome stops it stays stopped: an
    outcome that overspent or was exhaustive at some increment and not at a later one would be
    missed (`Outcome.search` says which was used; pass a large `scan_runs` to rule it out).
    """
    state = _Search(table, total)
    k, runs, work = 0, 0, result.work
    while runs < scan_runs if scan_runs is not None else work < SCAN_WORK:
        if not state.moving(result) or math.isinf(result.reach) or state.enough(per_voter + k):
            return per_voter + k, result, runs, state.rerun
        step = max(1, math.ceil(result.reach - 1e-6 * max(1.0, result.reach)))
        trial = state.at(per_voter + k + step, track=result.reach >= 1 or runs % 8 == 0)
        runs, work = runs + 1, work + trial.work
        if _cost(table, trial) > total:
            return per_voter + k, result, runs, state.rerun
        k, result = k + step, trial
    state.bisected = True
    lo, hi, jump = k, None, 1
    while hi is None:
        trial = state.at(per_voter + lo + jump)
        runs += 1
        if state.stops(trial) or state.enough(per_voter + lo + jump):
            hi, high = lo + jump, trial
        else:
            lo, result, jump = lo + jump, trial, jump * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = state.at(per_voter + mid)
        runs += 1
        if state.stops(trial):
            hi, high = mid, trial
        else:
            lo, result = mid, trial
    if _cost(table, high) > total:
        return per_voter + lo, result, -runs, state.rerun
    return per_voter + hi, high, -runs, state.rerun


@dataclass
class _Search:
    table: Table
    total: int
    rerun: bool = False
    bisected: bool = False

    def at(self, share: Fraction, track: bool = False) -> Run:
        """A run at `share`; `track`: also work out its reach (costs about a third more)."""
        found = _at(self.table, share, track)
        self.rerun = self.rerun or found.exact
        return found

    def moving(self, result: Run) -> bool:
        """Not exhaustive: some supported project left out still fits the money left."""
        left = self.total - _cost(self.table, result)
        funded = set(result.funded)
        costs = self.table.costs
        return any(c <= left and c > 0 for j, c in enumerate(costs) if j not in funded)

    def stops(self, result: Run) -> bool:
        return _cost(self.table, result) > self.total or not self.moving(result)

    def enough(self, share: Fraction) -> bool:
        """Every voter holds what all the projects cost together: nothing can change."""
        return share > sum(self.table.costs)


def _named(groups: Groups) -> list[tuple[tuple[str, ...], int]]:
    ids, ptr = groups.ids, groups.indptr.tolist()
    names = [ids[k] for k in groups.indices.tolist()]
    return [
        (tuple(names[a:b]), c)
        for a, b, c in zip(ptr[:-1], ptr[1:], groups.counts.tolist(), strict=True)
    ]


def _explain(outcome: Outcome, table: Table, result: Run) -> None:
    """A sentence per project: who paid for a funded one; why a supported one was left out."""
    groups = table.groups
    counts = groups.counts.tolist()
    outcome.groups = _named(groups)  # a plain list: a results page may store it as JSON
    for j, pay in result.pays.items():
        pid = table.pids[j]
        outcome.payments[pid] = dict(zip(table.idx[j].tolist(), pay.tolist(), strict=True))
        outcome.notes[pid] = (
            f"funded: {int(table.mult[j].sum())} supporters paid {table.costs[j]} "
            f"(largest share {float(pay.max(initial=0)):.2f})"
        )
    share = float(outcome.per_voter_budget or 0)
    budget = result.budget if result.budget is not None else np.zeros(len(counts))
    for j, pid in enumerate(table.pids):
        if j in result.pays:
            continue
        have = float(table.mult[j] @ budget[table.idx[j]])
        broke = int(table.mult[j][budget[table.idx[j]] * 100 < share].sum())
        outcome.notes[pid] = (
            f"not funded: its {int(table.mult[j].sum())} supporters had {have:.2f} left of the "
            f"{table.costs[j]} it costs ({have / max(table.costs[j], 1) * 100:.0f}% of it); "
            f"{broke} of them had spent over 99% of their share"
        )


RULES: dict[str, Callable[..., Outcome]] = {"greedy": greedy, "mes": equal_shares}
