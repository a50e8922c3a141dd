"""/resources/ runs a constant number of queries whatever the result count."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.cache import cache

from tests.resources.factories import local, national, statewide

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16
URLS = [
    "/resources/",
    "/resources/?q=legal",
    "/resources/?near=60601&radius=100&need=legal&open_now=1",
    "/resources/?near=60601&radius=100",
    "/resources/?region=IL&community=women&language=es&mode=phone",
]


def fill(count: int, start: int = 0) -> None:
    hours = ((0, time(9), time(17)), (1, time(22), time(2)))
    for number in range(start, count):
        kind = number % 3
        fields = {"needs": ("legal", "medical"), "communities": ("women",), "languages": ("en", "es"),
                  "modes": ("phone", "text"), "hours": hours, "organization": f"Org {number}"}  # fmt: skip
        if kind == 0:
            local(f"Legal {number}", slug=f"l-{number}", zip_code="60601", **fields)
        elif kind == 1:
            statewide(f"Legal {number}", slug=f"s-{number}", states=("IL",), **fields)
        else:
            national(f"Legal {number}", slug=f"n-{number}", **fields)


def queries_per_url(client, capture) -> dict[str, int]:
    """Queries of each search from a cold cache (no page cache, no vocabulary read yet)."""
    counts = {}
    for url in URLS:
        cache.clear()
        with capture() as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "Legal" in response.content.decode(), url
        counts[url] = len(queries)
    return counts


def test_search_query_count_is_constant(client):
    """The same number of queries with 5 listings and with 200, for every kind of search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def capture():
        return CaptureQueriesContext(connection)

    fill(5)
    few = queries_per_url(client, capture)
    fill(200, start=5)
    many = queries_per_url(client, capture)
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_listing_page_query_count_is_small(client, django_assert_max_num_queries):
    fill(3)
    with django_assert_max_num_queries(9):
        assert client.get("/resources/l-0/").status_code == 200
