"""WCAG 2.2 AA as far as a browser can check it: axe-core, keyboard use, reflow, zoom, motion.

axe-core comes from the axe-playwright-python package (only its axe.min.js file is used; axe-core
is MPL-2.0). It is injected with `page.evaluate`, which runs through the DevTools protocol and so is
not subject to the page's Content-Security-Policy: the page is scanned exactly as it is served,
with its strict CSP on (an injected <script> tag would be blocked by `script-src 'self'`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.database_independent]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    page.evaluate(axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
            "why": violation["nodes"][0]["failureSummary"] if violation["nodes"] else "",
        }
        for violation in result["violations"]
    ]


def focused(page) -> dict:
    """What has the keyboard focus, and whether the focus can be seen."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            className: el.className,
            text: (el.textContent || "").trim().slice(0, 40),
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
            shadow: style.boxShadow !== "none",
            inViewport: (() => {
              const box = el.getBoundingClientRect();
              return box.bottom > 0 && box.top < innerHeight && box.width > 0 && box.height > 0;
            })(),
            // WCAG 2.4.11: the sticky quick-exit bar must not cover what has the focus.
            covered: (() => {
              const box = el.getBoundingClientRect();
              const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
              return Boolean(top) && !el.contains(top) && !top.contains(el);
            })(),
          };
        }"""
    )


@pytest.mark.parametrize("url", ["/resources/", "/stories/"])
def test_axe_finds_no_violations_on_directory_and_stories_pages_before_anything_is_published(page, db, url):
    page.goto(url)
    assert axe_violations(page) == []


# Every error shown in a form is read out with its field: the field (or its group's fieldset)
# names the error list in aria-describedby. Returns the errors that are not tied to anything.
UNTIED_ERRORS = """() => {
  const named = id => [...document.querySelectorAll('[aria-describedby]')]
    .some(e => e.getAttribute('aria-describedby').split(/\\s+/).includes(id));
  const lists = [...document.querySelectorAll('main form .errorlist')];
  const untied = lists.filter(list => !list.id || !named(list.id)).map(list => list.textContent.trim());
  const invalid = [...document.querySelectorAll('main [aria-invalid=true]')].filter(control => {
    const owner = control.closest('fieldset[aria-describedby]') || control;
    const ids = (owner.getAttribute('aria-describedby') || '').split(/\\s+/);
    return !ids.some(id => document.getElementById(id)?.classList.contains('errorlist'));
  }).map(control => control.name);
  return [...untied, ...invalid];
}"""


def test_content_warning_error_is_tied_to_its_group_of_boxes(page, db):
    page.goto("/stories/share/")
    page.evaluate("document.querySelector('#id_content_warnings_0').value = 'not-a-topic'")  # a forged choice
    page.check("#id_content_warnings_0")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my story for review").click()
    assert page.locator("#id_content_warnings_error").is_visible()
    assert page.evaluate(UNTIED_ERRORS) == []


def test_axe_scan_does_catch_a_violation(page):
    """The scans above are not vacuous: a page without a language, or a link without text, is reported."""
    page.goto("/")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    page.evaluate("document.querySelector('.site-nav a').textContent = ''")
    rules = [violation["rule"] for violation in axe_violations(page)]
    assert "html-has-lang" in rules
    assert "link-name" in rules


@pytest.mark.parametrize("url", ["/", "/es/get-help/"])
def test_axe_finds_no_violations_on_a_wide_screen(open_page, url):
    # axe needs JavaScript, so the no-JS rendering is covered by test_no_javascript.py instead.
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    assert axe_violations(page) == []


def test_tab_reaches_the_skip_link_first_then_the_quick_exit(page):
    page.goto("/about/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["className"]
    assert first["inViewport"] and first["outline"]
    page.keyboard.press("Tab")
    second = focused(page)
    assert "quick-exit-button" in second["className"]
    assert second["inViewport"] and second["outline"]


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/get-help/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("url", ["/", "/es/safety/"])
def test_every_link_and_control_shows_where_the_keyboard_is(open_page, url, width):
    page = open_page(viewport={"width": width, "height": 640})
    page.goto(url)
    stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, summary').length")
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body":
            break
        seen.append(now)
        assert now["outline"] or now["shadow"], f"focus is invisible on {now}"
        assert now["inViewport"], f"focus is off screen on {now}"
        assert not now["covered"], f"focus is hidden under something on {now}"
    assert len(seen) >= 10


def assert_no_sideways_scrolling(page, viewport: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"scrolls sideways at {viewport['width']} px: {width} px"
    clipped = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
             .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 1)
             .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        viewport["width"],
    )
    assert clipped == []


def test_reduced_motion_turns_off_animation_and_smooth_scrolling(open_page):
    page = open_page(reduced_motion="reduce")
    page.goto("/")
    moving = page.evaluate(
        """[...document.querySelectorAll('*')].filter(e => {
             const s = getComputedStyle(e);
             return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0
                 || s.scrollBehavior === 'smooth';
           }).map(e => e.tagName).slice(0, 5)"""
    )
    assert moving == []
