"""Quota targets from population shares, with the equity options practitioners use.

Functions without database access: proposing min/max per value, checking that a category can add
up to the seats, and reading a census CSV of shares.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bounds:
    min: int
    max: int


def propose_bounds(
    shares: Mapping[str, float],
    seats: int,
    *,
    floor: int = 0,
    oversample: Iterable[str] = (),
    oversample_factor: float = 1.5,
    caps: Mapping[str, int] | None = None,
) -> dict[str, Bounds]:
    """Min and max seats per value, in proportion to the population.

    `floor` raises the minimum of every value present in the population (e.g. 2, so that one
    dropout does not erase a small group); `oversample` values get their ideal multiplied by
    `oversample_factor`; `caps` limit the maximum of over-represented values. When the maxima
    cannot reach the seats, the values furthest below their ideal get one more.
    """
    boosted = set(oversample)
    caps = dict(caps or {})
    ideal = {
        value: share * seats * (oversample_factor if value in boosted else 1.0)
        for value, share in shares.items()
    }
    bounds: dict[str, Bounds] = {}
    for value, target in ideal.items():
        low = math.floor(target + 1e-9)
        high = math.ceil(target - 1e-9)
        if shares[value] > 0 and floor:
            low = max(low, min(floor, seats))
        high = max(high, low)
        if value in caps:
            high = min(high, caps[value])
            low = min(low, high)
        bounds[value] = Bounds(low, high)
    _lower_minimums_to_seats(bounds, ideal, seats, boosted)
    while sum(b.max for b in bounds.values()) < seats:
        growable = [v for v in bounds if v not in caps or bounds[v].max < caps[v]]
        if not growable:
            break
        value = max(growable, key=lambda v: (ideal[v] - bounds[v].max, -list(bounds).index(v)))
        bounds[value] = Bounds(bounds[value].min, bounds[value].max + 1)
    return bounds


def _lower_minimums_to_seats(
    bounds: dict[str, Bounds], ideal: Mapping[str, float], seats: int, boosted: set[str]
) -> None:
    """A floor or an oversample can push the minimums above the seats (2 + 14 + 13 = 29 for 28):
    take one back from the value furthest above its ideal until the proposal can be saved, from
    values the organizer did not choose to oversample first."""
    order = list(bounds)
    while sum(b.min for b in bounds.values()) > max(seats, 0):
        value = max(
            (v for v in order if bounds[v].min > 0),
            key=lambda v: (
                v not in boosted,
                bounds[v].min - ideal[v],
                bounds[v].min,
                -order.index(v),
            ),
        )
        bounds[value] = Bounds(bounds[value].min - 1, bounds[value].max)


def category_problems(name: str, bounds: Mapping[str, Bounds], seats: int) -> list[str]:
    """Why a category cannot add up to `seats`, in words an organizer understands."""
    problems = []
    low = sum(b.min for b in bounds.values())
    high = sum(b.max for b in bounds.values())
    for value, bound in bounds.items():
        if bound.min > bound.max:
            problems.append(
                _("%(category)s = %(value)s: the minimum %(min)s is above the maximum %(max)s.")
                % {"category": name, "value": value, "min": bound.min, "max": bound.max}
            )
    if low > seats:
        problems.append(
            _("%(category)s: the minimums add up to %(sum)s, more than the %(seats)s seats.")
            % {"category": name, "sum": low, "seats": seats}
        )
    if high < seats:
        problems.append(
            _("%(category)s: the maximums add up to %(sum)s, fewer than the %(seats)s seats.")
            % {"category": name, "sum": high, "seats": seats}
        )
    return problems


class CensusError(ValueError):
    pass


def read_census(text: str) -> dict[str, dict[str, float]]:
    """Read `category,value,share` rows (share as a fraction or a percentage).

    Refuses the whole file when a row is malformed or a category's shares do not add up to 1
    (or 100 %), naming the line or showing the sums.
    """
    from assemblea.recruitment.uploads import csv_problem

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise CensusError(csv_problem(error)) from None
    if not rows:
        raise CensusError(_("The census file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:3] != ["category", "value", "share"]:
        raise CensusError(
            _("Line 1: the census file needs the columns category,value,share (found %(found)s).")
            % {"found": ",".join(rows[0])}
        )
    shares: dict[str, dict[str, float]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise CensusError(_("Line %(line)s: expected category,value,share.") % {"line": number})
        category, value, raw = (cell.strip() for cell in row[:3])
        try:
            share = float(raw.rstrip("%"))
        except ValueError:
            raise CensusError(
                _("Line %(line)s: the share “%(share)s” is not a number.")
                % {"line": number, "share": raw}
            ) from None
        if not math.isfinite(share):
            raise CensusError(
                _("Line %(line)s: the share “%(share)s” is not a finite number.")
                % {"line": number, "share": raw}
            )
        if share < 0 or not category or not value:
            raise CensusError(
                _("Line %(line)s: give a category, a value and a share of at least 0.")
                % {"line": number}
            )
        if value in shares.setdefault(category, {}):
            raise CensusError(
                _("Line %(line)s: %(category)s = %(value)s appears twice.")
                % {"line": number, "category": category, "value": value}
            )
        shares[category][value] = share
    wrong = []
    for category, values in shares.items():
        total = sum(values.values())
        if math.isclose(total, 100, abs_tol=1):
            shares[category] = {value: share / 100 for value, share in values.items()}
        elif not math.isclose(total, 1, abs_tol=0.01):
            wrong.append(f"{category}: {total:g}")
    if wrong:
        raise CensusError(
            _("The shares of each category must add up to 1 (or 100%%). They add up to: %(sums)s.")
            % {"sums": "; ".join(wrong)}
        )
    return shares


def read_shares_text(text: str) -> dict[str, dict[str, float]]:
    """Shares typed one per line as `category, value, share`."""
    return read_census("category,value,share\n" + text)


def read_pairs(text: str, *, what: str) -> dict[str, float]:
    """`name=number` pairs separated by commas or lines, e.g. area weights or caps."""
    pairs: dict[str, float] = {}
    for item in text.replace("\n", ",").split(","):
        if not item.strip():
            continue
        name, sep, number = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            pairs[name.strip()] = float(number)
            if not math.isfinite(pairs[name.strip()]):
                raise CensusError(
                    _("“%(item)s”: the number must be finite (%(what)s).")
                    % {"item": item.strip(), "what": what}
                )
        except ValueError as error:
            if isinstance(error, CensusError):
                raise
            raise CensusError(
                _("“%(item)s” is not of the form name=number (%(what)s).")
                % {"item": item.strip(), "what": what}
            ) from None
    return pairs


def age_brackets(values: Sequence[str]) -> list[tuple[str, int, int]] | None:
    """Read age-bracket values such as “16-29”, “30–44”, “65+” as (value, lowest, highest);
    None when a value is not a bracket, so the category cannot be derived from a birth year."""
    brackets = []
    for value in values:
        text = value.strip().replace("–", "-").replace(" ", "")
        if text.endswith("+") and text[:-1].isdigit():
            brackets.append((value, int(text[:-1]), 200))
            continue
        low, dash, high = text.partition("-")
        if not (dash and low.isdigit() and high.isdigit() and int(low) <= int(high)):
            return None
        brackets.append((value, int(low), int(high)))
    return brackets


def bracket_for_birth_year(
    brackets: Sequence[tuple[str, int, int]], birth_year: int, this_year: int
) -> str | None:
    """The bracket of someone born in `birth_year`, by the age they reach this year."""
    age = this_year - birth_year
    for value, low, high in brackets:
        if low <= age <= high:
            return value
    return None
