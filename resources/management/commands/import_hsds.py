"""manage.py import_hsds PATH [--publish] [--dry-run] [--source LABEL] [--all]

Import an Open Referral HSDS package (a folder, a datapackage.json, a .zip, or HSDS 3.0 JSON) as
reviewable drafts. See docs/import.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resources.hsds.load import import_package
from resources.hsds.read import PackageError, read_package
from resources.hsds.report import summary_lines
from resources.models import ImportBatch


class ProgressBar:
    """A one-line bar on a terminal's stderr for packages of more than a few hundred services."""

    def __init__(self, stream, *, minimum: int = 300) -> None:
        self.stream = stream
        self.minimum = minimum
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum or not getattr(self.stream, "isatty", lambda: False)():
            return
        percent = done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = percent // 4
        self.stream.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {done}/{total} services")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import Open Referral HSDS data (1.x, 2.x, 3.0) as drafts for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A folder, a datapackage.json, an HSDS 3.0 JSON file, or a .zip.")
        parser.add_argument("--publish", action="store_true", help="Publish listings that need no look at once.")
        parser.add_argument("--dry-run", action="store_true", help="Read, clean and report; write nothing.")
        parser.add_argument("--source", default="", help="Who published the data (shown as 'Imported from ...').")
        parser.add_argument("--source-url", default="", help="Where the data was published (the listings' source).")
        parser.add_argument("--license", default="", help="The data's licence (else datapackage.json's).")
        parser.add_argument(
            "--allows-republication",
            action="store_true",
            help="The licence lets us republish: the listings may appear in the export and the API.",
        )
        parser.add_argument("--all", action="store_true", help="Take every service, not only survivor-relevant ones.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        started = time.perf_counter()
        try:
            package = read_package(
                path,
                max_files=max(settings.HSDS_UPLOAD_MAX_FILES, 200),
                max_unpacked=settings.HSDS_UPLOAD_MAX_MB * 4_000_000 * 10,
            )
        except PackageError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        source = options["source"].strip() or package.title.strip() or path.stem
        batch = ImportBatch(
            source_name=source[:200],
            source_url=options["source_url"][:500],
            license=options["license"][:200],
            allows_republication=options["allows_republication"],
            file_name=path.name[:300],
            publish=options["publish"],
            take_all=options["all"],
            dry_run=options["dry_run"],
        )
        with transaction.atomic():
            batch.save()
            import_package(package=package, batch=batch, progress=ProgressBar(sys.stderr))
            if batch.dry_run:
                transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        for line in summary_lines(batch, package_shape=package.shape):
            self.stdout.write(line)
        read = batch.counts.get("read", 0)
        rate = read / elapsed * 60 if elapsed else 0
        self.stdout.write(f"{read} services read in {elapsed:.1f} s ({rate:,.0f} services a minute).")
        if batch.dry_run:
            self.stdout.write("Dry run: nothing was written.")
