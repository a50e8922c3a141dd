"""``manage.py generate_demo_resources N [--seed S] [--delete]``: sample listings for demos and benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resources.demo import demo_resources_delete, demo_resources_generate


class Command(BaseCommand):
    help = "Create N synthetic sample listings over real US ZIP codes (all marked is_demo); --delete removes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, nargs="?", default=0, help="How many sample listings to create.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed, for the same listings every time.")
        parser.add_argument(
            "--delete", action="store_true", help="First remove every sample listing (real listings stay)."
        )

    def handle(self, *args: Any, count: int = 0, seed: int | None = None, delete: bool = False, **options: Any) -> None:
        if count < 0 or count > 1_000_000:
            raise CommandError("N must be between 0 and 1,000,000.")
        if not count and not delete:
            raise CommandError("Give a number of listings to create, or --delete.")
        if delete:
            resources, organizations = demo_resources_delete()
            self.stdout.write(f"Removed {resources} sample listings and {organizations} sample organizations.")
        if count:
            started = time.perf_counter()
            demo_resources_generate(count=count, seed=seed)
            self.stdout.write(f"Created {count} sample listings in {time.perf_counter() - started:.1f}s.")
