"""The public pages that the browser tests, the accessibility scans and the page-weight test visit.

Plain lists, so that a new page is one line. The pages in PUBLIC_PAGES and NOT_FOUND_PAGES render
for an anonymous visitor without any data in the database; CONTENT_PAGES and ANSWER_PAGES show
what the `site_content` browser fixture creates.
"""

from __future__ import annotations

MISSION_PAGES = ["/", "/about/", "/get-help/", "/safety/", "/privacy/"]

# Every page a visitor can reach, in English and in Spanish.
PUBLIC_PAGES = MISSION_PAGES + ["/es" + page for page in MISSION_PAGES]

# Rendered with status 404, and it must meet the same bar as every other page.
NOT_FOUND_PAGES = ["/this-page-does-not-exist/", "/es/this-page-does-not-exist/"]

ALL_PAGES = PUBLIC_PAGES + NOT_FOUND_PAGES

# The directory and stories pages, shown with something on them: the `site_content` fixture
# (tests/browser/conftest.py) creates one published listing in Chicago (ZIP 60601) and one
# approved story with a content warning, at these addresses.
SAMPLE_LISTING = "/resources/lakeshore-survivor-center/"
SAMPLE_STORY = "/stories/5a3b1e0c9d2f/"

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

# What comes back after sending a form: (page with the form, {field: text to type}, boxes to tick).
STORY_TEXT = (
    "It took me years to say it out loud. It happened at a party when I was nineteen, "
    "and for a long time I thought it was my fault. It was not. Me too."
)
ANSWER_PAGES = {
    "report-with-errors": (SAMPLE_LISTING + "report/", {}, []),
    "suggest-with-errors": ("/resources/suggest/", {"#id_website": "not a web address"}, []),
    "share-with-errors": ("/stories/share/", {"#id_story": "Too short."}, ["#id_content_warnings_0"]),
    "share-with-errors-es": ("/es/stories/share/", {}, []),
    "share-thanks": ("/stories/share/", {"#id_story": STORY_TEXT}, ["#id_consent_publish", "#id_consent_age"]),
    "status-not-found": ("/stories/status/", {"#id_code": "AAAA-BBBB-CCCC-DDDD"}, []),
}
