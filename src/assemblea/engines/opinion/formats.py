"""Polis export format: read and write `comments.csv`, `votes.csv`, `participants-votes.csv`.

Exports use 1 = agree, -1 = disagree, 0 = pass. Bad input (unknown statements, other values,
repeated (voter, statement) rows, wrong encoding) is counted with examples in an
`ImportReport`; `read_polis` raises `InputError` unless the caller accepts the report.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .matrix import VoteMatrix

MAX_EXAMPLES = 5
VALID_VOTES = {"1": 1, "-1": -1, "0": 0}
META = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


@dataclass
class Issue:
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, example: str) -> None:
        self.count += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(example)


@dataclass
class ImportReport:
    """Problems found, by code: `unknown_statement`, `bad_value`, `duplicate`, `encoding`."""

    issues: dict[str, Issue] = field(default_factory=dict)

    def add(self, code: str, example: str) -> None:
        self.issues.setdefault(code, Issue()).add(example)

    @property
    def clean(self) -> bool:
        return not self.issues

    def lines(self) -> list[str]:
        return [
            f"{code}: {issue.count} (e.g. {'; '.join(issue.examples)})"
            for code, issue in sorted(self.issues.items())
        ]


@dataclass
class Statement:
    id: str
    text: str
    author: str = ""
    moderated: int = 0  # 1 accepted, -1 moderated out, 0 not moderated
    timestamp: str = ""


@dataclass
class Conversation:
    statements: list[Statement]
    matrix: VoteMatrix
    polis_groups: dict[str, str]
    report: ImportReport


def _text(path: Path, report: ImportReport) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add("encoding", f"{path.name}: byte {exc.start} is not UTF-8")
        return raw.decode("utf-8", errors="replace")


def _rows(path: Path, report: ImportReport) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(path, report), newline="")))


def read_comments(path: Path, report: ImportReport) -> list[Statement]:
    out = []
    for row in _rows(path, report):
        out.append(
            Statement(
                id=row["comment-id"].strip(),
                text=row.get("comment-body") or "",
                author=(row.get("author-id") or "").strip(),
                moderated=int(row.get("moderated") or 0),
                timestamp=(row.get("timestamp") or "").strip(),
            )
        )
    return out


def _timestamp(row: dict[str, str]) -> float:
    """A vote's time; an unreadable one counts as the start (file order then decides)."""
    try:
        return float(row.get("timestamp") or 0)
    except ValueError:
        return 0.0


def _vote_events(path: Path, report: ImportReport, known: set[str]) -> list[tuple[str, str, int]]:
    """(voter, statement, value) in time order, bad rows dropped and reported."""
    rows = _rows(path, report)
    rows.sort(key=_timestamp)  # stable: file order breaks ties
    events: list[tuple[str, str, int]] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        sid, voter = (row.get("comment-id") or "").strip(), (row.get("voter-id") or "").strip()
        value = (row.get("vote") or "").strip()
        if sid not in known:
            report.add("unknown_statement", f"voter {voter} on statement {sid}")
            continue
        if value not in VALID_VOTES:
            report.add("bad_value", f"voter {voter} on statement {sid}: {value!r}")
            continue
        if (voter, sid) in seen:
            report.add("duplicate", f"voter {voter} on statement {sid} (latest kept)")
        seen.add((voter, sid))
        events.append((voter, sid, VALID_VOTES[value]))
    return events


def _wide(
    path: Path, report: ImportReport, known: set[str]
) -> tuple[list[tuple[str, str, int]], dict[str, str]]:
    events: list[tuple[str, str, int]] = []
    groups: dict[str, str] = {}
    for row in _rows(path, report):
        voter = row["participant"].strip()
        if (row.get("group-id") or "").strip():
            groups[voter] = row["group-id"].strip()
        for sid, cell in row.items():
            if sid in META or sid is None or cell is None or not cell.strip():
                continue
            value = cell.strip()
            if sid not in known:
                report.add("unknown_statement", f"voter {voter} on statement {sid}")
            elif value not in VALID_VOTES:
                report.add("bad_value", f"voter {voter} on statement {sid}: {value!r}")
            else:
                events.append((voter, sid, VALID_VOTES[value]))
    return events, groups


def read_polis(directory: str | Path, accept: bool = False) -> Conversation:
    """Read a Polis export folder. Votes come from `votes.csv` when present, else from the
    wide `participants-votes.csv` (which also gives the groups Polis recorded)."""
    folder = Path(directory)
    report = ImportReport()
    if not (folder / "comments.csv").exists():
        raise InputError(f"{folder}: no comments.csv")
    statements = read_comments(folder / "comments.csv", report)
    known = {s.id for s in statements}
    groups: dict[str, str] = {}
    wide = folder / "participants-votes.csv"
    if (folder / "votes.csv").exists():
        events = _vote_events(folder / "votes.csv", report, known)
        if wide.exists():
            _, groups = _wide(wide, ImportReport(), known)
    elif wide.exists():
        events, groups = _wide(wide, report, known)
    else:
        raise InputError(f"{folder}: neither votes.csv nor participants-votes.csv")
    if not report.clean and not accept:
        raise InputError(f"{folder}: " + " | ".join(report.lines()), report)
    return Conversation(statements, _matrix(statements, events), groups, report)


def _matrix(statements: list[Statement], events: list[tuple[str, str, int]]) -> VoteMatrix:
    s_index = {s.id: i for i, s in enumerate(statements)}
    voters = sorted({e[0] for e in events}, key=lambda v: (len(v), v))
    p_index = {v: i for i, v in enumerate(voters)}
    return VoteMatrix.from_events(
        voters,
        [s.id for s in statements],
        [p_index[e[0]] for e in events],
        [s_index[e[1]] for e in events],
        [e[2] for e in events],
        {i for i, s in enumerate(statements) if s.moderated < 0},
    )


def write_polis(
    conv: Conversation, directory: str | Path, groups: dict[str, str] | None = None
) -> None:
    """Write `comments.csv`, `votes.csv` and `participants-votes.csv` (Polis' columns)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    m = conv.matrix
    agrees = [0] * len(m.statements)
    disagrees = [0] * len(m.statements)
    for c, v in zip(m.cols.tolist(), m.values.tolist(), strict=True):
        if v == 1:
            agrees[c] += 1
        elif v == -1:
            disagrees[c] += 1
    with open(folder / "comments.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "comment-body",
            ]
        )
        for i, s in enumerate(conv.statements):
            w.writerow(
                [s.timestamp, "", s.id, s.author, agrees[i], disagrees[i], s.moderated, s.text]
            )
    with open(folder / "votes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for r, c, v in zip(m.rows.tolist(), m.cols.tolist(), m.values.tolist(), strict=True):
            w.writerow(["", "", m.statements[c], m.participants[r], v])
    _write_wide(
        conv, folder / "participants-votes.csv", groups if groups is not None else conv.polis_groups
    )


def _write_wide(conv: Conversation, path: Path, groups: dict[str, str]) -> None:
    m = conv.matrix
    cells: list[dict[int, int]] = [{} for _ in m.participants]
    for r, c, v in zip(m.rows.tolist(), m.cols.tolist(), m.values.tolist(), strict=True):
        cells[r][c] = v
    authored: dict[str, int] = {}
    for s in conv.statements:
        authored[s.author] = authored.get(s.author, 0) + 1
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*META, *m.statements])
        for r, pid in enumerate(m.participants):
            row = cells[r]
            vals = list(row.values())
            w.writerow(
                [
                    pid,
                    "",
                    groups.get(pid, ""),
                    authored.get(pid, 0),
                    len(vals),
                    vals.count(1),
                    vals.count(-1),
                    *(row.get(c, "") for c in range(len(m.statements))),
                ]
            )
