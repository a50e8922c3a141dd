"""Counters shared by every worker and every app server, each count one atomic step.

Rate limits and the staff sign-in lock-out count here. A per-process cache would give every
gunicorn worker its own budget (two workers, twice the stories an hour), and Django's database and
file caches read and then write, so two workers can both read 2 and both write 3. Instead:

- without ``REDIS_URL``, the ``limits_counter`` table (owned by the ``limits`` app) is updated with
  one ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 … RETURNING count`` statement, atomic
  on PostgreSQL and on SQLite (3.35 or newer) alike; expired windows are pruned as we go;
- with ``REDIS_URL``, Redis ``INCR`` and ``EXPIRE`` in one Lua script. While Redis does not
  answer, the table counts instead (tried again every ``REDIS_RETRY_SECONDS``): a dead Redis must
  never turn a story or a report into an error page.

A window starts with its first count and lasts ``seconds``; the next count after it starts afresh.
Keys are built by the callers from salted hashes and never hold an address or a name.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.conf import settings
from django.db import connection

from metoo_site.outage import Outage

TABLE = "limits_counter"  # limits/models.py: Counter
PRUNE_EVERY = 60  # seconds between two deletions of expired windows, per process
REDIS_RETRY_SECONDS = 30.0

logger = logging.getLogger(__name__)

_HIT_SQL = f"""
INSERT INTO {TABLE} (key, count, expires) VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN {TABLE}.expires <= %s THEN 1 ELSE {TABLE}.count + 1 END,
    expires = CASE WHEN {TABLE}.expires <= %s THEN excluded.expires ELSE {TABLE}.expires END
RETURNING count
"""  # noqa: S608 (the table name is a constant; every value is a parameter)
_HOLD_SQL = f"""
INSERT INTO {TABLE} (key, count, expires) VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET count = 1, expires = excluded.expires
"""  # noqa: S608
# INCR, and start the expiry with the first count, in one atomic step.
_REDIS_HIT = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"

_redis_client: redis.Redis | None = None
_redis_lock = threading.Lock()
_redis_outage = Outage(
    logger, "Redis unavailable (%s): counting in the database for %d s.", backoff=REDIS_RETRY_SECONDS
)
_last_prune = 0.0


def _redis() -> redis.Redis | None:
    """The Redis client, or None without REDIS_URL or while Redis is known to be down."""
    global _redis_client
    if not settings.REDIS_URL or _redis_outage.active():
        return None
    with _redis_lock:
        if _redis_client is None:
            _redis_client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        return _redis_client


def hit(key: str, *, seconds: int) -> int:
    """Count one for ``key`` in its current window of ``seconds``; return the count so far."""
    client = _redis()
    if client is not None:
        try:
            return int(client.eval(_REDIS_HIT, 1, key, seconds))
        except redis.RedisError as error:
            _redis_outage.report(error)
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL, [key, now + seconds, now, now])
        (count,) = cursor.fetchone()
    _prune_now_and_then(now)
    return int(count)


def hold(key: str, *, seconds: int) -> None:
    """Mark ``key`` for the next ``seconds`` (a lock-out), whatever it held before."""
    client = _redis()
    if client is not None:
        try:
            client.set(key, 1, ex=seconds)
            return
        except redis.RedisError as error:
            _redis_outage.report(error)
    now = int(time.time())
    with connection.cursor() as cursor:
        cursor.execute(_HOLD_SQL, [key, now + seconds])


def held(keys: list[str]) -> bool:
    """True while any of ``keys`` is in an unexpired window (held or counted)."""
    client = _redis()
    if client is not None:
        try:
            if client.exists(*keys):
                return True
        except redis.RedisError as error:
            _redis_outage.report(error)
    # The table too: a lock-out made while Redis was down lives there.
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {TABLE} WHERE key IN ({placeholders}) AND expires > %s",  # noqa: S608
            [*keys, int(time.time())],
        )
        return cursor.fetchone() is not None


def forget(*, prefix: str) -> None:
    """Delete every counter whose key starts with ``prefix`` (unlocking a staff account)."""
    client = _redis()
    if client is not None:
        try:
            keys = list(client.scan_iter(match=_redis_glob(prefix) + "*", count=500))
            if keys:
                client.delete(*keys)
        except redis.RedisError as error:
            _redis_outage.report(error)
    # The table too: counts made while Redis was down live there.
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE key LIKE %s ESCAPE '\\'", [escaped + "%"])  # noqa: S608


def forget_key(key: str) -> None:
    client = _redis()
    if client is not None:
        try:
            client.delete(key)
        except redis.RedisError as error:
            _redis_outage.report(error)
    with connection.cursor() as cursor:  # the table too, as in forget()
        cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", [key])  # noqa: S608


def prune() -> int:
    """Delete every expired window from the table (Redis expires its own); return how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE expires <= %s", [int(time.time())])  # noqa: S608
        return cursor.rowcount


def _prune_now_and_then(now: int) -> None:
    """Prune at most once a minute per process (an indexed range delete)."""
    global _last_prune
    if now - _last_prune < PRUNE_EVERY:
        return
    _last_prune = now
    prune()


def _redis_glob(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)
