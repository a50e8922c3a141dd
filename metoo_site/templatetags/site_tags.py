from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def quick_exit_url() -> str:
    """Read from settings, not the request, so the bare 500 and 503 pages can use it too."""
    return settings.QUICK_EXIT_URL
