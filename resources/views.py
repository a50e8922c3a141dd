"""The finding side of the directory: search (/resources/) and one listing (/resources/<slug>/).

Nothing about a search is stored and neither page sets a cookie (no session, no CSRF form).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from resources import hours
from resources.filters import RADIUS_CHOICES, ResourceFilter, SortChoices
from resources.listings import RELATED, find_listings
from resources.models import Community, Need, Resource


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    needs, communities = list(Need.objects.all()), list(Community.objects.all())
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published(), needs=needs, communities=communities)
    results = find_listings(filterset)
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "form": filterset.form,
        "choices": filterset.choices(),
        "chosen": filterset.chosen(),
        "results": results,
        "query": filterset.text_query,
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SortChoices.choices,
        "needs": needs,
        "communities": communities,
        "query_without_page": keep.urlencode(),
        "has_filters": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "resources/search.html", context)


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(
        Resource.objects.published().select_related("organization").prefetch_related(*RELATED), slug=slug
    )
    listing.is_open_now = hours.is_open(listing)
    context = {"listing": listing, "weekly_hours": hours.weekly_hours(listing)}
    return render(request, "resources/detail.html", context)


def not_here_yet(request: HttpRequest, slug: str = "") -> HttpResponse:
    """Replaced by the resources-data branch (report and suggest forms) when the lead merges."""
    raise Http404
