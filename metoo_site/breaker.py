"""A circuit breaker in front of the database, shared by the threads of one process.

Timeouts alone do not keep the site answering when the database accepts connections and then
never replies: every gunicorn thread ends up waiting for its own connection, and the visitors and
the liveness probe queued behind them wait too (40 visitors waited up to 21 s for the outage page,
and ``/healthz`` 17.5 s). So, per process:

- at most ``max_connecting`` threads (one fewer than gunicorn's threads) try to connect at once,
  so one thread is always free for ``/healthz`` and for the outage page;
- when they are all busy, a visitor waits for a turn, but not behind an attempt that has already
  taken ``SLOW_AFTER`` seconds (a healthy database connects in milliseconds): the 503 page at once;
- after a failure, for ``cooldown`` seconds nobody tries the database: every page that needs it is
  the 503 page at once; then the next visitor tries again.

Each attempt is bounded by the connect timeout (``DATABASE_CONNECT_TIMEOUT``), each statement by
``DATABASE_STATEMENT_TIMEOUT``.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connection
from django.db.utils import InterfaceError, OperationalError

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
# Seconds: when every connecting thread is busy, a visitor waits for a turn at most until the
# oldest attempt is this old (a healthy database connects in milliseconds, a loaded one well
# under a second), then gets the 503 page. It also bounds how long /healthz can wait.
SLOW_AFTER = 0.75
# Errors of one statement, not of the database: they never open the breaker.
_STATEMENT_ERRORS = {"QueryCanceled", "LockNotAvailable", "DeadlockDetected", "SerializationFailure"}


class DatabaseBreaker:
    def __init__(self, *, cooldown: float, max_connecting: int, slow_after: float = SLOW_AFTER) -> None:
        self.cooldown = cooldown
        self.max_connecting = max_connecting
        self.slow_after = slow_after
        self._changed = threading.Condition()
        self._open_until = 0.0
        self._connecting: dict[int, float] = {}  # thread id -> when its attempt started

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def connect(self) -> bool:
        """Make sure this thread has a database connection; False means "answer 503 now"."""
        if connection.connection is not None:  # a persistent connection: nothing to wait for
            if self.is_open():
                return False
            try:
                connection.ensure_connection()
            except DATABASE_DOWN_ERRORS:
                self._end_attempt(failed=True)
                return False
            return True
        if not self._start_attempt():
            return False
        try:
            connection.ensure_connection()
        except DATABASE_DOWN_ERRORS:
            self._end_attempt(failed=True)
            return False
        self._end_attempt(failed=False)
        return True

    def record(self, error: BaseException) -> None:
        """A database error during a request: open the breaker unless one statement was at fault."""
        cause = error.__cause__
        if cause is not None and type(cause).__name__ in _STATEMENT_ERRORS:
            return
        if "database is locked" in str(error):  # SQLite: a busy writer, not an outage
            return
        with self._changed:
            self._open(time.monotonic())

    def reset(self) -> None:
        """Forget every failure (the tests start each case with a closed breaker)."""
        with self._changed:
            self._open_until = 0.0
            self._changed.notify_all()

    def _start_attempt(self) -> bool:
        me = threading.get_ident()
        with self._changed:
            while True:
                now = time.monotonic()
                if now < self._open_until:
                    return False
                if len(self._connecting) < self.max_connecting:
                    self._connecting[me] = now
                    return True
                # Every connecting thread but this one is busy: wait for a free turn, but never
                # behind an attempt that has already taken SLOW_AFTER seconds.
                waited = now - min(self._connecting.values())
                if waited >= self.slow_after:
                    return False
                self._changed.wait(timeout=self.slow_after - waited)

    def _end_attempt(self, *, failed: bool) -> None:
        with self._changed:
            self._connecting.pop(threading.get_ident(), None)
            if failed:
                self._open(time.monotonic())
            else:
                self._open_until = 0.0
            self._changed.notify_all()

    def _open(self, now: float) -> None:
        if now >= self._open_until:
            logger.error("Database unavailable: answering 503 without trying it for %s s.", self.cooldown)
        self._open_until = now + self.cooldown
        self._changed.notify_all()


database_breaker = DatabaseBreaker(
    cooldown=settings.DATABASE_BREAKER_SECONDS, max_connecting=settings.DATABASE_CONNECTING_MAX
)
