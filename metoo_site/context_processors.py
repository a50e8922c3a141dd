from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

# Characters a path may keep as they are; everything else (a backslash, a tab, a space, any
# non-ASCII letter) is percent-encoded so no browser can read the link as another site's.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


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
    target = local_path(target)
    if query:
        target = f"{target}?{query}"
    return {"url": target, "code": code, "label": label}


def local_path(path: str) -> str:
    r"""``path`` as a link that can only lead to this site.

    ``//evil.example/``, ``/\evil.example/`` and ``/<tab>/evil.example/`` are all read by browsers
    as another host: backslashes and control characters are encoded, and leading slashes become one.
    """
    encoded = quote(path, safe=_PATH_SAFE)
    return "/" + encoded.lstrip("/")
