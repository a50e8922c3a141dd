"""The "done when" walk, in a real browser with JavaScript off: share, moderate, read, react, withdraw."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from stories.models import MeTooDay, Story
from tests.browser.conftest import press
from tests.conftest import sign_in_staff
from tests.stories.conftest import STORY

pytestmark = pytest.mark.browser


def test_whole_story_life_without_javascript(open_page, live_server, browser_log, transactional_db):
    url = live_server.url
    # Three people, each with a browser of their own (cookies included), all with JavaScript off.
    writer, staff, reader = (open_page(own_context=True, java_script_enabled=False) for _ in range(3))

    # Share a story and get the private code.
    writer.goto("/stories/share/")
    writer.fill("textarea[name=story]", STORY + " It was at 12 Maple Street.")
    writer.check("input[value=harassment]")
    writer.check("input[name=consent_publish]")
    writer.check("input[name=consent_age]")
    press(writer, "text=Send my story for review")
    code = writer.inner_text("code.private-code")
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)

    # See it waiting.
    writer.goto("/stories/status/")
    writer.fill("input[name=code]", code)
    press(writer, "text=Check my story")
    assert "waiting for review" in writer.content()

    # A moderator redacts and approves it in admin.
    moderator = User.objects.create_user("mod", "mod@example.org", "a-long-moderator-password-1", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    session = sign_in_staff(Client(), moderator).cookies["sessionid"].value
    staff.context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
    admin = staff
    admin.goto("/admin/")
    press(admin, "text=1 story waiting for review")
    press(admin, f"text={Story.objects.get().public_id}")
    assert admin.inner_text("mark").startswith("12 Maple Street")
    admin.fill("textarea[name=published_text]", STORY + " It was at [street].")
    admin.check("input[name=decision][value=approve]")
    press(admin, "input[name=_save]")
    assert Story.objects.get().status == "approved"

    # Read it on the wall, behind its content warning, and react.
    reader.goto("/stories/")
    summary = reader.locator("details.story-cw summary").first
    assert "Content warning: Harassment" in summary.inner_text()
    assert not reader.locator("details.story-cw .story-text").first.is_visible()
    summary.click()
    assert "[street]" in reader.locator("details.story-cw .story-text").first.inner_text()
    press(reader, "text=Open this story to respond")
    press(reader, "button:has-text('I believe you')")
    assert "you sent this" in reader.content()
    assert Story.objects.get().believe_count == 1

    # Say me too from the home page and see the count move.
    reader.goto("/")
    assert "Be the first" in reader.content()
    press(reader, "button:has-text('Me too')")
    assert "1 person has said me too here" in reader.content()
    assert MeTooDay.objects.total() == 1

    # Withdraw it with the code: gone.
    writer.goto("/stories/status/")
    writer.fill("input[name=code]", code)
    press(writer, "text=Check my story")
    press(writer, "text=Withdraw and delete my story")
    assert not writer.is_visible("text=Your story has been deleted")  # asked first, nothing gone yet
    press(writer, "text=Yes, delete my story for good")
    assert "Your story has been deleted" in writer.content()
    assert not Story.objects.exists()

    # Under the strict headers, no page was refused (CSRF) and nothing was blocked (CSP).
    assert browser_log.refused_pages() == []
    assert browser_log.failed_responses == []
    assert browser_log.unexpected_console_errors() == []
