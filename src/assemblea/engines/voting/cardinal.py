"""Approval and score voting, for one winner or several (the highest totals win).

Approval: each voter approves any number of candidates; the most approvals win.
Score (range voting): each voter gives each candidate a whole score from 0 to `max_score`;
a candidate not scored gets 0; the highest total wins.

Equal totals at the last seat are broken by seeded lot and reported.

From a ranked file (BLT, PrefLib) the command line derives these ballots explicitly:
approval = every ranked candidate (or the first `top` of them); score = `max_score` points for
the first preference, one less for each following one, never below 0, unranked 0 (with
`max_score` = candidates - 1 this is the Borda count).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .ballots import Election
from .errors import InputError
from .lot import DEFAULT_SEED, LotDraw, lot_order


@dataclass(frozen=True)
class ApprovalBallot:
    approved: frozenset[int]
    count: int = 1


@dataclass(frozen=True)
class ScoreBallot:
    scores: Mapping[int, int]
    count: int = 1


@dataclass
class CardinalResult:
    method: str
    candidates: tuple[str, ...]
    totals: dict[int, int]
    ranking: list[int]  # all candidates, best first (ties ordered by lot)
    elected: list[int]
    voters: int
    max_score: int | None = None
    lots: list[LotDraw] = field(default_factory=list)
    seed: str = DEFAULT_SEED

    @property
    def elected_names(self) -> list[str]:
        return [self.candidates[c] for c in self.elected]


def _decide(
    method: str,
    candidates: Sequence[str],
    totals: dict[int, int],
    seats: int,
    voters: int,
    seed: str,
    max_score: int | None = None,
) -> CardinalResult:
    if not 1 <= seats <= len(candidates):
        raise InputError(
            f"the number of seats must be between 1 and {len(candidates)}, not {seats}"
        )
    lottery = {c: i for i, c in enumerate(lot_order(totals, seed, f"{method} ties"))}
    ranking = sorted(totals, key=lambda c: (-totals[c], lottery[c]))
    elected = ranking[:seats]
    lots: list[LotDraw] = []
    if seats < len(ranking):
        boundary = totals[ranking[seats - 1]]
        tied = [c for c in ranking if totals[c] == boundary]
        if totals[ranking[seats]] == boundary:
            lots.append(LotDraw(f"{method} ties", tuple(sorted(tied)), ranking[seats - 1], seed))
    return CardinalResult(
        method, tuple(candidates), totals, ranking, elected, voters, max_score, lots, seed
    )


def approval(
    ballots: Iterable[ApprovalBallot],
    candidates: Sequence[str],
    seats: int = 1,
    seed: str = DEFAULT_SEED,
) -> CardinalResult:
    totals = dict.fromkeys(range(len(candidates)), 0)
    voters = 0
    for number, ballot in enumerate(ballots, start=1):
        for c in ballot.approved:
            if c not in totals:
                raise InputError(
                    f"ballot {number}: an approval for candidate {c + 1}, who is not on the ballot"
                )
            totals[c] += ballot.count
        voters += ballot.count
    return _decide("approval", candidates, totals, seats, voters, seed)


def score(
    ballots: Iterable[ScoreBallot],
    candidates: Sequence[str],
    max_score: int,
    seats: int = 1,
    seed: str = DEFAULT_SEED,
) -> CardinalResult:
    if max_score < 1:
        raise InputError(f"the highest score must be at least 1, not {max_score}")
    totals = dict.fromkeys(range(len(candidates)), 0)
    voters = 0
    for number, ballot in enumerate(ballots, start=1):
        for c, value in ballot.scores.items():
            if c not in totals:
                raise InputError(
                    f"ballot {number}: a score for candidate {c + 1}, who is not on the ballot"
                )
            if not 0 <= value <= max_score:
                raise InputError(f"ballot {number}: score {value} is outside 0 to {max_score}")
            totals[c] += value * ballot.count
        voters += ballot.count
    return _decide("score", candidates, totals, seats, voters, seed, max_score)


def approval_from_ranked(election: Election, top: int | None = None) -> list[ApprovalBallot]:
    standing = set(election.standing)
    out = []
    for b in election.ballots:
        ranked = [c for c in b.ranking if c in standing]
        out.append(ApprovalBallot(frozenset(ranked if top is None else ranked[:top]), b.count))
    return out


def score_from_ranked(
    election: Election, max_score: int | None = None
) -> tuple[list[ScoreBallot], int]:
    standing = set(election.standing)
    top = len(election.standing) - 1 if max_score is None else max_score
    top = max(top, 1)
    out = []
    for b in election.ballots:
        ranked = [c for c in b.ranking if c in standing]
        out.append(ScoreBallot({c: max(top - i, 0) for i, c in enumerate(ranked)}, b.count))
    return out, top
