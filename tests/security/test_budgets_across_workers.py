"""A budget holds exactly however many workers serve the site (issue 12, item 3).

With a per-process cache, every gunicorn worker kept its own counts: with two workers, 6 stories an
hour were accepted where the limit is 3, 20 wrong codes before a 429 where it is 10, and a lock-out
came after 10 wrong passwords where it is 5. These tests send concurrent requests to one real
server with two workers of four threads, on the test database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import re
import threading
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from django.contrib.auth.hashers import ScryptPasswordHasher
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection

from metoo_site.ratelimit import BUDGETS
from stories.models import MeTooDay, ModerationLog, Story
from tests.public_urls import STORY_TEXT
from tests.security.servers import NoRedirect, ServerDatabase, fetch, gunicorn_server, production_env

# Needed for the test database to be set up; each test's own transaction is not what the server sees.
pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-password-1"
STAFF = ("locked-out", "one-short")
LOCKED = "Too many attempts"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    directory = tmp_path_factory.mktemp("budgets")
    with django_db_blocker.unblock():
        # A cheap scrypt hash: the server reads the work factor from the stored hash, and scrypt
        # (unlike PBKDF2) does not pad a wrong password's check to the full default cost.
        cheap = ScryptPasswordHasher().encode(PASSWORD, "budgets-salt", n=2**4, r=1, p=1)
        User.objects.bulk_create([User(username=name, password=cheap, is_staff=True) for name in STAFF])
        database = ServerDatabase(directory)
        env = production_env(DATABASE_URL=database.url, DJANGO_ADMIN_2FA="False")
        try:
            with gunicorn_server(env, log=directory / "gunicorn.log") as base:
                yield base, database
        finally:  # what the server wrote, on PostgreSQL; on SQLite it wrote to its own copy
            Session.objects.all().delete()
            Story.objects.all().delete()
            ModerationLog.objects.all().delete()  # kept when a story goes (the audit trail)
            MeTooDay.objects.all().delete()
            User.objects.filter(username__in=STAFF).delete()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM limits_counter")


class Browser:
    """One visitor's browser: its own cookies; posts come from this site's pages."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.base + path, opener=self.opener)

    def post(self, path: str, fields: dict, *, form: str | None = None) -> tuple[int, str]:
        if form:  # a longer form: its page first, for Django's CSRF cookie and token
            html = self.get(form)[1]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            assert token, f"no CSRF token on {form}"
            fields |= {"csrfmiddlewaretoken": token[1]}
        headers = {"Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        return fetch(
            self.base + path, data=urllib.parse.urlencode(fields).encode(), headers=headers, opener=self.opener
        )


def all_at_once(count: int, send) -> Counter:
    """Run ``send()`` from ``count`` threads released together; count the statuses."""
    start = threading.Barrier(count)

    def one(_: int) -> int:
        start.wait()
        return send()[0]

    with ThreadPoolExecutor(count) as pool:
        return Counter(pool.map(one, range(count)))


def test_me_too_presses_stop_exactly_at_the_budget(site):
    base, _ = site
    limit = BUDGETS["me-too"].limit
    statuses = all_at_once(limit * 2, lambda: Browser(base).post("/stories/me-too/", {"next": "stories"}))
    assert statuses == Counter({302: limit, 429: limit})


def test_stories_stop_exactly_at_the_budget(site):
    base, database = site
    limit = BUDGETS["story-share"].limit
    browsers = [Browser(base) for _ in range(limit * 2)]
    fields = {"story": STORY_TEXT, "consent_publish": "on", "consent_age": "on"}
    forms = iter(browsers)
    lock = threading.Lock()

    def send():
        with lock:
            browser = next(forms)
        return browser.post("/stories/share/", dict(fields), form="/stories/share/")

    assert all_at_once(len(browsers), send) == Counter({200: limit, 429: limit})
    assert database.rows("SELECT COUNT(*) FROM stories_story") == [(limit,)]


def test_wrong_codes_stop_exactly_at_the_budget(site):
    base, _ = site
    limit = BUDGETS["story-status"].limit
    statuses = all_at_once(
        limit * 2,
        lambda: Browser(base).post("/stories/status/", {"code": "K7QH-3MPX-9TRC-W2YD"}, form="/stories/status/"),
    )
    assert statuses == Counter({404: limit, 429: limit})


def staff_sign_in(base: str, username: str, password: str) -> tuple[int, str]:
    return Browser(base).post("/admin/login/", {"username": username, "password": password}, form="/admin/login/")


def test_staff_sign_in_locks_after_exactly_the_allowed_failures(site, settings):
    base, database = site
    failures = settings.LOGIN_MAX_FAILURES
    wrong = all_at_once(failures, lambda: staff_sign_in(base, "locked-out", "not-the-password-1"))
    assert wrong == Counter({200: failures})
    status, html = staff_sign_in(base, "locked-out", PASSWORD)
    assert status == 200 and LOCKED in html  # the right password, too late
    # One failure fewer does not lock: the budget is exact, not merely shared.
    all_at_once(failures - 1, lambda: staff_sign_in(base, "one-short", "not-the-password-1"))
    assert staff_sign_in(base, "one-short", PASSWORD)[0] == 302
    # What the counters keep: salted hashes, never the address or the username.
    keys = " ".join(key for (key,) in database.rows("SELECT key FROM limits_counter"))
    assert keys and "127.0.0.1" not in keys and "locked-out" not in keys and "one-short" not in keys
