"""Load a demo: organizations, people and one assembly of every family, built through the
same services the app uses, so the demo's event log is real (`assemblea.site.demo`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from assemblea.accounts.models import Organization
from assemblea.site.demo import DEMO_PASSWORD, PEOPLE, demo_load


class Command(BaseCommand):
    help = "Load demo organizations, people and assemblies (skipped when already loaded)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(slug="city-of-riverton").exists():
            self.stdout.write("Demo data already loaded.")
        else:
            # The demo's residents are invented: their e-mails go nowhere.
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
                transaction.atomic(),
            ):
                demo_load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, name, _language, role in PEOPLE:
            self.stdout.write(f"  {username:<7} {name}, {role}")
