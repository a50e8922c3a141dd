"""Every page loads as a visitor's browser sees it: its own CSS and JS, nothing else, no errors."""

from __future__ import annotations

import pytest

from tests.public_pages import ALL_PAGES, NOT_FOUND_PAGES

pytestmark = pytest.mark.browser

# The Permissions-Policy header turns off features for every browser; each browser warns about
# the names it does not know yet. That is expected, not a fault of the page.
EXPECTED_CONSOLE_NOISE = ("Error with Permissions-Policy header: Unrecognized feature",)


def real_errors(messages: list[str], url: str) -> list[str]:
    expected = EXPECTED_CONSOLE_NOISE
    if url in NOT_FOUND_PAGES:  # the browser reports the page's own 404 status
        expected += ("Failed to load resource: the server responded with a status of 404",)
    return [message for message in messages if not message.startswith(expected)]


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
    assert real_errors(browser_log.console_errors, url) == []  # a CSP violation would be reported here
