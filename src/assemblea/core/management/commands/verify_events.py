"""Check the event log's hash chain: every stream, or the ones named."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assemblea.core.events import event_chain_verify, event_streams


class Command(BaseCommand):
    help = "Recompute the hash chain of the event log and report the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("streams", nargs="*", help="streams to check, e.g. assembly:3")

    def handle(self, *args: Any, **options: Any) -> None:
        streams = options["streams"] or event_streams()
        broken = 0
        for stream in streams:
            report = event_chain_verify(stream)
            if report.intact:
                self.stdout.write(f"{stream}: {report.events} events, intact, head {report.head}")
            else:
                broken += 1
                self.stdout.write(
                    f"{stream}: BROKEN at event {report.broken_at} "
                    f"(event {report.events} of the stream): {report.reason}"
                )
        if broken:
            raise CommandError(f"{broken} of {len(streams)} streams are broken")
