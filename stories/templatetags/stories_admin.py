from __future__ import annotations

from django import template

from stories.models import Story

register = template.Library()


@register.simple_tag
def stories_pending_count() -> int:
    """How many stories wait for review (one indexed COUNT)."""
    return Story.objects.pending().count()
