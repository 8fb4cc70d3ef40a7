"""Single-winner ranked methods: instant-runoff (IRV), Schulze and Ranked Pairs.

Ballots may rank only some candidates. For the pairwise methods a ranked candidate is
preferred to every unranked one and unranked candidates are not compared with each other
(the usual reading of truncated ballots, as Debian's constitution, appendix A.6, counts them).

Ties are broken deterministically and every break is reported:

- IRV excludes one candidate per round; equal lowest -> the one with fewer votes at the most
  recent earlier round where they differed (as the Scottish rule 51), then by seeded lot.
- Schulze (Schulze 2011): the winners are all candidates not beaten by a stronger path; if
  more than one, the result lists them and a seeded lot picks one.
- Ranked Pairs (Tideman 1987): pairs with equal margins are taken in the order of a tie-break
  ranking of the candidates drawn by seeded lot (Zavist & Tideman 1989).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .ballots import Election
from .errors import InputError
from .lot import DEFAULT_SEED, LotDraw, draw, lot_order

Strength = Literal["margin", "winning"]


@dataclass
class IrvRound:
    number: int
    tallies: dict[int, int]
    exhausted: int
    eliminated: int | None = None
    elected: int | None = None
    tie_break: str | None = None


@dataclass
class PairDecision:
    """Ranked Pairs: the pair (winner over loser) with its margin, locked or skipped."""

    winner: int
    loser: int
    margin: int
    locked: bool


@dataclass
class RankedResult:
    method: str
    election: Election
    winner: int
    tied_winners: list[int]  # every candidate the rule itself names as winner before lot
    rounds: list[IrvRound] = field(default_factory=list)
    pairwise: list[list[int]] | None = None  # pairwise[i][j]: voters ranking i above j
    strongest_paths: list[list[int]] | None = None
    pairs: list[PairDecision] = field(default_factory=list)
    condorcet_winner: int | None = None
    lots: list[LotDraw] = field(default_factory=list)
    seed: str = DEFAULT_SEED

    @property
    def winner_name(self) -> str:
        return self.election.candidates[self.winner]


def _standing_ballots(election: Election) -> list[tuple[tuple[int, ...], int]]:
    standing = set(election.standing)
    out = []
    for b in election.ballots:
        ranking = tuple(c for c in b.ranking if c in standing)
        if ranking and b.count > 0:
            out.append((ranking, b.count))
    if not election.standing:
        raise InputError("no candidate is standing")
    return out


def irv(election: Election, seed: str = DEFAULT_SEED) -> RankedResult:
    """Instant-runoff: exclude the weakest until one has a majority of the continuing votes."""
    ballots = _standing_ballots(election)
    continuing = set(election.standing)
    rounds: list[IrvRound] = []
    lots: list[LotDraw] = []
    total = sum(count for _, count in ballots)
    while True:
        tallies = dict.fromkeys(sorted(continuing), 0)
        for ranking, count in ballots:
            for c in ranking:
                if c in continuing:
                    tallies[c] += count
                    break
        active = sum(tallies.values())
        current = IrvRound(len(rounds) + 1, tallies, total - active)
        rounds.append(current)
        top = max(tallies.values())
        leaders = [c for c in tallies if tallies[c] == top]
        if len(continuing) == 1 or (2 * top > active and len(leaders) == 1):
            current.elected = leaders[0] if len(leaders) == 1 else None
            if current.elected is None:  # only reached with one continuing candidate
                current.elected = next(iter(continuing))
            return RankedResult(
                "irv", election, current.elected, [current.elected], rounds, lots=lots, seed=seed
            )
        low = min(tallies.values())
        tied = [c for c in tallies if tallies[c] == low]
        chosen, note = _break_by_history(
            tied, [r.tallies for r in rounds], seed, f"IRV round {current.number}", lots
        )
        current.eliminated = chosen
        current.tie_break = note
        continuing.discard(chosen)


def _break_by_history(
    tied: list[int], history: list[dict[int, int]], seed: str, context: str, lots: list[LotDraw]
) -> tuple[int, str | None]:
    """Fewest votes at the most recent earlier round where they differ, then lot."""
    if len(tied) == 1:
        return tied[0], None
    candidates = list(tied)
    for tallies in reversed(history):
        low = min(tallies.get(c, 0) for c in candidates)
        narrowed = [c for c in candidates if tallies.get(c, 0) == low]
        if len(narrowed) < len(candidates):
            candidates = narrowed
            if len(candidates) == 1:
                return candidates[
                    0
                ], f"{context}: tie between {_labels(tied)} broken by an earlier round"
    lot = draw(candidates, seed, context)
    lots.append(lot)
    return lot.chosen, f"{context}: {_labels(tied)} equal in every round; by lot (seed {seed!r})"


def _labels(candidates: list[int]) -> str:
    return ", ".join(str(c + 1) for c in candidates)


def pairwise_matrix(election: Election) -> list[list[int]]:
    """d[i][j] = number of voters ranking i above j (ranked above unranked)."""
    n = len(election.candidates)
    d = [[0] * n for _ in range(n)]
    standing = election.standing
    for ranking, count in _standing_ballots(election):
        seen: set[int] = set()
        for c in ranking:
            row = d[c]
            for other in standing:
                if other not in seen and other != c:
                    row[other] += count
            seen.add(c)
    # every pair (i, j) with both ranked was counted in the direction of the ballot only once,
    # because j is in `seen` when it comes second
    return d


def condorcet_winner(election: Election, d: list[list[int]] | None = None) -> int | None:
    d = pairwise_matrix(election) if d is None else d
    standing = election.standing
    for c in standing:
        if all(d[c][o] > d[o][c] for o in standing if o != c):
            return c
    return None


def schulze(
    election: Election, strength: Strength = "margin", seed: str = DEFAULT_SEED
) -> RankedResult:
    """Schulze's beatpath method (Schulze 2011); links by margin (default) or winning votes."""
    d = pairwise_matrix(election)
    standing = election.standing
    n = len(election.candidates)
    p = [[0] * n for _ in range(n)]
    for i in standing:
        for j in standing:
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = d[i][j] - d[j][i] if strength == "margin" else d[i][j]
    for k in standing:
        for i in standing:
            if i == k:
                continue
            pik = p[i][k]
            if not pik:
                continue
            row = p[i]
            pk = p[k]
            for j in standing:
                if j != i and j != k:
                    via = pik if pik < pk[j] else pk[j]
                    if via > row[j]:
                        row[j] = via
    winners = [i for i in standing if all(p[i][j] >= p[j][i] for j in standing if j != i)]
    lots: list[LotDraw] = []
    if len(winners) == 1:
        winner = winners[0]
    else:
        lot = draw(winners, seed, "Schulze winners")
        lots.append(lot)
        winner = lot.chosen
    return RankedResult(
        "schulze",
        election,
        winner,
        winners,
        pairwise=d,
        strongest_paths=p,
        condorcet_winner=condorcet_winner(election, d),
        lots=lots,
        seed=seed,
    )


def ranked_pairs(election: Election, seed: str = DEFAULT_SEED) -> RankedResult:
    """Tideman's Ranked Pairs: lock majorities from the largest margin down, skipping cycles."""
    d = pairwise_matrix(election)
    standing = election.standing
    tbrc = {c: i for i, c in enumerate(lot_order(standing, seed, "ranked pairs tie-break ranking"))}
    pairs = [(i, j, d[i][j] - d[j][i]) for i in standing for j in standing if d[i][j] > d[j][i]]
    pairs.sort(key=lambda t: (-t[2], tbrc[t[0]], -tbrc[t[1]]))
    beats: dict[int, set[int]] = {c: set() for c in standing}
    decisions = []
    margins = [m for _, _, m in pairs]
    lots: list[LotDraw] = []
    if len(set(margins)) < len(margins):
        lots.append(
            LotDraw(
                "ranked pairs tie-break ranking",
                tuple(sorted(standing)),
                min(tbrc, key=tbrc.__getitem__),
                seed,
            )
        )
    for winner, loser, margin in pairs:
        locked = not _reaches(beats, loser, winner)
        if locked:
            beats[winner].add(loser)
        decisions.append(PairDecision(winner, loser, margin, locked))
    beaten = {loser for c in standing for loser in beats[c]}
    sources = [c for c in standing if c not in beaten]
    winner = sources[0]
    return RankedResult(
        "ranked-pairs",
        election,
        winner,
        [winner],
        pairwise=d,
        pairs=decisions,
        condorcet_winner=condorcet_winner(election, d),
        lots=lots,
        seed=seed,
    )


def _reaches(graph: dict[int, set[int]], start: int, goal: int) -> bool:
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
