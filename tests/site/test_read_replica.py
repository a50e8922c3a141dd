"""The optional read replica: only a public page's reads before it writes go there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from metoo_site.dbrouter import ReplicaReadsMiddleware, ReplicaRouter
from resources.models import Resource
from stories.models import Story

ROOT = Path(__file__).resolve().parents[2]
router = ReplicaRouter()


def reads_during(request: HttpRequest, *, write_first: bool = False) -> list[str]:
    """Where a view's reads go: before and after it writes (if it does)."""
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Resource))
        if write_first:
            assert router.db_for_write(Story) == "default"
        seen.append(router.db_for_read(Story))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(request)
    return seen


def test_a_public_page_reads_from_the_replica():
    assert reads_during(RequestFactory().get("/resources/?q=legal")) == ["replica", "replica"]


def test_reads_after_a_write_in_the_same_request_go_to_the_primary():
    assert reads_during(RequestFactory().get("/stories/"), write_first=True) == ["replica", "default"]


def test_posts_and_every_admin_read_use_the_primary():
    assert reads_during(RequestFactory().post("/stories/me-too/")) == ["default", "default"]
    assert reads_during(RequestFactory().get("/admin/resources/resource/")) == ["default", "default"]


def test_outside_a_request_everything_uses_the_primary():
    reads_during(RequestFactory().get("/"))  # a request before leaves nothing behind
    assert router.db_for_read(Resource) == "default"
    assert router.allow_migrate("replica", "resources") is False
    assert router.allow_migrate("default", "resources") is True


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    code = "import metoo_site.settings as s; print(s.DATABASES.get('replica', {}).get('TEST'), s.DATABASE_ROUTERS)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_DEBUG": "True", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_replica_url_adds_the_replica_and_its_router():
    result = load_settings(
        DATABASE_URL="postgres://app@primary.internal:5432/metoo",
        DATABASE_REPLICA_URL="postgres://app@replica.internal:5432/metoo",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'MIRROR': 'default'} ['metoo_site.dbrouter.ReplicaRouter']"


def test_a_replica_needs_a_postgresql_primary():
    result = load_settings(DATABASE_REPLICA_URL="postgres://app@replica.internal:5432/metoo")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL" in result.stderr
