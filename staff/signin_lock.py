"""Staff sign-in lock-out after repeated failures, kept in the cache and never by raw address.

Two counters per username, both in the cache and both expiring after the lock-out period:
failures from one visitor (a salted hash of their address, as in ``ratelimit``) lock the username
for that visitor after ``LOGIN_MAX_FAILURES``; failures from anywhere lock it for everyone after
four times as many, so an attacker with many addresses is stopped too. Wrong passwords and wrong
codes both count. ``unlock()`` (the ``unlock_staff`` command) starts every counter afresh by
moving the username to a new generation of keys. Share the cache (``REDIS_URL``) between app
servers so that the counters are shared too.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from metoo_site.ratelimit import visitor_key

logger = logging.getLogger(__name__)

EVERYONE_FACTOR = 4


def _user_token(username: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"signin:{username.casefold()}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _prefix(username: str) -> str:
    user = _user_token(username)
    generation = cache.get(f"signin:{user}:generation", 0)
    return f"signin:{user}:{generation}"


def _client(request: HttpRequest) -> str:
    return visitor_key(request, "staff-signin").rsplit(":", 1)[-1]


def _period() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def is_locked(request: HttpRequest, username: str) -> bool:
    prefix = _prefix(username)
    return bool(cache.get_many([f"{prefix}:lock", f"{prefix}:lock:{_client(request)}"]))


def _count(key: str) -> int:
    cache.add(key, 0, timeout=_period())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=_period())
        return 1


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count one failed password or code; True when this failure locked the username."""
    prefix = _prefix(username)
    client = _client(request)
    limit = settings.LOGIN_MAX_FAILURES
    from_here = _count(f"{prefix}:fails:{client}")
    from_anywhere = _count(f"{prefix}:fails")
    if from_anywhere >= limit * EVERYONE_FACTOR:
        cache.set(f"{prefix}:lock", True, timeout=_period())
    elif from_here >= limit:
        cache.set(f"{prefix}:lock:{client}", True, timeout=_period())
    else:
        return False
    # No username and no address in the log: the person on call unlocks by name if asked.
    logger.warning("A staff sign-in was locked after repeated failures (manage.py unlock_staff <username>).")
    return True


def clear(request: HttpRequest, username: str) -> None:
    """A full, successful sign-in forgets this visitor's failures."""
    cache.delete(f"{_prefix(username)}:fails:{_client(request)}")


def unlock(username: str) -> None:
    """Lift every lock and forget every failure for ``username`` (from every visitor)."""
    key = f"signin:{_user_token(username)}:generation"
    cache.set(key, cache.get(key, 0) + 1, timeout=None)
