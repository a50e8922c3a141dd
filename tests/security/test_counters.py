"""The shared counters behind rate limits and the staff lock-out: windows, expiry, both stores."""

from __future__ import annotations

import secrets
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from metoo_site import counters


def rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, count FROM limits_counter ORDER BY key")
        return cursor.fetchall()


@pytest.mark.django_db
def test_a_window_counts_up_and_starts_afresh_once_it_has_ended(monkeypatch):
    now = 1_000_000
    monkeypatch.setattr(time, "time", lambda: now)
    assert [counters.hit("k", seconds=60) for _ in range(3)] == [1, 2, 3]
    now += 61
    assert counters.hit("k", seconds=60) == 1


@pytest.mark.django_db
def test_holds_expire_and_unlock_forgets_a_whole_prefix(monkeypatch):
    now = 1_000_000
    monkeypatch.setattr(time, "time", lambda: now)
    counters.hold("signin:a_%:lock", seconds=60)
    counters.hit("signin:a_%:fails", seconds=60)
    counters.hit("signin:ab:fails", seconds=60)  # LIKE wildcards in the prefix are taken literally
    assert counters.held(["signin:a_%:lock"])
    counters.forget(prefix="signin:a_%:")
    assert rows() == [("signin:ab:fails", 1)]
    counters.hold("signin:ab:lock", seconds=60)
    now += 61
    assert not counters.held(["signin:ab:lock"])


@pytest.mark.django_db
def test_prune_counters_deletes_only_ended_windows(monkeypatch):
    counters.hit("old", seconds=1)
    counters.hit("current", seconds=3600)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    out = StringIO()
    call_command("prune_counters", stdout=out)
    assert "Deleted 1 expired counter(s)." in out.getvalue()
    assert [key for key, _ in rows()] == ["current"]


@pytest.mark.django_db  # held() and forget() also read the table, where counts made while Redis was down live
def test_with_redis_the_counts_are_atomic_and_expire(settings):
    redis = pytest.importorskip("redis")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    counters._redis_client = None
    try:
        redis.Redis.from_url(settings.REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    key = f"test-counter:{secrets.token_hex(8)}"
    try:
        assert [counters.hit(key, seconds=30) for _ in range(3)] == [1, 2, 3]
        client = counters._redis()
        assert 0 < client.ttl(key) <= 30  # the window started with the first count
        counters.hold(key + ":lock", seconds=30)
        assert counters.held([key + ":lock"])
        counters.forget(prefix=key)
        assert not counters.held([key, key + ":lock"])
    finally:
        counters._redis_client = None
