"""Pages for tests/site/test_page_cache.py: each answers one way, and counts how often it rendered."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import path

RENDERS: list[str] = []


def plain(request: HttpRequest) -> HttpResponse:
    RENDERS.append("plain")
    request.session.get("anything")  # reading (not creating) a session adds Vary: Cookie, as real pages do
    return HttpResponse(f"<p>render {len(RENDERS)}</p>")


def sets_cookie(request: HttpRequest) -> HttpResponse:
    RENDERS.append("cookie")
    response = HttpResponse("<p>with a cookie</p>")
    response.set_cookie("something", "personal")
    return response


def missing(request: HttpRequest) -> HttpResponse:
    RENDERS.append("missing")
    return HttpResponseNotFound("<p>not here</p>")


urlpatterns = [
    path("plain/", plain),
    path("cookie/", sets_cookie),
    path("missing/", missing),
    # Under /stories/: SecurityHeadersMiddleware marks it no-store, like the stories forms and status.
    path("stories/private/", plain),
]
