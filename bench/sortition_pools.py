"""Seeded synthetic sortition instances for the benchmark (writes features.csv + people.csv).

Instances:

* ``fixture_x2_44`` / ``fixture_x4_88``: the 150-person sortition-algorithms fixture copied 2 or
  4 times (ids suffixed), quotas and seats scaled by the same factor, as in
  ``../shared/research/sortition_baseline.md``.
* ``paper_1727_110``: shaped like the paper's largest real pool (sf_e_110: n = 1,727, k = 110,
  7 categories), with realistic skew: the population shares of each category are uneven, and
  the pool over-represents older, more educated and more politically engaged people
  (self-selection of who answers an invitation), with correlations between categories.
* ``large_10000_150``: n = 10,000, k = 150, 8 categories, same generative model.
* ``civic_400_40``, ``civic_900_60``, ``standing_1800_100``, ``civic_3000_150``: civic pools
  like real respondents, with households: the same skewed, self-selected model, 6/7/8/8
  categories, and 3-7 % of respondents sharing a home with another respondent (mostly pairs,
  some of three; people at one address share region, urbanity and tenure and often
  ethnicity and attitude). Everyone has an ``address`` column (unique unless shared); the
  engine reads it with ``--address-columns address``, so the people of one home are each a
  type of their own with the rule "at most one of them".

Quotas are the population shares times k, rounded down/up, with a tolerance of about ±10% of
the seats of each value (at least ±1), as organizers commonly set them.

Usage: ``python bench/sortition_pools.py OUT_DIR [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "sortition"
FIXTURE = SHARED / "sortition_algorithms_fixture_22"

# category -> (values, population shares, self-selection bias multipliers)
CATEGORIES: dict[str, tuple[list[str], list[float], list[float]]] = {
    "gender": (["female", "male", "other"], [0.505, 0.485, 0.01], [1.0, 1.05, 1.2]),
    "age": (
        ["16-29", "30-44", "45-59", "60-74", "75+"],
        [0.21, 0.25, 0.26, 0.19, 0.09],
        [0.55, 0.85, 1.1, 1.5, 0.9],
    ),
    "education": (
        ["none", "level1", "level2-3", "level4+"],
        [0.18, 0.14, 0.33, 0.35],
        [0.45, 0.7, 0.9, 1.6],
    ),
    "region": (
        ["north", "north-east", "east", "south-east", "south", "south-west", "west", "centre"],
        [0.09, 0.05, 0.1, 0.16, 0.14, 0.09, 0.12, 0.25],
        [0.9, 0.8, 1.0, 1.2, 1.1, 1.15, 0.9, 1.0],
    ),
    "ethnicity": (
        ["white", "asian", "black", "mixed", "other"],
        [0.81, 0.09, 0.04, 0.03, 0.03],
        [1.1, 0.7, 0.6, 0.8, 0.7],
    ),
    "urbanity": (["urban", "suburban", "rural"], [0.45, 0.35, 0.2], [1.0, 1.05, 1.0]),
    "attitude": (
        ["very concerned", "fairly concerned", "not very", "not at all"],
        [0.3, 0.4, 0.2, 0.1],
        [1.5, 1.0, 0.7, 0.5],
    ),
    "tenure": (["owner", "renter", "social"], [0.63, 0.2, 0.17], [1.3, 0.8, 0.6]),
}


def _sample(rng: random.Random, values: list[str], weights: Sequence[float]) -> str:
    return rng.choices(values, weights=weights, k=1)[0]


def _person(rng: random.Random, categories: list[str], sharpen: float = 1.0) -> dict[str, str]:
    """One respondent; `sharpen` > 1 concentrates the pool on the common profiles (weights
    raised to that power), as in real respondent pools where a few profiles dominate."""
    person: dict[str, str] = {}
    for category in categories:
        values, shares, bias = CATEGORIES[category]
        weights = [s * b for s, b in zip(shares, bias, strict=True)]
        # Correlations: older people are less often students/renters, educated people more
        # often urban and concerned.
        if category == "education" and person.get("age") in ("60-74", "75+"):
            weights = [w * f for w, f in zip(weights, [2.0, 1.3, 1.0, 0.6], strict=True)]
        if category == "tenure" and person.get("age") == "16-29":
            weights = [w * f for w, f in zip(weights, [0.3, 3.0, 1.2], strict=True)]
        if category == "attitude" and person.get("education") == "level4+":
            weights = [w * f for w, f in zip(weights, [1.5, 1.0, 0.7, 0.5], strict=True)]
        if category == "urbanity" and person.get("education") == "level4+":
            weights = [w * f for w, f in zip(weights, [1.4, 1.0, 0.7], strict=True)]
        person[category] = _sample(rng, values, [w**sharpen for w in weights])
    return person


def _quotas(categories: list[str], seats: int) -> list[tuple[str, str, int, int]]:
    rows = []
    for category in categories:
        values, shares, _ = CATEGORIES[category]
        for value, share in zip(values, shares, strict=True):
            target = share * seats
            slack = max(1.0, 0.1 * target)
            rows.append(
                (category, value, max(0, math.floor(target - slack)), math.ceil(target + slack))
            )
    return rows


def write_instance(
    out: Path,
    people: list[dict[str, str]],
    columns: list[str],
    quotas: list[tuple[str, str, int, int]],
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "features.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["feature", "value", "min", "max"])
        writer.writerows(quotas)
    with (out / "people.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(people)


def synthetic(out: Path, n: int, seats: int, n_categories: int, seed: int) -> None:
    rng = random.Random(seed)
    categories = list(CATEGORIES)[:n_categories]
    people = []
    for i in range(n):
        person = {"id": f"s{i:06d}", "name": f"Person {i}"}
        person.update(_person(rng, categories))
        people.append(person)
    write_instance(out, people, ["id", "name", *categories], _quotas(categories, seats))


# Real respondent pools concentrate on fewer profiles than the population model gives: with
# this, the 900-person pool has about 500 types and the 1,800-person pool about 1,000, as the
# pools measured in issue 13 (421 and 1,010).
CIVIC_SHARPEN = 1.7
# Attributes that people living together share (always / usually).
SHARED_AT_HOME = ("region", "urbanity", "tenure")
USUALLY_SHARED_AT_HOME = ("ethnicity", "attitude")


def civic(
    out: Path, n: int, seats: int, n_categories: int, seed: int, household_share: float
) -> None:
    """A self-selected pool where `household_share` of the people share a home with another
    respondent (households of 2, or 3 for one in five)."""
    rng = random.Random(seed)
    categories = list(CATEGORIES)[:n_categories]
    people: list[dict[str, str]] = []
    in_homes = round(household_share * n)
    home = 0
    while len(people) < in_homes:
        size = 3 if rng.random() < 0.2 else 2
        size = min(size, max(2, in_homes - len(people)))
        first = _person(rng, categories, CIVIC_SHARPEN)
        for member in range(size):
            person = first if member == 0 else _person(rng, categories, CIVIC_SHARPEN)
            if member:
                for category in SHARED_AT_HOME:
                    if category in person:
                        person[category] = first[category]
                for category in USUALLY_SHARED_AT_HOME:
                    if category in person and rng.random() < 0.8:
                        person[category] = first[category]
            people.append({"address": f"{home + 1} Shared Road", **person})
        home += 1
    while len(people) < n:
        people.append(
            {
                "address": f"{len(people) + 1} Single Street",
                **_person(rng, categories, CIVIC_SHARPEN),
            }
        )
    # Shuffle so that households are not adjacent in the file.
    rng.shuffle(people)
    rows = [
        {"id": f"c{i:05d}", "name": f"Respondent {i}", **person} for i, person in enumerate(people)
    ]
    quotas = []
    for category, value, low, high in _quotas(categories, seats):
        # Organizers lower a minimum that the respondents cannot fill comfortably: at most
        # half of the respondents with the value.
        available = sum(1 for person in people if person[category] == value)
        quotas.append((category, value, min(low, available // 2), high))
    write_instance(out, rows, ["id", "name", "address", *categories], quotas)


def scaled_fixture(out: Path, factor: int) -> None:
    with (FIXTURE / "candidates.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        base = list(reader)
    people = []
    for copy in range(factor):
        for row in base:
            person = dict(row)
            person["nationbuilder_id"] = f"{row['nationbuilder_id']}_{copy}"
            people.append(person)
    quotas = []
    with (FIXTURE / "features.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            quotas.append(
                (row["feature"], row["value"], int(row["min"]) * factor, int(row["max"]) * factor)
            )
    write_instance(out, people, columns, quotas)


# name -> (writer, seats, id column, address columns)
INSTANCES: dict[str, tuple[Callable[[Path], None], int, str, tuple[str, ...]]] = {
    "fixture_x2_44": (lambda out: scaled_fixture(out, 2), 44, "nationbuilder_id", ()),
    "fixture_x4_88": (lambda out: scaled_fixture(out, 4), 88, "nationbuilder_id", ()),
    "civic_400_40": (
        lambda out: civic(out, 400, 40, 6, seed=400, household_share=0.07),
        40,
        "id",
        ("address",),
    ),
    "civic_900_60": (
        lambda out: civic(out, 900, 60, 7, seed=900, household_share=0.05),
        60,
        "id",
        ("address",),
    ),
    "standing_1800_100": (
        lambda out: civic(out, 1800, 100, 8, seed=1800, household_share=0.04),
        100,
        "id",
        ("address",),
    ),
    "civic_3000_150": (
        lambda out: civic(out, 3000, 150, 8, seed=3000, household_share=0.03),
        150,
        "id",
        ("address",),
    ),
    "paper_1727_110": (lambda out: synthetic(out, 1727, 110, 7, seed=1727), 110, "id", ()),
    "large_10000_150": (
        lambda out: synthetic(out, 10_000, 150, 8, seed=10_000),
        150,
        "id",
        (),
    ),
}


def generate(out_dir: Path, names: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the instances (skipping those already written); return name -> directory."""
    done = {}
    for name, (make, *_) in INSTANCES.items():
        if names and name not in names:
            continue
        if name.startswith("fixture") and not FIXTURE.is_dir():
            continue
        directory = out_dir / name
        if not (directory / "people.csv").exists():
            make(directory)
        done[name] = directory
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    for name, directory in generate(args.out, args.only).items():
        print(f"{name}: {os.path.relpath(directory)}")


if __name__ == "__main__":
    main()
