"""HEAD requests through the real WSGI application: headers of GET, no body.

The test client drops HEAD bodies by itself (like Django's development server), which hides the
problem; gunicorn does not, and logged an error for every HEAD request. So these tests call the
WSGI application directly, the way gunicorn does.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler


def call_wsgi(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    started: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started["status"], started["headers"] = status, dict(headers)

    chunks = WSGIHandler()(environ, start_response)
    body = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return started["status"], started["headers"], body  # type: ignore[return-value]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/resources/", "/robots.txt", "/no-such-page/"])
def test_head_answers_with_the_headers_of_get_and_no_body(path):
    get_status, get_headers, get_body = call_wsgi("GET", path)
    head_status, head_headers, head_body = call_wsgi("HEAD", path)
    assert get_body
    assert head_body == b""
    assert head_status == get_status
    assert head_headers["Content-Type"] == get_headers["Content-Type"]
    assert head_headers["Content-Length"] == str(len(get_body))


@pytest.mark.django_db
def test_head_of_a_static_file_has_no_body():
    status, headers, body = call_wsgi("HEAD", "/static/metoo/site.css")
    assert status.startswith("200")
    assert body == b""
    assert int(headers["Content-Length"]) > 0
