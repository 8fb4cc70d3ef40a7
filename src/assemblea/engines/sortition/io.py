"""Reading quota and people files in the formats organizers already use, and writing results.

Quota files (detected from the header):

* sortition-algorithms `features.csv`: ``feature,value,min,max[,min_flex,max_flex]``;
* OpenDLP / stratification-app `categories.csv`: ``category,name,...,min,max``;
* replication code of Flanigan et al. (2021): ``category,feature,min,max``.

People files: one row per pool member, one column per quota category, an id column (named by
the caller, or detected: ``id``, ``unique_id``, ``nationbuilder_id``; when the file has none,
ids are the data-row numbers 1..n) and any extra columns, which are kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError

KNOWN_ID_COLUMNS = ("id", "unique_id", "nationbuilder_id", "person_id", "respondent_id")
MAX_POOL = 1_000_000


@dataclass(frozen=True)
class Quota:
    """At least `min` and at most `max` panel members with `category` = `value`."""

    category: str
    value: str
    min: int
    max: int
    line: int = 0


@dataclass
class QuotaSet:
    """Quotas grouped by category, in file order."""

    quotas: list[Quota]
    source: str = "<quotas>"
    format: str = "features"

    @property
    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for quota in self.quotas:
            seen.setdefault(quota.category, None)
        return list(seen)

    def values(self, category: str) -> list[str]:
        return [q.value for q in self.quotas if q.category == category]

    def get(self, category: str, value: str) -> Quota:
        for quota in self.quotas:
            if quota.category == category and quota.value == value:
                return quota
        raise KeyError((category, value))


@dataclass
class Pool:
    """The people who answered the invitation: ids, all their columns, and quota values."""

    ids: list[str]
    columns: list[str]
    rows: list[list[str]]
    profiles: list[tuple[str, ...]]
    categories: list[str]
    id_column: str
    source: str = "<people>"
    households: list[str] | None = None
    lines: list[int] = field(default_factory=list)
    synthetic_ids: bool = False

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class TextFile:
    """A decoded CSV file and what we learned while decoding it."""

    name: str
    text: str
    sha256: str
    encoding: str
    warnings: list[str]


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_text(path: str) -> TextFile:
    """Decode a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    name = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError("file not found", file=path, code="file_not_found") from None
    except IsADirectoryError:
        raise InputError(
            "is a directory, expected a CSV file", file=path, code="file_is_directory"
        ) from None
    except OSError as error:
        raise InputError(
            f"cannot read the file ({error.strerror})",
            file=path,
            code="file_unreadable",
            params={"reason": error.strerror},
        ) from None
    return decode_bytes(data, name)


def decode_bytes(data: bytes, name: str) -> TextFile:
    """Decode a CSV file's bytes as `read_text` does (the web uploads use it too)."""
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return TextFile(name, data.decode("utf-16"), digest, "utf-16", warnings)
        except UnicodeDecodeError:
            raise InputError(
                "starts with a UTF-16 mark but is not valid UTF-16", file=name, code="bad_utf16"
            ) from None
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if b"\x00" in data:
            raise InputError(
                "is not a text CSV file (it contains NUL bytes); save it as CSV UTF-8",
                file=name,
                line=line,
                code="not_text",
            ) from None
        text = data.decode("cp1252", errors="replace")
        encoding = "cp1252"
        warnings.append(
            f"{name}, line {line}: the file is not UTF-8; it was read as Windows-1252 "
            "(Excel's default). Check the names with accents in the output, or save the file "
            "as 'CSV UTF-8'."
        )
    _check_no_nul(text, name)
    return TextFile(name, text, digest, encoding, warnings)


def _check_no_nul(text: str, name: str) -> None:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(
            "is not a text CSV file (it contains NUL characters; UTF-16 without a byte-order "
            "mark?); save it as CSV UTF-8",
            file=name,
            line=line,
            code="not_text",
        )


def text_file(text: str, name: str) -> TextFile:
    """A CSV file given as text rather than read from a path (its SHA-256 is that of the
    text in UTF-8, the bytes a path holding the same file would have)."""
    _check_no_nul(text, name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return TextFile(name, text, digest, "utf-8", [])


def rows_text(rows: Sequence[Sequence[object]]) -> str:
    """Rows (the header first) as the CSV text the readers take."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _source(
    path: str | None, text: str | None, rows: Sequence[Sequence[object]] | None, name: str
) -> TextFile:
    """The file to read: from `path`, or from `text`, or from `rows` (exactly one)."""
    given = [source is not None for source in (path, text, rows)]
    if sum(given) != 1:
        raise ValueError("give exactly one of a path, text or rows")
    if path is not None:
        return read_text(path)
    if rows is not None:
        text = rows_text(rows)
    assert text is not None
    return text_file(text, name)


def _rows(textfile: TextFile) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells) of every non-blank data row."""
    text = textfile.text
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        if ";" in first_line:
            delimiter = ";"
        elif "\t" in first_line:
            delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if header is None:
                if not any(cell.strip() for cell in cells):
                    continue
                header = [cell.strip() for cell in cells]
                _check_header(header, textfile.name, line)
                continue
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((line, cells))
            if len(rows) > MAX_POOL:
                raise InputError(
                    f"more than {MAX_POOL:,} rows; this engine accepts at most that many",
                    file=textfile.name,
                    line=line,
                    code="too_many_rows",
                    params={"max": MAX_POOL},
                )
    except csv.Error as error:
        raise InputError(
            f"malformed CSV ({error})",
            file=textfile.name,
            line=reader.line_num,
            code="malformed_csv",
            params={"detail": str(error)},
        ) from None
    if header is None:
        raise InputError("the file is empty (no header row)", file=textfile.name, code="empty_file")
    return header, rows


def _check_header(header: list[str], name: str, line: int) -> None:
    seen: set[str] = set()
    for cell in header:
        if cell == "":
            continue
        if cell in seen:
            raise InputError(
                "this column name appears twice in the header",
                name,
                line,
                cell,
                code="duplicate_column",
            )
        seen.add(cell)


def _int_cell(value: str, name: str, line: int, column: str) -> int:
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        raise InputError(
            f"expected a whole number, found '{text}'",
            name,
            line,
            column,
            code="not_a_whole_number",
            params={"found": text},
        ) from None
    if number != int(number) or number < 0:
        raise InputError(
            f"expected a whole number of 0 or more, found '{text}'",
            name,
            line,
            column,
            code="not_a_whole_number",
            params={"found": text},
        )
    return int(number)


def load_quotas(
    path: str | None = None,
    *,
    text: str | None = None,
    rows: Sequence[Sequence[object]] | None = None,
    name: str = "features.csv",
) -> tuple[QuotaSet, TextFile]:
    """Read a quota file in any of the three supported formats: from a path, or given as
    `text` or `rows` (the header first) and called `name` in messages and reports."""
    textfile = _source(path, text, rows, name)
    header, rows = _rows(textfile)
    lower = [cell.lower() for cell in header]
    name = textfile.name
    if "feature" in lower and "value" in lower:
        cat_col, val_col, fmt = lower.index("feature"), lower.index("value"), "features"
    elif "category" in lower and "name" in lower:
        cat_col, val_col, fmt = lower.index("category"), lower.index("name"), "opendlp"
    elif "category" in lower and "feature" in lower:
        cat_col, val_col, fmt = lower.index("category"), lower.index("feature"), "replication"
    else:
        raise InputError(
            "cannot tell the quota format from the header "
            f"({','.join(header)}); expected 'feature,value,min,max' (sortition-algorithms), "
            "'category,name,...,min,max' (OpenDLP) or 'category,feature,min,max'",
            name,
            1,
            code="unknown_quota_format",
            params={"header": ",".join(header)},
        )
    for needed in ("min", "max"):
        if needed not in lower:
            raise InputError(
                f"the header has no '{needed}' column",
                name,
                1,
                needed,
                code="missing_column",
                params={"name": needed},
            )
    min_col, max_col = lower.index("min"), lower.index("max")
    quotas: list[Quota] = []
    seen: dict[tuple[str, str], int] = {}
    for line, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        category = cells[cat_col].strip()
        value = cells[val_col].strip()
        if not category:
            raise InputError(
                "the category is empty", name, line, header[cat_col], code="empty_category"
            )
        if not value:
            raise InputError("the value is empty", name, line, header[val_col], code="empty_value")
        low = _int_cell(cells[min_col], name, line, header[min_col])
        high = _int_cell(cells[max_col], name, line, header[max_col])
        if low > high:
            raise InputError(
                f"min ({low}) is greater than max ({high}) for {category} = {value}",
                name,
                line,
                header[min_col],
                code="min_above_max",
                params={"min": low, "max": high, "category": category, "value": value},
            )
        key = (category, value)
        if key in seen:
            raise InputError(
                f"{category} = {value} is listed twice (first on line {seen[key]})",
                name,
                line,
                header[val_col],
                code="duplicate_quota",
                params={"category": category, "value": value, "first_line": seen[key]},
            )
        seen[key] = line
        quotas.append(Quota(category, value, low, high, line))
    if not quotas:
        raise InputError("no quotas in the file", name, 2, code="no_quotas")
    return QuotaSet(quotas, name, fmt), textfile


@dataclass
class _Header:
    """The people file's header: where each column is, found by name (or case-folded)."""

    cells: list[str]
    file: str

    def __post_init__(self) -> None:
        self.index = {column: i for i, column in enumerate(self.cells) if column}
        self.lower = {column.lower(): i for column, i in self.index.items()}

    def find(self, column: str, role: str) -> int:
        if column in self.index:
            return self.index[column]
        if column.lower() in self.lower:
            return self.lower[column.lower()]
        raise InputError(
            f"no column named '{column}' ({role}); the columns are: {', '.join(self.cells)}",
            self.file,
            1,
            column,
            code="missing_column",
            params={"name": column},
        )

    def id_column(self, id_column: str | None) -> tuple[int, str, bool]:
        """The id column's index and name, and whether ids are made up (no id column)."""
        if id_column is not None:
            col = self.find(id_column, "the id column given on the command line")
            return col, self.cells[col], False
        candidates = [self.lower[c] for c in KNOWN_ID_COLUMNS if c in self.lower]
        if candidates:
            return candidates[0], self.cells[candidates[0]], False
        return -1, "id", True


ValueMap = tuple[dict[str, str], dict[str, str | None]]


def _value_maps(quotas: QuotaSet) -> list[ValueMap]:
    """Per category, its values as written and case-folded (None when folding is ambiguous)."""
    maps = []
    for category in quotas.categories:
        values = quotas.values(category)
        folded: dict[str, str | None] = {}
        for value in values:
            key = value.casefold()
            folded[key] = None if key in folded else value
        maps.append(({value: value for value in values}, folded))
    return maps


def _profile(
    cells: list[str],
    quotas: QuotaSet,
    cat_cols: list[int],
    value_maps: list[ValueMap],
    where: tuple[str, int, list[str]],
) -> tuple[str, ...]:
    """One person's value in each quota category (every value must have a quota)."""
    name, line, header = where
    profile: list[str] = []
    for category, col, (exact, folded) in zip(quotas.categories, cat_cols, value_maps, strict=True):
        raw = cells[col].strip()
        found: str | None = exact.get(raw) or folded.get(raw.casefold())
        if found is None:
            known = ", ".join(quotas.values(category))
            raise InputError(
                f"the value '{raw}' has no quota in {quotas.source} "
                f"(quotas for {category}: {known})",
                name,
                line,
                header[col],
                code="value_without_quota",
                params={"value": raw, "category": category, "known": known},
            )
        profile.append(found)
    return tuple(profile)


def _person_id(
    cells: list[str], number: int, ids: tuple[int, str, bool], seen: dict[str, int], where: Any
) -> str:
    """The row's id (or its row number when the file has no id column), used once only."""
    id_col, id_name, synthetic = ids
    name, line = where
    if synthetic:
        return str(number)
    person_id = cells[id_col].strip()
    if not person_id:
        raise InputError("the id is empty", name, line, id_name, code="empty_id")
    if person_id in seen:
        raise InputError(
            f"the id '{person_id}' is used twice (first on line {seen[person_id]})",
            name,
            line,
            id_name,
            code="duplicate_id",
            params={"id": person_id, "first_line": seen[person_id]},
        )
    seen[person_id] = line
    return person_id


def _id_first(
    header: list[str], ids: list[str], rows: list[list[str]], id_col: int, synthetic: bool
) -> tuple[list[str], list[list[str]]]:
    """The columns and rows with the id first (a made-up `id` column when there was none)."""
    if synthetic:
        return ["id", *header], [[pid, *row] for pid, row in zip(ids, rows, strict=True)]
    order = [id_col, *[i for i in range(len(header)) if i != id_col]]
    columns = [header[i] for i in order]
    ordered = [[row[i] for i in order] for row in rows]
    return columns, [[pid, *row[1:]] for pid, row in zip(ids, ordered, strict=True)]


def load_people(
    path: str | None,
    quotas: QuotaSet,
    id_column: str | None = None,
    address_columns: Sequence[str] = (),
    *,
    text: str | None = None,
    rows: Sequence[Sequence[object]] | None = None,
    name: str = "people.csv",
) -> tuple[Pool, TextFile]:
    """Read the pool; every quota category must be a column, every value must have a quota.

    The file comes from `path`, or is given as `text` or `rows` (the header first; pass
    None as the path) and called `name` in messages and reports."""
    textfile = _source(path, text, rows, name)
    header, data = _rows(textfile)
    name = textfile.name
    columns = _Header(header, name)
    cat_cols = [columns.find(c, f"a quota category in {quotas.source}") for c in quotas.categories]
    id_info = columns.id_column(id_column)
    addr_cols = [columns.find(column, "an address column") for column in address_columns]
    value_maps = _value_maps(quotas)
    ids: list[str] = []
    out_rows: list[list[str]] = []
    profiles: list[tuple[str, ...]] = []
    lines: list[int] = []
    households: list[str] | None = [] if addr_cols else None
    seen_ids: dict[str, int] = {}
    width = len(header)
    for number, (line, cells) in enumerate(data, start=1):
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            raise InputError(
                f"this row has {len(cells)} cells but the header has {width} columns",
                name,
                line,
                code="row_too_long",
                params={"cells": len(cells), "columns": width},
            )
        cells = (cells + [""] * width)[:width]
        ids.append(_person_id(cells, number, id_info, seen_ids, (name, line)))
        profiles.append(_profile(cells, quotas, cat_cols, value_maps, (name, line, header)))
        out_rows.append(cells)
        lines.append(line)
        if households is not None:
            households.append("\x1f".join(" ".join(cells[c].split()).casefold() for c in addr_cols))
    if not ids:
        raise InputError(
            "the pool is empty (no data rows after the header)", name, 2, code="empty_pool"
        )
    id_col, id_name, synthetic = id_info
    all_columns, out_rows = _id_first(header, ids, out_rows, id_col, synthetic)
    pool = Pool(
        ids=ids,
        columns=all_columns,
        rows=out_rows,
        profiles=profiles,
        categories=quotas.categories,
        id_column=id_name,
        source=name,
        households=households,
        lines=lines,
        synthetic_ids=synthetic,
    )
    return pool, textfile


def write_csv(path: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
