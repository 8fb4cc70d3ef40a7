"""Time (and optionally profile) our LEXIMIN on one bench instance, with a progress line every
five seconds and the solver statistics at the end.

    taskset -c 1 .venv/bin/python bench/sortition_profile.py civic_900_60 [--profile]
        [--limit SECONDS] [--cache DIR]

With `--limit`, the run is cancelled after that many seconds (through `should_stop`), which
shows how far the column generation got; `--profile` prints the top of a cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from sortition import instance_files  # noqa: E402

from assemblea.engines.sortition import (  # noqa: E402
    SelectionCancelled,
    build_problem,
    find_distribution,
    load_inputs,
)
from assemblea.engines.sortition.solver import Progress  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--limit", type=float, default=None)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sortbench")
    args = parser.parse_args()
    quota, people, seats, id_column, address = instance_files(args.instance, args.cache)
    inputs = load_inputs(str(quota), str(people), seats, id_column, address)
    problem = build_problem(inputs.pool, inputs.quotas, seats)
    last = [0.0]

    def progress(p: Progress) -> None:
        if p.elapsed - last[0] >= 5.0:
            last[0] = p.elapsed
            print(
                f"{p.elapsed:7.1f}s iteration {p.iteration} min {p.current_min:.6f} "
                f"columns {p.columns}",
                flush=True,
            )

    started = time.perf_counter()
    limit = args.limit

    def should_stop() -> bool:
        return limit is not None and time.perf_counter() - started > limit

    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    try:
        distribution = find_distribution(
            problem, "leximin", progress=progress, should_stop=should_stop
        )
    except SelectionCancelled:
        distribution = None
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    seconds = time.perf_counter() - started
    if distribution is None:
        print(f"{args.instance}: stopped after {seconds:.1f} s")
        return
    print(f"{args.instance}: {seconds:.2f} s, min {distribution.min_probability:.10f}")
    stats = {k: v for k, v in distribution.stats.items() if isinstance(v, int | float | str)}
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
