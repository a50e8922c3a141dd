"""The directory's public pages: search (/resources/), one listing (/resources/<slug>/), browse by
state (/resources/states/, /resources/states/<code>/), and the visitors' reports and suggestions.

Nothing about a search is stored and neither search nor listing pages set a cookie.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe

from metoo_site.ratelimit import is_limited
from resources import hours, services
from resources.forms import ReportForm, SearchForm, SuggestionForm
from resources.geo import STATE_NAMES, US_STATES
from resources.listings import RADIUS_CHOICES, RELATED, Search, SearchResults, SortChoices, find_listings
from resources.models import Community, Need, Resource, ResourceState


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    needs, communities = list(Need.objects.all()), list(Community.objects.all())
    form = SearchForm(request.GET, needs=needs, communities=communities)
    search = form.search(page_language=translation.get_language() or "en")
    results = find_listings(search)
    context = {
        "form": form,
        "choices": form.choices(),
        "search": search,
        "chosen_count": _count_chosen(search),
        "results": results,
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SortChoices.choices,
        "needs": needs,
        "closest_needs": _closest_needs(needs, results) if not results.total else [],
        "query_without_page": _query(request, drop=("page",)),
        "as_typed_query": _query(request, drop=("page",), add={"as_typed": "1"}),
        "everywhere_query": _query(request, drop=("page", "near", "region"), add={"everywhere": "1"}),
        "has_filters": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "resources/search.html", context)


def _query(request: HttpRequest, *, drop: tuple[str, ...], add: dict[str, str] | None = None) -> str:
    """The page's own query string with some parameters dropped or set (links stay shareable)."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    for key, value in (add or {}).items():
        query[key] = value
    return query.urlencode()


def _count_chosen(search: Search) -> int:
    """How many filters inside "More filters" are in use, so the closed section still says so."""
    return (len(search.needs) + len(search.communities) + len(search.modes) + bool(search.language)
            + search.free + search.open_now + search.always_open)  # fmt: skip


def _closest_needs(needs: list[Need], results: SearchResults) -> list[Need]:
    """With nothing found: the needs closest to the words, else the ones most people look for."""
    words = results.text.lower().split()
    close = [n for n in needs if any(difflib.get_close_matches(w, n.display_name.lower().split(), cutoff=0.6)
                                     for w in words)]  # fmt: skip
    if close:
        return close[:4]
    return [n for n in needs if n.slug in FIRST_NEEDS]


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    listing = get_object_or_404(
        Resource.objects.published().select_related("organization").prefetch_related(*RELATED), slug=slug
    )
    listing.is_open_now = hours.is_open(listing)
    context = {"listing": listing, "weekly_hours": hours.weekly_hours(listing)}
    return render(request, "resources/detail.html", context)


# --- browse by state ----------------------------------------------------------------------------

STATE_DATA = Path(__file__).resolve().parent / "data" / "state_coalitions.json"


@cache
def states_compiled_on() -> date:
    """When the list of state and territory coalitions was compiled (pages say so)."""
    return date.fromisoformat(json.loads(STATE_DATA.read_text(encoding="utf-8"))["compiled_on"])


@require_safe
def states(request: HttpRequest) -> HttpResponse:
    """Every state and territory, with its coalition and how many listings we have there."""
    published = Resource.objects.published().in_us()
    coalitions: dict[str, list[Resource]] = {}
    for served in (
        ResourceState.objects.filter(resource__in=published.filter(is_state_coalition=True))
        .select_related("resource")
        .order_by("-resource__priority", "resource__name")
    ):
        coalitions.setdefault(served.state, []).append(served.resource)
    statewide = dict(
        ResourceState.objects.filter(resource__in=published.filter(service_area=Resource.ServiceArea.STATEWIDE))
        .values_list("state")
        .annotate(count=Count("resource", distinct=True))
    )
    local = dict(published.local().exclude(state="").values_list("state").annotate(count=Count("pk")))
    rows = [
        {"code": code, "name": name, "coalitions": coalitions.get(code, []),
         "others": statewide.get(code, 0) - len(coalitions.get(code, [])), "local": local.get(code, 0)}
        for code, name in US_STATES
    ]  # fmt: skip
    context = {"rows": rows, "compiled_on": states_compiled_on(), "with_coalition": len(coalitions)}
    return render(request, "resources/states.html", context)


@require_safe
def state(request: HttpRequest, code: str) -> HttpResponse:
    """One state: its coalition and local-centre page first, else the line that routes to the nearest centre."""
    canonical = code.upper()
    if canonical not in STATE_NAMES:
        raise Http404("No such state or territory.")
    if code != canonical:
        return redirect("resources:state", code=canonical, permanent=True)
    published = Resource.objects.published().select_related("organization")
    coalitions = list(published.coalitions_of(canonical).prefetch_related("languages", "modes"))
    others = list(
        published.statewide_in(canonical).filter(is_state_coalition=False).order_by("-priority", "name").distinct()
    )
    context = {
        "code": canonical,
        "state_name": STATE_NAMES[canonical],
        "coalitions": coalitions,
        "others": others,
        "local_count": published.local().filter(state=canonical).count(),
        "compiled_on": states_compiled_on(),
    }
    return render(request, "resources/state.html", context)


# --- visitors' reports and suggestions ------------------------------------------------------------

# Shown as ways in when a search finds nothing and no need is close to the words.
FIRST_NEEDS = ("crisis-hotline", "counseling", "legal", "medical")


def _published_or_404(slug: str) -> Resource:
    return get_object_or_404(Resource.objects.published(), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Report wrong or outdated information on a listing; it goes to the maintainers' queue."""
    resource = _published_or_404(slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "resource": resource}
    if request.method != "POST":
        return render(request, "resources/report.html", context)
    if form.is_spam():
        return redirect("resources:report_thanks", slug=resource.slug)  # looks accepted; nothing is stored
    if not form.is_valid():
        return render(request, "resources/report.html", context)
    if is_limited(request, "resource-report"):
        return render(request, "resources/report.html", {**context, "limited": True}, status=429)
    services.report_submit(
        resource=resource, problem=form.cleaned_data["problem"], details=form.cleaned_data["details"]
    )
    return redirect("resources:report_thanks", slug=resource.slug)


@require_safe
def report_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _published_or_404(slug)
    return render(request, "resources/thanks.html", {"resource": resource, "kind": "report"})


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    """An organization suggests a listing; a maintainer checks it before anything is published."""
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "resources/suggest.html", {"form": form})
    if form.is_spam():
        return redirect("resources:suggest_thanks")  # looks accepted; nothing is stored
    if not form.is_valid():
        return render(request, "resources/suggest.html", {"form": form})
    if is_limited(request, "resource-suggest"):
        return render(request, "resources/suggest.html", {"form": form, "limited": True}, status=429)
    data = {key: value for key, value in form.cleaned_data.items() if key != "website_url"}
    services.suggestion_submit(**data)
    return redirect("resources:suggest_thanks")


@require_safe
def suggest_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/thanks.html", {"kind": "suggestion"})
