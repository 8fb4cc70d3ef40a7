"""`assemblea manage export_assembly SLUG`: an assembly's open data as JSON (or CSV in a zip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assemblea.assemblies.models import Assembly
from assemblea.opendata.export import (
    assembly_document,
    document_json,
    document_zip,
)


class Command(BaseCommand):
    help = "Write the public facts of an assembly as open data (JSON, or CSV files in a zip)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the assembly's web address name")
        parser.add_argument(
            "-o", "--output", help="file to write (default: standard output); .zip writes CSV"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        assembly = Assembly.objects.filter(slug=options["slug"]).first()
        if assembly is None:
            raise CommandError(f"No assembly with the web address name {options['slug']!r}.")
        document = assembly_document(assembly)
        output = options["output"]
        if output and output.endswith(".zip"):
            Path(output).write_bytes(document_zip(document))
        elif output:
            Path(output).write_text(document_json(document), encoding="utf-8")
        else:
            self.stdout.write(document_json(document))
            return
        self.stderr.write(f"Wrote {output}.")
