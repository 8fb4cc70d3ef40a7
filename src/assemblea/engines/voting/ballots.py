"""Ranked ballots and the election they belong to.

Candidates are numbered from 0 inside the engine; files and the command line number them from 1
(as BLT and PrefLib do). A ballot is a strict ranking (most preferred first) of some of the
candidates, with a count: how many voters cast exactly that ballot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .errors import InputError


@dataclass(frozen=True)
class RankedBallot:
    """`count` voters ranked `ranking` (candidate indices, most preferred first)."""

    ranking: tuple[int, ...]
    count: int = 1


@dataclass(frozen=True)
class Election:
    """Candidates, ranked ballots and the number of seats, checked on construction."""

    candidates: tuple[str, ...]
    ballots: tuple[RankedBallot, ...]
    seats: int = 1
    title: str = ""
    withdrawn: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        n = len(self.candidates)
        if n == 0:
            raise InputError("an election needs at least one candidate")
        if self.seats < 1:
            raise InputError(f"the number of seats must be at least 1, not {self.seats}")
        for number, ballot in enumerate(self.ballots, start=1):
            validate_ranking(ballot.ranking, n, where=f"ballot {number}")
            if ballot.count < 0:
                raise InputError(f"ballot {number}: negative count {ballot.count}")
        for c in self.withdrawn:
            if not 0 <= c < n:
                raise InputError(f"withdrawn candidate {c + 1} is not on the ballot")

    @property
    def total_votes(self) -> int:
        return sum(b.count for b in self.ballots)

    @property
    def standing(self) -> list[int]:
        """Candidates still standing (not withdrawn), in ballot order."""
        return [c for c in range(len(self.candidates)) if c not in self.withdrawn]

    def label(self, candidate: int) -> str:
        return f"{candidate + 1} {self.candidates[candidate]}"

    @classmethod
    def from_rankings(
        cls,
        candidates: Sequence[str],
        rankings: Iterable[tuple[int, Sequence[str]]] | Mapping[tuple[str, ...], int],
        seats: int = 1,
        title: str = "",
    ) -> Election:
        """Build from names: `[(count, ["Ana", "Ben"]), ...]` or `{("Ana", "Ben"): count}`.

        A vote for a name not on the ballot is refused with an `InputError` naming it.
        """
        index = {name: i for i, name in enumerate(candidates)}
        if len(index) != len(candidates):
            raise InputError("two candidates have the same name")
        pairs: Iterable[tuple[int, Sequence[str]]]
        if isinstance(rankings, Mapping):
            pairs = [(count, names) for names, count in rankings.items()]
        else:
            pairs = rankings
        ballots = []
        for number, (count, names) in enumerate(pairs, start=1):
            ranking = []
            for name in names:
                if name not in index:
                    raise InputError(
                        f"ballot {number}: a vote for {name!r}, who is not on the ballot"
                    )
                ranking.append(index[name])
            ballots.append(RankedBallot(tuple(ranking), count))
        return cls(tuple(candidates), tuple(ballots), seats, title)


def validate_ranking(ranking: Sequence[int], n_candidates: int, where: str) -> None:
    seen: set[int] = set()
    for c in ranking:
        if not 0 <= c < n_candidates:
            raise InputError(
                f"{where}: a vote for candidate {c + 1}, who is not on the ballot "
                f"(candidates are 1 to {n_candidates})"
            )
        if c in seen:
            raise InputError(f"{where}: candidate {c + 1} is ranked twice")
        seen.add(c)


def restrict(ranking: Sequence[int], standing: set[int]) -> tuple[int, ...]:
    return tuple(c for c in ranking if c in standing)
