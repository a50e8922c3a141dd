"""What a real gunicorn sends: static files carry the pages' security headers, and the Server
header names no software. One server for the whole module."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.security.servers import gunicorn_server, production_env

# gunicorn with a database of its own (a closed port): the same on every database.
pytestmark = pytest.mark.database_independent

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_DATABASE = "postgres://postgres@127.0.0.1:1/metoo_served_headers"


def get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn with gunicorn.conf.py and production settings; nothing here needs the database."""
    env = production_env(DATABASE_URL=CLOSED_PORT_DATABASE, WEB_CONCURRENCY="1")
    with gunicorn_server(env, log=tmp_path_factory.mktemp("served") / "gunicorn.log", warm=False) as base:
        yield urlsplit(base).port


def static_url(name: str) -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][name]


@pytest.mark.parametrize("name", ["metoo/site.css", "metoo/site.js", "stories/admin.css"])
def test_static_files_carry_the_security_headers_of_the_pages(production_server, name):
    response = get(production_server, static_url(name))
    assert response.status == 200
    assert "immutable" in response.getheader("Cache-Control")  # served by whitenoise, far-future
    assert response.getheader("Content-Security-Policy").startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in response.getheader("Permissions-Policy")


@pytest.mark.parametrize("path", ["/healthz", "/robots.txt", "/static/metoo/no-such-file.css"])
def test_the_server_header_names_no_software(production_server, path):
    response = get(production_server, path)
    assert response.headers.get_all("Server") == ["web"]
    assert "gunicorn" not in str(response.headers).lower()


def test_a_static_file_has_one_server_header_too(production_server):
    response = get(production_server, static_url("metoo/site.css"))
    assert response.headers.get_all("Server") == ["web"]
