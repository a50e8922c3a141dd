"""manage.py export_hsds PATH: our open data as an HSDS 3.0 tabular data package (docs/import.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resources.hsds.export import write_package


class Command(BaseCommand):
    help = "Write the published listings whose source allows republication as an HSDS 3.0 data package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The folder to write datapackage.json and the CSV files into.")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        directory = Path(path)
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} exists and is not a folder.")
        counts = write_package(directory)
        self.stdout.write(
            f"HSDS 3.0 package written to {directory}: "
            + ", ".join(f"{count} {name}" for name, count in counts.items())
            + "."
        )
