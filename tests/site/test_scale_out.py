"""Two app servers behind one load balancer: no local state, so they agree on everything.

Starts two gunicorn servers (the production configuration) against the same PostgreSQL test
database and the same Redis, and checks what a visitor going back and forth between them sees:
rate limits count across both, an edit shows at once on both (the page cache is shared and
invalidated), and the "me too" count is exact.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from stories.models import MeTooDay
from tests.resources.factories import local

pytestmark = [pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("METOO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Both servers must agree on it (CSRF, rate-limit salt); new for every run, so that counters an
# earlier run left in Redis (they live for their window, up to an hour) never count here.
SECRET = "two-servers-one-secret-" + secrets.token_urlsafe(30)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STORY = "It took me years to say it out loud, and I am saying it here today for the first time. Me too."
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def redis_answers() -> bool:
    parts = urllib.parse.urlsplit(REDIS_URL)
    with contextlib.suppress(OSError), socket.create_connection((parts.hostname, parts.port or 6379), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def two_servers(database_url: str) -> Iterator[list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env |= {
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "DJANGO_RATELIMITS": "me-too=1000/60",  # the presses below all come from 127.0.0.1
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "4",
    }
    bases, servers = [], []
    for _ in range(2):
        port = free_port()
        command = [str(Path(sys.executable).parent / "gunicorn"), "metoo_site.wsgi", "-c", "gunicorn.conf.py"]
        servers.append(subprocess.Popen([*command, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, server in zip(bases, servers, strict=True):
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(OSError):
                    if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200:
                        break
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker) -> Iterator[list[str]]:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    if not redis_answers():
        pytest.skip(f"needs Redis at {REDIS_URL} (METOO_TEST_REDIS_URL)")
    database = connection.settings_dict
    database_url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    if database["PASSWORD"]:
        user = f"{database['USER']}:{urllib.parse.quote(database['PASSWORD'])}"
        database_url = f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    with two_servers(database_url) as bases:
        yield bases


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def visit(
    url: str, data: dict[str, str] | None = None, *, jar: http.cookiejar.CookieJar | None = None
) -> tuple[int, str]:
    """One request as a browser sends it (cookies kept in ``jar``, redirects not followed)."""
    handlers = [_NoRedirect()] + ([urllib.request.HTTPCookieProcessor(jar)] if jar is not None else [])
    opener = urllib.request.build_opener(*handlers)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_as_a_new_browser(form_page: str, action: str, fields: dict[str, str]) -> int:
    """Open the form's page, then send it with the page's CSRF token (if it has one)."""
    jar = http.cookiejar.CookieJar()
    _status, html = visit(form_page, jar=jar)
    token = TOKEN.search(html)
    return visit(action, fields | ({"csrfmiddlewaretoken": token.group(1)} if token else {}), jar=jar)[0]


@pytest.mark.django_db(transaction=True)
def test_a_rate_limit_counts_the_requests_sent_to_both_servers(servers):
    fields = {"story": STORY, "consent_publish": "on", "consent_age": "on", "website_url": ""}
    statuses = [
        post_as_a_new_browser(f"{base}/stories/share/", f"{base}/stories/share/", fields)
        for base in [servers[0], servers[1], servers[0], servers[1]]
    ]
    assert statuses == [200, 200, 200, 429]  # three stories an hour per visitor, wherever they land


@pytest.mark.django_db(transaction=True)
def test_an_edit_shows_at_once_on_both_servers(servers, settings):
    settings.CACHES = REDIS_CACHE  # this process invalidates the cache the servers share
    listing = local("Harbor Counseling Center")
    pages = [f"{base}/resources/{listing.slug}/" for base in servers]
    for page in pages * 2:  # the second round is served from the shared cache
        assert "Harbor Counseling Center" in visit(page)[1]
    listing.name = "Harbor Healing Center"
    listing.save()
    for page in pages:
        html = visit(page)[1]
        assert "Harbor Healing Center" in html and "Harbor Counseling Center" not in html


@pytest.mark.django_db(transaction=True)
def test_the_me_too_count_is_exact_across_both_servers(servers):
    def press(number: int) -> int:
        base = servers[number % 2]
        return post_as_a_new_browser(f"{base}/stories/", f"{base}/stories/me-too/", {"next": "stories"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(press, range(20)))
    assert statuses.count(302) == 20
    assert MeTooDay.objects.total() == 20
