"""manage.py run_pending_imports: run HSDS uploads waiting in admin (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resources.hsds.jobs import run_pending


class Command(BaseCommand):
    help = "Import the HSDS packages uploaded in admin that are waiting to run."

    def handle(self, *args: Any, **options: Any) -> None:
        batches = run_pending()
        for batch in batches:
            self.stdout.write(f"{batch}: {batch.get_status_display()} {batch.counts or ''} {batch.error}".rstrip())
        if not batches:
            self.stdout.write("No imports waiting.")
