"""What the project's mission pages show from the directory, so the project imports no app."""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from resources.models import Need, Resource, ResourceQuerySet

register = template.Library()


@register.simple_tag
def directory_needs() -> QuerySet[Need]:
    """The needs, in their order, for the home page's "find help by what you need" links."""
    return Need.objects.all()


@register.simple_tag
def listings_outside_us() -> ResourceQuerySet:
    """Published listings for people outside the United States, for the get-help page."""
    return Resource.objects.published().outside_us().select_related("organization")
