"""Run daily (cron, a systemd timer): personal data past its retention period is deleted."""

from typing import Any

from django.core.management.base import BaseCommand

from assemblea.core.tasks_backend import ThreadBackend, tasks_wait
from assemblea.recruitment.tasks import delete_expired_personal_data


class Command(BaseCommand):
    help = (
        "Delete registrants' contact details once their assembly's retention period is over "
        "(the anonymous lottery answers stay). Schedule it daily."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue it for the task workers instead of running it here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            delete_expired_personal_data.enqueue()
            if isinstance(delete_expired_personal_data.get_backend(), ThreadBackend):
                # The in-process worker stops with this command: let it finish first.
                tasks_wait()
            self.stdout.write("Queued.")
            return
        deleted = delete_expired_personal_data.call()
        self.stdout.write(f"Deleted the contact details of {deleted} registrants.")
