"""High-level API: load, check, optimise, round to a lottery, draw, write, verify.

This is what the command line and the web app call. Nothing here imports Django.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._version import __version__
from .errors import InputError
from .feasibility import check_feasibility
from .io import Pool, QuotaSet, TextFile, load_people, load_quotas, write_csv
from .lottery import (
    DEFAULT_LOTTERY_SIZE,
    Lottery,
    build_lottery,
    draw_index,
    lottery_digest,
    normalise_seed,
)
from .methods import goldilocks, legacy_distribution, nash
from .problem import Problem, build_problem
from .solver import (
    ALGORITHMS,
    Distribution,
    ProgressCallback,
    StopCheck,
    check_stop,
    leximin,
    maximin,
)

REPORT_FORMAT = "assemblea-sortition-report/1"


@dataclass
class Inputs:
    quotas: QuotaSet
    pool: Pool
    quota_file: TextFile
    people_file: TextFile
    seats: int
    address_columns: list[str]

    @property
    def warnings(self) -> list[str]:
        return self.quota_file.warnings + self.people_file.warnings


def load_inputs(
    features: str,
    people: str,
    seats: int,
    id_column: str | None = None,
    address_columns: Sequence[str] = (),
) -> Inputs:
    """Read and validate both files and the number of seats (raises InputError)."""
    quotas, quota_file = load_quotas(features)
    pool, people_file = load_people(people, quotas, id_column, address_columns)
    if seats < 1:
        raise InputError(f"the number of seats must be at least 1, not {seats}")
    if seats > len(pool):
        raise InputError(
            f"{seats} seats requested but the pool has only {len(pool)} people",
            file=people_file.name,
        )
    return Inputs(quotas, pool, quota_file, people_file, seats, list(address_columns))


def find_distribution(
    problem: Problem,
    algorithm: str = "leximin",
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Distribution:
    """The fair distribution over panels for `algorithm` (checks feasibility first).

    `progress(Progress)` is called after every solve; `should_stop()` is checked between
    solves and raises `SelectionCancelled` when it returns True."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")
    check_stop(should_stop)
    check_feasibility(problem)
    check_stop(should_stop)
    if algorithm == "leximin":
        return leximin(problem, progress, should_stop=should_stop)
    if algorithm == "maximin":
        return maximin(problem, progress, should_stop=should_stop)
    if algorithm == "nash":
        return nash(problem, progress, should_stop=should_stop)
    if algorithm == "goldilocks":
        return goldilocks(problem, progress, should_stop=should_stop)
    if algorithm == "legacy":
        return legacy_distribution(problem, should_stop=should_stop)
    raise ValueError(f"unknown algorithm {algorithm!r}; choose from {', '.join(ALGORITHMS)}")


@dataclass
class Selection:
    inputs: Inputs
    problem: Problem
    algorithm: str
    distribution: Distribution
    lottery: Lottery
    seed: str | None = None
    index: int | None = None
    panel: list[int] | None = None  # pool indices of the drawn panel
    timings: dict[str, float] = field(default_factory=dict)
    replacement: dict[str, Any] | None = None
    kept: list[int] = field(default_factory=list)  # pool indices staying on (replacements)
    notes: list[str] = field(default_factory=list)  # warnings about the result

    @property
    def full_panel(self) -> list[int] | None:
        """Everyone on the panel after the draw: people kept on, then those drawn."""
        return None if self.panel is None else [*self.kept, *self.panel]


def select(
    inputs: Inputs,
    algorithm: str = "leximin",
    seed: str | None = None,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Selection:
    """Optimise, round to a lottery of `lottery_size` panels and, with a seed, draw one.

    For a background run: `progress(Progress)` reports stage, types fixed, current minimum,
    elapsed and an estimate of the time left; `should_stop()` (checked between solves, and
    inside long MIP solves) cancels the run by raising `SelectionCancelled` before anything
    is drawn. Both are optional; without them the call runs to the end."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    problem = build_problem(inputs.pool, inputs.quotas, inputs.seats)
    timings["aggregate_types"] = time.perf_counter() - started
    return _optimise_and_draw(
        inputs, problem, algorithm, seed, lottery_size, progress, timings, should_stop
    )


def _optimise_and_draw(
    inputs: Inputs,
    problem: Problem,
    algorithm: str,
    seed: str | None,
    lottery_size: int,
    progress: ProgressCallback | None,
    timings: dict[str, float],
    should_stop: StopCheck | None = None,
) -> Selection:
    if lottery_size < 1:
        raise InputError(f"the lottery size must be at least 1, not {lottery_size}")
    mark = time.perf_counter()
    distribution = find_distribution(problem, algorithm, progress, should_stop=should_stop)
    timings["optimise"] = time.perf_counter() - mark
    check_stop(should_stop)
    mark = time.perf_counter()
    lottery = build_lottery(distribution, inputs.pool.ids, lottery_size, should_stop=should_stop)
    check_stop(should_stop)
    timings["lottery"] = time.perf_counter() - mark
    selection = Selection(inputs, problem, algorithm, distribution, lottery, timings=timings)
    eligible = len(problem.eligible)
    if lottery_size * problem.seats < eligible:
        needed = -(-10 * eligible // problem.seats)
        selection.notes.append(
            f"a lottery of {lottery_size} panels has only {lottery_size * problem.seats} seats "
            f"for {eligible} people, so some people are in no panel of it; use "
            f"--lottery-size {needed} or more"
        )
    if seed is not None:
        apply_seed(selection, seed)
    return selection


def apply_seed(selection: Selection, seed: str) -> None:
    if not normalise_seed(seed):
        raise InputError("the seed is empty")
    index = draw_index(selection.lottery.digest, seed, selection.lottery.size)
    position = {pid: i for i, pid in enumerate(selection.inputs.pool.ids)}
    selection.seed = normalise_seed(seed)
    selection.index = index
    selection.panel = [position[pid] for pid in selection.lottery.panels[index]]


def quota_table(selection: Selection) -> list[dict[str, Any]]:
    pool = selection.inputs.pool
    probabilities = selection.distribution.person_probabilities()
    column = {category: i for i, category in enumerate(pool.categories)}
    panel = set(selection.full_panel or [])
    rows = []
    for quota in selection.inputs.quotas.quotas:
        c = column[quota.category]
        people = [i for i, profile in enumerate(pool.profiles) if profile[c] == quota.value]
        rows.append(
            {
                "category": quota.category,
                "value": quota.value,
                "min": quota.min,
                "max": quota.max,
                "in_pool": len(people),
                "expected_on_panel": round(float(probabilities[people].sum()), 9),
                "on_panel": (
                    sum(1 for i in people if i in panel) if selection.panel is not None else None
                ),
            }
        )
    return rows


def _inputs_record(selection: Selection) -> dict[str, Any]:
    """The report's `inputs`: files, checksums, formats, seats, address columns."""
    inputs = selection.inputs
    pool = inputs.pool
    problem = selection.problem
    return {
        "quotas": {
            "file": inputs.quota_file.name,
            "sha256": inputs.quota_file.sha256,
            "format": inputs.quotas.format,
            "encoding": inputs.quota_file.encoding,
        },
        "people": {
            "file": inputs.people_file.name,
            "sha256": inputs.people_file.sha256,
            "encoding": inputs.people_file.encoding,
            "id_column": pool.id_column,
            "ids_are_row_numbers": pool.synthetic_ids,
            "rows": len(pool),
        },
        "seats": inputs.seats,
        "address_columns": inputs.address_columns,
        "households_with_several_members": len(problem.households),
    }


def build_report(selection: Selection) -> dict[str, Any]:
    inputs = selection.inputs
    pool = inputs.pool
    distribution = selection.distribution
    problem = selection.problem
    eligible = problem.eligible
    probabilities = distribution.person_probabilities()[eligible]
    types = [
        {
            "profile": dict(zip(pool.categories, profile, strict=True)),
            "members": [pool.ids[p] for p in members],
            "probability": float(distribution.type_probabilities[t]),
        }
        for t, (profile, members) in enumerate(zip(problem.profiles, problem.members, strict=True))
    ]
    panels = [
        {
            "probability": float(w),
            "types": {str(t): int(x[t]) for t in np.nonzero(x)[0]},
        }
        for x, w in zip(distribution.panels, distribution.weights, strict=True)
    ]
    lottery = selection.lottery
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "engine": {"name": "assemblea.engines.sortition", "version": __version__},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "platform": {"python": platform.python_version(), "machine": platform.machine()},
        "inputs": _inputs_record(selection),
        "algorithm": selection.algorithm,
        "probabilities": {
            "min": float(probabilities.min()),
            "max": float(probabilities.max()),
            "mean": float(probabilities.mean()),
            "seats_over_pool": problem.seats / len(eligible),
        },
        "quotas": quota_table(selection),
        "distribution": {"types": types, "panels": panels, "stats": distribution.stats},
        "lottery": {
            "size": lottery.size,
            "sha256": lottery.digest,
            "fairness_loss": lottery.fairness_loss,
            "draw_rule": (
                "index = int(SHA-256(b'assemblea-sortition-draw/1' + NUL + sha256 + NUL + "
                "seed as UTF-8, whitespace runs collapsed to one space)) mod size; "
                "sha256 = SHA-256 of the panels as compact JSON"
            ),
            "panels": lottery.panels,
        },
        "timings": {key: round(value, 6) for key, value in selection.timings.items()},
        "warnings": inputs.warnings + selection.notes,
    }
    if selection.seed is not None and selection.panel is not None:
        report["draw"] = {
            "seed": selection.seed,
            "index": selection.index,
            "panel": [pool.ids[p] for p in selection.panel],
        }
    if selection.replacement is not None:
        report["replacement"] = dict(selection.replacement)
        if selection.panel is not None:
            report["replacement"]["replacements"] = [pool.ids[p] for p in selection.panel]
            report["replacement"]["panel"] = [pool.ids[p] for p in selection.full_panel or []]
    return report


def write_selection(selection: Selection, out_dir: str) -> dict[str, Any]:
    """Write panel.csv (if drawn), probabilities.csv and report.json into `out_dir`."""
    os.makedirs(out_dir, exist_ok=True)
    pool = selection.inputs.pool
    report = build_report(selection)
    probabilities = selection.distribution.person_probabilities()
    lottery = selection.lottery.person_probabilities
    eligible = selection.problem.eligible
    write_csv(
        os.path.join(out_dir, "probabilities.csv"),
        ["id", "probability", "lottery_probability"],
        [[pool.ids[i], repr(float(probabilities[i])), repr(float(lottery[i]))] for i in eligible],
    )
    panel = selection.full_panel
    if panel is not None:
        write_csv(os.path.join(out_dir, "panel.csv"), pool.columns, [pool.rows[i] for i in panel])
    with open(os.path.join(out_dir, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return report


@dataclass
class Verification:
    ok: bool
    index: int
    panel: list[str]
    messages: list[str]


def load_report(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            report: dict[str, Any] = json.load(handle)
    except FileNotFoundError:
        raise InputError("report not found", file=path) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not a valid report ({error})", file=path) from None
    if not isinstance(report, dict) or report.get("format") != REPORT_FORMAT:
        raise InputError(f"not an {REPORT_FORMAT} report", file=path)
    return report


def verify(
    report: dict[str, Any],
    seed: str,
    panel_ids: Sequence[str] | None = None,
    inputs: Inputs | None = None,
) -> Verification:
    """Recompute the draw from the published lottery and the seed; check what can be checked.

    Checks: the lottery digest; the drawn index and panel (against the report's draw and, when
    given, the ids of panel.csv); with the input files, their checksums and that every panel of
    the lottery meets every quota (and household rule) and has the right number of seats.
    """
    messages: list[str] = []
    ok = True
    lottery = report["lottery"]
    panels: list[list[str]] = lottery["panels"]
    digest = lottery_digest(panels)
    if digest != lottery["sha256"]:
        ok = False
        messages.append("FAIL the lottery panels do not match the published SHA-256")
    else:
        messages.append(f"ok   lottery of {len(panels)} panels matches SHA-256 {digest}")
    index = draw_index(digest, seed, len(panels))
    panel = list(panels[index])
    messages.append(f"ok   seed {normalise_seed(seed)!r} selects panel {index}")
    published = report.get("draw")
    if published is not None:
        if published.get("seed") != normalise_seed(seed):
            messages.append(f"note the report was drawn with seed {published.get('seed')!r}")
        if published.get("index") == index and published.get("panel") == panel:
            messages.append("ok   the report's drawn panel is the panel this seed selects")
        else:
            ok = False
            messages.append("FAIL the report's drawn panel differs from the one this seed selects")
    if panel_ids is not None:
        if sorted(panel_ids) == sorted(panel):
            messages.append(f"ok   panel.csv lists exactly these {len(panel)} people")
        else:
            ok = False
            missing = sorted(set(panel) - set(panel_ids))
            extra = sorted(set(panel_ids) - set(panel))
            messages.append(f"FAIL panel.csv differs: missing {missing[:10]}, extra {extra[:10]}")
    if inputs is not None:
        ok = _verify_inputs(report, inputs, panels, messages) and ok
    return Verification(ok, index, panel, messages)


def _verify_inputs(
    report: dict[str, Any], inputs: Inputs, panels: list[list[str]], messages: list[str]
) -> bool:
    ok = True
    for key, textfile in (("quotas", inputs.quota_file), ("people", inputs.people_file)):
        expected = report["inputs"][key]["sha256"]
        if textfile.sha256 == expected:
            messages.append(f"ok   {textfile.name} has the published SHA-256")
        else:
            ok = False
            messages.append(f"FAIL {textfile.name} differs from the file used for the report")
    problem = build_problem(inputs.pool, inputs.quotas, inputs.seats)
    replaced = report.get("replacement")
    kept: list[str] = list(replaced["kept"]) if replaced else []
    position = {pid: i for i, pid in enumerate(inputs.pool.ids)}
    type_of = {p: t for t, members in enumerate(problem.members) for p in members}
    bad = 0
    for panel in panels:
        members = [*panel, *kept]
        if any(pid not in position for pid in members) or len(set(members)) != len(members):
            bad += 1
            continue
        x = np.zeros(problem.n_types, dtype=np.int64)
        for pid in members:
            x[type_of[position[pid]]] += 1
        if not problem.is_valid_panel(x):
            bad += 1
    if bad:
        ok = False
        messages.append(f"FAIL {bad} of the {len(panels)} lottery panels break a quota or rule")
    else:
        messages.append(f"ok   all {len(panels)} lottery panels meet every quota and rule")
    return ok


def people_from_report(report: dict[str, Any], path: str) -> Pool:
    """Re-read the people file a report was built on (its checksum must match)."""
    from .io import Quota, sha256_file

    if sha256_file(path) != report["inputs"]["people"]["sha256"]:
        raise InputError("this is not the people file the report was built on", file=path)
    quotas = QuotaSet(
        [Quota(row["category"], row["value"], 0, 0) for row in report["quotas"]], "report.json"
    )
    pool, _ = load_people(
        path, quotas, _report_id_column(report), report["inputs"]["address_columns"]
    )
    return pool


def _report_id_column(report: dict[str, Any]) -> str | None:
    people = report["inputs"]["people"]
    return None if people["ids_are_row_numbers"] else str(people["id_column"])


def inputs_from_report(report: dict[str, Any], features: str, people: str) -> Inputs:
    """Load the input files with the settings (seats, id and address columns) of a report."""
    return load_inputs(
        features,
        people,
        int(report["inputs"]["seats"]),
        _report_id_column(report),
        report["inputs"]["address_columns"],
    )
