"""`assemblea manage import_assembly FILE`: import an assembly exported by another Assemblea."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assemblea.accounts.models import Organization, User
from assemblea.opendata.services import (
    ImportRefused,
    assembly_import,
    document_load,
    document_size_check,
)


class Command(BaseCommand):
    help = (
        "Import an assembly's open-data JSON document. Everything is checked first: a document "
        "with any problem is refused whole, with the list of problems, and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the JSON document (from export_assembly or the page)")
        parser.add_argument("--slug", help="import under another web address name")
        parser.add_argument(
            "--organizer",
            required=True,
            help="username of the account that becomes the assembly's organizer and the "
            "administrator of every organization the import creates",
        )
        parser.add_argument(
            "--organization",
            help="web address name of an organization here to convene the assembly "
            "(default: a new one, as in the document)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        actor = User.objects.filter(username=options["organizer"]).first()
        if actor is None:
            raise CommandError(f"No user named {options['organizer']!r}.")
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"No organization named {options['organization']!r}.")
        try:
            document_size_check(path.stat().st_size)
            result = assembly_import(
                document=document_load(path.read_bytes()),
                actor=actor,
                slug=options["slug"],
                organization=organization,
                by_operator=True,
            )
        except ImportRefused as refused:
            lines = "\n".join(f"  - {problem}" for problem in refused.problems)
            raise CommandError(f"{path}: not imported, nothing was written.\n{lines}") from None
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Imported “{result.assembly.title}” as /a/{result.assembly.slug}/ ({rows} rows)."
        )
        self.stdout.write(
            f"It is private until an organizer publishes it: "
            f"/a/{result.assembly.slug}/manage/ (Visibility, “Publish this assembly”)."
        )
        for name in result.reused_organizations:
            self.stdout.write(f"The organization “{name}” already existed here and was reused.")
        for name in result.created_organizations:
            self.stdout.write(f"The organization “{name}” was created, administered by {actor}.")
