from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def site(request: HttpRequest) -> dict:
    """The quick-exit target and the address of this page in the other language."""
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "other_language": other_language_link(request),
    }


def other_language_link(request: HttpRequest) -> dict:
    """A plain link to the same page and query in the other language (no cookie, no POST)."""
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    if translation.get_language() == "es":
        target = path[3:] if path.startswith("/es/") else path
        code, label = "en", "English"
    else:
        target = "/es" + path
        code, label = "es", "Español"
    if query:
        target = f"{target}?{query}"
    return {"url": target, "code": code, "label": label}
