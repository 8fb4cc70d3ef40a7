"""The `assemblea` command line: one subcommand per engine, plus `manage` for the web app."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Engines that expose `register(subparsers)` in `assemblea.engines.<name>.cli`.
ENGINE_COMMANDS = ("sortition", "voting", "tables")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assemblea",
        description="Assemblea: fair selection, deliberation and decisions for assemblies.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    manage = subparsers.add_parser("manage", help="run a Django management command of the web app")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    for name in ENGINE_COMMANDS:
        try:
            module = importlib.import_module(f"assemblea.engines.{name}.cli")
        except ModuleNotFoundError as error:
            if error.name and error.name.startswith("assemblea.engines"):
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "manage":
        import os

        from django.core.management import execute_from_command_line

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assemblea.config.settings")
        execute_from_command_line(["assemblea manage", *args.args])
        return 0
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.error(f"{args.command}: no action given")
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
