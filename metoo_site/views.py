"""The mission pages, health probes, robots.txt and the error pages."""

from __future__ import annotations

import sys

from django.db import connection
from django.db.models import Count, Q
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from resources.models import Need, Resource
from stories.views import me_too_context


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # A need tile leads to the listings only when real (not sample) listings serve it; otherwise
    # to the help that exists (home.html), so no door opens on an empty page.
    real = Q(resources__status=Resource.Status.PUBLISHED, resources__is_demo=False)
    needs = Need.objects.annotate(real_listings=Count("resources", filter=real))
    return render(request, "pages/home.html", {"needs": needs, **me_too_context(request)})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


@require_safe
def get_help(request: HttpRequest) -> HttpResponse:
    outside_us = Resource.objects.published().outside_us().select_related("organization")
    return render(request, "pages/get_help.html", {"outside_us": outside_us})


@require_safe
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/safety.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Never touches the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when the database answers a trivial query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /stories/status/",
        "Disallow: /es/stories/status/",
        "Disallow: /stories/share/",
        "Disallow: /es/stories/share/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A kind 403 when a form's security check fails, usually an old page or blocked cookies."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without a request context: no database, session or context processors.

    A database outage that surfaced outside a view (say, saving a session) still gets the 503
    page that says nothing was saved.
    """
    from metoo_site.middleware import DATABASE_DOWN_ERRORS, database_unavailable_response, error_page_language

    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_unavailable_response(request)
    with translation.override(error_page_language(request)):
        return HttpResponse(loader.get_template("500.html").render(), status=500)
