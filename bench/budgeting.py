"""Benchmark: our budgeting rules against pabutools on every instance in ../shared/data/pb.

Ours: one child process per instance reads the file once and counts greedy, MES and MES with
the add-one completion (then greedy); each time printed is parse + that rule (parsing
included), measured after imports; "MB" is the child's peak RSS (interpreter and numpy included).
Times are CPU seconds of the process (`time.process_time`), for both sides: the machine is
shared (2 cores, several jobs) and wall time there is up to ten times the CPU time; the wall
time of our add-one run is printed too.
Peer (pabutools, test-only dependency): one child per (instance, rule), parse + rule, after
imports, with a time limit per run: "> 120 s" means it had not finished, and the ratio is then
a lower bound. pabutools' MES with the add-one completion takes minutes to an hour on most
instances, so it runs only on the instances named by --peer-add-one (default: the three the
research note measured under two minutes); elsewhere the cell says "not run".

    python bench/budgeting.py                          # everything (about 20 minutes)
    python bench/budgeting.py --no-peer                # ours only (seconds)
    python bench/budgeting.py --peer-limit 60 Poland_Swiecie_2023

Columns: ratio = pabutools seconds / our seconds; same = the same funded projects as pabutools
(greedy / MES / MES add-one); city = our greedy (by the file's points and META threshold and
no-skip rule) equals the city's `selected` column, where the city counted by greedy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pb"
PEER_ADD_ONE = ("Poland_Swiecie_2023", "Netherlands_Amsterdam_309", "Poland_Katowice_2021")

OURS = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from assemblea.engines.budgeting.formats import read_pb
from assemblea.engines.budgeting.rules import equal_shares, greedy
start, cpu = time.perf_counter(), time.process_time()
election, _ = read_pb(sys.argv[1], accept_problems=True)
parse, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
out = {"parse": parse_cpu, "voters": election.groups().voters, "projects": len(election.projects)}
def timed(name, count):
    start, cpu = time.perf_counter(), time.process_time()
    outcome = count()
    out[name] = parse_cpu + time.process_time() - cpu
    out[name + "_wall"] = parse + time.perf_counter() - start
    out[name + "_funded"] = sorted(outcome.funded)
    return outcome
timed("greedy", lambda: greedy(election))
timed("mes", lambda: equal_shares(election))
timed("add1", lambda: equal_shares(election, completion="add-one"))
full = timed("add1g", lambda: equal_shares(election, completion="add-one+greedy"))
out["runs"], out["search"], out["exact"] = full.runs, full.search, full.exact_rerun
rule = election.meta.get("rule", "")
selected = {p.id for p in election.projects.values() if p.selected}
if rule.startswith("greedy") and selected:
    threshold = int(election.meta.get("min_project_score_threshold", 0))
    city = greedy(election, by="points", threshold=threshold if rule == "greedy-threshold" else 0,
                  skip=rule != "greedy-no-skip")
    out["city"] = set(city.funded) == selected
out["mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""

PEER = r"""
import json, resource, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
path, rule = sys.argv[1:3]
start, cpu = time.perf_counter(), time.process_time()
instance, profile = parse_pabulib(path)
if rule == "greedy":
    out = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
else:
    step = 1 if rule == "add1" else None
    out = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=step)
mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": time.process_time() - cpu, "wall": time.perf_counter() - start, "mb": mb,
                  "funded": sorted(p.name for p in out)}))
"""


def child(code: str, args: list[str], limit: float) -> dict[str, object] | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def peer_cells(
    ours: dict[str, object], peer: dict[str, object] | None, rule: str, limit: float, run: bool
) -> tuple[str, str, str]:
    """(peer seconds, ratio, same) for one rule."""
    if not run:
        return "not run", "-", "-"
    mine = float(ours[rule])  # type: ignore[arg-type]
    if peer is None:  # only its wall time is known: compare with ours
        wall = float(ours[rule + "_wall"])  # type: ignore[arg-type]
        return f"> {limit:.0f} (wall)", f"> {limit / wall:.0f}x", "-"
    same = "yes" if peer["funded"] == ours[rule + "_funded"] else "NO"
    return f"{peer['s']:.2f}", f"{float(peer['s']) / mine:.0f}x", same  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instance names (default: all)")
    parser.add_argument("--no-peer", action="store_true", help="do not run pabutools")
    parser.add_argument("--peer-limit", type=float, default=120.0, help="seconds per peer run")
    parser.add_argument(
        "--peer-add-one",
        default=",".join(PEER_ADD_ONE),
        help="instances on which pabutools' MES add-one runs (comma-separated, 'all')",
    )
    args = parser.parse_args()
    files = [p for p in sorted(DATA.glob("*.pb")) if not args.names or p.stem in args.names]
    print(
        "| instance | voters | projects | parse s | greedy s | MES s | MES add-one+greedy s "
        "(runs) | add-one wall s | peak MB | peer greedy s | peer MES s | peer add-one s | "
        "ratio greedy | ratio MES | ratio add-one | same greedy / MES / add-one | city |"
    )
    print(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | --- | --- |"
    )
    for path in files:
        ours = child(OURS, [str(path), str(ROOT / "src")], 600)
        assert ours is not None
        cells = []
        for rule in ("greedy", "mes", "add1"):
            run = not args.no_peer and (
                rule != "add1" or args.peer_add_one == "all" or path.stem in args.peer_add_one
            )
            peer = child(PEER, [str(path), rule], args.peer_limit) if run else None
            cells.append(peer_cells(ours, peer, rule, args.peer_limit, run))
        city = {True: "yes", False: "NO"}.get(ours.get("city"), "-")  # type: ignore[call-overload]
        search = " bisection" if ours["search"] == "bisection" else ""
        print(
            f"| {path.stem} | {ours['voters']:,} | {ours['projects']} | {ours['parse']:.3f} | "
            f"{ours['greedy']:.3f} | {ours['mes']:.3f} | {ours['add1g']:.2f} ({ours['runs']}"
            f"{search}) | {ours['add1g_wall']:.2f} | {ours['mb']:.0f} | "
            + " | ".join(c[0] for c in cells)
            + " | "
            + " | ".join(c[1] for c in cells)
            + " | "
            + " / ".join(c[2] for c in cells)
            + f" | {city} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
