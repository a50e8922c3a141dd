"""Every public page in a real browser, opened once per way of seeing it, with every check run on it.

- At a phone's size with JavaScript on: it loads its own CSS and JS and nothing from elsewhere, with
  no error on the console (a CSP violation would be one), and axe-core finds no WCAG 2.2 AA
  violation; then, narrowed to 320 CSS px (WCAG's reflow width, a 1280 px window at 400%), nothing
  scrolls sideways.
- At 640 CSS px (that window at 200% zoom: zooming narrows the layout viewport in CSS pixels,
  which is all that layout sees), nothing scrolls sideways.
- With JavaScript off: the page is complete (its heading, the quick exit, 911).


The pages come from tests/public_urls.py; the axe and reflow helpers from test_accessibility.py.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import send_form
from tests.browser.test_accessibility import UNTIED_ERRORS, assert_no_sideways_scrolling, axe_violations
from tests.public_urls import ANSWER_PAGES, CONTENT_PAGES, EMPTY_SITE_PAGES, NOT_FOUND_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.database_independent]

PHONE = {"width": 390, "height": 800}
NARROWEST = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 400}
PHONE_WITHOUT_JS = {"width": 360, "height": 740}

# The browser reports a page's own 404 status on the console.
PAGE_NOT_FOUND = "Failed to load resource: the server responded with a status of 404"


def assert_complete_without_javascript(page) -> None:
    assert page.locator("h1").first.is_visible()
    assert page.locator("a[data-quick-exit]").is_visible()


@pytest.mark.parametrize("url", EMPTY_SITE_PAGES)
def test_page_loads_is_accessible_reflows_and_works_without_javascript(open_page, browser_log, url):
    status = 404 if url in NOT_FOUND_PAGES else 200

    page = open_page(viewport=PHONE)
    assert page.goto(url).status == status
    # The stylesheet applied (the body has the site's paper colour) and the script ran
    # (it found the quick exit link); both came through whitenoise with hashed names.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 251, 248)"
    assert page.evaluate("document.querySelector('script[src]').src").split("/")[-1].startswith("site.")
    assert axe_violations(page) == []
    page.set_viewport_size(NARROWEST)
    assert_no_sideways_scrolling(page, NARROWEST)
    expected = (PAGE_NOT_FOUND,) if status == 404 else ()
    assert browser_log.unexpected_console_errors(*expected) == []

    page.set_viewport_size(ZOOMED)
    assert_no_sideways_scrolling(page, ZOOMED)
    page.set_viewport_size(PHONE)

    without_js = open_page(java_script_enabled=False, viewport=PHONE_WITHOUT_JS)
    assert without_js.goto(url).status == status
    assert_complete_without_javascript(without_js)
    assert without_js.locator("a[href='tel:911']").first.is_visible()

    assert browser_log.failed_responses == []
    assert browser_log.foreign_requests == []


@pytest.mark.parametrize("url", CONTENT_PAGES)
def test_directory_and_stories_page_is_accessible_reflows_and_works_without_javascript(
    open_page, site_content, browser_log, url
):
    page = open_page(viewport=PHONE)
    assert page.goto(url).status == 200
    assert axe_violations(page) == []
    page.set_viewport_size(NARROWEST)
    assert_no_sideways_scrolling(page, NARROWEST)
    page.set_viewport_size(PHONE)

    without_js = open_page(java_script_enabled=False, viewport=PHONE_WITHOUT_JS)
    assert without_js.goto(url).status == 200
    assert_complete_without_javascript(without_js)
    assert browser_log.failed_responses == []


@pytest.mark.parametrize("answer", ANSWER_PAGES)
def test_what_a_sent_form_shows_is_accessible_reflows_and_works_without_javascript(
    open_page, site_content, browser_log, answer
):
    page = send_form(open_page(viewport=PHONE), *ANSWER_PAGES[answer])
    if "errors" in answer:
        assert page.locator("main .errorlist").first.is_visible()
        assert page.evaluate(UNTIED_ERRORS) == []
    if answer == "share-thanks":
        assert page.locator("main code.private-code").is_visible()
    assert axe_violations(page) == []
    page.set_viewport_size(NARROWEST)
    assert_no_sideways_scrolling(page, NARROWEST)
    page.set_viewport_size(PHONE)

    without_js = send_form(open_page(java_script_enabled=False, viewport=PHONE_WITHOUT_JS), *ANSWER_PAGES[answer])
    assert without_js.locator("h1").first.is_visible()
    assert browser_log.refused_pages() == []
    assert browser_log.failed_responses == []
