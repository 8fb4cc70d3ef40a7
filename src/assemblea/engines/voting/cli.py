"""`assemblea count ...`: count BLT or PrefLib ballots and print the elected and the rounds.

Exit codes: 0 success; 2 bad input (file, line and what is wrong on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .cardinal import approval, approval_from_ranked, score, score_from_ranked
from .errors import InputError, VotingError
from .formats import read_election
from .lot import DEFAULT_SEED
from .ranked import irv, ranked_pairs, schulze
from .report import cardinal_dict, ranked_dict, render_text, stv_dict
from .stv import stv_scottish

EXIT_OK = 0
EXIT_BAD_INPUT = 2
METHODS = ("stv", "irv", "schulze", "ranked-pairs", "approval", "score")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "count",
        help="count ballots (BLT or PrefLib): STV, IRV, Schulze, Ranked Pairs, approval, score",
        description="Count a BLT or PrefLib ballot file and print the elected (in order of "
        "election) and every round, so anyone can re-check a published result. STV follows "
        "the Scottish local government rules (Droop quota, WIGM, five decimals).",
    )
    parser.add_argument("file", metavar="FILE", help="ballot file (.blt, or PrefLib .soi/.soc)")
    parser.add_argument("--method", required=True, choices=METHODS)
    parser.add_argument(
        "--seats",
        type=int,
        metavar="N",
        help="seats to fill (stv: default from the BLT file; approval/score: default 1)",
    )
    parser.add_argument("--format", choices=("blt", "preflib"), help="file format (default: guess)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--seed",
        default=DEFAULT_SEED,
        help=f"seed for any decision by lot (default {DEFAULT_SEED!r})",
    )
    parser.add_argument(
        "--strength", choices=("margin", "winning"), default="margin", help="Schulze link strength"
    )
    parser.add_argument(
        "--approve-top", type=int, metavar="K", help="approval: approve only the first K ranked"
    )
    parser.add_argument(
        "--max-score",
        type=int,
        metavar="M",
        help="score: points for a first preference (default candidates-1: Borda)",
    )
    parser.set_defaults(handler=count_command)


def count_command(args: argparse.Namespace) -> int:
    try:
        data = _count(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except VotingError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(render_text(data))
    return EXIT_OK


def _count(args: argparse.Namespace) -> dict[str, Any]:
    election = read_election(args.file, args.format)
    method = args.method
    seats = args.seats
    if seats is not None and seats < 1:
        raise InputError(f"--seats must be at least 1, not {seats}")
    if method in {"irv", "schulze", "ranked-pairs"} and seats not in (None, 1):
        raise InputError(f"{method} elects one candidate; for several seats use --method stv")
    if seats is not None and seats > len(election.standing):
        raise InputError(f"--seats {seats} but only {len(election.standing)} candidates stand")
    if method == "stv":
        return stv_dict(stv_scottish(election, seats, seed=args.seed))
    if method == "irv":
        return ranked_dict(irv(election, seed=args.seed))
    if method == "schulze":
        return ranked_dict(schulze(election, strength=args.strength, seed=args.seed))
    if method == "ranked-pairs":
        return ranked_dict(ranked_pairs(election, seed=args.seed))
    if method == "approval":
        if args.approve_top is not None and args.approve_top < 1:
            raise InputError("--approve-top must be at least 1")
        result = approval(
            approval_from_ranked(election, args.approve_top),
            election.candidates,
            seats or 1,
            args.seed,
        )
        return cardinal_dict(result, election)
    if args.max_score is not None and args.max_score < 1:
        raise InputError("--max-score must be at least 1")
    ballots, top = score_from_ranked(election, args.max_score)
    return cardinal_dict(score(ballots, election.candidates, top, seats or 1, args.seed), election)
