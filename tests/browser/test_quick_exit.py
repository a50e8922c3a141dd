"""Quick exit in a real browser: the button, Shift three times, no JavaScript, always on screen.

The exit page is answered by a stub (see conftest), so nothing leaves this machine.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.public_urls import MISSION_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.database_independent]

EXIT_BUTTON = "a[data-quick-exit]"
IS_LEAVING = "document.documentElement.classList.contains('quick-exit-active')"


# Runs after the quick-exit script's own handler (the listener on window hears the event last),
# so it sees the page as it is being left.
RECORD_THE_PAGE_AS_LEFT = """
addEventListener("click", () => console.log("as left: " + JSON.stringify({
  title: document.title,
  shown: [...document.body.children].filter(e => getComputedStyle(e).display !== "none").length,
})));
"""


def test_exit_button_blanks_the_page_before_leaving(page, settings):
    held = []  # the exit page is held back, so the page being left stays alive to report on itself
    page.route(settings.QUICK_EXIT_URL + "**", lambda route: held.append(route))
    page.goto("/about/")
    page.evaluate(RECORD_THE_PAGE_AS_LEFT)
    box = page.locator(EXIT_BUTTON).bounding_box()
    with (
        page.expect_request(lambda request: request.url.startswith(settings.QUICK_EXIT_URL)),
        page.expect_console_message(lambda message: message.text.startswith("as left: ")) as message,
    ):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # does not wait to arrive
    assert json.loads(message.value.text.removeprefix("as left: ")) == {"title": "", "shown": 0}


def test_exit_button_opens_the_exit_page_and_back_skips_the_page_left(page, exit_stub, browser_log):
    exit_url = exit_stub(page)
    page.goto("/")
    page.goto("/safety/")
    page.click(EXIT_BUTTON)
    page.wait_for_url(exit_url)
    assert page.title() == "Weather"
    page.go_back()
    assert not page.url.endswith("/safety/")  # replaced, not added to history
    assert page.url.endswith("/")
    assert all("referer" not in request["headers"] for request in browser_log.exit_requests)


def test_shift_pressed_three_times_leaves(page, exit_stub):
    exit_url = exit_stub(page)
    page.goto("/get-help/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_url)


def test_shift_pressed_twice_stays(page, exit_stub, browser_log):
    exit_stub(page)
    page.goto("/get-help/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    # The script decides on keyup, synchronously: by the time this evaluate runs, it has decided.
    assert not page.evaluate(IS_LEAVING)
    assert page.url.endswith("/get-help/")
    assert browser_log.exit_requests == []


def test_typing_capital_letters_in_the_search_box_stays(page, exit_stub, browser_log):
    exit_stub(page)
    page.goto("/")
    page.click("#home-q")
    for letter in "ABC":  # Shift goes down and up once per capital, as when typing a name
        page.keyboard.down("Shift")
        page.keyboard.press(f"Key{letter}")
        page.keyboard.up("Shift")
    assert page.input_value("#home-q") == "ABC"
    assert not page.evaluate(IS_LEAVING)
    assert browser_log.exit_requests == []


def test_without_javascript_the_exit_is_a_plain_link_that_still_leaves(open_page, exit_stub, browser_log):
    page = open_page(java_script_enabled=False)
    exit_url = exit_stub(page)
    page.goto("/privacy/")
    button = page.locator(EXIT_BUTTON)
    assert "noreferrer" in button.get_attribute("rel").split()
    assert button.get_attribute("href") == exit_url
    button.click()
    page.wait_for_url(exit_url)
    assert browser_log.exit_requests
    assert "referer" not in browser_log.exit_requests[0]["headers"]


@pytest.mark.parametrize("url", [MISSION_PAGES[0], "/privacy/"])
def test_exit_button_stays_on_screen_after_scrolling_to_the_bottom(open_page, url):
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto(url)
    for width in (320, 360, 1280):  # the same page, laid out again at each width
        page.set_viewport_size({"width": width, "height": 640})
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert page.evaluate("window.scrollY") > 0, f"the page should be long enough to scroll at {width} px"
        expect(page.locator(EXIT_BUTTON)).to_be_in_viewport(ratio=1)
