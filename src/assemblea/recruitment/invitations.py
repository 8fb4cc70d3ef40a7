"""Drawing the invitation sample from an address list: seeded, one per household,
optionally weighted by area (more letters where fewer people answer). No database access."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class AddressRow:
    key: str
    address: str
    area: str
    language: str


@dataclass
class AddressImport:
    rows: list[AddressRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why)


HOUSEHOLD_KEY_MAX = 300  # Household.key's length


def household_key(address: str) -> str:
    """The address as one household: case, commas and spacing do not tell two apart. A very
    long one keeps its start and a digest of the whole, so it still fits the column and
    stays distinct."""
    key = " ".join(address.lower().replace(",", " ").split())
    if len(key) <= HOUSEHOLD_KEY_MAX:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: HOUSEHOLD_KEY_MAX - len(digest) - 1]}#{digest}"


@dataclass(frozen=True)
class ColumnMapping:
    """Which columns of the organizer's file hold what: the address may be spread over
    several columns (street, number, postcode), joined with ", " in the order given."""

    address: tuple[str, ...] = ("address",)
    area: str = "area"
    language: str = "language"

    @classmethod
    def parse(cls, address: str, area: str, language: str) -> ColumnMapping:
        columns = tuple(c.strip().lower() for c in address.split(",") if c.strip())
        return cls(columns or ("address",), area.strip().lower(), language.strip().lower())


def read_addresses(text: str, mapping: ColumnMapping | None = None) -> AddressImport:
    """Read an address list: the address column(s), and optional area and language columns.

    Malformed rows are skipped with the reason; duplicates of an earlier household too.
    """
    mapping = mapping or ColumnMapping()
    result = AddressImport()
    from assemblea.recruitment.uploads import csv_problem

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as error:
        result.skipped.append((1, csv_problem(error)))
        return result
    if not rows:
        result.skipped.append((1, _("the file is empty")))
        return result
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in mapping.address if name not in header]
    if missing:
        result.skipped.append(
            (
                1,
                _("no column named %(missing)s (the file has: %(found)s)")
                % {
                    "missing": ", ".join(f"“{name}”" for name in missing),
                    "found": ", ".join(f"“{name}”" for name in header),
                },
            )
        )
        return result
    address_at = [header.index(name) for name in mapping.address]
    where = {
        field: header.index(column)
        for field, column in (("area", mapping.area), ("language", mapping.language))
        if column and column in header
    }
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.skipped.append(
                (
                    number,
                    _("%(found)s columns instead of %(expected)s")
                    % {"found": len(row), "expected": len(header)},
                )
            )
            continue
        address = ", ".join(row[i].strip() for i in address_at if row[i].strip())
        if not address:
            result.skipped.append((number, _("no address")))
            continue
        key = household_key(address)
        if key in seen:
            result.skipped.append((number, _("the same address as an earlier row")))
            continue
        seen.add(key)
        area = row[where["area"]].strip() if "area" in where else ""
        language = row[where["language"]].strip().lower() if "language" in where else ""
        result.rows.append(AddressRow(key, address, area, language))
    return result


def _uniform(seed: str, key: str) -> float:
    digest = hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") + 0.5) / 2**64


def draw_households(
    households: Sequence[tuple[str, str]],
    size: int,
    seed: str,
    area_weights: Mapping[str, float] | None = None,
) -> list[str]:
    """Keys of `size` households, drawn without replacement with probability proportional
    to their area's weight (Efraimidis & Spirakis 2006), from SHA-256 of the seed and the
    key: anyone with the list and the seed gets the same sample."""
    if size > len(households):
        raise ValueError(
            _("There are only %(addresses)s addresses for %(size)s invitations.")
            % {"addresses": len(households), "size": size}
        )
    weights = area_weights or {}
    ranked = []
    for key, area in households:
        weight = float(weights.get(area, 1.0))
        if weight <= 0:
            continue
        ranked.append((math.log(_uniform(seed, key)) / weight, key))
    ranked.sort(reverse=True)
    return [key for _score, key in ranked[:size]]


def sample_digest(keys: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()
