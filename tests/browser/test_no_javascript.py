"""With JavaScript off, the home search still works (every page without JavaScript: test_every_page.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_js(open_page):
    return open_page(java_script_enabled=False, viewport={"width": 360, "height": 740})


# Every page without JavaScript, and every sent form's answer, is in test_every_page.py.
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
