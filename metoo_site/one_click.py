"""One-click buttons ("me too", a reaction) that need no cookie until they are pressed.

Django's CSRF protection needs a cookie set when the page is opened, and opening a page must set
none. These buttons change nothing that belongs to anyone (a count goes up by one), so instead of
a token they accept a post only when the browser says it came from a page of this site:

1. ``Sec-Fetch-Site`` (every current browser sends it): only ``same-origin`` passes;
2. else ``Origin`` (sent on every post by browsers since about 2020): it must be this site;
3. else ``Referer`` (old browsers; the site's ``Referrer-Policy: same-origin`` keeps it for our
   own pages): it must be a page of this site;
4. with none of the three, the post is refused, as Django's own check refuses a post over HTTPS
   that has neither ``Origin`` nor ``Referer``. A cross-site page cannot make a browser press, and
   so cannot leave this site's cookie on someone's device.

The longer forms (share, status, report, suggest, staff sign-in) keep Django's CSRF cookie.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

View = Callable[..., HttpResponse]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def posted_from_this_site(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    ours = {f"{request.scheme}://{request.get_host()}".lower(), *(o.lower() for o in settings.CSRF_TRUSTED_ORIGINS)}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in ours
    referer = request.headers.get("Referer")
    if referer is not None:
        return _origin(referer) in ours
    return False


def one_click_post(view: View) -> View:
    """POST only, no CSRF cookie, and only from a page of this site (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not posted_from_this_site(request):
            return render(request, "403_one_click.html", status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(require_POST(wrapper))
