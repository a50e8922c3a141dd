"""What the project's mission pages show from the directory, so the project imports no app."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q, QuerySet

from resources.models import Need, Resource, ResourceQuerySet

register = template.Library()


@register.simple_tag
def directory_needs() -> QuerySet[Need]:
    """The needs, in their order, for the home page's "find help by what you need" links, each with
    ``real_listings``: a tile leads to the listings only when real (not sample) listings serve it,
    otherwise to the help that exists (home.html), so no door opens on an empty page."""
    real = Q(resources__status=Resource.Status.PUBLISHED, resources__is_demo=False)
    return Need.objects.annotate(real_listings=Count("resources", filter=real))


@register.simple_tag
def listings_outside_us() -> ResourceQuerySet:
    """Published listings for people outside the United States, for the get-help page."""
    return Resource.objects.published().outside_us().select_related("organization")
