"""The election as the rules see it: projects with integer costs, a budget, ballots.

Costs and the budget are integers (currency units) so that the rules can do exact arithmetic;
a file that writes `100000.0` is read as 100000, a fractional cost is refused by the reader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Project:
    """One project. `selected` is what the city funded, when the file says so."""

    id: str
    cost: int
    name: str = ""
    selected: bool | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot: projects named in ballot order, with points when the type has them.

    For approval and choose-1 ballots `points` is empty; for cumulative and scoring ballots it has
    one number per project; for ordinal ballots the order of `projects` is the ranking.
    """

    voter: str
    projects: tuple[str, ...]
    points: tuple[int, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class Election:
    """A participatory budgeting election: META fields, projects in file order, ballots."""

    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return int(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    def profile(self) -> Counter[tuple[tuple[str, int], ...]]:
        """Identical ballots counted once: (project, weight) pairs in id order → voters.

        Voters with the same ballot are treated alike by every rule here (same payments under MES,
        same contribution to a vote count), so the rules work on this multiset; it is what makes
        130,000 choose-1 ballots a table of 197 rows.
        """
        counts: Counter[tuple[tuple[str, int], ...]] = Counter()
        for ballot in self.ballots:
            weights = ballot.points or (1,) * len(ballot.projects)
            counts[tuple(sorted(zip(ballot.projects, weights, strict=True)))] += 1
        return counts
