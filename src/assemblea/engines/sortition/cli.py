"""`assemblea sortition ...`: select, check, draw, verify, replace.

Exit codes: 0 success; 1 verification failed; 2 bad input or infeasible quotas (explained on
stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from .errors import InfeasibleQuotasError, InputError, SortitionError
from .lottery import DEFAULT_LOTTERY_SIZE
from .solver import ALGORITHMS

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2

ALGORITHM_HELP = (
    "leximin (default; Flanigan et al. 2021), maximin, nash, goldilocks "
    "(bounds the highest probability too; Baharav & Flanigan 2024), legacy (greedy, comparison)"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sortition",
        help="fair, verifiable selection of a panel from a pool",
        description="Select a panel from a pool so that it meets quotas and everyone's chance "
        "of selection is as equal as the quotas allow; publish a lottery anyone can verify.",
    )
    parser.set_defaults(handler=lambda args: _usage(parser))
    sub = parser.add_subparsers(dest="sortition_command", metavar="ACTION")

    select = sub.add_parser("select", help="compute the fair lottery and draw a panel")
    _input_arguments(select)
    select.add_argument(
        "--algorithm",
        default="leximin",
        choices=list(ALGORITHMS),
        help=ALGORITHM_HELP,
    )
    select.add_argument(
        "--seed",
        help="public seed, e.g. numbers drawn at a public event; without it the lottery is "
        "published and `assemblea sortition draw` draws later",
    )
    select.add_argument(
        "--lottery-size",
        type=int,
        default=DEFAULT_LOTTERY_SIZE,
        metavar="M",
        help=f"number of panels in the published lottery (default {DEFAULT_LOTTERY_SIZE})",
    )
    select.add_argument("--out", required=True, metavar="DIR", help="output directory")
    select.add_argument("--quiet", action="store_true", help="no progress lines")
    select.set_defaults(handler=_guard(_select))

    check = sub.add_parser("check", help="check the files and whether the quotas can be met")
    _input_arguments(check)
    check.set_defaults(handler=_guard(_check))

    draw = sub.add_parser("draw", help="draw the panel from a published lottery with a seed")
    draw.add_argument("--report", required=True, help="report.json written by select")
    draw.add_argument("--seed", required=True)
    draw.add_argument("--people", required=True, help="the people file used for select")
    draw.set_defaults(handler=_guard(_draw))

    verify = sub.add_parser(
        "verify", help="recompute the draw from a published report and seed, bit for bit"
    )
    verify.add_argument("--report", required=True, help="report.json")
    verify.add_argument("--seed", required=True)
    verify.add_argument("--panel", help="panel.csv to compare (id in the first column)")
    verify.add_argument("--features", help="quota file, to check checksums and every panel")
    verify.add_argument("--people", help="people file, to check checksums and every panel")
    verify.set_defaults(handler=_guard(_verify))

    replace = sub.add_parser(
        "replace", help="draw replacements for people who dropped out, keeping the quotas"
    )
    replace.add_argument("--report", required=True, help="report.json of the original draw")
    replace.add_argument("--features", required=True)
    replace.add_argument("--people", required=True)
    replace.add_argument(
        "--dropouts", required=True, nargs="+", metavar="ID", help="ids of the people leaving"
    )
    replace.add_argument("--seed", required=True, help="public seed for the replacement draw")
    replace.add_argument("--algorithm", default="leximin", choices=list(ALGORITHMS))
    replace.add_argument("--lottery-size", type=int, default=DEFAULT_LOTTERY_SIZE, metavar="M")
    replace.add_argument("--out", required=True, metavar="DIR")
    replace.add_argument("--quiet", action="store_true")
    replace.set_defaults(handler=_guard(_replace))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_INPUT


def _input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--features", required=True, metavar="F", help="quota file")
    parser.add_argument("--people", required=True, metavar="P", help="pool file")
    parser.add_argument("--seats", required=True, type=int, metavar="K", help="panel size")
    parser.add_argument("--id-column", metavar="C", help="id column of the people file")
    parser.add_argument(
        "--address-columns",
        nargs="+",
        default=[],
        metavar="A",
        help="at most one person per household, households given by these columns",
    )


def _guard(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except InfeasibleQuotasError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except SortitionError as error:
            print(f"error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130

    return run


class ProgressLine:
    """At most one line a second on stderr: stage, iteration, current minimum, elapsed."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.last = time.monotonic()

    def __call__(self, progress: Any) -> None:
        now = time.monotonic()
        if self.quiet or now - self.last < 1.0:
            return
        self.last = now
        stage = f"stage {progress.stage}" if progress.stage else "warm-up"
        print(
            f"{progress.algorithm}: {stage}, iteration {progress.iteration}, "
            f"min probability {progress.current_min:.6f}, "
            f"{progress.fixed_types}/{progress.n_types} types fixed, "
            f"{progress.columns} panels, {progress.elapsed:.1f} s"
            + (
                f" (about {progress.remaining:.0f} s left)"
                if getattr(progress, "remaining", None) is not None
                else ""
            ),
            file=sys.stderr,
            flush=True,
        )


def _load(args: argparse.Namespace) -> Any:
    from .engine import load_inputs

    inputs = load_inputs(
        args.features, args.people, args.seats, args.id_column, args.address_columns
    )
    for warning in inputs.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return inputs


def _select(args: argparse.Namespace) -> int:
    from .engine import select, write_selection

    inputs = _load(args)
    selection = select(
        inputs,
        algorithm=args.algorithm,
        seed=args.seed,
        lottery_size=args.lottery_size,
        progress=ProgressLine(args.quiet),
    )
    report = write_selection(selection, args.out)
    _summary(report, args.out)
    if args.seed is None:
        print(
            "No seed given: the lottery is published in report.json. Draw the panel with\n"
            f"  assemblea sortition draw --report {os.path.join(args.out, 'report.json')} "
            f"--people {args.people} --seed '<public seed>'"
        )
    return EXIT_OK


def _summary(report: dict[str, Any], out: str) -> None:
    for note in report["warnings"]:
        if "lottery of" in note:
            print(f"warning: {note}", file=sys.stderr)
    probabilities = report["probabilities"]
    loss = report["lottery"]["fairness_loss"]
    print(
        f"{report['algorithm']}: minimum selection probability {probabilities['min']:.6f}, "
        f"maximum {probabilities['max']:.6f} (seats/pool {probabilities['seats_over_pool']:.6f})"
    )
    print(
        f"lottery of {report['lottery']['size']} panels: minimum probability "
        f"{loss['lottery_min_probability']:.6f} (loss {loss['min_probability_loss']:.6f}; "
        f"no lottery of this size loses less than {loss['min_probability_loss_bound']:.6f}; "
        f"largest deviation {loss['max_abs_deviation']:.6f})"
    )
    if "draw" in report:
        draw = report["draw"]
        print(f"seed {draw['seed']!r} drew panel {draw['index']}: {len(draw['panel'])} people")
    print(f"wrote {out}")


def _check(args: argparse.Namespace) -> int:
    from .feasibility import check_feasibility
    from .problem import build_problem

    inputs = _load(args)
    problem = build_problem(inputs.pool, inputs.quotas, inputs.seats)
    check_feasibility(problem)
    print(
        f"ok: {len(inputs.pool)} people, {problem.n_types} distinct profiles, "
        f"{len(inputs.quotas.quotas)} quotas; a panel of {inputs.seats} can meet every quota"
    )
    return EXIT_OK


def _draw(args: argparse.Namespace) -> int:
    from .engine import load_report, people_from_report
    from .io import write_csv
    from .lottery import draw_index, lottery_digest, normalise_seed

    report = load_report(args.report)
    panels = report["lottery"]["panels"]
    digest = lottery_digest(panels)
    if digest != report["lottery"]["sha256"]:
        raise InputError("the lottery does not match its published SHA-256", file=args.report)
    index = draw_index(digest, args.seed, len(panels))
    pool = people_from_report(report, args.people)
    position = {pid: i for i, pid in enumerate(pool.ids)}
    kept = list(report["replacement"]["kept"]) if "replacement" in report else []
    panel = list(panels[index])
    directory = os.path.dirname(os.path.abspath(args.report))
    write_csv(
        os.path.join(directory, "panel.csv"),
        pool.columns,
        [pool.rows[position[p]] for p in [*kept, *panel]],
    )
    report["draw"] = {"seed": normalise_seed(args.seed), "index": index, "panel": panel}
    with open(args.report, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    print(f"seed {normalise_seed(args.seed)!r} drew panel {index}: {len(panel)} people")
    print(f"wrote {os.path.join(directory, 'panel.csv')}")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from .engine import inputs_from_report, load_report, verify
    from .io import read_text

    report = load_report(args.report)
    panel_ids = None
    if args.panel:
        import csv
        import io

        text = read_text(args.panel).text
        rows = list(csv.reader(io.StringIO(text)))
        panel_ids = [row[0].strip() for row in rows[1:] if row and row[0].strip()]
    inputs = None
    if args.features or args.people:
        if not (args.features and args.people):
            raise InputError("give both --features and --people to check the input files")
        inputs = inputs_from_report(report, args.features, args.people)
    result = verify(report, args.seed, panel_ids, inputs)
    for message in result.messages:
        print(message)
    print("VERIFIED" if result.ok else "NOT VERIFIED")
    return EXIT_OK if result.ok else EXIT_MISMATCH


def _replace(args: argparse.Namespace) -> int:
    from .engine import inputs_from_report, load_report, write_selection
    from .replace import draw_replacements

    report = load_report(args.report)
    inputs = inputs_from_report(report, args.features, args.people)
    for warning in inputs.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    selection = draw_replacements(
        inputs,
        report,
        args.dropouts,
        seed=args.seed,
        algorithm=args.algorithm,
        lottery_size=args.lottery_size,
        progress=ProgressLine(args.quiet),
    )
    new_report = write_selection(selection, args.out)
    replacement = new_report["replacement"]
    print(
        f"{len(replacement['dropouts'])} dropped out; drew {len(replacement['replacements'])} "
        f"replacement(s): {', '.join(replacement['replacements'])}"
    )
    _summary(new_report, args.out)
    return EXIT_OK
