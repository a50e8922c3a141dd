"""The directory's open queues, counted for the admin index."""

from __future__ import annotations

from django import template
from django.urls import reverse

from resources.models import ListingChange, ListingReport, ResourceSuggestion

register = template.Library()


@register.simple_tag(takes_context=True)
def directory_queues(context) -> list[dict]:
    """Open reports, new suggestions and pending listing changes the signed-in user may see."""
    user = context["request"].user
    queues = [
        ("view_listingreport", ListingReport.objects.filter(status=ListingReport.Status.OPEN),
         "admin:resources_listingreport_changelist", "status__exact=open", "listing reports"),
        ("view_resourcesuggestion", ResourceSuggestion.objects.filter(status=ResourceSuggestion.Status.NEW),
         "admin:resources_resourcesuggestion_changelist", "status__exact=new", "suggestions"),
        ("view_listingchange", ListingChange.objects.filter(status=ListingChange.Status.PENDING),
         "admin:resources_listingchange_changelist", "status__exact=pending", "pending changes"),
    ]  # fmt: skip
    return [
        {"kind": kind, "count": queryset.count(), "url": f"{reverse(url_name)}?{query}"}
        for permission, queryset, url_name, query, kind in queues
        if user.has_perm(f"resources.{permission}")
    ]
