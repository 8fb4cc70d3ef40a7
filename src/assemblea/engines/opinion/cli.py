"""`assemblea opinion map DIR`: map a Polis export folder and print the groups, each group's
representative statements, the group-informed consensus and the most divisive statements.

Exit codes: 0 success (also for a conversation too small to map: it says so); 2 bad input
(the report of problems on stderr; `--accept` maps the rest anyway).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .errors import InputError
from .formats import Conversation, read_polis
from .pipeline import OpinionMap, opinion_map

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "opinion",
        help="opinion maps (Polis exports): groups, representative and consensus statements",
    )
    sub = parser.add_subparsers(dest="opinion_command", required=True)
    map_parser = sub.add_parser(
        "map",
        help="map a Polis export folder (comments.csv, votes.csv / participants-votes.csv)",
        description="PCA of the vote matrix, opinion groups (k by silhouette, 2 to 5), "
        "representative statements per group, group-informed consensus, divisive statements.",
    )
    map_parser.add_argument("folder", metavar="DIR")
    map_parser.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    map_parser.add_argument(
        "--accept", action="store_true", help="map even if the report lists bad input"
    )
    map_parser.add_argument("--json", action="store_true", help="print the result as JSON")
    map_parser.set_defaults(handler=run_map)


def run_map(args: argparse.Namespace) -> int:
    try:
        conv = read_polis(args.folder, accept=args.accept)
    except InputError as exc:
        print(f"bad input: {exc}", file=sys.stderr)
        if exc.report is not None:
            print("(--accept maps the rest)", file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in conv.report.lines():
        print(f"accepted despite: {line}", file=sys.stderr)
    result = opinion_map(conv.matrix, seed=args.seed)
    data = map_dict(conv, result)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else render_text(data))
    return EXIT_OK


def map_dict(conv: Conversation, r: OpinionMap) -> dict[str, Any]:
    text = {i: s.text for i, s in enumerate(conv.statements)}
    ids = conv.matrix.statements

    def pick(p: Any) -> dict[str, Any]:
        return {
            "statement": ids[p.statement],
            "text": text[p.statement],
            "side": p.side,
            "p": round(p.p, 4),
        }

    sizes = [int(((r.labels == g) & r.clustered).sum()) for g in range(r.k)]
    return {
        "participants": len(conv.matrix.participants),
        "statements": len(ids),
        "votes": len(conv.matrix.rows),
        "too_small": r.too_small,
        "groups": [
            {"group": g, "clustered": sizes[g], "representative": [pick(p) for p in reps]}
            for g, reps in enumerate(r.representative)
        ],
        "consensus": [pick(p) for p in r.consensus],
        "divisive": [pick(p) for p in r.divisive],
    }


def render_text(data: dict[str, Any]) -> str:
    out = [
        f"{data['participants']} participants, {data['statements']} statements, "
        f"{data['votes']} votes"
    ]
    if data["too_small"]:
        return "\n".join([*out, f"too small to map: {data['too_small']}"])
    for g in data["groups"]:
        out.append(f"\ngroup {g['group']} ({g['clustered']} participants):")
        out += [
            f"  {p['side']:8} {p['p']:.2f}  [{p['statement']}] {p['text']}"
            for p in g["representative"]
        ]
    out.append("\nconsensus across groups:")
    out += [f"  {p['p']:.3f}  [{p['statement']}] {p['text']}" for p in data["consensus"]]
    out.append("\nmost divisive:")
    out += [f"  {p['p']:.3f}  [{p['statement']}] {p['text']}" for p in data["divisive"]]
    return "\n".join(out)
