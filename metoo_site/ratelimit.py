"""Rate limits that never store who the visitor is.

A visitor is recognised only by a salted SHA-256 hash of their address, kept in the cache
until the window ends. The salt changes every day and is derived from the secret key, so a
stolen cache cannot be matched against a list of addresses after the fact, and nothing lasts
beyond a day. No address is written to the database or the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, trusting X-Forwarded-For only as far as DJANGO_TRUSTED_PROXIES says.

    Each trusted proxy appends the address it saw, so with N proxies the client is the Nth entry
    from the right; anything further left was written by the client and may be forged.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def visitor_key(request: HttpRequest, scope: str) -> str:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    salt = hmac.new(settings.SECRET_KEY.encode(), f"ratelimit-salt:{day}".encode(), hashlib.sha256).digest()
    digest = hmac.new(salt, f"{scope}:{client_address(request)}".encode(), hashlib.sha256).hexdigest()
    return f"rl:{scope}:{digest[:32]}"


def is_limited(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count one attempt for this visitor in ``scope``; True once more than ``limit`` in ``period`` s.

    ``settings.RATELIMITS`` (``DJANGO_RATELIMITS``) may replace the budget of any scope.
    """
    if not settings.RATELIMIT_ENABLED:
        return False
    limit, period = settings.RATELIMITS.get(scope, (limit, period))
    window = int(time.time() // period)
    key = f"{visitor_key(request, scope)}:{window}"
    added = cache.add(key, 1, timeout=period + 5)
    if added:
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=period + 5)
        count = 1
    return count > limit
