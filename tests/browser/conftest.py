"""Browser fixtures: the system Chromium driven by Playwright against Django's live server.

One browser is shared by the whole test session (starting Chromium is the slow part); every test
gets fresh browser contexts, so no cookie, cache or storage leaks from one test to the next.
Playwright never downloads a browser here: it drives Debian's Chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Headless, and nothing that talks to the network on its own: this machine and CI have no internet,
# and a browser phoning home would also make "zero third-party requests" impossible to check.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The Permissions-Policy header turns off features for every browser; each browser warns about
# the names it does not know yet. That is expected, not a fault of the page.
EXPECTED_CONSOLE_NOISE = ("Error with Permissions-Policy header: Unrecognized feature",)

# What the quick exit's neutral page is answered with in tests (nothing leaves this machine).
EXIT_STUB_BODY = "<!doctype html><title>Weather</title><p>Sunny, 21 degrees.</p>"


def find_chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _no_browser(reason: str) -> None:
    """Skip, except where browser tests are required (CI sets METOO_REQUIRE_BROWSER=1)."""
    if os.environ.get("METOO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (METOO_REQUIRE_BROWSER=1, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = find_chromium()
    if executable is None:
        _no_browser("No Chromium found (apt-get install chromium) at 'chromium' on PATH or /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements-dev
        _no_browser("The playwright Python package is not installed (make install-dev)")
    # While Playwright's sync API is running, an asyncio event loop is marked as running in this
    # thread, so Django takes the test's plain synchronous database calls (such as the flush after
    # each live-server test) for async code and refuses them (SynchronousOnlyOperation). The check
    # is a false alarm here; it is switched off only while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _through_the_site(application):
    """No test-only static handler: /static/ goes through the site's own middleware stack."""
    return application


@pytest.fixture(scope="session")
def live_server(request) -> Iterator:
    """pytest-django's live server, serving static files the way production does.

    Its default static handler looks files up with the staticfiles finders, which know nothing of
    the hashed names that the manifest storage (DEBUG off) puts in pages, so CSS and JS would 404.
    Without it, WhiteNoiseMiddleware serves the collected files (`make test` runs collectstatic).
    """
    from django.test.testcases import QuietWSGIRequestHandler
    from pytest_django.live_server_helper import LiveServer

    # One request per connection. Chromium keeps idle connections open, and each holds a server
    # thread (sharing this process's database connection on SQLite, holding one of its own on
    # PostgreSQL) until Chromium drops it, long after the test that opened it: such a thread then
    # closed the shared connection from the wrong thread, and kept the test database in use.
    QuietWSGIRequestHandler.protocol_version = "HTTP/1.0"
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    # django-stubs types this as a WSGIHandler subclass; Django only calls it with the application.
    server.thread.static_handler = _through_the_site  # type: ignore[assignment]
    server.start()
    yield server
    server.stop()
    QuietWSGIRequestHandler.protocol_version = "HTTP/1.1"


@dataclass
class BrowserLog:
    """What the browser did besides showing the page: the things a visitor never sees."""

    console_errors: list[str] = field(default_factory=list)  # CSP violations land here too
    failed_responses: list[str] = field(default_factory=list)  # 4xx/5xx other than the page itself
    foreign_requests: list[str] = field(default_factory=list)  # anything not for the live server
    exit_requests: list[dict] = field(default_factory=list)  # requests for the quick exit's page
    documents: list[str] = field(default_factory=list)  # "status URL" of every page loaded

    def unexpected_console_errors(self, *expected: str) -> list[str]:
        """Console errors other than known browser noise (a CSP violation would be one)."""
        return [text for text in self.console_errors if not text.startswith((*EXPECTED_CONSOLE_NOISE, *expected))]

    def refused_pages(self) -> list[str]:
        """Pages answered 403 (a CSRF failure) or 5xx."""
        return [line for line in self.documents if line.startswith("403 ") or line.startswith("5")]


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture(scope="session")
def browser_contexts(browser, live_server) -> Iterator[Callable]:
    """Contexts shared by the session, one per set of options (creating one costs about 0.3 s).

    Sharing is safe because every test gets a fresh page, with its own history and routes, and
    the cookies a form page sets (CSRF, session) are cleared after each test (see `open_page`).
    """
    contexts: dict[str, Any] = {}

    def get(**options):
        key = repr(sorted(options.items()))
        if key not in contexts:
            contexts[key] = browser.new_context(base_url=live_server.url, **options)
        return contexts[key]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="session")
def idle_pages() -> dict[str, list]:
    """Open pages waiting for the next test, by set of context options (see ``open_page``)."""
    return {}


@pytest.fixture
def open_page(browser, browser_contexts, idle_pages, live_server, settings, browser_log) -> Iterator[Callable]:
    """A page: `open_page(java_script_enabled=False, viewport={...})`.

    Pages are kept open from one test to the next, one pool per set of options: opening a page
    costs Chromium about three times what loading a URL in an open one does. After each test a
    page is cleaned as a new one would be: its listeners and routes removed, the cookies of its
    context and its storage cleared. Only its history remains, which no test reads before its own
    ``goto`` (and whatever the last test left loading is ended by that ``goto``).
    `open_page(own_context=True)` gives a new page with a cookie jar of its own, for tests where two
    people use the site at once (a writer and a moderator); it is closed after the test.
    Requests are watched, not intercepted (interception costs about 0.1 s a page): a request to
    another host is logged, so a test can assert the site asked for nothing from elsewhere.
    """
    pages: list[tuple[str, Any]] = []
    own_contexts = []

    def on_request(request) -> None:
        # The quick exit's page is expected to be asked for; tests answer it with `exit_stub`.
        if not request.url.startswith((live_server.url + "/", "data:", settings.QUICK_EXIT_URL)):
            browser_log.foreign_requests.append(request.url)

    def on_response(response) -> None:
        if response.request.resource_type == "document":
            browser_log.documents.append(f"{response.status} {response.url}")
        elif response.status >= 400:
            browser_log.failed_responses.append(f"{response.status} {response.url}")

    def on_console(message) -> None:
        if message.type == "error":
            browser_log.console_errors.append(message.text)

    listeners = {"request": on_request, "response": on_response, "console": on_console}

    def make(own_context: bool = False, **context_options):
        key = repr(sorted(context_options.items()))
        if own_context:
            context = browser.new_context(base_url=live_server.url, **context_options)
            own_contexts.append(context)
            page = context.new_page()
        else:
            idle = idle_pages.setdefault(key, [])
            page = idle.pop() if idle else browser_contexts(**context_options).new_page()
            pages.append((key, page))
        for event, listener in listeners.items():
            page.on(event, listener)
        return page

    yield make
    for context in {page.context for _, page in pages}:
        context.clear_cookies()
    for key, page in pages:
        if page.is_closed():
            continue
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
        page.unroute_all()
        if page.url.startswith(live_server.url):
            page.evaluate("() => { sessionStorage.clear(); localStorage.clear(); }")
        idle_pages[key].append(page)
    for context in own_contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A page at a typical phone size, with JavaScript on."""
    return open_page(viewport={"width": 390, "height": 800})


@pytest.fixture
def exit_stub(settings, browser_log) -> Callable:
    """Answer the quick exit's neutral page with a stub, so nothing leaves this machine.

    Call it with a page before leaving: `exit_stub(page)`. Returns the exit URL.
    """

    def fulfil(route, request) -> None:
        browser_log.exit_requests.append({"url": request.url, "headers": request.headers})
        route.fulfill(status=200, content_type="text/html", body=EXIT_STUB_BODY)

    def install(page) -> str:
        page.route(settings.QUICK_EXIT_URL + "**", fulfil)
        return settings.QUICK_EXIT_URL

    return install


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate limits and sign-in lock-outs count in the cache, and every browser is 127.0.0.1 here."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_content(transactional_db) -> dict:
    """What the directory and stories pages in tests/public_urls.py's CONTENT_PAGES show."""
    from tests.conftest import create_public_content

    return create_public_content()


def press(page, target) -> None:
    """Click a link or button (a locator or selector) and wait until the page it opens has loaded.

    A plain click returns once the next page starts to arrive, while its document may still be
    empty: reading the page straight after would race the browser.
    """
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def send_form(page, url: str, fields: dict[str, str], ticks: list[str]):
    """Open the page with a form, fill it in, tick boxes, press its button, wait for the answer."""
    page.goto(url)
    for selector, text in fields.items():
        page.fill(selector, text)
    for selector in ticks:
        page.check(selector)
    press(page, page.locator("main form[method=post] [type=submit]").first)
    return page
