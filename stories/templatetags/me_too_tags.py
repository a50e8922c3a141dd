"""The "me too" box, for any page that shows it (the home page, the wall)."""

from __future__ import annotations

from typing import Any

from django import template

from stories.views import me_too_context

register = template.Library()


@register.inclusion_tag("stories/includes/me_too.html", takes_context=True)
def me_too_box(context: template.Context, next_page: str) -> dict[str, Any]:
    """The public count and the button; ``next_page`` is where the button comes back to."""
    return {**me_too_context(context["request"]), "next": next_page}
