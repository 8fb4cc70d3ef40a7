"""The election as the rules see it: projects with integer costs, a budget, ballots.

Costs and the budget are integers (currency units) so that the rules can do exact arithmetic;
a file that writes `100000.0` is read as 100000, a fractional cost is refused by the reader.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

Canonical = tuple[tuple[str, int], ...]
T = TypeVar("T")


class LazyList(list[T]):
    """A list whose items are made on first use, then a plain list in every way.

    The reader hands out `Election.ballots` like this (making 130,000 `Ballot`s is most of a
    file's reading time, and counting needs only the distinct ballots), and Equal Shares its
    `Outcome.groups`. `length` is the size without making the items.
    """

    def __init__(self, make: Callable[[], list[T]], length: int) -> None:
        super().__init__()
        self._make: Callable[[], list[T]] | None = make
        self._length = length

    @property
    def length(self) -> int:
        return self._length if self._make is not None else list.__len__(self)

    def fill(self) -> None:
        if self._make is not None:
            make, self._make = self._make, None
            list.extend(self, make())

    def __reduce__(self) -> Any:
        self.fill()
        return (list, (list(list.__iter__(self)),))


def _filled(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: LazyList[Any], *args: Any, **kwargs: Any) -> Any:
        self.fill()
        return method(self, *args, **kwargs)

    return wrapper


_LIST_METHODS = (
    "__len__ __iter__ __getitem__ __setitem__ __delitem__ __contains__ __reversed__ __eq__ "
    "__ne__ __lt__ __le__ __gt__ __ge__ __add__ __iadd__ __mul__ __rmul__ __imul__ __repr__ "
    "__str__ __copy__ append extend insert pop remove clear index count sort reverse copy"
)
for _name in _LIST_METHODS.split():
    if hasattr(list, _name):
        setattr(LazyList, _name, _filled(getattr(list, _name)))


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


def canonical(projects: tuple[str, ...], points: tuple[int, ...]) -> Canonical:
    """A ballot as the rules see it: (project, weight) pairs in id order (weight 1 if no points)."""
    weights = points or (1,) * len(projects)
    return tuple(sorted(zip(projects, weights, strict=True)))


@dataclass(frozen=True)
class Groups:
    """Identical ballots counted once, as arrays (compressed rows).

    Row `g` is a distinct ballot cast by `counts[g]` voters; its projects are
    `indices[indptr[g]:indptr[g + 1]]` (positions in `ids`, the election's project order) with
    `weights` alongside (points, or 1). Voters with the same ballot are treated alike by every
    rule here (same payments under MES, same contribution to a vote count), so the rules work
    on this table: 130,000 choose-1 ballots are 197 rows. (The reader merges ballots written
    alike; the same projects written in another order may be a second row, which no rule minds.)
    """

    ids: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    weights: npt.NDArray[np.int64]

    @classmethod
    def build(cls, ids: tuple[str, ...], counted: dict[Canonical, int]) -> Groups:
        position = {pid: i for i, pid in enumerate(ids)}
        ballots = list(counted)
        sizes = np.fromiter((len(b) for b in ballots), np.int64, len(ballots))
        indptr = np.zeros(len(ballots) + 1, np.int64)
        np.cumsum(sizes, out=indptr[1:])
        flat = [pair for ballot in ballots for pair in ballot]
        indices = np.fromiter((position[p] for p, _ in flat), np.int64, len(flat))
        weights = np.fromiter((w for _, w in flat), np.int64, len(flat))
        counts = np.fromiter(counted.values(), np.int64, len(ballots))
        return cls(ids, counts, indptr, indices, weights)

    @property
    def voters(self) -> int:
        return int(self.counts.sum())

    @functools.cached_property
    def ballots(self) -> list[Canonical]:
        """Each row as (project, weight) pairs in id order."""
        ids, ind, wei, ptr = self.ids, self.indices.tolist(), self.weights.tolist(), self.indptr
        return [
            tuple(sorted((ids[ind[k]], wei[k]) for k in range(a, b)))
            for a, b in zip(ptr[:-1].tolist(), ptr[1:].tolist(), strict=True)
        ]

    def rows(self) -> npt.NDArray[np.int64]:
        """The row of each entry of `indices`."""
        return np.repeat(np.arange(len(self.counts), dtype=np.int64), np.diff(self.indptr))


@dataclass
class Election:
    """A participatory budgeting election: META fields, projects in file order, ballots.

    The reader also leaves the distinct-ballot table it built on the way (`groups()`), so the
    rules need not walk every ballot again; it is rebuilt if `ballots` is replaced or resized.
    """

    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)
    _groups: tuple[tuple[int, int, tuple[str, ...]], Groups] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def budget(self) -> int:
        return int(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    def _key(self) -> tuple[int, int, tuple[str, ...]]:
        size = getattr(self.ballots, "length", None)  # a reader's list, not made yet
        return (id(self.ballots), len(self.ballots) if size is None else size, tuple(self.projects))

    def groups(self) -> Groups:
        """The distinct ballots with their voter counts (see `Groups`)."""
        if self._groups is None or self._groups[0] != self._key():
            counted: Counter[Canonical] = Counter(
                canonical(b.projects, b.points) for b in self.ballots
            )
            self.remember(Groups.build(tuple(self.projects), counted))
        assert self._groups is not None
        return self._groups[1]

    def remember(self, groups: Groups) -> None:
        """Keep a distinct-ballot table built elsewhere (the reader) for these ballots."""
        self._groups = (self._key(), groups)

    def profile(self) -> Counter[Canonical]:
        """Identical ballots counted once: (project, weight) pairs in id order → voters."""
        table = self.groups()
        counted: Counter[Canonical] = Counter()
        for ballot, count in zip(table.ballots, table.counts.tolist(), strict=True):
            counted[ballot] += count
        return counted
