"""`assemblea budget count FILE.pb`: count a participatory budget and say why each project won.

Exit codes: 0 success; 2 bad input (every problem with its line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .formats import PbError, read_pb
from .rules import equal_shares, greedy

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("budget", help="participatory budgeting (pabulib .pb files)")
    sub = parser.add_subparsers(dest="budget_command", required=True)
    count = sub.add_parser(
        "count",
        help="count a .pb file: greedy or Method of Equal Shares",
        description="Count a pabulib .pb file and print the funded projects with the reason "
        "for each funded project and each popular project left out.",
    )
    count.add_argument("file", metavar="FILE.pb")
    count.add_argument("--rule", choices=("greedy", "mes"), default="mes")
    count.add_argument("--utility", choices=("cost", "cardinality", "points"), default="cost")
    count.add_argument(
        "--completion", choices=("none", "add-one", "add-one+greedy", "greedy"), default="none"
    )
    count.add_argument("--by", choices=("votes", "points"), default="votes", help="greedy score")
    count.add_argument("--threshold", type=int, default=0, help="greedy: minimum score")
    count.add_argument(
        "--accept-problems", action="store_true", help="count the rest of a file with problems"
    )
    count.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        election, problems = read_pb(args.file, accept_problems=args.accept_problems)
    except (PbError, OSError) as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    for problem in problems:
        print(f"{args.file}, {problem} (skipped)", file=sys.stderr)
    if args.rule == "greedy":
        outcome = greedy(election, by=args.by, threshold=args.threshold)
    else:
        outcome = equal_shares(election, utility=args.utility, completion=args.completion)
    spent = outcome.spent(election)
    print(f"{outcome.rule}: {len(outcome.funded)} funded, {spent} of {election.budget} spent")
    if outcome.per_voter_budget is not None:
        print(f"share per voter: {float(outcome.per_voter_budget):.2f}")
    for pid in outcome.funded:
        print(f"  + {pid} ({election.projects[pid].cost}): {outcome.notes.get(pid, '')}")
    for pid, note in outcome.notes.items():
        if pid not in outcome.funded:
            print(f"  - {pid}: {note}")
    return EXIT_OK
