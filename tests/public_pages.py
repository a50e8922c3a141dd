"""The public pages that the browser tests, the accessibility scans and the page-weight test visit.

Plain lists, so that a new page is one line. Every page listed here must render for an anonymous
visitor without any data in the database (the browser tests start from an empty test database).
"""

from __future__ import annotations

MISSION_PAGES = ["/", "/about/", "/get-help/", "/safety/", "/privacy/"]

# Every page a visitor can reach, in English and in Spanish.
PUBLIC_PAGES = MISSION_PAGES + ["/es" + page for page in MISSION_PAGES]

# Rendered with status 404, and it must meet the same bar as every other page.
NOT_FOUND_PAGES = ["/this-page-does-not-exist/", "/es/this-page-does-not-exist/"]

ALL_PAGES = PUBLIC_PAGES + NOT_FOUND_PAGES
