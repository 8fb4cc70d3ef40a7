"""Replacements: when selected people drop out, draw others so that the quotas still hold.

The replacement draw is the same problem on a smaller instance: the pool is everyone not on
the panel (and not sharing a household with someone staying on), the seats are the number of
dropouts, and each quota's bounds are reduced by the panel members who stay. Its fair
distribution (LEXIMIN by default), lottery and seeded draw are computed, reported and
verifiable exactly like the first draw.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from typing import Any

from .engine import Inputs, Selection, _optimise_and_draw
from .errors import InputError
from .lottery import DEFAULT_LOTTERY_SIZE
from .problem import build_problem, household_groups
from .solver import ProgressCallback, StopCheck


def current_panel(report: dict[str, Any]) -> list[str]:
    """The panel as it stands after the report's draw (including earlier replacements)."""
    if "replacement" in report and "panel" in report["replacement"]:
        return list(report["replacement"]["panel"])
    if "draw" not in report:
        raise InputError("the report has no drawn panel yet (run `sortition draw` first)")
    return list(report["draw"]["panel"])


def draw_replacements(
    inputs: Inputs,
    report: dict[str, Any],
    dropouts: Sequence[str],
    seed: str,
    algorithm: str = "leximin",
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> Selection:
    """Draw len(dropouts) replacements; the result's `full_panel` is the new panel.

    `progress` and `should_stop` work as in `select`."""
    pool = inputs.pool
    if report["inputs"]["people"]["sha256"] != inputs.people_file.sha256:
        raise InputError(
            "this is not the people file the report was built on", file=inputs.people_file.name
        )
    panel_ids = current_panel(report)
    position = {pid: i for i, pid in enumerate(pool.ids)}
    missing = [pid for pid in panel_ids if pid not in position]
    if missing:
        raise InputError(f"panel members not in the people file: {', '.join(missing[:5])}")
    leaving = list(dict.fromkeys(d.strip() for d in dropouts))
    not_on_panel = [d for d in leaving if d not in panel_ids]
    if not_on_panel:
        raise InputError(f"not on the panel, so cannot drop out: {', '.join(not_on_panel)}")
    kept = [position[pid] for pid in panel_ids if pid not in leaving]
    excluded = {position[pid] for pid in panel_ids}
    previous = report.get("replacement", {}).get("excluded", [])
    excluded.update(position[pid] for pid in previous if pid in position)
    kept_set = set(kept)
    for group in household_groups(pool.households):
        if kept_set.intersection(group):
            excluded.update(group)
    shift: dict[tuple[str, str], int] = {}
    for person in kept:
        for category, value in zip(pool.categories, pool.profiles[person], strict=True):
            shift[(category, value)] = shift.get((category, value), 0) + 1
    if len(excluded) >= len(pool) or len(pool) - len(excluded) < len(leaving):
        raise InputError(
            f"only {len(pool) - len(excluded)} people are left in the pool to replace "
            f"{len(leaving)}"
        )
    timings: dict[str, float] = {}
    started = time.perf_counter()
    problem = build_problem(pool, inputs.quotas, len(leaving), sorted(excluded), shift)
    timings["aggregate_types"] = time.perf_counter() - started
    selection = _optimise_and_draw(
        inputs, problem, algorithm, seed, lottery_size, progress, timings, should_stop
    )
    selection.kept = kept
    parent = json.dumps(report, ensure_ascii=False, sort_keys=True).encode("utf-8")
    selection.replacement = {
        "of_report_sha256": hashlib.sha256(parent).hexdigest(),
        "of_lottery_sha256": report["lottery"]["sha256"],
        "dropouts": leaving,
        "kept": [pool.ids[p] for p in kept],
        "excluded": sorted(pool.ids[p] for p in excluded),
    }
    return selection
