"""Delete rejected stories and long-waiting pending ones past their retention periods.

Run it daily (see docs/moderation.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from stories.services import story_purge


class Command(BaseCommand):
    help = (
        "Delete rejected stories after STORIES_PURGE_REJECTED_DAYS and pending ones after STORIES_PURGE_PENDING_DAYS."
    )

    def handle(self, *args, **options) -> None:
        result = story_purge()
        self.stdout.write(
            f"Deleted {result.rejected} rejected (older than {settings.STORIES_PURGE_REJECTED_DAYS} days) and "
            f"{result.pending} pending (older than {settings.STORIES_PURGE_PENDING_DAYS} days) stories."
        )
