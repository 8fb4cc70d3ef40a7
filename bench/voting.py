"""Benchmark: our voting counts against pref_voting and votekit on the same real ballots.

Every ward (Scottish council STV, BLT) and every PrefLib election in ../shared/data/ballots is
counted by our engine and by the peers in the same run, from ballots already loaded into each
library's own objects (file reading and profile building are not timed). Each count is
repeated and the best time kept (pin to one core for stable figures: `taskset -c 1`).

    python bench/voting.py                  # all files, STV + IRV + Schulze, both peers
    python bench/voting.py --repeat 10 --no-votekit

Peers: pref_voting (stv_scottish, instant_runoff_for_truncated_linear_orders, beat_path =
Schulze) and votekit (STV with fractional transfers and Droop quota, IRV, Schulze).
Columns: ratio = peer seconds / our seconds (above 1: we are faster); agree = same winners.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ballots"
sys.path.insert(0, str(ROOT / "src"))

from assemblea.engines.voting.ballots import Election  # noqa: E402
from assemblea.engines.voting.formats import read_election  # noqa: E402
from assemblea.engines.voting.ranked import irv, schulze  # noqa: E402
from assemblea.engines.voting.stv import stv_scottish  # noqa: E402


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def pref_voting_counts(election: Election) -> dict[str, Callable[[], list[int]]]:
    from pref_voting.iterative_methods import instant_runoff_for_truncated_linear_orders
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_scottish as pv_stv

    def profile() -> Any:
        return ProfileWithTies(
            [{c: i + 1 for i, c in enumerate(b.ranking)} for b in election.ballots],
            rcounts=[b.count for b in election.ballots],
            candidates=list(range(len(election.candidates))),
        )

    plain = profile()
    extended = profile()
    extended.use_extended_strict_preference()
    return {
        "STV": lambda: sorted(pv_stv(plain, num_seats=election.seats, rng=random.Random(0))),
        "IRV": lambda: list(instant_runoff_for_truncated_linear_orders(plain)),
        "Schulze": lambda: list(beat_path(extended)),
    }


def votekit_counts(election: Election) -> dict[str, Callable[[], list[int]]]:
    from votekit import RankBallot, RankProfile
    from votekit.elections import IRV, STV, Schulze

    profile = RankProfile(
        ballots=[
            RankBallot(ranking=tuple(frozenset({str(c)}) for c in b.ranking), weight=b.count)
            for b in election.ballots
        ],
        candidates=[str(c) for c in range(len(election.candidates))],
    )

    def elected(count: Any) -> list[int]:
        return sorted(int(c) for group in count.get_elected() for c in group)

    return {
        "STV": lambda: elected(STV(profile, n_seats=election.seats, tiebreak="first_place")),
        "IRV": lambda: elected(IRV(profile, tiebreak="first_place")),
        "Schulze": lambda: elected(Schulze(profile, n_seats=1)),
    }


def ours(election: Election) -> dict[str, Callable[[], list[int]]]:
    return {
        "STV": lambda: sorted(stv_scottish(election).elected),
        "IRV": lambda: [irv(election).winner],
        "Schulze": lambda: schulze(election).tied_winners,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="ballots folder")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pref-voting", action="store_true")
    parser.add_argument("--no-votekit", action="store_true")
    args = parser.parse_args()
    files = sorted(args.data.glob("scotland/*.blt")) + sorted(args.data.glob("preflib/*.soi"))
    if not files:
        print(f"no ballot files under {args.data}", file=sys.stderr)
        return 2
    peers: list[tuple[str, Callable[[Election], dict[str, Callable[[], list[int]]]]]] = []
    if not args.no_pref_voting:
        peers.append(("pref_voting", pref_voting_counts))
    if not args.no_votekit:
        peers.append(("votekit", votekit_counts))
    header = ["election", "voters", "seats", "method", "ours s", "elected (1-based)"]
    for name, _ in peers:
        header += [f"{name} s", "ratio", "agree"]
    rows = []
    totals: dict[str, list[float]] = {name: [0.0, 0.0] for name, _ in peers}
    for path in files:
        election = read_election(path)
        mine = ours(election)
        theirs = [(name, build(election)) for name, build in peers]
        for method in ("STV", "IRV", "Schulze"):
            if method == "STV" and path.suffix != ".blt":
                continue
            t_ours, winners = best_time(mine[method], args.repeat)
            row = [
                path.stem,
                str(election.total_votes),
                str(election.seats if method == "STV" else 1),
                method,
                f"{t_ours:.4f}",
                str([c + 1 for c in winners]),
            ]
            for name, counts in theirs:
                t_peer, peer_winners = best_time(counts[method], args.repeat)
                totals[name][0] += t_ours
                totals[name][1] += t_peer
                row += [f"{t_peer:.4f}", f"{t_peer / t_ours:.1f}", str(peer_winners == winners)]
            rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    for name, (mine_total, peer_total) in totals.items():
        print(
            f"total: ours {mine_total:.3f} s, {name} {peer_total:.3f} s, "
            f"ratio {peer_total / mine_total:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
