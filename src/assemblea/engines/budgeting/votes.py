"""The VOTES section of a `.pb` file, read in one pass: each distinct ballot is parsed once.

Voters who wrote the same `vote` (and `points`) cells cast the same ballot, so the cells are
counted first (a C-level `Counter`), then each distinct pair is checked once (unknown project,
a project named twice, points, the META limits) and turned into tuples shared by every ballot
that has it. Problems are reported for every line that has the bad cells, in line order.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import Problem, whole_number
from .model import Ballot, Canonical, Groups, LazyList, Project, canonical

VOTE_OWN = ("voter_id", "vote", "points")
Rows = list[tuple[int, list[str]]]


@dataclass(frozen=True)
class Limits:
    """The ballot constraints META declares (pabulib's names); None = no limit."""

    costs: dict[str, int]
    min_length: int | None
    max_length: int | None
    max_sum_cost: int | None
    max_sum_points: int | None
    min_sum_points: int | None

    @classmethod
    def from_meta(cls, meta: dict[str, str], projects: dict[str, Project]) -> Limits:
        def get(key: str) -> int | None:
            return whole_number(meta[key]) if key in meta else None

        max_length = get("max_length")
        if meta.get("vote_type") == "choose-1":
            max_length = 1
        return cls(
            {p.id: p.cost for p in projects.values()},
            get("min_length"),
            max_length,
            get("max_sum_cost"),
            get("max_sum_points"),
            get("min_sum_points"),
        )

    def breach(self, projects: tuple[str, ...], points: tuple[int, ...]) -> str:
        """Why the ballot breaks a limit ('' when it does not)."""
        n = len(projects)
        if self.max_length is not None and n > self.max_length:
            return f"names {n} projects, more than the limit of {self.max_length}"
        if self.min_length is not None and n < self.min_length:
            return f"names {n} projects, fewer than the minimum of {self.min_length}"
        total = sum(self.costs[p] for p in projects)
        if self.max_sum_cost is not None and total > self.max_sum_cost:
            return f"costs {total} in all, more than the limit of {self.max_sum_cost}"
        given = sum(points)
        if points and self.max_sum_points is not None and given > self.max_sum_points:
            return f"gives {given} points, more than the limit of {self.max_sum_points}"
        if points and self.min_sum_points is not None and given < self.min_sum_points:
            return f"gives {given} points, fewer than the minimum of {self.min_sum_points}"
        return ""


def split_rows(text: str, first_line: int) -> Rows:
    """Non-blank rows of a section with their 1-based line numbers (csv only if quoted)."""
    if '"' in text:
        reader = csv.reader(io.StringIO(text), delimiter=";")
        return [
            (first_line - 1 + reader.line_num, [c.strip() for c in row])
            for row in reader
            if any(c.strip() for c in row)
        ]
    rows: Rows = []
    for number, line in enumerate(text.split("\n"), first_line):
        if not line.strip().strip(";").strip():
            continue
        cells = line.split(";")
        if cells[-1].endswith("\r") or " " in line or "\t" in line:
            cells = [c.strip() for c in cells]
        rows.append((number, cells))
    return rows


@dataclass(frozen=True)
class _Parsed:
    projects: tuple[str, ...]
    points: tuple[int, ...]
    problem: str  # '' when the ballot is good; else what is wrong (after "ballot of voter X")


def _parse_cells(
    vote: str, points_cell: str, projects: dict[str, Project], limits: Limits
) -> _Parsed:
    names = tuple(p.strip() for p in vote.split(",") if p.strip())
    unknown = [p for p in names if p not in projects]
    if unknown:
        return _Parsed(names, (), f"names unknown project(s) {unknown}")
    if len(set(names)) != len(names):
        return _Parsed(names, (), "names a project twice")
    points: tuple[int, ...] = ()
    if points_cell:
        parsed = [whole_number(p) for p in points_cell.split(",")]
        if None in parsed or len(parsed) != len(names):
            return _Parsed(names, (), "points: must be one whole number per project")
        points = tuple(p for p in parsed if p is not None)
    return _Parsed(names, points, limits.breach(names, points))


def fast_votes(
    text: str, first_line: int, limits: Limits, projects: dict[str, Project]
) -> VoteTable | None:
    """The common case in one pass with regular expressions and arrays: every ballot is good.

    Only the `vote` (and `points`) cells are pulled out (C-level `re.findall`) and counted; the
    distinct cells are split, looked up and checked against the limits as whole arrays; the
    `Ballot` objects are made the first time someone looks at `Election.ballots`. Returns None
    (read it row by row, to report each problem with its line) when the section is quoted,
    a cell is unusual (blank names, padding) or any ballot has a problem.
    """
    if '"' in text:
        return None
    newline = text.find("\n")
    header = [c.strip() for c in (text[:newline] if newline >= 0 else text).split(";")]
    if "vote" not in header or not all(header):
        return None
    body = text[newline + 1 :] if newline >= 0 else ""
    counted = _pull(
        body, header.index("vote"), header.index("points") if "points" in header else -1
    )
    spaced = (
        any(" " in v or "\t" in v or " " in p or "\t" in p for v, p in counted)
        if (" " in body or "\t" in body)
        else False
    )
    if spaced and any(_padded(vote) or _padded(points) for vote, points in counted):
        stripped: Counter[tuple[str, str]] = Counter()
        for (vote, points), count in counted.items():
            stripped[(vote.strip(), points.strip())] += count
        counted = stripped
    blank = len(_BLANK.findall(body)) if ("", "") in counted else 0
    if blank:
        counted[("", "")] -= blank
        counted = +counted
    groups = _arrays(counted, limits, projects)
    if groups is None:
        return None
    rows = functools.partial(split_rows, body, first_line + 1)
    ballots = LazyList(functools.partial(_build, rows, header, projects, limits), groups.voters)
    return VoteTable(ballots, header, groups)


def _arrays(
    counted: Counter[tuple[str, str]], limits: Limits, projects: dict[str, Project]
) -> Groups | None:
    """The distinct (vote, points) cells as a `Groups` table, or None if any needs a closer look."""
    keys = list(counted)
    ids = tuple(projects)
    position = {pid: i for i, pid in enumerate(ids)}
    tokens = ",".join(vote for vote, _ in keys).split(",")
    found = list(map(position.get, tokens))
    if None in found or not keys:
        return None  # unknown project, blank name or padding: read row by row
    sizes = np.fromiter((vote.count(",") + 1 for vote, _ in keys), np.int64, len(keys))
    indptr = np.zeros(len(keys) + 1, np.int64)
    np.cumsum(sizes, out=indptr[1:])
    indices = np.array(found, dtype=np.int64)
    if any(points for _, points in keys):
        try:
            weights = np.array(",".join(p for _, p in keys).split(","), dtype=np.int64)
        except ValueError:
            return None
        if len(weights) != len(indices) or any(
            points.count(",") != vote.count(",") for vote, points in keys
        ):
            return None
    else:
        weights = np.ones(len(indices), np.int64)
    rows = np.repeat(np.arange(len(keys)), sizes)
    if _breaks(limits, ids, indices, weights, rows, sizes, bool(keys[0][1])):
        return None
    counts = np.fromiter(counted.values(), np.int64, len(keys))
    return Groups(ids, counts, indptr, indices, weights)


def _breaks(
    limits: Limits,
    ids: tuple[str, ...],
    indices: npt.NDArray[np.int64],
    weights: npt.NDArray[np.int64],
    rows: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    points: bool,
) -> bool:
    """True if some distinct ballot names a project twice or breaks a limit."""
    key = rows * len(ids) + indices
    if len(sizes) * len(ids) <= 8_000_000:
        if np.bincount(key, minlength=1).max(initial=0) > 1:
            return True
    elif np.any(np.diff(np.sort(key)) == 0):
        return True
    if limits.max_length is not None and sizes.max() > limits.max_length:
        return True
    if limits.min_length is not None and sizes.min() < limits.min_length:
        return True
    if limits.max_sum_cost is not None:
        costs = np.array([limits.costs[p] for p in ids], dtype=np.int64)
        if np.bincount(rows, weights=costs[indices]).max() > limits.max_sum_cost:
            return True
    if points and (limits.max_sum_points is not None or limits.min_sum_points is not None):
        total = np.bincount(rows, weights=weights)
        if limits.max_sum_points is not None and total.max() > limits.max_sum_points:
            return True
        if limits.min_sum_points is not None and total.min() < limits.min_sum_points:
            return True
    return False


_BLANK = re.compile(r"^[ \t;]*;[ \t;]*\r?$", re.MULTILINE)


def _pull(body: str, at_vote: int, at_points: int) -> Counter[tuple[str, str]]:
    """How many rows have each (vote cell, points cell), as written."""
    if at_points < 0:
        cells = re.findall(rf"^(?:[^;\n]*;){{{at_vote}}}([^;\n\r]*)", body, re.MULTILINE)
        return Counter({(c, ""): n for c, n in Counter(cells).items()})
    first, second = sorted((at_vote, at_points))
    between = second - first - 1
    pattern = rf"^(?:[^;\n]*;){{{first}}}([^;\n\r]*)(?:;[^;\n]*){{{between}}};([^;\n\r]*)"
    pairs: list[tuple[str, str]] = re.findall(pattern, body, re.MULTILINE)
    counted = Counter(pairs)
    if at_vote < at_points:
        return counted
    return Counter({(b, a): n for (a, b), n in counted.items()})


def _padded(cell: str) -> bool:
    return cell[:1].isspace() or cell[-1:].isspace()


def _build(
    rows: Callable[[], Rows], header: list[str], projects: dict[str, Project], limits: Limits
) -> list[Ballot]:
    parsed: dict[tuple[str, str], _Parsed] = {}
    column = {name: i for i, name in enumerate(header)}
    at_vote, at_points = column["vote"], column.get("points", -1)
    at_voter = column.get("voter_id", -1)
    extras = [(name, i) for name, i in column.items() if name not in VOTE_OWN]
    ballots = []
    for line, cells in rows():
        key = (_cell(cells, at_vote), _cell(cells, at_points))
        found = parsed.get(key) or parsed.setdefault(key, _parse_cells(*key, projects, limits))
        voter = cells[at_voter] if 0 <= at_voter < len(cells) else str(line)
        extra = tuple((name, cells[i]) for name, i in extras if i < len(cells))
        ballots.append(Ballot(voter, found.projects, found.points, extra))
    return ballots


@dataclass
class VoteTable:
    ballots: list[Ballot]
    header: list[str]
    groups: Groups | None


def read_votes(
    rows: Rows, limits: Limits, projects: dict[str, Project], problems: list[Problem]
) -> VoteTable:
    """Ballots (bad ones left out, each with a `Problem`) and their distinct-ballot table."""
    if not rows:
        return VoteTable([], [], Groups.build(tuple(projects), {}))
    header = rows[0][1]
    if "vote" not in header:
        problems.append(Problem(rows[0][0], "VOTES header needs a vote column"))
        return VoteTable([], header, None)
    column = {name: i for i, name in enumerate(header)}
    at_vote, at_points = column["vote"], column.get("points", -1)
    at_voter = column.get("voter_id", -1)
    extras = [(name, i) for name, i in column.items() if name not in VOTE_OWN]
    body = rows[1:]
    keys = [(_cell(cells, at_vote), _cell(cells, at_points)) for _, cells in body]
    counted = Counter(keys)
    parsed = {key: _parse_cells(*key, projects, limits) for key in counted}
    ballots: list[Ballot] = []
    for (line, cells), key in zip(body, keys, strict=True):
        found = parsed[key]
        voter = cells[at_voter] if 0 <= at_voter < len(cells) else str(line)
        if found.problem:
            problems.append(_problem(line, voter, found.problem))
            continue
        extra = tuple((name, cells[i]) for name, i in extras if i < len(cells))
        ballots.append(Ballot(voter, found.projects, found.points, extra))
    grouped: Counter[Canonical] = Counter()
    for key, count in counted.items():
        found = parsed[key]
        if not found.problem:
            grouped[canonical(found.projects, found.points)] += count
    return VoteTable(ballots, header, Groups.build(tuple(projects), grouped))


def _cell(cells: list[str], at: int) -> str:
    return cells[at] if 0 <= at < len(cells) else ""


def _problem(line: int, voter: str, what: str) -> Problem:
    if what.startswith("points: "):
        return Problem(line, f"points of voter {voter!r} {what.removeprefix('points: ')}")
    return Problem(line, f"ballot of voter {voter!r} {what}")
