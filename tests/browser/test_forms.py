"""Every form still works in a real browser under the site's headers (issue 5).

Strict CSP, Referrer-Policy same-origin, COOP, CORP and SameSite cookies must not stop a visitor's
Chromium from sending the story form, a reaction, "me too", a report, a suggestion, or a staff
member from signing in with their second factor. Each public form is sent with JavaScript on and
off; each test checks what the visitor sees and what reached the database, and that no page was
refused (a CSRF failure is a 403) and nothing was reported on the console (CSP violations are).
"""

from __future__ import annotations

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from resources.models import ListingReport, ResourceSuggestion
from stories import services
from stories.models import MeTooDay, Story
from tests.browser.conftest import press
from tests.public_urls import SAMPLE_LISTING, SAMPLE_STORY, STORY_TEXT

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
PASSWORD = "a-long-staff-password-1"


@pytest.fixture
def visitor_page(open_page, javascript):
    return open_page(java_script_enabled=javascript, viewport={"width": 390, "height": 800})


def assert_browser_was_happy(browser_log) -> None:
    assert browser_log.refused_pages() == []
    assert browser_log.failed_responses == []
    assert browser_log.foreign_requests == []
    assert browser_log.unexpected_console_errors() == []


@JS
def test_story_form_gives_the_private_code_and_saves_the_story(visitor_page, browser_log, transactional_db):
    page = visitor_page
    page.goto("/stories/share/")
    page.fill("#id_story", STORY_TEXT)
    page.check("input[name=content_warnings][value=harassment]")
    page.check("#id_consent_publish")
    page.check("#id_consent_age")
    press(page, page.get_by_role("button", name="Send my story for review"))
    code = page.locator("main code.private-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    story = Story.objects.get()
    assert story.status == Story.Status.PENDING
    assert story.warnings == ["harassment"]
    assert services.story_find_by_code(code=code) == story
    assert_browser_was_happy(browser_log)


@JS
def test_reaction_moves_the_count(visitor_page, browser_log, site_content):
    page = visitor_page
    page.goto(SAMPLE_STORY)
    button = page.get_by_role("button", name=re.compile("^I believe you"))
    assert "0" in button.inner_text()
    press(page, button)
    sent = page.locator(".reaction-done")
    assert sent.inner_text().startswith("I believe you · 1")
    assert Story.objects.get(pk=site_content["story"].pk).believe_count == 1
    assert_browser_was_happy(browser_log)


@JS
@pytest.mark.parametrize("start", ["/", "/stories/"])
def test_me_too_moves_the_count(visitor_page, browser_log, transactional_db, start):
    page = visitor_page
    page.goto(start)
    assert "Be the first" in page.locator(".me-too-count").inner_text()
    press(page, page.locator("#me-too").get_by_role("button", name="Me too"))
    assert page.url.endswith(start + "#me-too")
    assert page.locator(".me-too-count").inner_text() == "1 person has said me too here."
    assert page.locator("#me-too .success").is_visible()
    assert MeTooDay.objects.total() == 1
    assert_browser_was_happy(browser_log)


@JS
def test_report_reaches_the_thank_you_page_and_the_queue(visitor_page, browser_log, site_content):
    page = visitor_page
    page.goto(SAMPLE_LISTING)
    press(page, page.get_by_role("link", name="Report a problem with this listing"))
    page.check("input[name=problem][value=hours]")
    page.fill("#id_details", "They close at 4 on Fridays now.")
    press(page, page.get_by_role("button", name="Send report"))
    assert page.url.endswith(SAMPLE_LISTING + "report/thanks/")
    assert "Your report was received" in page.locator("main").inner_text()
    report = ListingReport.objects.get()
    assert (report.resource, report.problem, report.details) == (
        site_content["listing"],
        "hours",
        "They close at 4 on Fridays now.",
    )
    assert_browser_was_happy(browser_log)


@JS
def test_suggestion_reaches_the_thank_you_page_and_the_queue(visitor_page, browser_log, transactional_db):
    page = visitor_page
    page.goto("/resources/suggest/")
    page.fill("#id_organization_name", "Prairie Advocacy Network")
    page.fill("#id_website", "prairie.example.org")
    page.fill("#id_description", "Free legal advocacy for survivors in central Illinois.")
    press(page, page.get_by_role("button", name="Send suggestion"))
    assert page.url.endswith("/resources/suggest/thanks/")
    assert "Your suggestion was received" in page.locator("main").inner_text()
    suggestion = ResourceSuggestion.objects.get()
    assert suggestion.organization_name == "Prairie Advocacy Network"
    assert suggestion.website == "https://prairie.example.org"
    assert suggestion.status == ResourceSuggestion.Status.NEW
    assert_browser_was_happy(browser_log)


def code_from(key: bytes) -> str:
    """What an authenticator app shows for this secret right now (30-second steps, six digits)."""
    return f"{TOTP(key, step=30, t0=0, digits=6, drift=0).token():06d}"


def sign_in_with_password(page, username: str, password: str) -> None:
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    press(page, page.locator("#login-form [type=submit]"))


def assert_admin_index(page) -> None:
    assert page.url.endswith("/admin/")
    assert page.locator("#user-tools").is_visible()
    assert page.locator("#content h1").inner_text() == "Site administration"


def test_staff_sign_in_with_password_and_authenticator_code(open_page, browser_log, transactional_db, settings):
    assert settings.ADMIN_2FA  # DEBUG is off in the test settings, so the second step is on
    user = User.objects.create_user("casey", "", PASSWORD, is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page = open_page(viewport={"width": 1280, "height": 800})
    sign_in_with_password(page, "casey", PASSWORD)
    assert "/admin/sign-in/code/" in page.url
    page.fill("#id_token", code_from(device.bin_key))
    press(page, page.locator("#login-form [type=submit]"))
    assert_admin_index(page)
    session = {cookie["name"]: cookie for cookie in page.context.cookies()}["sessionid"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert_browser_was_happy(browser_log)


def test_first_sign_in_of_a_new_moderator_sets_up_the_app_from_the_qr_code(open_page, browser_log, transactional_db):
    out = StringIO()
    call_command("create_moderator", "robin", stdout=out)
    one_time_password = re.search(r"One-time password: (\S+)", out.getvalue()).group(1)
    page = open_page(viewport={"width": 1280, "height": 800})
    sign_in_with_password(page, "robin", one_time_password)
    assert "/admin/sign-in/set-up/" in page.url
    assert page.locator(".otp-qr svg").is_visible()
    # Type the key shown under the picture into "the app", as someone who cannot scan would.
    key = page.locator("#content-main code").inner_text().replace(" ", "")
    new_password = "robin-chose-this-long-password-7"
    page.fill("#id_new_password1", new_password)
    page.fill("#id_new_password2", new_password)
    page.fill("#id_token", code_from(b32decode(key + "=" * (-len(key) % 8))))
    press(page, page.get_by_role("button", name="Finish and sign in"))
    assert_admin_index(page)
    robin = User.objects.get(username="robin")
    assert robin.check_password(new_password)
    assert TOTPDevice.objects.get(user=robin).confirmed
    assert_browser_was_happy(browser_log)
