"""Benchmark: our budgeting rules against pabutools on every instance in ../shared/data/pb.

Each (instance, rule) runs in a fresh child process (parsing included), so the peak memory is
that run's own (ru_maxrss of the child, interpreter and numpy included, for both).

    python bench/budgeting.py                      # ours and pabutools (limit 120 s per run)
    python bench/budgeting.py --no-peer --peer-limit 600 Poland_Swiecie_2023

Columns: ratio = peer seconds / our seconds; same = the same funded projects.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pb"
RULES = ("greedy", "mes", "mes-add1")

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[4])
path, rule, who = sys.argv[1:4]
start = time.perf_counter()
if who == "ours":
    from assemblea.engines.budgeting.formats import read_pb
    from assemblea.engines.budgeting.rules import equal_shares, greedy
    election, _ = read_pb(path, accept_problems=True)
    if rule == "greedy":
        funded = greedy(election).funded
    else:
        how = "add-one" if rule == "mes-add1" else "none"
        funded = equal_shares(election, completion=how).funded
else:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    instance, profile = parse_pabulib(path)
    if rule == "greedy":
        out = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        step = 1 if rule == "mes-add1" else None
        out = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=step
        )
    funded = [p.name for p in out]
mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": time.perf_counter() - start, "mb": mb, "funded": sorted(funded)}))
"""


def measure(path: Path, rule: str, who: str, limit: float) -> dict[str, object] | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), rule, who, str(ROOT / "src")],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instance names (default: all)")
    parser.add_argument("--no-peer", action="store_true", help="do not run pabutools")
    parser.add_argument("--peer-limit", type=float, default=120.0, help="seconds per peer run")
    args = parser.parse_args()
    files = [p for p in sorted(DATA.glob("*.pb")) if not args.names or p.stem in args.names]
    print("| instance | rule | ours s | ours MB | pabutools s | pabutools MB | ratio | same |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for path in files:
        for rule in RULES:
            ours = measure(path, rule, "ours", 3600)
            assert ours is not None
            peer = None if args.no_peer else measure(path, rule, "peer", args.peer_limit)
            if peer is None:
                cells = ["-", "-", "-", "not run" if args.no_peer else f"> {args.peer_limit:.0f} s"]
            else:
                ratio = float(peer["s"]) / float(ours["s"])  # type: ignore[arg-type]
                same = "yes" if peer["funded"] == ours["funded"] else "NO"
                cells = [f"{peer['s']:.2f}", f"{peer['mb']:.0f}", f"{ratio:.0f}x", same]
            print(
                f"| {path.stem} | {rule} | {ours['s']:.2f} | {ours['mb']:.0f} | "
                + " | ".join(cells)
                + " |",
                flush=True,
            )


if __name__ == "__main__":
    main()
