"""With JavaScript off, every page is complete and the home search still works."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import send_form
from tests.public_pages import ALL_PAGES, ANSWER_PAGES, CONTENT_PAGES, NOT_FOUND_PAGES

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_js(open_page):
    return open_page(java_script_enabled=False, viewport={"width": 360, "height": 740})


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_renders_without_javascript(page_without_js, browser_log, url):
    page = page_without_js
    response = page.goto(url)
    assert response.status == (404 if url in NOT_FOUND_PAGES else 200)
    assert page.locator("h1").first.is_visible()
    assert page.locator("a[data-quick-exit]").is_visible()
    assert page.locator("a[href='tel:911']").first.is_visible()
    assert browser_log.failed_responses == []


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_directory_and_stories_pages_render_without_javascript(page_without_js, site_content, browser_log, url):
    page = page_without_js
    assert page.goto(url).status == 200
    assert page.locator("h1").first.is_visible()
    assert page.locator("a[data-quick-exit]").is_visible()
    assert browser_log.failed_responses == []


@pytest.mark.parametrize("answer", ANSWER_PAGES)
def test_sent_forms_answer_without_javascript(page_without_js, site_content, browser_log, answer):
    page = send_form(page_without_js, *ANSWER_PAGES[answer])
    assert page.locator("h1").first.is_visible()
    assert browser_log.refused_pages() == []
    assert browser_log.failed_responses == []


@pytest.mark.parametrize("home", ["/", "/es/"])
def test_home_search_form_submits_without_javascript(page_without_js, home):
    page = page_without_js
    page.goto(home)
    page.fill("#home-q", "counseling")
    page.fill("#home-near", "10001")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    address = urlsplit(page.url)
    assert address.path == home + "resources/"
    assert parse_qs(address.query) == {"q": ["counseling"], "near": ["10001"]}
    assert page.locator("h1").first.is_visible()
