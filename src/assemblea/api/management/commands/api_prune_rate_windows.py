from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from assemblea.api.services import rate_windows_prune


class Command(BaseCommand):
    help = "Delete the public API's rate-limit windows that have ended."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = rate_windows_prune()
        self.stdout.write(f"Deleted {deleted} ended rate-limit windows.")
