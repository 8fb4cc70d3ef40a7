"""Benchmark: our sortition engine against the peer (sortition-algorithms 0.12) on the same inputs.

Each run is a subprocess with a time limit (pin the whole benchmark to one core with
`taskset -c 1`). The peer reads the same pool and quotas, converted once to its
`features.csv` + people CSV format. Times cover computing the distribution (not file reading).

    python bench/sortition.py                       # all instances, peer leximin + maximin
    python bench/sortition.py --instances opendlp_monitoring_30 fixture_x4_88
    python bench/sortition.py --peer-timeout 600 --ours-timeout 300 --no-peer-leximin
    python bench/sortition.py --instances civic_900_60 --no-peer   # ours only

Needs `pip install 'sortition-algorithms>=0.12,<0.13' mip==1.17.6 gurobipy` for the peer (its
LEXIMIN needs gurobipy; the pip licence is size-limited to 2000 variables/constraints).
Columns: ratios = peer seconds / our LEXIMIN seconds (the target: peer MAXIMIN with CBC at
least 10× our LEXIMIN on pools with n >= 400); Δmin = our minimum probability minus the
peer's; lottery = our rounding to 1000 equally likely panels (seconds, minimum-probability
loss / the proven bound below which no such lottery can go); Δprofile = largest difference
between the sorted probability profiles (ours vs the peer's LEXIMIN), with the side that is
lexicographically higher at the first difference above 1e-4.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "sortition"
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from sortition_pools import INSTANCES as SYNTHETIC  # noqa: E402
from sortition_pools import generate  # noqa: E402

# name -> (quota file, people file, seats, id column or None); no households
SHARED_INSTANCES = {
    "example_small_20": ("categories.csv", "respondents.csv", 20, None),
    "sortition_algorithms_fixture_22": ("features.csv", "candidates.csv", 22, "nationbuilder_id"),
    "opendlp_monitoring_30": ("categories.csv", "respondents.csv", 30, "unique_id"),
    "example_large_200": ("categories.csv", "respondents.csv", 200, None),
}
ORDER = [
    "example_small_20",
    "sortition_algorithms_fixture_22",
    "opendlp_monitoring_30",
    "fixture_x2_44",
    "fixture_x4_88",
    "example_large_200",
    "civic_400_40",
    "civic_900_60",
    "standing_1800_100",
    "civic_3000_150",
    "paper_1727_110",
    "large_10000_150",
]


def instance_files(name: str, cache: Path) -> tuple[Path, Path, int, str | None, tuple[str, ...]]:
    """Quota file, people file, seats, id column, address columns (households)."""
    if name in SHARED_INSTANCES:
        quota, people, seats, id_column = SHARED_INSTANCES[name]
        return SHARED / name / quota, SHARED / name / people, seats, id_column, ()
    directory = generate(cache / "pools", [name])[name]
    _, seats, id_column, address = SYNTHETIC[name]
    return directory / "features.csv", directory / "people.csv", seats, id_column, address


def peer_files(name: str, cache: Path) -> tuple[Path, Path, int, bool]:
    """The instance in the peer's format: feature,value,min,max and a people CSV with `id`
    (and `address` when the pool has households); the last item says whether it has."""
    from assemblea.engines.sortition import load_inputs

    quota, people, seats, id_column, address = instance_files(name, cache)
    out = cache / "peer" / name
    if not (out / "people.csv").exists():
        out.mkdir(parents=True, exist_ok=True)
        inputs = load_inputs(str(quota), str(people), seats, id_column, address)
        with (out / "features.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["feature", "value", "min", "max"])
            for q in inputs.quotas.quotas:
                writer.writerow([q.category, q.value, q.min, q.max])
        with (out / "people.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            homes = inputs.pool.households
            writer.writerow(["id", *inputs.pool.categories, *(["address"] if homes else [])])
            for i, (pid, profile) in enumerate(
                zip(inputs.pool.ids, inputs.pool.profiles, strict=True)
            ):
                home = [homes[i].replace("\x1f", " ")] if homes else []
                writer.writerow([pid, *profile, *home])
    return out / "features.csv", out / "people.csv", seats, bool(address)


def worker_ours(name: str, cache: Path, algorithm: str) -> dict[str, Any]:
    from assemblea.engines.sortition import (
        build_lottery,
        build_problem,
        find_distribution,
        load_inputs,
    )

    quota, people, seats, id_column, address = instance_files(name, cache)
    inputs = load_inputs(str(quota), str(people), seats, id_column, address)
    start = time.perf_counter()
    problem = build_problem(inputs.pool, inputs.quotas, seats)
    distribution = find_distribution(problem, algorithm)
    seconds = time.perf_counter() - start
    probabilities = distribution.person_probabilities()
    start = time.perf_counter()
    lottery = build_lottery(distribution, inputs.pool.ids, 1000)
    lottery_seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "lottery_seconds": lottery_seconds,
        "lottery": lottery.fairness_loss,
        "lottery_method": lottery.rounding_method,
        "n": len(inputs.pool),
        "k": seats,
        "types": problem.n_types,
        "min": float(probabilities.min()),
        "profile": sorted(float(p) for p in probabilities),
        "stats": {k: v for k, v in distribution.stats.items() if isinstance(v, int | float)},
    }


def worker_peer(name: str, cache: Path, algorithm: str, backend: str) -> dict[str, Any]:
    from sortition_algorithms.committee_generation.leximin import find_distribution_leximin
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import read_in_people
    from sortition_algorithms.settings import Settings

    features_path, people_path, seats, homes = peer_files(name, cache)
    address = ["address"] if homes else []
    with features_path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        features, fcol, _ = read_in_features(list(reader.fieldnames or []), list(reader), seats)
    with people_path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        head = list(reader.fieldnames or [])
        settings = Settings(
            id_column="id",
            columns_to_keep=[],
            solver_backend=backend,
            check_same_address=bool(address),
            check_same_address_columns=address,
        )
        people, _ = read_in_people(head, list(reader), features, settings, fcol)
    find = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
    start = time.perf_counter()
    committees, weights, _ = find(features, people, seats, address, solver_backend=backend)
    seconds = time.perf_counter() - start
    marginal = {pid: 0.0 for pid in people}
    for committee, weight in zip(committees, weights, strict=True):
        for pid in committee:
            marginal[pid] += weight
    values = sorted(marginal.values())
    return {"seconds": seconds, "min": values[0], "profile": values}


def run_worker(args: list[str], timeout: float) -> dict[str, Any]:
    """Run this script as a worker; returns its JSON result or a status."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        # Reap the worker with wait4 to get its own peak RSS, also when it is stopped.
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_mib = usage.ru_maxrss / 1024
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if timed_out:
        return {"status": "timeout", "seconds": timeout, "max_rss_mib": peak_mib}
    if process.returncode != 0:
        tail = (stderr or stdout).strip().splitlines()[-1:]
        return {"status": "error", "error": " ".join(tail)[:200], "max_rss_mib": peak_mib}
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["status"] = "ok"
    result["wall"] = time.perf_counter() - start
    result["max_rss_mib"] = peak_mib
    return result


def fmt_seconds(result: dict[str, Any] | None) -> str:
    if result is None:
        return "–"
    if result["status"] != "ok":
        label = f"{result['status']}"
        return f"{label} ({result['seconds']:.0f} s)" if "seconds" in result else label
    return f"{result['seconds']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--instances", nargs="*", default=ORDER, choices=ORDER)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sortbench")
    parser.add_argument("--peer-timeout", type=float, default=600)
    parser.add_argument("--ours-timeout", type=float, default=600)
    parser.add_argument("--peer-backend", default="highspy", help="peer LEXIMIN ILP backend")
    parser.add_argument(
        "--peer-maximin-backend", default="mip", help="peer MAXIMIN backend (mip = CBC)"
    )
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-peer-leximin", action="store_true")
    parser.add_argument("--no-ours-maximin", action="store_true")
    parser.add_argument("--no-ours", action="store_true", help="peer runs only")
    parser.add_argument("--json", type=Path, help="also write all results here")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, name, algorithm, *rest = args.worker
        if kind == "ours":
            result = worker_ours(name, args.cache, algorithm)
        else:
            result = worker_peer(name, args.cache, algorithm, rest[0])
        result["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    rows = []
    everything = {}
    for name in args.instances:
        if name in SHARED_INSTANCES and not (SHARED / name).is_dir():
            print(f"skip {name}: {SHARED / name} not found", file=sys.stderr)
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        common = ["--cache", str(args.cache)]
        ours: dict[str, Any] = {"status": "skipped"}
        if not args.no_ours:
            ours = run_worker(["ours", name, "leximin", *common], args.ours_timeout)
        ours_max = None
        if not args.no_ours_maximin and not args.no_ours:
            ours_max = run_worker(["ours", name, "maximin", *common], args.ours_timeout)
        peer_lex = peer_max = None
        if not args.no_peer:
            peer_files(name, args.cache)
            peer_max = run_worker(
                ["peer", name, "maximin", args.peer_maximin_backend, *common], args.peer_timeout
            )
            if not args.no_peer_leximin:
                peer_lex = run_worker(
                    ["peer", name, "leximin", args.peer_backend, *common], args.peer_timeout
                )
        everything[name] = {
            "ours": ours,
            "ours_maximin": ours_max,
            "peer_leximin": peer_lex,
            "peer_maximin": peer_max,
        }
        rows.append(table_row(name, ours, ours_max, peer_lex, peer_max))
        print(rows[-1], file=sys.stderr, flush=True)
    print_table(rows, args)
    if args.json:
        for result in everything.values():
            for item in result.values():
                if item:
                    item.pop("profile", None)
        args.json.write_text(json.dumps(everything, indent=1), encoding="utf-8")


def lex_higher(pairs: list[tuple[float, float]]) -> str:
    """Which sorted profile is lexicographically higher (first difference above 1e-4)."""
    for a, b in pairs:
        if abs(a - b) > 1e-4:
            return " (ours higher)" if a > b else " (peer higher)"
    return ""


def rss_cell(result: dict[str, Any]) -> str:
    """Peak RSS in MiB; at least that much when the run was stopped."""
    if "max_rss_mib" not in result:
        return "–"
    prefix = "" if result["status"] == "ok" else "≥ "
    return f"{prefix}{result['max_rss_mib']:.0f}"


def table_row(
    name: str,
    ours: dict[str, Any],
    ours_max: dict[str, Any] | None,
    peer_lex: dict[str, Any] | None,
    peer_max: dict[str, Any] | None,
) -> str:
    ok = ours["status"] == "ok"
    any_ok = ours if ok else (ours_max if ours_max and ours_max["status"] == "ok" else ours)
    cells = [
        name,
        str(any_ok.get("n", "–")),
        str(any_ok.get("k", "–")),
        str(any_ok.get("types", "–")),
        fmt_seconds(ours),
        fmt_seconds(ours_max),
        f"{ours['min']:.6f}" if ok else "–",
    ]
    if ok:
        loss = ours["lottery"]
        cells += [
            f"{ours['lottery_seconds']:.2f}",
            f"{loss['min_probability_loss']:.6f} / {loss['min_probability_loss_bound']:.6f}",
        ]
    else:
        cells += ["–", "–"]
    cells.append(rss_cell(ours))
    cells.append(fmt_seconds(peer_max))
    if ok and peer_max and peer_max["status"] == "ok":
        ratio = peer_max["seconds"] / max(ours["seconds"], 1e-9)
        cells += [f"{ratio:.1f}×", f"{ours['min'] - peer_max['min']:+.1e}"]
    elif ok and peer_max and peer_max["status"] == "timeout":
        cells += [f"> {peer_max['seconds'] / max(ours['seconds'], 1e-9):.0f}×", "–"]
    elif peer_max and peer_max["status"] == "ok" and ours["status"] == "timeout":
        cells += [f"< {peer_max['seconds'] / ours['seconds']:.2f}×", "–"]
    else:
        cells += ["–", "–"]
    cells.append(fmt_seconds(peer_lex))
    if ok and peer_lex and peer_lex["status"] == "ok":
        pairs = list(zip(ours["profile"], peer_lex["profile"], strict=True))
        profile = max(abs(a - b) for a, b in pairs)
        cells += [
            f"{peer_lex['seconds'] / max(ours['seconds'], 1e-9):.1f}×",
            f"{ours['min'] - peer_lex['min']:+.1e}",
            f"{profile:.1e}{lex_higher(pairs)}",
        ]
    else:
        cells += ["–", "–", "–"]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| instance | n | k | types | ours LEXIMIN s | ours MAXIMIN s | ours min | lottery s "
    "| lottery loss / bound | ours MiB | peer MAXIMIN s | peer MAXIMIN / ours LEXIMIN "
    "| Δmin vs peer MAXIMIN | peer LEXIMIN s | peer LEXIMIN / ours LEXIMIN "
    "| Δmin vs peer LEXIMIN | Δprofile |"
)


def print_table(rows: list[str], args: argparse.Namespace) -> None:
    print(
        f"peer MAXIMIN backend: {args.peer_maximin_backend}; peer LEXIMIN backend: "
        f"{args.peer_backend}; peer timeout {args.peer_timeout:.0f} s; "
        f"ours timeout {args.ours_timeout:.0f} s; pid {os.getpid()}"
    )
    print(HEADER)
    print("|" + "---|" * HEADER.count(" |"))
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
