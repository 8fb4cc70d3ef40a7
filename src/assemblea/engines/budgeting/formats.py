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
import re

from .errors import PbError, Problem, whole_number
from .model import Election, Project
from .votes import VOTE_OWN, Limits, fast_votes, read_votes, split_rows

__all__ = ["BALLOT_TYPES", "PbError", "Problem", "parse_pb", "read_pb", "write_pb"]

SECTIONS = ("META", "PROJECTS", "VOTES")
BALLOT_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")


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
    text = text.lstrip("\ufeff")
    head, votes_text, votes_line = _split_votes(text)
    sections = _sections(head)
    problems: list[Problem] = []
    meta = _meta(sections.get("META", []), problems)
    fatal = _check_budget(meta, sections, problems)
    projects, project_columns = _projects(sections.get("PROJECTS", []), problems)
    if fatal or not projects:
        if not projects and not fatal:
            problems.append(Problem(1, "no PROJECTS section with projects"))
        raise PbError(problems, file)
    limits = Limits.from_meta(meta, projects)
    votes = fast_votes(votes_text, votes_line, limits, projects) if votes_text else None
    if votes is None:
        rows = split_rows(votes_text, votes_line) if votes_text is not None else []
        votes = read_votes(rows, limits, projects, problems)
    if problems and not accept_problems:
        raise PbError(problems, file)
    election = Election(meta, projects, votes.ballots, project_columns, votes.header)
    if votes.groups is not None:
        election.remember(votes.groups)
    return election, problems


_VOTES_TITLE = re.compile(r"^[ \t]*VOTES[ \t]*;*[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)


def _split_votes(text: str) -> tuple[str, str | None, int]:
    """(text before the VOTES title, the VOTES rows' text or None, line number of its first row).

    The VOTES section is most of a file and is read line by line without the csv module
    (`votes.split_rows`); META and PROJECTS, small and often quoted, go through csv.
    """
    found = _VOTES_TITLE.search(text)
    if found is None:
        return text, None, 0
    line = text.count("\n", 0, found.start()) + 2
    return text[: found.start()], text[found.end() + 1 :], line


Rows = list[tuple[int, list[str]]]


def _sections(text: str) -> dict[str, Rows]:
    """Split into sections: title → [(line, fields)] (header row included)."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
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
    value = whole_number(raw)
    if value is None or value <= 0:
        problems.append(Problem(line, f"budget must be a positive whole amount, got {raw!r}"))
        return True
    meta["budget"] = str(value)
    return False


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
        cost = whole_number(fields.get("cost", ""))
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
    extra_v = [c for c in election.vote_columns if c not in VOTE_OWN]
    writer.writerow(["voter_id", "vote", *(["points"] if has_points else []), *extra_v])
    for b in election.ballots:
        pts = [",".join(map(str, b.points))] if has_points else []
        extra = dict(b.extra)
        writer.writerow([b.voter, ",".join(b.projects), *pts, *(extra.get(c, "") for c in extra_v)])
    return out.getvalue()
