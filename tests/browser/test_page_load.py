"""Every page loads as a visitor's browser sees it: its own CSS and JS, nothing else, no errors."""

from __future__ import annotations

import pytest

from tests.public_pages import ALL_PAGES, NOT_FOUND_PAGES

pytestmark = pytest.mark.browser

# The browser reports a page's own 404 status on the console.
PAGE_NOT_FOUND = "Failed to load resource: the server responded with a status of 404"


@pytest.mark.parametrize("url", ALL_PAGES)
def test_page_loads_its_styles_and_script_and_nothing_from_elsewhere(page, browser_log, url):
    response = page.goto(url)
    assert response.status == (404 if url in NOT_FOUND_PAGES else 200)
    # The stylesheet applied (the body has the site's paper colour) and the script ran
    # (it found the quick exit link); both came through whitenoise with hashed names.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 251, 248)"
    assert page.evaluate("document.querySelector('script[src]').src").split("/")[-1].startswith("site.")
    assert browser_log.failed_responses == []
    assert browser_log.foreign_requests == []
    expected = (PAGE_NOT_FOUND,) if url in NOT_FOUND_PAGES else ()
    assert browser_log.unexpected_console_errors(*expected) == []  # a CSP violation would be reported here
