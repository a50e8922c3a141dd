from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def stories_retention() -> dict[str, int]:
    """The retention periods of purge_stories, for the privacy page."""
    return {"rejected": settings.STORIES_PURGE_REJECTED_DAYS, "pending": settings.STORIES_PURGE_PENDING_DAYS}
