"""Opinion maps: our engine vs red-dwarf (peer) on the real Polis conversations, the one-vote
update on the largest, and a synthetic 100,000 x 2,000 x 10 million conversation.

    PYTHONPATH=src .venv/bin/python bench/opinion.py [--skip-synthetic] [--data DIR]

Each measurement runs in a fresh subprocess so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "../shared/data/polis"
REAL = [
    "15-per-hour-seattle",
    "vtaiwan.uberx",
    "austria-climate.5twd2jsnkf.2022-08-08",
    "american-assembly.bowling-green",
]
LARGEST = "american-assembly.bowling-green"


def _ari(conv, labels, clustered) -> float:  # type: ignore[no-untyped-def]
    from assemblea.engines.opinion.metrics import adjusted_rand

    pairs = [
        (labels[i], conv.polis_groups[p])
        for i, p in enumerate(conv.matrix.participants)
        if clustered[i] and p in conv.polis_groups
    ]
    return adjusted_rand([a for a, _ in pairs], [b for _, b in pairs])


def run_ours(folder: str) -> dict[str, float]:
    from assemblea.engines.opinion import opinion_map, read_polis

    conv = read_polis(folder, accept=True)
    t = time.perf_counter()
    r = opinion_map(conv.matrix, seed=0)
    dt = time.perf_counter() - t
    return {"s": dt, "ari": _ari(conv, r.labels.tolist(), r.clustered.tolist()), "k": r.k}


def run_peer(folder: str) -> dict[str, float]:
    from reddwarf.implementations.polis import run_pipeline

    from assemblea.engines.opinion import read_polis

    conv = read_polis(folder, accept=True)
    m = conv.matrix
    votes = [
        {
            "participant_id": int(m.participants[r]),
            "statement_id": int(m.statements[c]),
            "vote": int(v),
            "modified": 0,
        }
        for r, c, v in zip(m.rows.tolist(), m.cols.tolist(), m.values.tolist(), strict=True)
    ]
    mod_out = [int(m.statements[i]) for i in sorted(m.moderated_out)]
    t = time.perf_counter()
    res = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=0)
    dt = time.perf_counter() - t
    df = res.participants_df
    by_id = {str(pid): row for pid, row in df.iterrows()}
    labels, clustered = [], []
    for p in m.participants:
        row = by_id.get(p)
        ok = row is not None and bool(row["to_cluster"]) and row["cluster_id"] is not None
        clustered.append(ok)
        labels.append(int(row["cluster_id"]) if ok else -1)
    k = len({x for x in labels if x >= 0})
    return {"s": dt, "ari": _ari(conv, labels, clustered), "k": k}


def run_update(folder: str) -> dict[str, float]:
    from assemblea.engines.opinion import opinion_map, read_polis, vote_update

    conv = read_polis(folder, accept=True)
    r = opinion_map(conv.matrix, seed=0)
    times = []
    for i in range(20):
        p, s = (37 * i) % len(conv.matrix.participants), (101 * i) % len(conv.matrix.statements)
        t = time.perf_counter()
        r = vote_update(r, conv.matrix, p, s, 1 if i % 2 else -1)
        times.append(time.perf_counter() - t)
    times.sort()
    return {"s": times[len(times) // 2], "max": times[-1]}


def run_synthetic(_: str) -> dict[str, float]:
    import numpy as np

    from assemblea.engines.opinion import VoteMatrix, opinion_map

    n, d, votes = 100_000, 2_000, 10_000_000
    rng = np.random.default_rng(19)
    t0 = time.perf_counter()
    cells = np.unique(rng.integers(0, n * d, votes + votes // 20))  # distinct cells
    cells = rng.permutation(cells)[:votes]
    rows, cols = cells // d, cells % d
    camp = rng.integers(0, 3, n)
    lean = rng.normal(0, 1, (3, d))
    p_agree = 1 / (1 + np.exp(-2 * lean[camp[rows], cols]))
    u = rng.random(votes)
    vals = np.where(u < p_agree * 0.85, 1, np.where(u < 0.85, -1, 0)).astype(np.int8)
    m = VoteMatrix.from_events(
        [str(i) for i in range(n)], [str(j) for j in range(d)], rows, cols, vals
    )
    gen = time.perf_counter() - t0
    t = time.perf_counter()
    r = opinion_map(m, seed=0)
    return {"s": time.perf_counter() - t, "gen": gen, "votes": len(m.rows), "k": r.k}


def child(kind: str, folder: str) -> None:
    out = {"ours": run_ours, "peer": run_peer, "update": run_update, "synthetic": run_synthetic}[
        kind
    ](folder)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(kind: str, folder: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, folder],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}  # type: ignore[dict-item]
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(
        "| conversation | ours s | peer s | speed-up | ours MB | peer MB | ours ARI | peer ARI "
        "| k ours/peer |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name in REAL:
        folder = str(Path(args.data) / name)
        if not Path(folder).exists():
            print(f"| {name} | absent |")
            continue
        a, b = measure("ours", folder), measure("peer", folder)
        if "error" in b:
            print(f"| {name} | {a['s']:.3f} | peer failed: {b['error']} |")
            continue
        print(
            f"| {name} | {a['s']:.3f} | {b['s']:.3f} | {b['s'] / a['s']:.1f}x | "
            f"{a['rss_mb']:.0f} | {b['rss_mb']:.0f} | {a['ari']:.3f} | {b['ari']:.3f} | "
            f"{a['k']:.0f}/{b['k']:.0f} |"
        )
    u = measure("update", str(Path(args.data) / LARGEST))
    print(
        f"\none-vote update on {LARGEST}: median {u['s'] * 1000:.1f} ms, "
        f"max {u['max'] * 1000:.1f} ms (20 votes)"
    )
    if not args.skip_synthetic:
        s = measure("synthetic", "")
        print(
            f"synthetic 100,000 x 2,000, {s['votes']:,.0f} votes: pipeline {s['s']:.1f} s "
            f"(generation {s['gen']:.1f} s), peak {s['rss_mb']:.0f} MB, k = {s['k']:.0f}"
        )


if __name__ == "__main__":
    main()
