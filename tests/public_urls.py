"""The one registry of public URLs the tests walk: pages, parameters, forms, in both languages.

When a feature adds a page, a parameter or a form, add it here: the header, cookie, page-weight,
hostile-input, browser (axe, reflow, no JavaScript) tests cover it at once.

The pages that show a listing or a story need the data that ``tests.conftest.create_public_content``
creates (the security tests get it automatically; browser tests ask for ``site_content``): one
published listing and one approved story, with the identifiers below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MISSION_PAGES = ["/", "/about/", "/get-help/", "/safety/", "/privacy/"]

# Every mission page, in English and in Spanish: they render without any data in the database.
EVERY_MISSION_PAGE = MISSION_PAGES + ["/es" + page for page in MISSION_PAGES]

# Rendered with status 404, and they must meet the same bar as every other page.
NOT_FOUND_PAGES = ["/no-such-page/", "/es/no-such-page/"]

# What a visitor sees of the site with nothing in the database.
EMPTY_SITE_PAGES = EVERY_MISSION_PAGE + NOT_FOUND_PAGES

LISTING = "lakeshore-survivor-center"
STORY = "5a3b1e0c9d2f"
SAMPLE_LISTING = f"/resources/{LISTING}/"
SAMPLE_STORY = f"/stories/{STORY}/"

STORY_TEXT = (
    "It took me years to say it out loud. It happened at a party when I was nineteen, "
    "and for a long time I thought it was my fault. It was not. Me too."
)

DIRECTORY_PAGES = [
    "/resources/",
    "/resources/?q=counseling&near=60601&radius=50&language=es&free=on&open_now=on&sort=name",
    "/resources/?need=legal&community=lgbtq&region=IL&mode=phone&always_open=on&page=2",
    f"/resources/{LISTING}/",
    f"/resources/{LISTING}/report/",
    f"/resources/{LISTING}/report/thanks/",
    "/resources/suggest/",
    "/resources/suggest/thanks/",
]
STORY_PAGES = [
    "/stories/",
    "/stories/?hide=harassment&page=1",
    f"/stories/{STORY}/",
    "/stories/share/",
    "/stories/status/",
]

# HTML pages a visitor can open, in both languages.
PUBLIC_PAGES: list[str] = [
    *[prefix + page for prefix in ("", "/es") for page in MISSION_PAGES + DIRECTORY_PAGES + STORY_PAGES],
]

# The pages of a longer form: opening one sets Django's CSRF cookie. No other page sets any cookie
# (the one-click buttons, "me too" and reactions, carry no CSRF token).
LONG_FORM_PAGES: list[str] = [
    prefix + page
    for prefix in ("", "/es")
    for page in ("/stories/share/", "/stories/status/", f"/resources/{LISTING}/report/", "/resources/suggest/")
]

# Everything else public that answers a GET: probes, robots, sitemap.
PUBLIC_NON_PAGES: list[str] = ["/healthz", "/readyz", "/robots.txt", "/sitemap.xml"]

# Answers that are not 200 but must carry the same headers: missing pages, a listing or story that
# does not exist (or is not published), and a GET on a POST-only endpoint.
ERROR_URLS: list[str] = [
    *NOT_FOUND_PAGES,
    "/resources/no-such-listing/",
    "/resources/no-such-listing/report/",
    "/stories/no-such-story/",
    "/es/stories/no-such-story/",
    "/stories/me-too/",
    f"/stories/{STORY}/react/",
]

# Personal pages and forms in progress: never kept by a browser or a proxy (Cache-Control: no-store).
# The admin is added by the tests from settings.ADMIN_PATH.
NO_STORE_URLS: list[str] = [
    *[
        prefix + page
        for prefix in ("", "/es")
        for page in (
            *STORY_PAGES,
            f"/resources/{LISTING}/report/",
            f"/resources/{LISTING}/report/thanks/",
            "/resources/suggest/",
            "/resources/suggest/thanks/",
        )
    ],
]

# POST endpoints: the answer (a redirect, a form with errors, a thanks page) is never cached either.
NO_STORE_POSTS: list[str] = [
    "/stories/share/",
    "/stories/status/",
    "/stories/me-too/",
    f"/stories/{STORY}/react/",
    f"/resources/{LISTING}/report/",
    "/resources/suggest/",
]


@dataclass(frozen=True)
class GetCase:
    """A public URL and the GET parameters it reads (each gets hostile values)."""

    url: str
    params: list[str]


SEARCH_PARAMETERS = [
    "q",
    "need",
    "community",
    "region",
    "near",
    "radius",
    "language",
    "free",
    "open_now",
    "always_open",
    "mode",
    "sort",
    "page",
]

GET_CASES: list[GetCase] = [
    # The home page's search box submits q and near to /resources/; the home page itself takes none
    # but must shrug off any it is given.
    GetCase("/", ["q", "near"]),
    GetCase("/es/", ["q"]),
    GetCase("/about/", ["q"]),
    GetCase("/resources/", SEARCH_PARAMETERS),
    GetCase("/es/resources/", SEARCH_PARAMETERS),
    GetCase(f"/resources/{LISTING}/", ["q", "near"]),  # the listing page takes none
    GetCase("/stories/", ["hide", "page"]),
    GetCase("/es/stories/", ["hide", "page"]),
    GetCase(f"/stories/{STORY}/", ["page"]),  # takes none
]


@dataclass(frozen=True)
class FormCase:
    """A public POST form: its URL, the fields a person fills in (each gets hostile values), and
    valid values for the other fields so that the hostile one is what the form has to judge."""

    url: str
    fields: list[str]
    valid: dict[str, str] = field(default_factory=dict)
    # False for forms that are only buttons ("me too", a reaction): bad input sends the person back
    # to the page (a redirect) instead of showing a field error.
    shows_errors: bool = True
    # Checkboxes, hidden switches and the honeypot: any value means "on", so a NUL byte there is
    # not a form error (nothing of it is stored); every other field must refuse one.
    switches: tuple[str, ...] = ()


VALID_STORY = {"story": STORY_TEXT, "consent_publish": "on", "consent_age": "on"}
VALID_SUGGESTION = {
    "organization_name": "Riverbend Crisis Line",
    "description": "Free counseling and a 24-hour line for survivors.",
}

FORM_CASES: list[FormCase] = [
    FormCase(
        "/stories/share/",
        ["story", "display_name", "state", "content_warnings", "consent_publish", "consent_age", "website_url"],
        VALID_STORY,
        switches=("consent_publish", "consent_age", "website_url"),
    ),
    FormCase("/es/stories/share/", ["story", "display_name"], VALID_STORY),
    FormCase(
        "/stories/status/",
        ["code", "withdraw", "confirm"],
        {"code": "K7QH-3MPX-9TRC-W2YD"},
        switches=("withdraw", "confirm"),
    ),
    FormCase("/stories/me-too/", ["next"], shows_errors=False),
    FormCase(f"/stories/{STORY}/react/", ["reaction"], {"reaction": "believe"}, shows_errors=False),
    FormCase(
        f"/resources/{LISTING}/report/",
        ["problem", "details", "website_url"],
        {"problem": "phone"},
        switches=("website_url",),
    ),
    FormCase(
        "/resources/suggest/",
        ["organization_name", "service_name", "website", "phone", "area", "description", "source_url", "website_url"],
        VALID_SUGGESTION,
        switches=("website_url",),
    ),
    FormCase("/admin/login/", ["username", "password"], {"username": "nobody", "password": "not-a-password-1"}),
]


# The directory and stories pages the browser tests open with ``site_content`` in the database.
CONTENT_PAGES = [
    "/resources/",
    "/resources/?near=60601",
    "/resources/?q=nothing+matches+this",
    SAMPLE_LISTING,
    SAMPLE_LISTING + "report/",
    SAMPLE_LISTING + "report/thanks/",
    "/resources/suggest/",
    "/resources/suggest/thanks/",
    "/resources/states/",
    "/resources/states/IL/",
    "/stories/",
    SAMPLE_STORY,
    "/stories/share/",
    "/stories/status/",
    "/es/resources/?near=60601",
    "/es" + SAMPLE_LISTING,
    "/es/resources/states/IL/",
    "/es/stories/",
    "/es/stories/share/",
]

# What comes back after sending a form in a browser: (page with the form, {field: text}, boxes to tick).
ANSWER_PAGES = {
    "report-with-errors": (SAMPLE_LISTING + "report/", {}, []),
    "suggest-with-errors": ("/resources/suggest/", {"#id_website": "not a web address"}, []),
    "share-with-errors": ("/stories/share/", {"#id_story": "Too short."}, ["#id_content_warnings_0"]),
    "share-with-errors-es": ("/es/stories/share/", {}, []),
    "share-thanks": ("/stories/share/", {"#id_story": STORY_TEXT}, ["#id_consent_publish", "#id_consent_age"]),
    "status-not-found": ("/stories/status/", {"#id_code": "AAAA-BBBB-CCCC-DDDD"}, []),
}
