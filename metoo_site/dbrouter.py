"""An optional PostgreSQL read replica (``DATABASE_REPLICA_URL``) for public pages.

Only reads made while answering a public GET or HEAD go to the replica, and only until that
request writes anything: from the first write on, every read of the request goes to the primary,
so a page never misses what it has just written. Everything else reads from the primary: POSTs,
every admin page (staff must see what they just saved), management commands and the shell.

A replica lags its primary (by well under a second with streaming replication; docs/deployment.md
states the bound): a public page may show a listing edit or a newly published story that much
later, which the page cache's own freshness bound already allows.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"

# True only while a public GET/HEAD that has not written yet is being answered.
_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_allowed", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: object) -> str:
        return REPLICA if _replica_allowed.get() else PRIMARY

    def db_for_write(self, model: type[models.Model], **hints: object) -> str:
        _replica_allowed.set(False)  # reads that follow a write in this request see it
        return PRIMARY

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: object) -> bool:
        return True  # one database, two doors

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Opens the replica to the reads of public GET/HEAD requests (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public_read = request.method in ("GET", "HEAD") and not request.path.startswith("/" + settings.ADMIN_PATH)
        token = _replica_allowed.set(public_read)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)
