"""With the database down, every page is the static 503 page with the crisis lines, fast."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from tests.public_urls import PUBLIC_PAGES
from tests.security.servers import fetch as server_fetch
from tests.security.servers import gunicorn_server, production_env

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_DATABASE = "postgres://postgres@127.0.0.1:1/metoo_outage"


def assert_outage_page(response) -> None:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    assert "it was not saved" in html or "no se guardó" in html  # /es/ pages answer in Spanish
    assert 'href="tel:988"' in html and 'href="tel:+18006564673"' in html and 'href="tel:911"' in html
    assert "data-quick-exit" in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.fixture
def database_down(monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_is_the_outage_page_when_the_database_is_down(client, database_down, url):
    assert_outage_page(client.get(url))


@pytest.mark.django_db
def test_a_submission_during_an_outage_is_told_plainly_it_was_not_saved(database_down):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post("/stories/share/", {"story": "my words", "consent": "on"})
    assert_outage_page(response)
    assert "my words" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_stays_up_and_readyz_says_not_ready(client, database_down):
    assert client.get("/healthz").status_code == 200
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_failing_in_the_middle_of_a_request_is_the_outage_page(admin_client, error):
    # The admin reads the session and the user from the database inside the view.
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error("server closed")):
        response = admin_client.get("/admin/")
    assert_outage_page(response)


@pytest.mark.django_db
def test_other_errors_are_still_the_500_page(rf):
    from metoo_site.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


def test_database_error_outside_a_view_is_the_outage_page(rf):
    from metoo_site.views import server_error

    try:
        raise OperationalError("down while saving the session")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert_outage_page(response)


@pytest.mark.django_db
def test_browsing_a_page_runs_no_query(client, django_assert_num_queries):
    # No session or user lookup for a visitor without cookies: only the connection is checked.
    with django_assert_num_queries(0):
        assert client.get("/about/").status_code == 200


@pytest.fixture
def production_server_without_database(tmp_path):
    """gunicorn with production settings and DATABASE_URL pointing at a closed port."""
    env = production_env(DATABASE_URL=CLOSED_PORT_DATABASE, WEB_CONCURRENCY="1")
    with gunicorn_server(env, log=tmp_path / "gunicorn.log", warm=False) as base:
        yield base


@pytest.mark.database_independent  # gunicorn with a database of its own
def test_production_server_with_the_database_down_serves_the_outage_page(production_server_without_database):
    base = production_server_without_database
    status, html = server_fetch(base + "/")
    assert status == 503
    assert "it was not saved" in html and 'href="tel:988"' in html and "data-quick-exit" in html
    assert "Traceback" not in html
    assert server_fetch(base + "/get-help/")[0] == 503
    assert server_fetch(base + "/healthz")[0] == 200
    assert server_fetch(base + "/readyz")[0] == 503
    # A submission during an outage must not look accepted.
    status, html = server_fetch(base + "/stories/share/", data=b"story=x&consent=on")
    assert status == 503
    assert "it was not saved" in html


# --- a database that accepts connections and never answers (issue 12, item 8) --------------------


class SilentDatabase:
    """A listener that accepts every connection and never says a word: a database that hangs."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=256)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                held, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.held.append(held)

    def close(self) -> None:
        self.listener.close()
        for held in self.held:
            held.close()


@pytest.fixture(scope="module")
def site_with_a_hanging_database(tmp_path_factory):
    """gunicorn as in production (2 workers of 4 threads) in front of a database that hangs."""
    database = SilentDatabase()
    url = f"postgres://postgres@127.0.0.1:{database.port}/metoo_hangs"
    log = tmp_path_factory.mktemp("hang") / "gunicorn.log"
    try:
        # The shortest connect timeout the settings allow: each hung attempt costs that long.
        env = production_env(DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="2")
        with gunicorn_server(env, log=log, warm=False) as base:
            yield base, database
    finally:
        database.close()


@pytest.mark.database_independent  # gunicorn with a database of its own
def test_while_the_database_hangs_every_visitor_gets_the_outage_page_and_healthz_answers(
    site_with_a_hanging_database,
):
    base, database = site_with_a_hanging_database
    visitors = 40
    with ThreadPoolExecutor(visitors + 6) as pool:
        pages = [pool.submit(server_fetch, base + "/", timeout=30) for _ in range(visitors)]
        probes = [pool.submit(server_fetch, base + "/healthz", timeout=30) for _ in range(5)]
        ready = pool.submit(server_fetch, base + "/readyz", timeout=30)
        answers = [page.result() for page in pages]  # a hang would raise at the 30 s timeout
        probe_statuses = [probe.result()[0] for probe in probes]
    assert Counter(status for status, _ in answers) == {503: visitors}
    assert all("it was not saved" in html and 'href="tel:988"' in html for _, html in answers)
    assert probe_statuses == [200] * 5
    assert ready.result()[0] == 503
    # The site stopped trying a database that does not answer instead of queueing every visitor
    # behind it: at most one fewer attempt than threads per worker, not one per visitor.
    assert len(database.held) <= 2 * 3, len(database.held)


def test_a_hanging_database_is_bounded_by_the_connect_and_statement_timeouts(monkeypatch):
    from metoo_site import settings as site_settings

    monkeypatch.setenv("X", "")
    pg = site_settings.database_from_url(
        "postgres://h/db", conn_max_age=60, pool=True, connect_timeout=3, statement_timeout=10
    )
    assert pg["OPTIONS"]["connect_timeout"] == 3
    assert pg["OPTIONS"]["options"] == "-c statement_timeout=10000"
    assert pg["OPTIONS"]["pool"]["timeout"] == 3  # waiting for a pooled connection, too
    sqlite = site_settings.database_from_url("sqlite:///x.db", conn_max_age=0, pool=False, connect_timeout=3)
    assert sqlite["OPTIONS"]["timeout"] == 10
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "1")  # psycopg never waits less than 2 s
    with pytest.raises(ImproperlyConfigured):
        site_settings.env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=2, maximum=60)
