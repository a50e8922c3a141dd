"""Response headers that Django's own settings do not cover."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template import loader
from django.utils import translation

from metoo_site.breaker import DATABASE_DOWN_ERRORS, database_breaker

logger = logging.getLogger(__name__)

# Turn off every powerful feature: the site needs none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Pages whose content is personal or a form in progress: never kept by a browser or a proxy.
NO_STORE_PREFIXES = ("/stories/", "/es/stories/", "/resources/suggest/", "/es/resources/suggest/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Also on responses that end before XFrameOptionsMiddleware (the database outage page).
        response.setdefault("X-Frame-Options", "DENY")
        # The open-data API is meant to be read from anywhere; everything else stays ours.
        if not path.startswith("/api/"):
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if self._no_store(path):
            response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _no_store(path: str) -> bool:
        if path.startswith("/" + settings.ADMIN_PATH) or path.startswith(NO_STORE_PREFIXES):
            return True
        # A listing's report form and its thanks page (/resources/<slug>/report/[thanks/]).
        return path.endswith(("/report/", "/report/thanks/"))


class HeadWithoutBodyMiddleware:
    """Answers HEAD with the headers of GET and no body, as RFC 9110 asks.

    Django renders the page for HEAD as for GET and leaves the body in place (only its
    development server and test client drop it); gunicorn then logs an error for every HEAD
    request. Outermost in MIDDLEWARE, so it sees the final response, Content-Length included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method != "HEAD" or not isinstance(response, HttpResponse | StreamingHttpResponse):
            return response
        if isinstance(response, StreamingHttpResponse):
            response.close()  # e.g. a static file: release it; the headers already say its length
            response.streaming_content = []
            return response
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        length = response["Content-Length"]
        response.content = b""
        response["Content-Length"] = length
        return response


# Answer even while the database is down: the probes, robots.txt and static files need no database.
NO_DATABASE_PATHS = ("/healthz", "/readyz", "/robots.txt")


def error_page_language(request: HttpRequest | None) -> str:
    """The language of the address (/es/...), else the default; never the one a thread served last."""
    return (request and translation.get_language_from_path(request.path_info)) or settings.LANGUAGE_CODE


def database_unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """The static 503 page: crisis lines and quick exit, no database, session or request context."""
    with translation.override(error_page_language(request)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage into the static 503 page, at once while the database is known down.

    Every page first makes sure a connection exists (a no-op while a persistent connection is
    open), through the circuit breaker (``metoo_site/breaker.py``), so that all pages answer alike
    during an outage rather than some working and some failing half-way, and nobody queues behind
    a database that does not answer; a failure later in the view (the database went away
    mid-request) is caught by ``process_exception`` and opens the breaker. Whatever was being sent
    is not saved, and the page says so.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        needs_database = not request.path.startswith((*NO_DATABASE_PATHS, settings.STATIC_URL))
        if needs_database and not database_breaker.connect():
            return database_unavailable_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            logger.error("Database error during a request (%s): answered 503.", type(exception).__name__)
            database_breaker.record(exception)
            return database_unavailable_response(request)
        return None
