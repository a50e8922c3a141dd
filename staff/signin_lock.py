"""Staff sign-in lock-out after repeated failures, counted for every worker and never by raw address.

Two counters per username, in ``metoo_site.counters`` (the table every worker shares, or Redis), each
count one atomic step so that two workers never both see four: failures from one visitor (a salted
hash of their address, as in ``ratelimit``) lock the username for that visitor after
``LOGIN_MAX_FAILURES``; failures from anywhere lock it for everyone after four times as many, so an
attacker with many addresses is stopped too. Wrong passwords and wrong codes both count. Every
counter and lock expires after the lock-out period; ``unlock()`` (the ``unlock_staff`` command)
deletes them all at once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.http import HttpRequest

from metoo_site import counters
from metoo_site.ratelimit import visitor_key

logger = logging.getLogger(__name__)

EVERYONE_FACTOR = 4


def _user_token(username: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"signin:{username.casefold()}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _prefix(username: str) -> str:
    return f"signin:{_user_token(username)}:"


def _client(request: HttpRequest) -> str:
    return visitor_key(request, "staff-signin").rsplit(":", 1)[-1]


def _period() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def is_locked(request: HttpRequest, username: str) -> bool:
    prefix = _prefix(username)
    return counters.held([f"{prefix}lock", f"{prefix}lock:{_client(request)}"])


def record_failure(request: HttpRequest, username: str) -> bool:
    """Count one failed password or code; True when this failure locked the username."""
    prefix = _prefix(username)
    client = _client(request)
    limit = settings.LOGIN_MAX_FAILURES
    from_here = counters.hit(f"{prefix}fails:{client}", seconds=_period())
    from_anywhere = counters.hit(f"{prefix}fails", seconds=_period())
    if from_anywhere >= limit * EVERYONE_FACTOR:
        counters.hold(f"{prefix}lock", seconds=_period())
    elif from_here >= limit:
        counters.hold(f"{prefix}lock:{client}", seconds=_period())
    else:
        return False
    # No username and no address in the log: the person on call unlocks by name if asked.
    logger.warning("A staff sign-in was locked after repeated failures (manage.py unlock_staff <username>).")
    return True


def clear(request: HttpRequest, username: str) -> None:
    """A full, successful sign-in forgets this visitor's failures."""
    counters.forget_key(f"{_prefix(username)}fails:{_client(request)}")


def unlock(username: str) -> None:
    """Lift every lock and forget every failure for ``username`` (from every visitor)."""
    counters.forget(prefix=_prefix(username))
