"""Every mission page renders for visitors, in English and Spanish, with the safety features."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from tests.conftest import create_public_content
from tests.public_urls import CONTENT_PAGES, EMPTY_SITE_PAGES, EVERY_MISSION_PAGE, NOT_FOUND_PAGES

# What a page may load by itself (tag, attribute): all of it from this site.
LOADED = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", EVERY_MISSION_PAGE)
def test_page_has_quick_exit_crisis_lines_and_nothing_from_another_host(client, url):
    """Rendered once, every property checked. Cookies: tests/security/test_headers.py."""
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    # The quick exit and the crisis lines, the skip link to the main content.
    assert "data-quick-exit" in html
    assert 'rel="noreferrer"' in re.search(r"<a [^>]*data-quick-exit[^>]*>", html).group(0)
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="tel:+18006564673"' in html
    assert '<main id="main"' in html
    assert 'href="#main"' in html  # skip link
    # Nothing is loaded from another host.
    for tag, attribute in LOADED:
        for value in re.findall(rf"<{tag}\b[^>]*\b{attribute}=\"([^\"]*)\"", html):
            local = value.startswith("/") and not value.startswith("//")
            assert local or value == "data:,", (url, tag, value)
    assert "@import" not in html and "url(http" not in html
    # Every outbound link sends no referrer.
    for anchor in re.findall(r"<a\b[^>]*href=\"https?://[^\"]*\"[^>]*>", html):
        assert re.search(r'rel="[^"]*noreferrer', anchor), anchor


@pytest.mark.django_db
def test_spanish_pages_are_in_spanish_and_link_back(client):
    html = client.get("/es/about/").content.decode()
    assert '<html lang="es">' in html
    assert 'href="/about/"' in html  # the switcher to English
    html = client.get("/about/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/es/about/"' in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_query(client):
    html = client.get("/resources/?q=legal&need=legal").content.decode()
    assert 'href="/es/resources/?q=legal&amp;need=legal"' in html


@pytest.mark.django_db
def test_home_has_search_box_and_ways_in_by_need(client):
    from tests.resources.factories import national

    national("Line", slug="line", needs=("legal", "crisis-hotline"))  # a need tile leads where real help is
    html = client.get("/").content.decode()
    assert re.search(r'<form[^>]*action="/resources/"[^>]*method="get"', html)
    assert re.search(r'<input type="search"[^>]*name="q"[^>]*autocomplete="off"', html)
    assert 'href="/resources/?need=legal"' in html
    assert 'href="/resources/?need=crisis-hotline"' in html


@pytest.mark.django_db
def test_about_tells_the_movements_story(client):
    html = client.get("/about/").content.decode()
    for fact in [
        "Tarana Burke",
        "1996",
        "2006",
        "2017",
        "Alyssa Milano",
        "12 million",
        "825,000",
        "not an emergency service",
        "not the official site",
    ]:
        assert fact in html


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert "data-quick-exit" in html and 'href="tel:988"' in html


def test_server_error_page_needs_no_request_or_database(rf):
    from metoo_site.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "data-quick-exit" in html and 'href="tel:+18006564673"' in html


@pytest.mark.django_db
def test_spanish_pages_are_translated(client):
    html = client.get("/es/").content.decode()
    assert "Salir de esta página" in html
    assert "Buscar ayuda" in html
    assert "Exit this page" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/es//evil.example/", "/es/%5Cevil.example/", "/es/%09/evil.example/", "/es/%5C%5Cevil.example/",
            "/es/%2F%2Fevil.example/", "/es/ /evil.example/", "//evil.example/", "/%5Cevil.example/"],
)  # fmt: skip
def test_language_switcher_only_ever_links_to_this_site(client, url):
    html = client.get(url).content.decode()
    href = re.search(r'<a href="([^"]*)" hreflang="[^"]*" lang="[^"]*" class="lang-switch"', html).group(1)
    assert href.startswith("/") and href[1:2] not in {"/", "\\"}, href
    assert not re.search(r"[\s\\]", href), href
    # What a browser makes of it, stripping tabs and newlines and reading "\" as "/", stays here.
    assert urljoin("https://metoo.example.org/es/", re.sub(r"[\t\n\r]", "", href).replace("\\", "/")).startswith(
        "https://metoo.example.org/"
    )


@pytest.mark.django_db
def test_every_page_the_layout_checks_open_answers_on_this_database(client):
    """The browser's layout checks run with SQLite only (tests/conftest.py): on every
    database, each page they open answers as they expect, with the parts they look for."""
    for url in EMPTY_SITE_PAGES:
        response = client.get(url)
        assert response.status_code == (404 if url in NOT_FOUND_PAGES else 200), url
    create_public_content()
    for url in EMPTY_SITE_PAGES + CONTENT_PAGES:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == (404 if url in NOT_FOUND_PAGES else 200), url
        assert "<h1" in html and "data-quick-exit" in html and 'href="tel:911"' in html, url
