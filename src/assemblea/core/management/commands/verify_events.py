"""Check the event log: every stream's hash chain, the apps' records against it (for the
decisions app: every closed poll's digest, counts, result and anchors), and, given a copy of
the heads published earlier, that no stream lost its end since."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assemblea.core.chain import registered_checks
from assemblea.core.events import event_chain_verify, event_streams
from assemblea.core.models import Event


class Command(BaseCommand):
    help = (
        "Recompute the hash chain of the event log, check the records anchored in it (closed "
        "polls), and report every problem found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("streams", nargs="*", help="streams to check, e.g. assembly:3")
        parser.add_argument(
            "--heads",
            type=Path,
            help="a JSON file of stream heads written earlier with --save-heads (or copied "
            "from a published record): each must still be in its stream",
        )
        parser.add_argument(
            "--save-heads",
            type=Path,
            help="write the current head of every stream checked to this JSON file, to keep "
            "somewhere the operator cannot rewrite and check against later with --heads",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        streams = options["streams"] or event_streams()
        problems: list[str] = []
        heads: dict[str, str] = {}
        for stream in streams:
            report = event_chain_verify(stream)
            heads[stream] = report.head
            if report.intact:
                self.stdout.write(f"{stream}: {report.events} events, intact, head {report.head}")
            else:
                problems.append(
                    f"{stream}: BROKEN at event {report.broken_at} "
                    f"(event {report.events} of the stream): {report.reason}"
                )
                self.stdout.write(problems[-1])
        if not options["streams"]:
            for name, check in registered_checks().items():
                found = check()
                problems.extend(found)
                for line in found:
                    self.stdout.write(f"{name}: {line}")
                if not found:
                    self.stdout.write(f"{name}: all hold")
        if options["heads"]:
            problems.extend(self._check_heads(options["heads"]))
        if options["save_heads"]:
            options["save_heads"].write_text(json.dumps(heads, indent=1, sort_keys=True) + "\n")
        if problems:
            raise CommandError(
                f"{len(problems)} problems found: the event log or the records anchored in it "
                "are broken"
            )

    def _check_heads(self, path: Path) -> list[str]:
        try:
            saved = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the heads in {path}: {error}") from error
        if not isinstance(saved, dict):
            raise CommandError(f"{path} is not a JSON object of stream: head")
        problems = []
        for stream, head in sorted(saved.items()):
            if head and not Event.objects.filter(stream=stream, hash=head).exists():
                problems.append(
                    f"{stream}: the head {head} saved earlier is no longer in the stream "
                    "(its end was removed or the chain rewritten)"
                )
                self.stdout.write(problems[-1])
        return problems
