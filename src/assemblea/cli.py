"""The `assemblea` command line: one subcommand per engine, `manage` for the web app's
management commands, and `serve` for the production web server (gunicorn)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Engines that expose `register(subparsers)` in `assemblea.engines.<name>.cli`.
ENGINE_COMMANDS = ("sortition", "voting", "tables", "opinion", "budgeting")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assemblea",
        description="Assemblea: fair selection, deliberation and decisions for assemblies.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    manage = subparsers.add_parser("manage", help="run a Django management command of the web app")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    serve = subparsers.add_parser(
        "serve",
        help="run the web app with gunicorn and uvicorn workers (production; configured by "
        "ASSEMBLEA_BIND, ASSEMBLEA_WORKERS, ASSEMBLEA_TIMEOUT)",
    )
    serve.add_argument(
        "--dev",
        action="store_true",
        help="one uvicorn process that reloads on code changes (make run)",
    )
    serve.add_argument(
        "--bind",
        action="append",
        help="address to listen on, host:port or unix:/path (repeatable; default "
        "ASSEMBLEA_BIND, comma-separated, or 127.0.0.1:8000)",
    )
    serve.add_argument("--workers", type=int, help="worker processes (ASSEMBLEA_WORKERS)")
    serve.add_argument("--threads", type=int, help="threads per worker (ASSEMBLEA_THREADS)")
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
    if args.command == "serve":
        from assemblea.config.server import serve, serve_dev

        if args.dev:
            return serve_dev(bind=args.bind)
        return serve(bind=args.bind, workers=args.workers, threads=args.threads)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.error(f"{args.command}: no action given")
    result: int = handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
