"""What the security tests walk: every public URL, every GET parameter, every public form.

When a feature adds a page, a parameter or a form, add it here and the header, cookie and
hostile-input tests cover it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MISSION_PAGES = ["/", "/about/", "/get-help/", "/safety/", "/privacy/"]

# HTML pages a visitor can open, in both languages.
PUBLIC_PAGES: list[str] = [
    *MISSION_PAGES,
    *["/es" + page for page in MISSION_PAGES],
    "/resources/",
    "/es/resources/",
    "/stories/",
    "/es/stories/",
]

# Everything else public that answers a GET: probes, robots, sitemap.
PUBLIC_NON_PAGES: list[str] = ["/healthz", "/readyz", "/robots.txt", "/sitemap.xml"]

# Answers that are not 200 but must carry the same headers.
ERROR_URLS: list[str] = ["/no-such-page/", "/es/no-such-page/"]

# Personal pages and forms in progress: never kept by a browser or a proxy (Cache-Control: no-store).
# The admin is added by the tests from settings.ADMIN_PATH.
NO_STORE_URLS: list[str] = [
    "/stories/",
    "/stories/share/",
]


@dataclass(frozen=True)
class GetCase:
    """A public URL and the GET parameters it reads (each gets hostile values)."""

    url: str
    params: list[str]


GET_CASES: list[GetCase] = [
    # The home page's search box submits q and near to /resources/; the home page itself takes none
    # but must shrug off any it is given.
    GetCase("/", ["q", "near"]),
    GetCase("/es/", ["q"]),
    GetCase("/about/", ["q"]),
    GetCase(
        "/resources/",
        ["q", "need", "community", "region", "near", "radius", "language", "free", "open_now", "mode", "sort", "page"],
    ),
    GetCase("/stories/", ["hide", "page"]),
]


@dataclass(frozen=True)
class FormCase:
    """A public POST form: its URL, the fields a person fills in (each gets hostile values), and
    valid values for the other fields so that the hostile one is what the form has to judge."""

    url: str
    fields: list[str]
    valid: dict[str, str] = field(default_factory=dict)


# The directory's report and suggestion forms and the story, reaction, "me too" and status forms
# go here as they land, e.g. FormCase("/stories/share/", ["story", "content_warnings"], {"consent": "on"}).
FORM_CASES: list[FormCase] = [
    FormCase("/admin/login/", ["username", "password"], {"username": "nobody", "password": "not-a-password-1"}),
]
