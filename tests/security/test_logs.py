"""Logs hold no visitor address, no query string and no submitted text, even when things break."""

from __future__ import annotations

import importlib.util
import io
import logging
import socket
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from metoo_site.logging import scrub
from tests.security.servers import gunicorn_server, production_env

ROOT = Path(__file__).resolve().parents[2]
VISITOR = "203.0.113.99"
VISITOR_V6 = "2001:db8:85a3::8a2e:370:7334"


@pytest.fixture
def written_logs():
    """What the configured handlers actually write (after the scrub filter and the formatter)."""
    stream = io.StringIO()
    handlers = {handler for name in ("", "django.request") for handler in logging.getLogger(name).handlers}
    handlers = [handler for handler in handlers if isinstance(handler, logging.StreamHandler)]
    assert handlers
    old = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


@pytest.mark.django_db
def test_a_crash_on_a_search_leaves_no_query_and_no_address_in_the_logs(written_logs):
    def crash(request, *args, **kwargs):
        raise RuntimeError(f"boom on {request.get_full_path()} for {request.META['REMOTE_ADDR']} / {VISITOR_V6}")

    client = Client(raise_request_exception=False, REMOTE_ADDR=VISITOR, HTTP_X_FORWARDED_FOR=VISITOR)
    with mock.patch("resources.views.render", side_effect=crash):
        response = client.get("/resources/?q=secret-need&need=shelter-housing&near=10001")
    assert response.status_code == 500
    text = written_logs.getvalue()
    assert "Internal Server Error: /resources/" in text
    assert "RuntimeError" in text  # the error is still there for whoever fixes it
    for trace in ("secret-need", "shelter-housing", "10001", VISITOR, VISITOR_V6):
        assert trace not in text, trace


@pytest.mark.django_db
def test_a_rejected_post_logs_neither_its_text_nor_its_address(written_logs):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=VISITOR)
    client.post("/stories/share/?from=home", {"story": "what happened to me"})
    text = written_logs.getvalue()
    assert "what happened to me" not in text and VISITOR not in text and "from=home" not in text


def test_scrub_removes_addresses_and_query_strings():
    line = f'{VISITOR} - "GET /resources/?q=abortion&near=73301 HTTP/1.1" 200 from {VISITOR_V6} and ::ffff:10.1.2.3'
    clean = scrub(line)
    for trace in (VISITOR, VISITOR_V6, "abortion", "73301", "10.1.2.3"):
        assert trace not in clean
    assert "/resources/?[query removed]" in clean


def test_gunicorn_writes_no_access_log():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.accesslog is None
    assert conf.loglevel in {"warning", "error", "critical"}  # gunicorn logs bad requests' addresses at debug


# --- gunicorn's own error log, from a real server (issue 12, item 5) ------------------------------

# Each is sent on its own connection as raw bytes, as scanners and broken clients do. The words a
# visitor might have searched for, and every address, must stay out of what the server logs.
MALFORMED_REQUESTS = [
    b"GET /resources/?q=abortion+pill&near=60601 HTTP/1.1 trailing-words\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /resources/?q=rape+kit HTTP/1.1\r\nHost: 127.0.0.1\r\nMy Secret Header: hidden words\r\n\r\n",
    b"lowercasemethod /resources/?q=shelter HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /resources/?q=protective+order HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /resources/?q=" + b"stalking" * 1200 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
]
# Well-formed, so they say "Connection: close": otherwise the server keeps each one open for its
# keep-alive time (2 s) before send_raw sees the end of the answer.
BAD_HOSTS = [
    b"GET /resources/?q=custody+help HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    b"GET /stories/?hide=violence HTTP/1.1\r\nHost: 203.0.113.7\r\nConnection: close\r\n\r\n",
    b"POST /stories/share/?from=home HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n"
    b"Content-Length: 9\r\n\r\nstory=abc",
]
TRACES = [
    "127.0.0.1",
    "203.0.113.7",
    "evil.example",
    "abortion",
    "rape",
    "Secret",
    "hidden words",
    "shelter",
    "protective",
    "stalking",
    "custody",
    "violence",
    "from=home",
    "lowercasemethod",
]


TYPED = "６０６０１ my typed words"


def send_raw(base: str, raw: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


@pytest.fixture(scope="module")
def gunicorn_log(tmp_path_factory):
    """What a real gunicorn server wrote to stderr after the malformed requests and bad hosts."""
    directory = tmp_path_factory.mktemp("logs")
    log = directory / "gunicorn.log"
    env = production_env(DATABASE_URL=f"sqlite:///{directory / 'empty.sqlite3'}", WEB_CONCURRENCY="1")
    with gunicorn_server(env, log=log, warm=False) as base:
        answers = [send_raw(base, raw) for raw in MALFORMED_REQUESTS + BAD_HOSTS]
    return answers, log.read_text()


@pytest.mark.database_independent  # gunicorn with an empty SQLite file
def test_gunicorn_logs_malformed_requests_without_address_or_request_line(gunicorn_log):
    answers, text = gunicorn_log
    assert all(answer.startswith(b"HTTP/1.1 4") for answer in answers[: len(MALFORMED_REQUESTS)])
    # Still useful to whoever reads it: what kind of request was refused.
    assert text.count("Invalid request refused:") >= 4
    for trace in TRACES:
        assert trace not in text, trace


@pytest.mark.database_independent  # gunicorn with an empty SQLite file
def test_bad_hosts_are_refused_and_leave_nothing_in_the_logs(gunicorn_log):
    answers, text = gunicorn_log
    assert all(answer.startswith(b"HTTP/1.1 400") for answer in answers[len(MALFORMED_REQUESTS) :])
    assert "DisallowedHost" not in text and "HTTP_HOST" not in text and "Traceback" not in text


def test_a_worker_crash_logs_where_it_happened_but_not_what_was_typed(tmp_path):
    from gunicorn.config import Config

    from metoo_site.logging import GunicornLogger

    config = Config()
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("loglevel", "warning")
    log = GunicornLogger(config)
    try:
        int(TYPED)
    except ValueError:  # what gunicorn logs when a request kills the worker
        log.exception("Error handling request %s %s", "GET", "/resources/?near=６０６０１&q=my+typed+words")
    text = (tmp_path / "error.log").read_text()
    assert "Error handling request GET /resources/?[query removed]" in text
    assert "ValueError" in text and "test_logs.py" in text  # the type and where it happened
    assert "６０６０１" not in text and "my typed words" not in text and "my+typed" not in text
