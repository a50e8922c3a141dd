"""Whole-page caching for anonymous visitors, safe by construction.

A page is kept (in the Django cache: Redis with ``REDIS_URL``, local memory otherwise) and marked
``Cache-Control: public, max-age=DJANGO_PAGE_CACHE_SECONDS`` for proxies and CDNs only when all of
these hold:

- the request is a GET or HEAD with no ``Cookie`` and no ``Authorization`` header (a visitor with
  a cookie may see something of their own, such as "you said me too"), outside the admin;
- the response is a plain 200 that sets no cookie, says nothing of ``no-store``, ``no-cache`` or
  ``private`` (the stories forms, status and admin pages stay out of every cache), carries no CSP
  nonce, and varies on nothing but ``Cookie`` and ``Accept-Language``.

Those two ``Vary`` entries are dropped from cached pages: the language is in the path (English is
unprefixed and always English, Spanish lives under ``/es/``), and the page was made for a request
without cookies. A CDN must still pass requests that carry a cookie to the app (docs/deployment.md).

A kept page is fresh while three things are unchanged: the data version (bumped after every write
to a watched model: every listing, taxonomy and vocabulary model of the directory and every story,
see ``PAGE_CACHE_WATCHED_MODELS``), the 15-minute opening-hours slot (so "Open now" and the ranking
that uses it stay true), and its age (at most ``PAGE_CACHE_SECONDS``; the "me too" count on a cached
page is at most that old). The key holds the scheme, host, language and full path with its query.

After an edit, one viral URL must not send every request to the database at once: the first request
takes a short lock and renders the page while the others are served the previous copy (stale while
one recomputes); with no copy at all they wait for it (up to ten seconds).

If the cache is unreachable (Redis set but down), pages are simply not cached: one warning in the
log, no error, and no retry for ``OUTAGE_BACKOFF`` seconds so that a dead Redis costs nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

from metoo_site.outage import Outage

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
# Pages are never kept across a quarter hour, whatever PAGE_CACHE_SECONDS says: "Open now" and the
# ranking that uses it are then never more than that page's age (at most PAGE_CACHE_SECONDS) out of date.
HOURS_SLOT_SECONDS = 15 * 60
LOCK_SECONDS = 10  # how long one request may hold the right to render a missing page
# How long the others wait for it when there is no older copy to serve: as long as a slow search
# may take, so that sixteen visitors of one new link cost one search, not sixteen.
WAIT_SECONDS = 10.0
WAIT_STEP = 0.05
STALE_GRACE_SECONDS = 60  # an older copy is kept this long past freshness, to serve while one renders
OUTAGE_BACKOFF = 30.0
IGNORED_VARY = {"cookie", "accept-language"}
REFUSED_CACHE_CONTROL = ("no-store", "no-cache", "private")
NEVER_CACHED_PATHS = ("/healthz", "/readyz")


# --- the cache, or nothing when it is down -------------------------------------------------------


_outage = Outage(logger, "Page cache unavailable (%s): serving pages uncached for %d s.", backoff=OUTAGE_BACKOFF)


def safely(operation: Callable[[], Any], default: Any = None) -> Any:
    """``operation()`` on the cache, or ``default`` while the cache is down (the site's other
    cached values use it too: a dead Redis must never turn a page into an error)."""
    if _outage.active():
        return default
    try:
        return operation()
    except Exception as error:  # any backend error (connection refused, timeout) means "no cache"
        _outage.report(error)
        return default


# --- the data version ----------------------------------------------------------------------------


def _fresh_version() -> int:
    # Milliseconds: if Redis ever evicts the key, the new version is still larger than any old one.
    return int(time.time() * 1000)


def data_version() -> int | None:
    """The current data version, or None when the cache is down."""

    def read() -> int:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return int(version)

    return safely(read)  # type: ignore[return-value]


def bump() -> None:
    """Make every cached page stale. Call after a write the model signals cannot see (bulk_create,
    QuerySet.update, raw SQL); saves and deletes of watched models call it themselves."""

    def incr() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted): start one above any earlier
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)

    safely(incr)


def bump_now_and_after_commit() -> None:
    """What a write calls: bump now, so that this process never serves its own stale page, and
    once the write is committed, so that a page rendered meanwhile from the old rows (by any
    server) is not kept as fresh. Bulk writes, which send no model signals, call it themselves."""
    bump()
    transaction.on_commit(bump)


def _watched(model: type[models.Model]) -> bool:
    meta = model._meta
    watched = settings.PAGE_CACHE_WATCHED_MODELS
    return meta.app_label in watched or meta.label_lower in watched


def _on_change(sender: type[models.Model], **kwargs: object) -> None:
    if _watched(sender):
        bump_now_and_after_commit()


def _on_m2m_change(sender: type, action: str = "", **kwargs: Any) -> None:
    # ``sender`` is the through model; the models on both ends decide.
    if action.startswith("post_"):
        instance, model = kwargs.get("instance"), kwargs.get("model")
        if (instance is not None and _watched(type(instance))) or (model is not None and _watched(model)):
            bump_now_and_after_commit()


def connect_signals() -> None:
    """Called once from the site's AppConfig.ready()."""
    post_save.connect(_on_change, dispatch_uid="pagecache-save")
    post_delete.connect(_on_change, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")
    # The watched labels must name real apps or models, or nothing would ever be invalidated.
    for label in settings.PAGE_CACHE_WATCHED_MODELS:
        if "." in label:
            apps.get_model(label)
        else:
            apps.get_app_config(label)


def hours_slot() -> int:
    """The quarter hour we are in by the clock "Open now" uses (``PAGE_CACHE_CLOCK``): a page kept
    in one slot is not served in the next."""
    return int(import_string(settings.PAGE_CACHE_CLOCK)().timestamp() // HOURS_SLOT_SECONDS)


# --- the middleware ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    version: int
    slot: int
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def fresh(self, version: int, slot: int, now: float) -> bool:
        return self.version == version and self.slot == slot and now - self.stored_at < settings.PAGE_CACHE_SECONDS

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        # A CDN may keep it only for what is left of its freshness here, so that the two never add up.
        left = int(settings.PAGE_CACHE_SECONDS - (time.time() - self.stored_at))
        patch_cache_control(response, public=True, max_age=max(0, left))
        return response


@dataclass(frozen=True)
class _Pass:
    """Left in a page's place when its answer could not be kept (a cookie, no-store, an error), so
    that requests for it go straight through instead of waiting for a copy that will never come."""


def _request_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if request.META.get("HTTP_COOKIE", "").strip() or "HTTP_AUTHORIZATION" in request.META:
        return False
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return False  # a conditional request: the view answers it (304 when nothing changed), cheaply
    path = request.path
    return not (path.startswith("/" + settings.ADMIN_PATH) or path.startswith(NEVER_CACHED_PATHS))


def _response_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in REFUSED_CACHE_CONTROL):
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False  # a nonce must be new on every response
    vary = {v.strip().lower() for v in re.split(r"\s*,\s*", response.get("Vary", "")) if v.strip()}
    return vary <= IGNORED_VARY


def _key(request: HttpRequest) -> str:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    raw = f"{request.scheme}|{request.get_host()}|{language}|{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _mark_public(response: HttpResponse) -> HttpResponse:
    if response.has_header("Vary"):
        del response["Vary"]
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
    return response


class PageCacheMiddleware:
    """Serves and keeps whole pages for anonymous visitors (see the module docstring).

    Sits outside the middleware that sets security headers, CSP and no-store, so it sees (and keeps)
    each page exactly as it leaves the site, and inside SecurityMiddleware, so that the HTTPS
    redirect and HSTS still apply to every response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        try:
            key = _key(request)
        except Exception:  # a disallowed Host header: let Django answer it as usual
            return self.get_response(request)
        version = data_version()
        if version is None:  # the cache is down: render, still cacheable by a CDN
            return self._render(request)
        slot = hours_slot()
        entry: _Entry | _Pass | None = safely(lambda: cache.get(key))  # type: ignore[assignment]
        if isinstance(entry, _Pass):
            return self.get_response(request)
        if entry is not None and entry.fresh(version, slot, time.time()):
            return entry.response()
        lock = key + ":lock"
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            if safely(lambda: cache.add(lock, 1, timeout=LOCK_SECONDS), default=True):
                try:
                    return self._render_and_keep(request, key, version, slot)
                finally:
                    safely(lambda: cache.delete(lock))
            if entry is not None:  # another request is rendering the new page: serve the previous one
                return entry.response()
            if time.monotonic() > deadline:  # the one rendering is taking too long: render too
                return self._render(request)
            time.sleep(WAIT_STEP)
            entry = safely(lambda: cache.get(key))  # type: ignore[assignment]
            if isinstance(entry, _Pass):
                return self.get_response(request)
            if entry is not None and entry.version == version and entry.slot == slot:
                return entry.response()

    def _render(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        return _mark_public(response) if _response_cacheable(response) else response

    def _render_and_keep(self, request: HttpRequest, key: str, version: int, slot: int) -> HttpResponse:
        response = self.get_response(request)
        if not _response_cacheable(response):
            safely(lambda: cache.set(key, _Pass(), timeout=settings.PAGE_CACHE_SECONDS))
            return response
        _mark_public(response)
        entry = _Entry(
            version=version,
            slot=slot,
            stored_at=time.time(),
            status=response.status_code,
            headers=tuple(response.items()),
            content=response.content,
        )
        safely(lambda: cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS + STALE_GRACE_SECONDS))
        return response
