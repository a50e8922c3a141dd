"""Every response carries the security headers, admin and error pages included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.public_urls import (
    ERROR_URLS,
    LISTING,
    LONG_FORM_PAGES,
    NO_STORE_POSTS,
    NO_STORE_URLS,
    PUBLIC_NON_PAGES,
    PUBLIC_PAGES,
    STORY,
)

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "/" + settings.ADMIN_PATH
ADMIN_URLS = [ADMIN + "login/", ADMIN + "sign-in/code/"]
SIGNED_IN_ADMIN_URLS = [ADMIN, ADMIN + "auth/user/", ADMIN + "auth/user/add/", ADMIN + "otp_totp/totpdevice/"]
EVERY_URL = PUBLIC_PAGES + PUBLIC_NON_PAGES + ERROR_URLS + ADMIN_URLS

POWERFUL_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture", "browsing-topics"]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, url: str) -> None:
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"], url
    assert csp["frame-ancestors"] == ["'none'"], url
    assert csp["base-uri"] == ["'none'"], url
    assert csp["form-action"] == ["'self'"], url
    for directive in ("script-src", "style-src", "img-src"):
        assert csp[directive][0] == "'self'", (url, directive)
        assert all(value in {"'self'", "data:"} or value.startswith("'nonce-") for value in csp[directive]), url
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    policy = response["Permissions-Policy"]
    for feature in POWERFUL_FEATURES:
        assert f"{feature}=()" in policy, (url, feature)


# Public information that a browser or a proxy may keep.
MAY_BE_CACHED = ["/", "/about/", "/robots.txt", "/resources/", f"/resources/{LISTING}/"]


def assert_sets_no_cookie(response, url: str) -> None:
    """No cookie, except the browser-session CSRF cookie on the page of a longer form (the one-click
    buttons, "me too" and reactions, need none until they are pressed)."""
    cookies = {name for name, morsel in response.cookies.items() if morsel.value}
    assert cookies == ({"csrftoken"} if url in LONG_FORM_PAGES else set()), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", dict.fromkeys(EVERY_URL + NO_STORE_URLS + MAY_BE_CACHED))
def test_every_public_url_carries_the_security_headers_and_the_right_caching(client, url):
    """Each URL is fetched once and every property of its answer is checked."""
    response = client.get(url)
    assert response.status_code in {200, 302, 404, 405}, url  # 405: a GET on a POST-only endpoint
    assert_security_headers(response, url)
    if url in PUBLIC_PAGES or url in ERROR_URLS:
        # Public pages have no inline script or style at all, so their policy is 'self' only.
        assert "nonce-" not in response["Content-Security-Policy"], url
    if url in NO_STORE_URLS or url in ADMIN_URLS:  # personal pages, forms in progress, the admin
        assert "no-store" in response["Cache-Control"], url
    if url in MAY_BE_CACHED:
        assert "no-store" not in response.get("Cache-Control", ""), url
    if url in PUBLIC_PAGES or url in PUBLIC_NON_PAGES or url in ERROR_URLS:
        assert_sets_no_cookie(response, url)


# The admin pages of the directory and stories; {listing}, {story} etc. are filled in with the
# primary keys of the objects the test creates.
APP_ADMIN_URLS = [
    "stories/story/",
    "stories/story/?status__exact=pending",
    "stories/story/{story}/change/",
    "stories/story/guide/",
    "stories/moderationlog/",
    "resources/resource/",
    "resources/resource/?q=lakeshore",
    "resources/resource/add/",
    "resources/resource/{listing}/change/",
    "resources/resource/{listing}/history/",
    "resources/organization/",
    "resources/need/",
    "resources/listingchange/",
    "resources/listingchange/{change}/change/",
    "resources/listingreport/",
    "resources/listingreport/{report}/change/",
    "resources/resourcesuggestion/",
    "resources/resourcesuggestion/{suggestion}/change/",
]


def assert_admin_page_is_strict(response, url: str) -> None:
    assert response.status_code == 200, url
    assert_security_headers(response, url)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    nonces = {value[len("'nonce-") : -1] for value in csp_directives(response)["script-src"] if "nonce-" in value}
    for tag in re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>|<style\b[^>]*>", html):
        found = re.search(r'nonce="([^"]+)"', tag)
        assert found and found.group(1) in nonces, (url, tag)
    assert not re.search(r"<[a-z][^>]*\sstyle=\"", html), url  # inline style attributes are blocked


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGNED_IN_ADMIN_URLS)
def test_admin_pages_carry_the_headers_and_nonce_every_inline_element(admin_client, url):
    assert_admin_page_is_strict(admin_client.get(url), url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", APP_ADMIN_URLS)
def test_directory_and_stories_admin_pages_are_strict_too(admin_client, admin_user, url):
    from resources import services as directory
    from resources.models import ListingChange, ListingReport, Resource, ResourceSuggestion
    from stories.models import Story

    listing = Resource.objects.get(slug=LISTING)
    listing.phone = "312-555-0199"  # a held change to a published listing's contact field
    directory.resource_save(resource=listing, changed_by=admin_user)
    directory.report_submit(resource=listing, problem="phone", details="The number rings out.")
    directory.suggestion_submit(organization_name="Riverbend Crisis Line", description="Free counseling.")
    ids = {
        "story": Story.objects.get(public_id=STORY).pk,
        "listing": listing.pk,
        "change": ListingChange.objects.filter(resource=listing).latest("pk").pk,
        "report": ListingReport.objects.get().pk,
        "suggestion": ResourceSuggestion.objects.get().pk,
    }
    full = ADMIN + url.format(**ids)
    assert_admin_page_is_strict(admin_client.get(full), full)


@pytest.mark.django_db
@pytest.mark.parametrize("url", NO_STORE_POSTS)
def test_answers_to_posted_forms_are_never_cached(client, url):
    assert "no-store" in client.post(url, {})["Cache-Control"], url


@pytest.mark.django_db
def test_the_open_data_api_may_be_read_from_anywhere(client):
    response = client.get("/api/no-such-endpoint/")
    assert "Cross-Origin-Resource-Policy" not in response
    assert response["Content-Security-Policy"]  # everything else still applies


@pytest.mark.django_db
def test_database_outage_page_carries_the_headers(client, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/about/")
    assert response.status_code == 503
    assert_security_headers(response, "/about/ (database down)")


def production_settings(*names: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    clean.update({"DJANGO_SECRET_KEY": "k" * 20 + "a-real-looking-random-production-secret"} | env)
    code = "import metoo_site.settings as s; print(" + ", ".join(f"s.{name}" for name in names) + ")"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_defaults_send_hsts_and_secure_cookies_that_end_with_the_browser():
    names = (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "CSRF_COOKIE_AGE",
        "ADMIN_2FA",
    )
    assert production_settings(*names) == [
        "31536000",
        "True",
        "False",  # preload is opt-in
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "Lax",
        "True",
        "None",
        "True",
    ]
    assert production_settings("SECURE_HSTS_PRELOAD", DJANGO_HSTS_PRELOAD="True") == ["True"]


@pytest.mark.django_db
def test_csrf_cookie_is_session_only_httponly_and_samesite(client):
    response = client.get(ADMIN + "login/")
    morsel = response.cookies["csrftoken"]
    assert morsel["expires"] == "" and morsel["max-age"] == ""
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
