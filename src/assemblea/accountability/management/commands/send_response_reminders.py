"""Run daily (cron, a systemd timer): respondents are reminded as answers fall due."""

from typing import Any

from django.core.management.base import BaseCommand

from assemblea.accountability.services import reminders_send


class Command(BaseCommand):
    help = (
        "Remind respondents of unanswered recommendations, from the plan's number of days "
        "before the response deadline, then weekly while answers are late. Schedule it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sent {reminders_send()} reminders.")
