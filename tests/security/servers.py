"""Real gunicorn servers for the tests that need several workers, threads, or gunicorn's own logs.

Start one per test module (they take a few seconds) with ``gunicorn_server`` and reuse it. A
server runs with production settings against ``ServerDatabase``: on PostgreSQL the test database
itself; on SQLite, whose test database lives in this process's memory, a file copy of it.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s" * 20 + "-test-server-secret-key-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, opener=None, timeout: float = 30):
    """(status, body) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        # urlopen's shared opener: building one per request costs an SSL context (8 ms).
        with (opener.open if opener else urllib.request.urlopen)(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class ServerDatabase:
    """The database a server process uses, and a way to read what it wrote."""

    def __init__(self, directory: Path) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            s = connection.settings_dict
            credentials = quote(s["USER"]) + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
            self.url = f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            self._settings = s
        else:
            self.path = directory / "server.sqlite3"
            with sqlite3.connect(self.path) as target:
                connection.connection.backup(target)
            self.url = f"sqlite:///{self.path}"

    def rows(self, sql: str) -> list[tuple]:
        if self.vendor == "postgresql":
            import psycopg

            s = self._settings
            with psycopg.connect(
                dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"], port=s["PORT"]
            ) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.path) as db:
            return db.execute(sql).fetchall()


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "GUNICORN_"))}
    env |= {
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
    }
    return env | overrides


@contextmanager
def gunicorn_server(env: dict[str, str], *, log: Path, warm: bool = True) -> Iterator[str]:
    """gunicorn with ``gunicorn.conf.py`` on a free port; yields its base URL; stderr goes to ``log``.

    ``warm`` first gives each thread its database connection, as on a site that has been running.
    """
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [str(gunicorn), "metoo_site.wsgi", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if fetch(base + "/healthz", timeout=5)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start:\n" + log.read_text())
        if warm:
            with ThreadPoolExecutor(16) as pool:
                list(pool.map(lambda _: fetch(base + "/about/", timeout=30), range(16)))
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
