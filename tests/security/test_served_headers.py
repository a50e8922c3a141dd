"""What a real gunicorn sends: static files carry the pages' security headers, and the Server
header names no software. One server for the whole module."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_DATABASE = "postgres://postgres@127.0.0.1:1/metoo_served_headers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def production_server():
    """gunicorn with gunicorn.conf.py and production settings; nothing here needs the database."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env |= {
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "h" * 20 + "-served-headers-test-secret-key-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": CLOSED_PORT_DATABASE,
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "metoo_site.wsgi", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if get(port, "/healthz").status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight
        server.wait(timeout=10)


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
