"""pabulib `.pb` files: read (with every problem reported by line) and write back.

Format (https://pabulib.org/format): UTF-8, `;`-separated, three sections, each a title line
(`META`, `PROJECTS`, `VOTES`) then a header row then rows. META is `key;value` (budget, vote_type,
rule, ballot limits); PROJECTS has `project_id;cost;...` (`selected` = what the city funded);
VOTES has `voter_id;...;vote` with comma-separated project ids, plus `points` for cumulative,
scoring and some ordinal ballots.

Bad input does not stop the reader at the first error: it collects `Problem`s (line, message)
and drops only the rows they concern, so an organizer can see every problem at once and decide
whether to import the rest (`accept_problems=True`). A file without a usable budget or
project table cannot be read at all: that raises `PbError` whatever the caller accepts.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from .model import Ballot, Election, Project

SECTIONS = ("META", "PROJECTS", "VOTES")
BALLOT_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: 1-based line as an editor shows it, and what to fix."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class PbError(Exception):
    """The file has problems and the caller did not accept them (or they are fatal)."""

    def __init__(self, problems: list[Problem], file: str = "<pb>") -> None:
        self.problems = problems
        self.file = file
        super().__init__("\n".join(f"{file}, {p}" for p in problems))


def read_pb(
    path: str | os.PathLike[str], accept_problems: bool = False
) -> tuple[Election, list[Problem]]:
    """Read a `.pb` file; see `parse_pb`."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse_pb(handle.read(), str(path), accept_problems)


def parse_pb(
    text: str, file: str = "<pb>", accept_problems: bool = False
) -> tuple[Election, list[Problem]]:
    """Parse `.pb` text. Returns the election and the problems (empty unless accepted).

    Raises `PbError` when there are problems and `accept_problems` is false, and always when the
    budget or the project table is unusable (no election could be counted).
    """
    sections = _sections(text)
    problems: list[Problem] = []
    meta = _meta(sections.get("META", []), problems)
    fatal = _check_budget(meta, sections, problems)
    projects, project_columns = _projects(sections.get("PROJECTS", []), problems)
    if fatal or not projects:
        if not projects and not fatal:
            problems.append(Problem(1, "no PROJECTS section with projects"))
        raise PbError(problems, file)
    ballots, vote_columns = _votes(sections.get("VOTES", []), meta, projects, problems)
    if problems and not accept_problems:
        raise PbError(problems, file)
    election = Election(meta, projects, ballots, project_columns, vote_columns)
    return election, problems


Rows = list[tuple[int, list[str]]]


def _sections(text: str) -> dict[str, Rows]:
    """Split into sections: title → [(line, fields)] (header row included)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    sections: dict[str, Rows] = {}
    current: Rows | None = None
    for row in reader:
        if len(row) == 1 and row[0].strip().upper() in SECTIONS:
            current = sections.setdefault(row[0].strip().upper(), [])
            continue
        if current is not None and any(cell.strip() for cell in row):
            current.append((reader.line_num, [cell.strip() for cell in row]))
    return sections


def _meta(rows: Rows, problems: list[Problem]) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line, row in rows[1:]:
        if len(row) < 2:
            problems.append(Problem(line, f"META row needs key;value, got {';'.join(row)!r}"))
            continue
        meta[row[0]] = row[1]
    return meta


def _check_budget(meta: dict[str, str], sections: dict[str, Rows], problems: list[Problem]) -> bool:
    """True when the budget is missing, not a whole number, or not positive (fatal)."""
    line = next((n for n, row in sections.get("META", [])[1:] if row[0] == "budget"), 1)
    raw = meta.get("budget")
    if raw is None:
        problems.append(Problem(line, "META has no budget"))
        return True
    value = _integer(raw)
    if value is None or value <= 0:
        problems.append(Problem(line, f"budget must be a positive whole amount, got {raw!r}"))
        return True
    meta["budget"] = str(value)
    return False


def _integer(raw: str) -> int | None:
    """`'1500'` or `'1500.0'` → 1500; anything else (text, 12.5, empty) → None."""
    try:
        number = float(raw)
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)


def _projects(rows: Rows, problems: list[Problem]) -> tuple[dict[str, Project], list[str]]:
    if not rows:
        return {}, []
    header = rows[0][1]
    if "project_id" not in header or "cost" not in header:
        problems.append(Problem(rows[0][0], "PROJECTS header needs project_id and cost"))
        return {}, header
    projects: dict[str, Project] = {}
    for line, row in rows[1:]:
        fields = dict(zip(header, row, strict=False))
        pid = fields.get("project_id", "")
        cost = _integer(fields.get("cost", ""))
        if not pid:
            problems.append(Problem(line, "project without project_id"))
        elif pid in projects:
            problems.append(Problem(line, f"project {pid!r} appears twice"))
        elif cost is None or cost < 0:
            problems.append(
                Problem(
                    line, f"cost of project {pid!r} is not a whole number: {fields.get('cost')!r}"
                )
            )
        else:
            selected = fields.get("selected")
            extra = tuple((k, v) for k, v in fields.items() if k not in _PROJECT_OWN)
            projects[pid] = Project(
                pid,
                cost,
                fields.get("name", ""),
                None if selected in (None, "") else selected == "1",
                extra,
            )
    return projects, header


_PROJECT_OWN = ("project_id", "cost", "name", "selected")
_VOTE_OWN = ("voter_id", "vote", "points")


def _votes(
    rows: Rows, meta: dict[str, str], projects: dict[str, Project], problems: list[Problem]
) -> tuple[list[Ballot], list[str]]:
    if not rows:
        return [], []
    header = rows[0][1]
    if "vote" not in header:
        problems.append(Problem(rows[0][0], "VOTES header needs a vote column"))
        return [], header
    limits = _Limits.from_meta(meta, projects)
    ballots: list[Ballot] = []
    for line, row in rows[1:]:
        fields = dict(zip(header, row, strict=False))
        ballot = _ballot(fields, line, projects, problems)
        if ballot is None:
            continue
        reason = limits.breach(ballot)
        if reason:
            problems.append(Problem(line, f"ballot of voter {ballot.voter!r} {reason}"))
            continue
        ballots.append(ballot)
    return ballots, header


def _ballot(
    fields: dict[str, str], line: int, projects: dict[str, Project], problems: list[Problem]
) -> Ballot | None:
    voter = fields.get("voter_id", str(line))
    names = tuple(p.strip() for p in fields.get("vote", "").split(",") if p.strip())
    unknown = [p for p in names if p not in projects]
    if unknown:
        problems.append(
            Problem(line, f"ballot of voter {voter!r} names unknown project(s) {unknown}")
        )
        return None
    if len(set(names)) != len(names):
        problems.append(Problem(line, f"ballot of voter {voter!r} names a project twice"))
        return None
    points: tuple[int, ...] = ()
    if fields.get("points"):
        parsed = [_integer(p) for p in fields["points"].split(",")]
        if None in parsed or len(parsed) != len(names):
            problems.append(
                Problem(line, f"points of voter {voter!r} must be one whole number per project")
            )
            return None
        points = tuple(p for p in parsed if p is not None)
    extra = tuple((k, v) for k, v in fields.items() if k not in _VOTE_OWN)
    return Ballot(voter, names, points, extra)


@dataclass(frozen=True)
class _Limits:
    """The ballot constraints META declares (pabulib's names); None = no limit."""

    costs: dict[str, int]
    min_length: int | None
    max_length: int | None
    max_sum_cost: int | None
    max_sum_points: int | None
    min_sum_points: int | None

    @classmethod
    def from_meta(cls, meta: dict[str, str], projects: dict[str, Project]) -> _Limits:
        def get(key: str) -> int | None:
            return _integer(meta[key]) if key in meta else None

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

    def breach(self, ballot: Ballot) -> str:
        """Why the ballot breaks a limit ('' when it does not)."""
        n = len(ballot.projects)
        if self.max_length is not None and n > self.max_length:
            return f"names {n} projects, more than the limit of {self.max_length}"
        if self.min_length is not None and n < self.min_length:
            return f"names {n} projects, fewer than the minimum of {self.min_length}"
        total = sum(self.costs[p] for p in ballot.projects)
        if self.max_sum_cost is not None and total > self.max_sum_cost:
            return f"costs {total} in all, more than the limit of {self.max_sum_cost}"
        points = sum(ballot.points)
        if ballot.points and self.max_sum_points is not None and points > self.max_sum_points:
            return f"gives {points} points, more than the limit of {self.max_sum_points}"
        if ballot.points and self.min_sum_points is not None and points < self.min_sum_points:
            return f"gives {points} points, fewer than the minimum of {self.min_sum_points}"
        return ""


def write_pb(election: Election, selected: set[str] | None = None) -> str:
    """The election as `.pb` text; `selected` (if given) replaces the selected column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(election.meta.items())
    writer.writerow(["PROJECTS"])
    extra_p = [c for c in election.project_columns if c not in _PROJECT_OWN]
    has_selected = selected is not None or any(
        p.selected is not None for p in election.projects.values()
    )
    writer.writerow(
        ["project_id", "cost", "name", *(["selected"] if has_selected else []), *extra_p]
    )
    for p in election.projects.values():
        chosen = (p.id in selected) if selected is not None else p.selected
        flag = ["1" if chosen else "0"] if has_selected else []
        extra = dict(p.extra)
        writer.writerow([p.id, str(p.cost), p.name, *flag, *(extra.get(c, "") for c in extra_p)])
    writer.writerow(["VOTES"])
    has_points = any(b.points for b in election.ballots)
    extra_v = [c for c in election.vote_columns if c not in _VOTE_OWN]
    writer.writerow(["voter_id", "vote", *(["points"] if has_points else []), *extra_v])
    for b in election.ballots:
        pts = [",".join(map(str, b.points))] if has_points else []
        extra = dict(b.extra)
        writer.writerow([b.voter, ",".join(b.projects), *pts, *(extra.get(c, "") for c in extra_v)])
    return out.getvalue()
