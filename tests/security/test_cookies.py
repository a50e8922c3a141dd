"""No cookie until a button is pressed, no server-side row for a press, and a privacy page that
lists exactly the cookies the code can set (issue 12, items 6 and 7). That reading any public page
sets no cookie but a longer form's CSRF cookie is checked on every page by test_headers.py."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from stories.models import MeTooDay, Story
from stories.views import ME_TOO_COOKIE, REACTED_COOKIE
from tests.public_urls import STORY

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.mark.django_db
def test_the_one_click_buttons_carry_no_csrf_token():
    for url in ("/", "/es/", "/stories/", f"/stories/{STORY}/", f"/es/stories/{STORY}/"):
        html = Client().get(url).content.decode()
        assert 'method="post"' in html, url
        assert "csrfmiddlewaretoken" not in html, url


@pytest.mark.django_db
def test_a_press_and_a_reaction_leave_no_row_that_ties_a_browser_to_them():
    browser = Client()
    pressed = browser.post("/stories/me-too/", {"next": "home"}, **SAME_ORIGIN)
    reacted = browser.post(f"/stories/{STORY}/react/", {"reaction": "believe"}, **SAME_ORIGIN)
    assert pressed.status_code == reacted.status_code == 302
    assert Session.objects.count() == 0
    assert set(pressed.cookies) == {ME_TOO_COOKIE} and set(reacted.cookies) == {REACTED_COOKIE}
    assert pressed.cookies[ME_TOO_COOKIE].value == "1"
    assert reacted.cookies[REACTED_COOKIE].value == f"{STORY}:believe"  # the same for everyone who sent it
    for cookie in (pressed.cookies[ME_TOO_COOKIE], reacted.cookies[REACTED_COOKIE]):
        assert cookie["max-age"] == "" and cookie["expires"] == ""  # ends with the browser
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    # The cookie alone stops a second count; the page shows what was sent.
    browser.post("/stories/me-too/", {"next": "home"}, **SAME_ORIGIN)
    browser.post(f"/stories/{STORY}/react/", {"reaction": "believe"}, **SAME_ORIGIN)
    assert MeTooDay.objects.total() == 1 and Story.objects.get(public_id=STORY).believe_count == 1
    assert "Thank you. You said me too" in browser.get("/").content.decode()
    assert "you sent this" in browser.get(f"/stories/{STORY}/").content.decode()
    # A page shown to a browser that holds these cookies says it varies by them and is never
    # public, so no cache hands one browser's page to another (cookie-less pages may be cached:
    # they carry no per-visitor state, metoo_site/pagecache.py).
    for url in ("/", "/es/", "/stories/", f"/stories/{STORY}/"):
        response = browser.get(url)
        assert "Cookie" in response["Vary"], url
        assert "public" not in response.get("Cache-Control", ""), url


@pytest.mark.django_db
def test_press_cookies_are_secure_in_production(settings):
    settings.SESSION_COOKIE_SECURE = True
    response = Client().post("/stories/me-too/", **SAME_ORIGIN)
    assert response.cookies[ME_TOO_COOKIE]["secure"]


@pytest.mark.django_db
def test_a_forged_or_odd_reaction_cookie_counts_for_nothing():
    browser = Client()
    browser.cookies[REACTED_COOKIE] = f'x"; evil|{STORY}:hate|<b>|{STORY}:believe' + "|a:b" * 2000
    html = browser.get(f"/stories/{STORY}/").content.decode()
    assert html.count("you sent this") == 1  # only the well-formed entry
    response = browser.post(f"/stories/{STORY}/react/", {"reaction": "strength"}, **SAME_ORIGIN)
    assert response.cookies[REACTED_COOKIE].value == f"{STORY}:believe|{STORY}:strength"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {},  # neither Sec-Fetch-Site, Origin nor Referer: refused, as Django refuses such a post over HTTPS
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},  # a sibling subdomain is another site
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},  # the browser knows best
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_REFERER": "https://evil.example/stories/"},
    ],
    ids=["no-headers", "cross-site", "same-site", "fetch-site-wins", "origin", "null", "lookalike", "referer"],
)
def test_one_click_posts_from_another_site_are_refused(headers):
    for url, data in (("/stories/me-too/", {}), (f"/stories/{STORY}/react/", {"reaction": "believe"})):
        response = Client().post(url, data, **headers)
        assert response.status_code == 403, url
        assert not response.cookies
        assert "not counted" in response.content.decode()
    assert MeTooDay.objects.total() == 0 and Story.objects.get(public_id=STORY).believe_count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/stories/"},  # an old browser without Origin
    ],
    ids=["sec-fetch-site", "origin", "referer"],
)
def test_one_click_posts_from_this_site_are_counted(headers):
    assert Client().post("/stories/me-too/", **headers).status_code == 302
    assert MeTooDay.objects.total() == 1


@pytest.mark.django_db
def test_the_privacy_page_lists_exactly_the_cookies_the_site_sets():
    # Reading pages sets only a longer form's CSRF cookie (test_headers.py walks every page).
    set_by_the_site = set(Client().get("/stories/share/").cookies)
    visitor = Client()
    set_by_the_site |= set(visitor.post("/stories/me-too/", **SAME_ORIGIN).cookies)
    set_by_the_site |= set(visitor.post(f"/stories/{STORY}/react/", {"reaction": "strength"}, **SAME_ORIGIN).cookies)
    set_by_the_site |= set(visitor.post(f"/stories/{STORY}/react/", {"reaction": "believe"}, **SAME_ORIGIN).cookies)
    User.objects.create_user("cookie-staff", password="a-long-staff-password-1", is_staff=True)
    staff = Client()
    staff.get(f"/{settings.ADMIN_PATH}login/")
    signed_in = staff.post(
        f"/{settings.ADMIN_PATH}login/", {"username": "cookie-staff", "password": "a-long-staff-password-1"}
    )
    assert signed_in.status_code == 302
    set_by_the_site |= set(staff.cookies)
    assert set_by_the_site == {settings.CSRF_COOKIE_NAME, ME_TOO_COOKIE, REACTED_COOKIE, settings.SESSION_COOKIE_NAME}
    for page in ("/privacy/", "/es/privacy/"):
        html = Client().get(page).content.decode()
        listed = re.search(r'<dl class="cookie-list">(.*?)</dl>', html, re.S).group(1)
        assert set(re.findall(r"<dt><code>([^<]+)</code></dt>", listed)) == set_by_the_site, page
