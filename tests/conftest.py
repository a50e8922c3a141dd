"""Personas and helpers shared by every test.

Staff sign-in goes through ``sign_in_staff`` so that whatever the admin requires (a password
today, a verified second factor in production settings) is satisfied in one place.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQLOperations
from django.test import Client
from whitenoise.base import WhiteNoise

_update_files_dictionary = WhiteNoise.update_files_dictionary
_static_scans: dict[tuple, dict] = {}


def _scan_static_files_once(self: WhiteNoise, root: str, prefix: str) -> None:
    """WhiteNoise's middleware reads the whole static folder each time it is created, which in
    production is once per worker, but in the suite is once per test ``Client`` (about 50 ms, over
    a third of the suite's time). The collected files do not change during a run, so each folder is
    read once per set of WhiteNoise options, and every later middleware gets the same responders
    (same files, same headers) that it would have built itself."""
    # The middleware's own immutable-file test is a method: the same function for every instance.
    immutable = getattr(self.immutable_file_test, "__func__", self.immutable_file_test)
    key = (root, prefix, self.max_age, self.allow_all_origins, self.charset, self.add_headers_function,
           self.index_file, immutable, tuple(sorted(self.media_types.types_map.items())))  # fmt: skip
    if key not in _static_scans:
        own, self.files = self.files, {}
        _update_files_dictionary(self, root, prefix)
        _static_scans[key], self.files = self.files, own
    self.files.update(_static_scans[key])


WhiteNoise.update_files_dictionary = _scan_static_files_once  # type: ignore[method-assign]

_postgresql_sql_flush = PostgreSQLOperations.sql_flush


def _delete_rather_than_truncate(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """Live-server and browser tests empty every table after each test (Django's flush). On
    PostgreSQL that is one TRUNCATE of every table, which swaps each table's and index's files:
    about 0.2 s, against 4 ms for a DELETE of the few rows a test wrote. The flush runs in one
    transaction and Django's foreign keys are checked at its end, so the order does not matter."""
    if reset_sequences or not tables:
        return _postgresql_sql_flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]


PostgreSQLOperations.sql_flush = _delete_rather_than_truncate  # type: ignore[method-assign]


def _static_sources() -> list[Path]:
    from django.contrib.staticfiles.finders import get_finders

    sources = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            sources.append(Path(storage.path(path)))
    return sources


def pytest_sessionstart(session: pytest.Session) -> None:
    """The suite serves pages as production does, through the collected static files and their
    manifest. ``make test`` collects them first; a plain ``pytest`` (or one after a CSS edit)
    collects them here when the manifest is missing or older than a static file, under a lock so
    that two runs side by side never collect into the same folder at once."""
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    manifest = root / "staticfiles.json"

    def current() -> bool:
        return manifest.exists() and all(p.stat().st_mtime <= manifest.stat().st_mtime for p in _static_sources())

    if current():
        return
    root.mkdir(parents=True, exist_ok=True)
    with open(root.parent / ".staticfiles.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not current():
            call_command("collectstatic", interactive=False, verbosity=0)


# Some tests prove the same whichever database the suite runs on, so a PostgreSQL run leaves them
# out (about a third of its time) and the SQLite run (the default `make test`) runs them:
# - the browser's layout checks (axe, reflow, zoom, focus, the quick exit, pages without
#   JavaScript) look at what Chromium makes of HTML that does not depend on the database: the pages
#   hold the taxonomy, one listing and one story, and tests/site/test_pages.py fetches every one of
#   them on both databases; the browser tests that send forms and follow a story through
#   moderation run on both;
# - servers and commands started with a database of their own (a closed port, a database that
#   hangs, an empty SQLite file), never the suite's.
# Mark them ``@pytest.mark.database_independent``; METOO_EVERY_TEST_ON_POSTGRESQL=1 runs them anyway.
EVERY_TEST_ON_POSTGRESQL = "METOO_EVERY_TEST_ON_POSTGRESQL"
_left_out = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if connection.vendor == "sqlite" or os.environ.get(EVERY_TEST_ON_POSTGRESQL) == "1":
        return
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        (left_out if item.get_closest_marker("database_independent") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        config.stash[_left_out] = len(left_out)
        items[:] = kept


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    left_out = config.stash.get(_left_out, 0)
    if left_out:
        terminalreporter.write_line(
            f"{left_out} tests that prove the same on every database were left out on {connection.vendor}: "
            f"the SQLite run has them ({EVERY_TEST_ON_POSTGRESQL}=1 runs them here too; tests/conftest.py says why)"
        )


def sign_in_staff(client: Client, user: User) -> Client:
    """Sign ``user`` in to the admin the way a real sign-in would leave the session.

    With the second factor on (the default when DEBUG is off, so in this suite), that is a
    password sign-in plus a confirmed authenticator app that verified this session, exactly
    what ``django_otp.login`` records after a correct six-digit code.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test app"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture(scope="session", autouse=True)
def _templates_rendered_without_instrumentation(django_test_environment):
    """Django's test environment wraps every template render to send a signal, and its test
    ``Client`` copies the whole context on each one, so that ``response.context`` and
    ``assertTemplateUsed`` work. No test here reads them (tests check the HTML a visitor gets),
    and the copies cost about a sixth of the hostile-input suite's time: templates render as in production."""
    from django.template.base import PartialTemplate, Template
    from django.test.utils import _TestState

    saved = _TestState.saved_data  # what setup_test_environment() replaced, restored at its teardown
    instrumented = Template._render, PartialTemplate._render
    Template._render, PartialTemplate._render = saved.template_render, saved.partial_template_render
    yield
    Template._render, PartialTemplate._render = instrumented


@pytest.fixture(autouse=True)
def _closed_database_breaker():
    """A test that makes the database fail opens the breaker of this process: close it again.
    Likewise a test that makes Redis fail: the cache and the counters would skip it for 30 s."""
    from metoo_site import counters, pagecache
    from metoo_site.breaker import database_breaker

    yield
    database_breaker.reset()
    pagecache._outage.reset()
    counters._redis_outage.reset()
    counters._redis_client = None


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor's browser, with CSRF checks on as in real life."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.org", "a-long-admin-password-1")


@pytest.fixture
def admin_client(admin_user) -> Client:
    return sign_in_staff(Client(), admin_user)


@pytest.fixture
def moderator_user(db) -> User:
    """A staff member in the Moderators group (created by the stories migrations), nothing more."""
    user = User.objects.create_user("moderator", "mod@example.org", "a-long-moderator-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(moderator_user) -> Client:
    return sign_in_staff(Client(), moderator_user)


def create_public_content() -> dict:
    """What the URLs in tests/public_urls.py show: one published listing and one approved story.

    The taxonomy is seeded again because live-server tests flush the database after each test,
    data migrations' rows included (the Moderators group comes back by itself, on post_migrate).
    """
    from datetime import time

    from resources.models import Community, Need, Resource
    from resources.taxonomy import DEFAULT_COMMUNITIES, DEFAULT_NEEDS
    from stories import services
    from stories.models import Story
    from tests.public_urls import LISTING, STORY, STORY_TEXT
    from tests.resources.factories import local

    for order, (slug, name, name_es) in enumerate(DEFAULT_NEEDS):
        Need.objects.get_or_create(slug=slug, defaults={"name": name, "name_es": name_es, "order": order})
    for order, (slug, name, name_es) in enumerate(DEFAULT_COMMUNITIES):
        Community.objects.get_or_create(slug=slug, defaults={"name": name, "name_es": name_es, "order": order})
    listing = local(
        "Lakeshore Survivor Center",
        slug=LISTING,
        organization="Lakeshore Health",
        description="Free, confidential counseling and hospital accompaniment.",
        phone="312-555-0100",
        city="Chicago",
        state="IL",
        street="100 E Randolph St",
        needs=(DEFAULT_NEEDS[0][0], DEFAULT_NEEDS[1][0]),
        communities=(DEFAULT_COMMUNITIES[0][0],),
        languages=("en", "es"),
        modes=("phone", "in-person"),
        hours=tuple((day, time(9), time(17)) for day in range(5)),
        cost=Resource.Cost.FREE,
    )
    story, _code = services.story_submit(
        text=STORY_TEXT, content_warnings=["harassment"], consent_publish=True, consent_age=True, state="IL"
    )
    Story.objects.filter(pk=story.pk).update(public_id=STORY)
    story.refresh_from_db()
    moderator = User.objects.create_user("sample-moderator", is_staff=True)  # no password: nothing to hash
    moderator.groups.add(Group.objects.get(name="Moderators"))
    story = services.story_approve(story=story, moderator=moderator)
    return {"listing": listing, "story": story}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and whole pages live in the cache (metoo_site/pagecache.py); no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
