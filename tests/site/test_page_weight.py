"""Every public page is light: HTML + the CSS and JS it loads under 50 KB, a handful of requests,
and a constant number of database queries.

Sizes are read from the collected static files (`make test` runs collectstatic), uncompressed.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public_urls import EMPTY_SITE_PAGES, EVERY_MISSION_PAGE, NOT_FOUND_PAGES

MAX_PAGE_BYTES = 50 * 1024
MAX_SUBRESOURCES = 4
# None today; room for one or two fixed queries (such as the home page's "me too" count), but
# never one per listing or story shown.
MAX_QUERIES_PER_MISSION_PAGE = 2

# Everything a browser fetches on its own while loading a page. A `data:` URL costs no request.
SUBRESOURCE = re.compile(
    r"<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref|img\b[^>]*\bsrc|source\b[^>]*\bsrcset|iframe\b[^>]*\bsrc)"
    r"=\"(?!data:)([^\"]+)\""
)


def subresources(html: str) -> list[str]:
    urls = []
    for tag in re.findall(r"<(?:script|link|img|source|iframe)\b[^>]*>", html):
        if tag.startswith("<link") and not re.search(r'\brel="(?:stylesheet|preload|icon|modulepreload)"', tag):
            continue  # rel=alternate, canonical and friends are not fetched
        urls += SUBRESOURCE.findall(tag)
    return urls


def static_size(url: str) -> int:
    assert url.startswith(settings.STATIC_URL), f"{url} is not one of the site's static files"
    return staticfiles_storage.size(url.removeprefix(settings.STATIC_URL))


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMPTY_SITE_PAGES)
def test_page_with_its_css_and_js_is_under_50_kb_in_a_handful_of_requests(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == (404 if url in NOT_FOUND_PAGES else 200)
    html = response.content.decode()
    urls = subresources(html)
    total = len(response.content) + sum(static_size(u) for u in urls)
    assert total < MAX_PAGE_BYTES, f"{url} weighs {total} bytes: {urls}"
    assert 1 <= len(urls) <= MAX_SUBRESOURCES, urls
    assert len(set(urls)) == len(urls), "the same file is loaded twice"
    if url in EVERY_MISSION_PAGE:  # the query count is constant
        assert len(queries) <= MAX_QUERIES_PER_MISSION_PAGE, [query["sql"] for query in queries]
