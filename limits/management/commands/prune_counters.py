"""Delete rate-limit and sign-in counters whose window has ended (run daily with clearsessions)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from metoo_site import counters


class Command(BaseCommand):
    help = (
        "Delete expired rate-limit and sign-in counters. The site also prunes them as it counts; "
        "run this daily so that none outlives its window on a quiet day."
    )

    def handle(self, *args, **options) -> None:
        deleted = counters.prune()
        self.stdout.write(f"Deleted {deleted} expired counter(s).")
