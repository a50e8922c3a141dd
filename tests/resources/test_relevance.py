"""The relevance suite: on the real listings that `make run` loads, every query of
tests/resources/relevance_queries.py has its listings among the first three results, counted in
reading order across the page's groups. Runs on SQLite and on PostgreSQL alike.

The listings are loaded once for the module and one test runs every query, so the suite costs
seconds, not minutes; its failure message lists every query that missed, with what came first
instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from resources.forms import SearchForm
from resources.listings import find_listings
from resources.models import Community, Need, Resource
from tests.resources.relevance_queries import FIRST, QUERIES

# The real listings, loaded once for the module (tests/resources/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_listings")]


def reading_order(html: str) -> list[str]:
    """The listings of a results page as a person reads them: each group's cards or rows in turn."""
    slugs: list[str] = []
    for section in re.findall(r'<section class="result-group"[^>]*>(.*?)</section>', html, re.S):
        slugs += re.findall(r'<(?:h3|li)><a href="/(?:es/)?resources/([\w-]+)/">', section)
    return slugs


def page_first_three(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return reading_order(response.content.decode())[:3]


def first_three(url: str) -> list[str]:
    """What the page at ``url`` lists first, through the same form and selector as the view but
    without rendering it (the suite runs hundreds of searches; the page test below ties the two)."""
    path, _, query = url.partition("?")
    language = "es" if path.startswith("/es/") else "en"
    with translation.override(language):
        form = SearchForm(QueryDict(query), needs=list(Need.objects.all()), communities=list(Community.objects.all()))
        results = find_listings(form.search(page_language=language), for_display=False)
    return [listing.slug for group in results.groups for listing in group.listings][:3]


def test_the_suite_covers_english_spanish_typos_numbers_and_places():
    assert len(QUERIES) >= 80
    spanish = [url for url, _ in QUERIES if url.startswith("/es/") or "%C3" in url or "ó" in url]
    place_words = ("near=", "region=", "houston", "chicago", "springfield", "california", "texas", "atlanta", "york")
    places = [url for url, _ in QUERIES if any(word in url for word in place_words)]
    numbers = [url for url, _ in QUERIES if re.search(r"q=[0-9(]", url)]
    assert len(spanish) >= 20 and len(places) >= 8 and len(numbers) >= 4


def test_every_query_has_its_listings_among_the_first_three():
    missed = []
    for url, expected in QUERIES:
        top = first_three(url)
        if not set(expected) <= set(top):
            missed.append(f"{url}: wanted {list(expected)}, got {top}")
    assert missed == [], "\n".join(missed)


def test_the_line_made_for_what_someone_lives_through_comes_first():
    missed = [
        f"{url}: wanted {slug} first, got {top}" for url, slug in FIRST if (top := first_three(url))[:1] != [slug]
    ]
    assert missed == [], "\n".join(missed)


def test_the_page_lists_in_the_selectors_order(client):
    for url, _expected in QUERIES[::12]:
        assert page_first_three(client, url) == first_three(url), url


def test_every_vocabulary_term_finds_what_it_names():
    """Each term of the search vocabulary, typed alone: where it names a need or a community that
    real listings carry, one of them comes among the first three."""
    from resources.models import SearchTerm

    tagged = {
        slug: set(Resource.objects.published().filter(needs__slug=slug).values_list("slug", flat=True))
        for slug in SearchTerm.objects.values_list("needs__slug", flat=True).distinct()
        if slug
    } | {
        slug: set(Resource.objects.published().filter(communities__slug=slug).values_list("slug", flat=True))
        for slug in SearchTerm.objects.values_list("communities__slug", flat=True).distinct()
        if slug
    }
    failures = []
    for term in SearchTerm.objects.prefetch_related("needs", "communities"):
        named = [t.slug for t in [*term.needs.all(), *term.communities.all()] if tagged.get(t.slug)]
        if not named:
            continue
        prefix = "/es" if term.language == "es" else ""
        top = first_three(f"{prefix}/resources/?{urlencode({'q': term.phrase, 'everywhere': '1'})}")
        if not any(set(top) & tagged[slug] for slug in named):
            failures.append(f"{term.phrase}: none of {named} among {top}")
    assert failures == [], "\n".join(failures)
