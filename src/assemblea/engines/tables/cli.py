"""`assemblea tables ...`: seat members at small tables and report the quality of a plan.

Exit codes: 0 success; 2 bad input (explained on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from typing import Any

from .errors import TablesError
from .model import Member, Plan
from .quality import quality
from .solver import METHODS, allocate

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "tables",
        help="seat members at small tables, session by session",
        description="Seat an assembly's members at tables for each session so that every "
        "table mirrors the room on the chosen categories and members meet as many others as "
        "possible across sessions.",
    )
    parser.set_defaults(handler=lambda args: _usage(parser))
    sub = parser.add_subparsers(dest="tables_command", metavar="ACTION")

    run = sub.add_parser("allocate", help="compute a seating plan and print its quality")
    _members_arguments(run)
    run.add_argument("--sessions", type=int, required=True, metavar="N")
    size = run.add_mutually_exclusive_group(required=True)
    size.add_argument("--tables", type=int, metavar="T", help="number of tables every session")
    size.add_argument(
        "--table-size",
        type=int,
        nargs=2,
        metavar=("MIN", "MAX"),
        help="table size range; the number of tables is chosen from who is present",
    )
    run.add_argument("--seed", default="0", help="seed (any text); the same seed, the same plan")
    run.add_argument("--method", choices=METHODS, default="optimise")
    run.add_argument(
        "--pin",
        action="append",
        default=[],
        metavar="ID=TABLE",
        help="keep a member at a table (1-based) in every session; repeatable",
    )
    run.add_argument(
        "--absent",
        action="append",
        default=[],
        metavar="SESSION:ID[,ID...]",
        help="members missing a session (1-based); repeatable",
    )
    run.add_argument(
        "--compare", action="store_true", help="also print the random and greedy baselines"
    )
    run.add_argument("--out", metavar="CSV", help="write the plan: session,table,member")
    run.set_defaults(handler=_guard(_allocate))

    check = sub.add_parser("quality", help="evaluate a plan, e.g. after facilitators' changes")
    _members_arguments(check)
    check.add_argument("--plan", required=True, metavar="CSV", help="session,table,member")
    check.set_defaults(handler=_guard(_quality))


def _members_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--members", required=True, metavar="CSV", help="one row per member")
    parser.add_argument("--id-column", metavar="C", help="id column (default: the first)")
    parser.add_argument(
        "--categories", nargs="+", required=True, metavar="C", help="columns to balance on"
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


def _guard(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except (TablesError, OSError, UnicodeDecodeError, csv.Error) as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT

    return run


def read_members(path: str, id_column: str | None, categories: list[str]) -> list[Member]:
    """Members from a CSV file with a header row (UTF-8, optional BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    if not header:
        raise TablesError(f"{path}: the file is empty")
    key = id_column or header[0]
    for column in [key, *categories]:
        if column not in header:
            raise TablesError(f"{path}: no column {column!r}; the columns are {', '.join(header)}")
    return [Member(row[key], {c: row[c] for c in categories}) for row in rows]


def _parse_pins(pins: list[str]) -> dict[str, int]:
    parsed = {}
    for pin in pins:
        member, _, table = pin.rpartition("=")
        if not member or not table.strip().isdigit() or int(table) < 1:
            raise TablesError(f"--pin {pin!r}: write ID=TABLE with a table number from 1")
        parsed[member.strip()] = int(table) - 1
    return parsed


def _parse_absent(absent: list[str]) -> dict[int, list[str]]:
    parsed: dict[int, list[str]] = {}
    for item in absent:
        session, _, ids = item.partition(":")
        if not session.strip().isdigit() or int(session) < 1 or not ids.strip():
            raise TablesError(f"--absent {item!r}: write SESSION:ID[,ID...] with sessions from 1")
        parsed.setdefault(int(session) - 1, []).extend(i.strip() for i in ids.split(","))
    return parsed


def _allocate(args: argparse.Namespace) -> int:
    members = read_members(args.members, args.id_column, args.categories)
    methods = ["random", "greedy", args.method] if args.compare else [args.method]
    plan = None
    for method in dict.fromkeys(methods):
        started = time.perf_counter()
        plan = allocate(
            members,
            args.categories,
            args.sessions,
            args.tables,
            table_size=tuple(args.table_size) if args.table_size else None,
            pinned=_parse_pins(args.pin),
            absent=_parse_absent(args.absent),
            seed=args.seed,
            method=method,
        )
        elapsed = time.perf_counter() - started
        print(f"{method} ({elapsed:.2f} s): {quality(plan, members).summary()}")
    assert plan is not None
    if args.out:
        _write_plan(plan, args.out)
        print(f"wrote {args.out}")
    return EXIT_OK


def _write_plan(plan: Plan, path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["session", "table", "member"])
        writer.writerows(plan.rows())


def read_plan(path: str, categories: list[str]) -> Plan:
    """A plan from a CSV file of session,table,member rows (1-based numbers)."""
    seats: dict[int, dict[int, list[str]]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                session, table = int(row["session"]), int(row["table"])
                member = row["member"].strip()
            except (KeyError, TypeError, ValueError, AttributeError):
                raise TablesError(
                    f"{path}, line {line}: expected columns session,table,member with numbers "
                    "from 1"
                ) from None
            if session < 1 or table < 1:
                raise TablesError(f"{path}, line {line}: sessions and tables count from 1")
            seats.setdefault(session - 1, {}).setdefault(table - 1, []).append(member)
    if not seats:
        raise TablesError(f"{path}: the plan has no seats")
    sessions = []
    for s in range(max(seats) + 1):
        tables = seats.get(s, {})
        count = max(tables) + 1 if tables else 0
        sessions.append(tuple(tuple(tables.get(t, [])) for t in range(count)))
    return Plan(tuple(sessions), tuple(categories), "file")


def _quality(args: argparse.Namespace) -> int:
    members = read_members(args.members, args.id_column, args.categories)
    plan = read_plan(args.plan, args.categories)
    print(quality(plan, members).summary())
    return EXIT_OK
