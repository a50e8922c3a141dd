"""Rate limits that never store who the visitor is, with every budget in one registry.

A visitor is recognised only by a salted SHA-256 hash of their address. The salt changes every day
and is derived from the secret key, so a stolen counter table cannot be matched against a list of
addresses after the fact, and nothing lasts beyond a day. Counts are kept in ``metoo_site.counters``
(a table every worker shares, or Redis), each in one atomic step, so a budget holds exactly however
many workers and app servers there are. No address is written to the database or the logs.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest

from metoo_site import counters


@dataclass(frozen=True)
class Budget:
    limit: int  # attempts allowed per visitor...
    seconds: int  # ...in a window this long


# Every rate-limited scope and its default budget. DJANGO_RATELIMITS may replace any of them, by
# these names only (settings.py refuses any other name when the site starts).
BUDGETS: dict[str, Budget] = {
    "story-share": Budget(3, 3600),  # stories sent
    "story-status": Budget(10, 3600),  # private codes tried (right or wrong)
    "story-react": Budget(30, 3600),  # reactions sent
    "me-too": Budget(10, 3600),  # "me too" presses
    "resource-report": Budget(5, 3600),  # reports about a listing
    "resource-suggest": Budget(5, 3600),  # suggested listings
    "api": Budget(120, 60),  # requests to the open-data API (/api/)
}


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


def budget(scope: str) -> Budget:
    """The budget in force for ``scope``: DJANGO_RATELIMITS' if it names it, else the default."""
    override = settings.RATELIMITS.get(scope)
    return Budget(*override) if override else BUDGETS[scope]


def is_limited(request: HttpRequest, scope: str) -> bool:
    """Count one attempt for this visitor in ``scope`` (a name in ``BUDGETS``); True once over budget."""
    if not settings.RATELIMIT_ENABLED:
        return False
    allowed = budget(scope)
    return counters.hit(visitor_key(request, scope), seconds=allowed.seconds) > allowed.limit
