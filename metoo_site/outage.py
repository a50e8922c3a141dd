"""A service that failed is left alone for a while: the page cache and the counters use it for Redis.

Imports nothing of the site (the settings import the counters), so anything can use it. The
database has its own, richer breaker (metoo_site/breaker.py).
"""

from __future__ import annotations

import logging
import threading
import time


class Outage:
    """Remembers that a service (Redis, for the page cache or the counters) failed, so that it is
    tried again only after ``backoff`` seconds, with one warning each time it is given up on."""

    def __init__(self, log: logging.Logger, warning: str, *, backoff: float = 30.0) -> None:
        self.log = log
        self.warning = warning  # formatted with the error's type name and the backoff
        self.backoff = backoff
        self.until = 0.0
        self.lock = threading.Lock()

    def active(self) -> bool:
        return time.monotonic() < self.until

    def report(self, error: Exception) -> None:
        with self.lock:
            if not self.active():
                self.log.warning(self.warning, type(error).__name__, self.backoff)
            self.until = time.monotonic() + self.backoff

    def reset(self) -> None:
        self.until = 0.0
