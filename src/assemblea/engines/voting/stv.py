"""Single transferable vote as Scottish councils count it.

The Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45-52,
re-enacted unchanged in substance by the Scottish Local Government Elections Order 2011
(SSI 2011/399):

- rule 46, the quota: valid ballots divided by seats + 1, decimals ignored, plus one (Droop);
- rule 47, a candidate whose votes equal or exceed the quota is elected;
- rule 48, surplus (Weighted Inclusive Gregory Method): *every* ballot paper of the elected
  candidate moves to its next available preference with transfer value
  ``surplus x value of the paper when received / total votes of the candidate``, calculated to
  five decimal places, any remainder ignored; papers with no further preference are
  non-transferable and their share of the surplus is lost;
- rule 49, the highest surplus first; equal surpluses: the candidate with more votes at the
  most recent preceding stage at which they were unequal; equal at all stages: by lot;
- rule 50, when no surplus remains to transfer, exclude the candidate with fewest votes and
  transfer each of their papers at the value it had when received;
- rule 51, equal lowest: the one with fewer votes at the most recent preceding stage at which
  they were unequal; equal at all stages: by lot;
- rule 52, when the continuing candidates are as many as the vacancies left, they are all
  elected and nothing more is transferred.

Arithmetic is exact: every vote value is an integer number of 1/100 000 of a vote.
Candidates elected at the same stage are listed in order of their votes at that stage (ties
broken as in rule 49). After a surplus is transferred the candidate keeps the quota; what the
truncation to five decimals leaves over is reported as lost to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ballots import Election
from .errors import InputError
from .lot import DEFAULT_SEED, LotDraw, draw

SCALE = 100_000  # values are integers in units of 10^-5 votes (rule 48(3))


@dataclass
class StvStage:
    """One stage of the count and the totals at its end (in 10^-5 votes)."""

    number: int
    action: str  # "first preferences", "surplus", "exclusion"
    candidate: int | None
    transfer_value: int | None  # for a first-stage surplus: the common transfer value
    changes: dict[int, int]
    non_transferable: int
    lost_to_rounding: int
    totals: dict[int, int]
    elected: list[int] = field(default_factory=list)
    tie_break: str | None = None


@dataclass
class StvResult:
    election: Election
    seats: int
    quota: int  # whole votes
    valid_ballots: int
    elected: list[int]  # in order of election
    stages: list[StvStage]
    lots: list[LotDraw]
    seed: str
    excluded: list[int]

    @property
    def elected_names(self) -> list[str]:
        return [self.election.candidates[c] for c in self.elected]


@dataclass
class _Parcel:
    ballot: int  # index into the ballot list
    position: int  # index in the ranking of the candidate holding it
    value: int  # value of each paper, 10^-5 votes
    papers: int


class _Count:
    def __init__(self, election: Election, seats: int, seed: str) -> None:
        self.election = election
        self.seats = seats
        self.seed = seed
        standing = set(election.standing)
        self.rankings = [
            tuple(c for c in b.ranking if c in standing) for b in election.ballots if b.count > 0
        ]
        self.papers = [b.count for b in election.ballots if b.count > 0]
        keep = [i for i, r in enumerate(self.rankings) if r]
        self.rankings = [self.rankings[i] for i in keep]
        self.papers = [self.papers[i] for i in keep]
        self.valid = sum(self.papers)
        self.quota = self.valid // (seats + 1) + 1  # rule 46
        self.q = self.quota * SCALE
        self.continuing = set(standing)
        self.parcels: dict[int, list[_Parcel]] = {c: [] for c in standing}
        self.totals: dict[int, int] = {c: 0 for c in standing}
        self.history: list[dict[int, int]] = []
        self.stages: list[StvStage] = []
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.pending: list[int] = []  # elected, surplus not yet transferred
        self.lots: list[LotDraw] = []

    # -- ties (rules 49(2)-(3), 51(2)) -------------------------------------------------
    def _pick(self, tied: list[int], highest: bool, context: str) -> tuple[int, str | None]:
        if len(tied) == 1:
            return tied[0], None
        candidates = list(tied)
        for stage in reversed(self.history):
            values = {c: stage.get(c, 0) for c in candidates}
            best = max(values.values()) if highest else min(values.values())
            narrowed = [c for c in candidates if values[c] == best]
            if len(narrowed) < len(candidates):
                candidates = narrowed
                if len(candidates) == 1:
                    note = (
                        f"{context}: tie between {_labels(tied)} broken by an earlier stage "
                        f"-> {candidates[0] + 1}"
                    )
                    return candidates[0], note
        lot = draw(candidates, self.seed, f"{context} stage {len(self.stages) + 1}")
        self.lots.append(lot)
        note = (
            f"{context}: {_labels(tied)} equal at every stage; by lot (seed {self.seed!r}) "
            f"-> {lot.chosen + 1}"
        )
        return lot.chosen, note

    # -- moving papers -----------------------------------------------------------------
    def _next(self, parcel: _Parcel) -> int | None:
        ranking = self.rankings[parcel.ballot]
        for position in range(parcel.position + 1, len(ranking)):
            if ranking[position] in self.continuing:
                parcel.position = position
                return ranking[position]
        return None

    def _record(
        self,
        action: str,
        candidate: int | None,
        before: dict[int, int],
        non_transferable: int,
        lost: int,
        transfer_value: int | None,
        tie_break: str | None,
    ) -> StvStage:
        changes = {c: self.totals[c] - before.get(c, 0) for c in self.totals}
        stage = StvStage(
            number=len(self.stages) + 1,
            action=action,
            candidate=candidate,
            transfer_value=transfer_value,
            changes={c: v for c, v in changes.items() if v},
            non_transferable=non_transferable,
            lost_to_rounding=lost,
            totals=dict(self.totals),
            tie_break=tie_break,
        )
        self.stages.append(stage)
        self.history.append(dict(self.totals))
        return stage

    def first_stage(self) -> None:  # rule 45
        for i, ranking in enumerate(self.rankings):
            first = ranking[0]
            self.parcels[first].append(_Parcel(i, 0, SCALE, self.papers[i]))
            self.totals[first] += SCALE * self.papers[i]
        self._record("first preferences", None, {}, 0, 0, None, None)

    def transfer_surplus(self, candidate: int, tie_break: str | None) -> None:  # rule 48
        before = dict(self.totals)
        total = self.totals[candidate]
        surplus = total - self.q
        non_transferable = 0
        moved = 0
        values: set[int] = set()
        for parcel in self.parcels[candidate]:
            value = surplus * parcel.value // total
            values.add(value)
            to = self._next(parcel)
            amount = value * parcel.papers
            moved += amount
            if to is None:
                non_transferable += amount
                continue
            self.parcels[to].append(_Parcel(parcel.ballot, parcel.position, value, parcel.papers))
            self.totals[to] += amount
        self.parcels[candidate] = []
        self.totals[candidate] = self.q
        lost = surplus - moved
        tv = values.pop() if len(values) == 1 else None
        self._record("surplus", candidate, before, non_transferable, lost, tv, tie_break)

    def exclude(self, candidate: int, tie_break: str | None) -> None:  # rule 50
        before = dict(self.totals)
        self.continuing.discard(candidate)
        self.excluded.append(candidate)
        non_transferable = 0
        for parcel in self.parcels[candidate]:
            amount = parcel.value * parcel.papers
            to = self._next(parcel)
            if to is None:
                non_transferable += amount
                continue
            self.parcels[to].append(parcel)
            self.totals[to] += amount
        self.parcels[candidate] = []
        self.totals[candidate] = 0
        self._record("exclusion", candidate, before, non_transferable, 0, None, tie_break)

    def elect_reaching_quota(self) -> None:  # rule 47
        reached = [c for c in self.continuing if self.totals[c] >= self.q]
        self._elect_in_order(reached, "order of election", pending=True)

    def _elect_in_order(self, group: list[int], context: str, pending: bool) -> None:
        stage = self.stages[-1]
        group = list(group)
        while group:
            top = max(self.totals[c] for c in group)
            tied = [c for c in group if self.totals[c] == top]
            chosen, note = self._pick(sorted(tied), True, context)
            if note:
                stage.tie_break = f"{stage.tie_break}; {note}" if stage.tie_break else note
            group.remove(chosen)
            self.continuing.discard(chosen)
            self.elected.append(chosen)
            stage.elected.append(chosen)
            if pending and self.totals[chosen] > self.q:
                self.pending.append(chosen)

    def run(self) -> None:
        self.first_stage()
        n_standing = len(self.continuing)
        if n_standing <= self.seats:
            self._elect_in_order(sorted(self.continuing), "order of election", pending=False)
            return
        while True:
            self.elect_reaching_quota()
            vacancies = self.seats - len(self.elected)
            if vacancies <= 0:
                return
            if len(self.continuing) <= vacancies:  # rule 52
                self._elect_in_order(sorted(self.continuing), "order of election", pending=False)
                return
            if self.pending:  # rules 48-49
                top = max(self.totals[c] - self.q for c in self.pending)
                tied = sorted(c for c in self.pending if self.totals[c] - self.q == top)
                chosen, note = self._pick(tied, True, "equal surpluses")
                self.pending.remove(chosen)
                self.transfer_surplus(chosen, note)
                continue
            low = min(self.totals[c] for c in self.continuing)  # rules 50-51
            tied = sorted(c for c in self.continuing if self.totals[c] == low)
            chosen, note = self._pick(tied, False, "exclusion")
            self.exclude(chosen, note)


def _labels(candidates: list[int]) -> str:
    return ", ".join(str(c + 1) for c in candidates)


def stv_scottish(
    election: Election, seats: int | None = None, seed: str = DEFAULT_SEED
) -> StvResult:
    """Count `election` by the Scottish rules; `seats` defaults to the election's."""
    n_seats = election.seats if seats is None else seats
    if n_seats < 1:
        raise InputError(f"the number of seats must be at least 1, not {n_seats}")
    count = _Count(election, n_seats, seed)
    count.run()
    return StvResult(
        election=election,
        seats=n_seats,
        quota=count.quota,
        valid_ballots=count.valid,
        elected=count.elected,
        stages=count.stages,
        lots=count.lots,
        seed=seed,
        excluded=count.excluded,
    )


def format_votes(units: int) -> str:
    """10^-5 votes as a decimal with five places, e.g. 123456789 -> '1234.56789'."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), SCALE)
    return f"{sign}{whole}.{frac:05d}"
