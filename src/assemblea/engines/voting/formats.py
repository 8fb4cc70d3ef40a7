"""Readers for ranked-ballot files: BLT (OpenSTV / ERS) and PrefLib (.soi, .soc).

Every error names the file and the line, so a returning officer can fix the file; nothing
here raises anything but `InputError` on bad input.

BLT: first line ``<candidates> <seats>``; an optional line of negative numbers lists
withdrawn candidates; then one line per ballot ``<count> <cand> ... 0``; a line ``0`` ends
the ballots; then one name per candidate (quoted or not) and optionally the title.

PrefLib (Mattei & Walsh 2013): ``#`` header lines (``# ALTERNATIVE NAME i: ...``,
``# NUMBER ALTERNATIVES: n``, ...), then ``<count>: <alt>,<alt>,...`` most preferred first.
Orders with ties (``{...}``, the .toi/.toc types) are refused: the ranked methods here take
strict rankings.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .ballots import Election, RankedBallot
from .errors import InputError

_PREFLIB_DATA = re.compile(r"^\s*(\d+)\s*:\s*(.*)$")
_HEADER = re.compile(r"^#\s*([^:]+?)\s*:\s*(.*)$")
_QUOTED = re.compile(r'"([^"]*)"')
_ALT_NAME = re.compile(r"^ALTERNATIVE NAME (\d+)$", re.IGNORECASE)


def read_election(path: str | os.PathLike[str], fmt: str | None = None) -> Election:
    """Read a BLT or PrefLib file; `fmt` is "blt", "preflib" or None (guess from the content)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a ballot file", file=name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", file=name, line=line) from None
    if fmt is None:
        fmt = guess_format(name, text)
    if fmt == "blt":
        return parse_blt(text, name)
    if fmt == "preflib":
        return parse_preflib(text, name)
    raise InputError(f"unknown format {fmt!r} (use blt or preflib)", file=name)


def guess_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".blt":
        return "blt"
    if suffix in {".soi", ".soc", ".toi", ".toc"}:
        return "preflib"
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "preflib" if first.lstrip().startswith("#") else "blt"


def _ints(tokens: list[str], file: str, line: int, what: str) -> list[int]:
    values = []
    for token in tokens:
        if "=" in token:
            raise InputError(
                f"equal rankings ({token!r}) are not allowed: each preference names one candidate",
                file=file,
                line=line,
            )
        try:
            values.append(int(token))
        except ValueError:
            raise InputError(
                f"{what}: {token!r} is not a whole number", file=file, line=line
            ) from None
    return values


def parse_blt(text: str, file: str = "<blt>") -> Election:
    lines = text.splitlines()
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines)]
    rows = iter([(n, s) for n, s in numbered if s and not s.startswith("#")])
    n_line, n_candidates, seats = _blt_header(rows, file)
    ballots, withdrawn = _blt_ballots(rows, n_candidates, file, n_line)
    names: list[str] = []
    title = ""
    for n_line, row in rows:
        if len(names) < n_candidates:
            names.append(_unquote(row))
        elif not title:
            title = _unquote(row)
        else:
            raise InputError(f"unexpected line after the title: {row!r}", file=file, line=n_line)
    if len(names) < n_candidates:
        raise InputError(
            f"expected {n_candidates} candidate names after the ballots, found {len(names)}",
            file=file,
            line=len(lines),
        )
    if len(set(names)) != len(names):
        raise InputError("two candidates have the same name", file=file)
    return Election(tuple(names), tuple(ballots), seats, title, frozenset(withdrawn))


def _blt_header(rows: Iterator[tuple[int, str]], file: str) -> tuple[int, int, int]:
    """The first line, '<candidates> <seats>': (its line number, candidates, seats)."""
    try:
        n_line, header = next(rows)
    except StopIteration:
        raise InputError(
            "empty file: expected '<candidates> <seats>' on the first line", file=file
        ) from None
    head = header.split()
    if len(head) != 2:
        raise InputError(
            f"expected '<candidates> <seats>' on the first line, found {header!r}",
            file=file,
            line=n_line,
        )
    n_candidates, seats = _ints(head, file, n_line, "header")
    if n_candidates < 1:
        raise InputError(
            f"the number of candidates must be at least 1, not {n_candidates}",
            file=file,
            line=n_line,
        )
    if not 1 <= seats <= n_candidates:
        raise InputError(
            f"the number of seats must be between 1 and {n_candidates}, not {seats}",
            file=file,
            line=n_line,
        )
    return n_line, n_candidates, seats


def _blt_ballots(
    rows: Iterator[tuple[int, str]], n_candidates: int, file: str, last_line: int
) -> tuple[list[RankedBallot], set[int]]:
    """The withdrawn candidates and the ballots, up to the line '0' that ends them."""
    withdrawn: set[int] = set()
    ballots: list[RankedBallot] = []
    for n_line, row in rows:
        last_line = n_line
        tokens = row.split()
        if tokens and tokens[0].startswith("(") and tokens[0].endswith(")"):
            tokens = tokens[1:]  # optional ballot id
        if tokens and not tokens[0].lstrip("-").isdigit():
            raise InputError(
                f"expected a ballot '<count> <candidate> ... 0' or the line '0' that ends the "
                f"ballots, found {row!r}",
                file=file,
                line=n_line,
            )
        values = _ints(tokens, file, n_line, "ballot")
        if not ballots and values and all(v < 0 for v in values):
            withdrawn |= _blt_withdrawn(values, n_candidates, file, n_line)
            continue
        if values == [0]:
            return ballots, withdrawn
        ballots.append(_blt_ballot(values, row, n_candidates, file, n_line))
    raise InputError("the ballots must end with a line '0'", file=file, line=last_line)


def _blt_withdrawn(values: list[int], n_candidates: int, file: str, n_line: int) -> set[int]:
    for v in values:
        if -v > n_candidates:
            raise InputError(
                f"withdrawn candidate {-v} is not on the ballot "
                f"(candidates are 1 to {n_candidates})",
                file=file,
                line=n_line,
            )
    return {-v - 1 for v in values}


def _blt_ballot(
    values: list[int], row: str, n_candidates: int, file: str, n_line: int
) -> RankedBallot:
    if len(values) < 2 or values[-1] != 0:
        raise InputError(
            f"a ballot line is '<count> <candidate> ... 0' and must end with 0, found {row!r}",
            file=file,
            line=n_line,
        )
    count, prefs = values[0], values[1:-1]
    if count < 0:
        raise InputError(f"negative ballot count {count}", file=file, line=n_line)
    seen: set[int] = set()
    for c in prefs:
        if not 1 <= c <= n_candidates:
            raise InputError(
                f"a vote for candidate {c}, who is not on the ballot "
                f"(candidates are 1 to {n_candidates})",
                file=file,
                line=n_line,
            )
        if c in seen:
            raise InputError(
                f"candidate {c} is ranked twice on this ballot", file=file, line=n_line
            )
        seen.add(c)
    return RankedBallot(tuple(c - 1 for c in prefs), count)


def _unquote(text: str) -> str:
    """A quoted BLT name line, with the party in doubled quotes, becomes ``Name (Party)``."""
    text = text.strip()
    if not text.startswith('"'):
        return text
    try:
        inner = next(csv.reader([text], quotechar='"', skipinitialspace=True))[0]
    except (csv.Error, StopIteration, IndexError):
        inner = text.strip('"')
    quoted = _QUOTED.findall(inner)
    bare = _QUOTED.sub("", inner).strip()
    parts = ([bare] if bare else []) + quoted
    if not parts:
        return inner.strip()
    name, rest = parts[0].strip(), [p.strip() for p in parts[1:] if p.strip()]
    return f"{name} ({', '.join(rest)})" if rest else name


def parse_preflib(text: str, file: str = "<preflib>") -> Election:
    names, headers, data = _preflib_lines(text, file)
    n = _preflib_count(names, headers, file)
    ballots = [_preflib_ballot(row, n, file, line) for line, row in data]
    if not ballots:
        raise InputError("no ballots found", file=file)
    for key, actual in (
        ("NUMBER VOTERS", sum(b.count for b in ballots)),
        ("NUMBER UNIQUE ORDERS", len(ballots)),
    ):
        if key in headers:
            line, value = headers[key]
            if value.isdigit() and int(value) != actual:
                raise InputError(
                    f"the header says {key} {value} but the ballots give {actual}",
                    file=file,
                    line=line,
                )
    title = headers.get("TITLE", (0, ""))[1]
    labels = tuple(names.get(k, f"Alternative {k}") for k in range(1, n + 1))
    if len(set(labels)) != len(labels):
        raise InputError("two alternatives have the same name", file=file)
    return Election(labels, tuple(ballots), 1, title)


def _preflib_lines(
    text: str, file: str
) -> tuple[dict[int, str], dict[str, tuple[int, str]], list[tuple[int, str]]]:
    """The alternatives' names, the other headers (with their lines) and the data lines."""
    names: dict[int, str] = {}
    headers: dict[str, tuple[int, str]] = {}
    data: list[tuple[int, str]] = []
    for i, raw in enumerate(text.splitlines(), start=1):
        row = raw.strip()
        if not row:
            continue
        if row.startswith("#"):
            if data:
                raise InputError("header line after the ballots", file=file, line=i)
            match = _HEADER.match(row)
            if match:
                key, value = match.group(1).strip(), match.group(2).strip()
                alt = _ALT_NAME.match(key)
                if alt:
                    names[int(alt.group(1))] = value
                else:
                    headers[key.upper()] = (i, value)
            continue
        data.append((i, row))
    return names, headers, data


def _preflib_count(names: dict[int, str], headers: dict[str, tuple[int, str]], file: str) -> int:
    """How many alternatives: the header's number, or the highest one named."""
    if "NUMBER ALTERNATIVES" in headers:
        line, value = headers["NUMBER ALTERNATIVES"]
        try:
            n = int(value)
        except ValueError:
            raise InputError(
                f"NUMBER ALTERNATIVES {value!r} is not a whole number", file=file, line=line
            ) from None
    elif names:
        n = max(names)
    else:
        raise InputError(
            "no '# NUMBER ALTERNATIVES' or '# ALTERNATIVE NAME' header: not a PrefLib file",
            file=file,
        )
    if n < 1:
        raise InputError(
            "NUMBER ALTERNATIVES must be at least 1",
            file=file,
            line=headers["NUMBER ALTERNATIVES"][0],
        )
    for k in names:
        if not 1 <= k <= n:
            raise InputError(f"alternative {k} is named but there are only {n}", file=file)
    return n


def _preflib_ballot(row: str, n: int, file: str, line: int) -> RankedBallot:
    match = _PREFLIB_DATA.match(row)
    if not match:
        raise InputError(
            f"expected '<count>: <alt>,<alt>,...', found {row!r}", file=file, line=line
        )
    if "{" in row:
        raise InputError(
            "this ballot ranks candidates equal ({...}); only strict rankings are supported",
            file=file,
            line=line,
        )
    count = int(match.group(1))
    body = match.group(2).strip()
    tokens = [t.strip() for t in body.split(",")] if body else []
    prefs: list[int] = []
    for token in tokens:
        try:
            c = int(token)
        except ValueError:
            raise InputError(
                f"{token!r} is not an alternative number", file=file, line=line
            ) from None
        if not 1 <= c <= n:
            raise InputError(
                f"a vote for alternative {c}, who is not on the ballot (alternatives are 1 to {n})",
                file=file,
                line=line,
            )
        if c - 1 in prefs:
            raise InputError(
                f"alternative {c} is ranked twice on this ballot", file=file, line=line
            )
        prefs.append(c - 1)
    return RankedBallot(tuple(prefs), count)
