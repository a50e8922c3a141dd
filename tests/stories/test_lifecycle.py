"""The whole life of a story, as a visitor and a moderator would live it, through the test client."""

from __future__ import annotations

import pytest

from stories.models import ModerationLog, Story
from tests.stories.conftest import STORY, extract_code, post_form, share_data


@pytest.mark.django_db
def test_share_review_publish_react_and_withdraw(visitor, moderator_client):
    # A visitor shares a story and gets a private code, once.
    response = post_form(visitor, "/stories/share/", share_data(display_name="R.", content_warnings=["harassment"]))
    assert response.status_code == 200
    code = extract_code(response.content.decode())
    story = Story.objects.get()
    assert story.status == "pending"

    # Not public: not on the wall, not at its address.
    assert STORY[:40] not in visitor.get("/stories/").content.decode()
    assert visitor.get(f"/stories/{story.public_id}/").status_code == 404

    # The writer sees it waiting.
    html = post_form(visitor, "/stories/status/", {"code": code}).content.decode()
    assert "waiting for review" in html

    # A moderator redacts and approves it in admin.
    redacted = STORY.replace("at a party", "at [place]")
    response = moderator_client.post(
        f"/admin/stories/story/{story.pk}/change/",
        {
            "published_text": redacted,
            "display_name": "R.",
            "state": "",
            "content_warnings": ["harassment"],
            "decision": "approve",
            "reject_reason": "",
            "moderator_note": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "approved"
    assert story.published_text == redacted
    assert story.submitted_text == ""  # the original is discarded

    # Public, behind its content warning.
    wall = visitor.get("/stories/").content.decode()
    assert "at [place]" in wall and "at a party" not in wall
    assert "<details" in wall and "Content warning: Harassment" in wall

    # A reader sends support.
    page = f"/stories/{story.public_id}/"
    response = visitor.post(f"{page}react/", {"reaction": "believe"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.believe_count == 1

    # The writer withdraws it with the code: gone, with its reactions.
    html = post_form(visitor, "/stories/status/", {"code": code}).content.decode()
    assert f'href="/stories/{story.public_id}/"' in html
    assert (
        "Delete your story for good?"
        in post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1"}).content.decode()
    )
    response = post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1", "confirm": "1"})
    assert "Your story has been deleted" in response.content.decode()
    assert not Story.objects.exists()
    assert visitor.get(page).status_code == 404
    assert "at [place]" not in visitor.get("/stories/").content.decode()

    actions = list(ModerationLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["submitted", "edited", "approved", "withdrawn"]
    assert ModerationLog.objects.get(action="edited").fields == "published_text"


@pytest.mark.django_db
def test_rejected_story_is_never_public_and_writer_is_told_kindly(visitor, moderator_client):
    response = post_form(visitor, "/stories/share/", share_data())
    code = extract_code(response.content.decode())
    story = Story.objects.get()
    response = moderator_client.post(
        f"/admin/stories/story/{story.pk}/change/",
        {
            "published_text": STORY,
            "display_name": "",
            "state": "",
            "decision": "reject",
            "reject_reason": "names-perpetrator",
            "moderator_note": "named the coach",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == "rejected" and story.reject_reason == "names-perpetrator"
    assert visitor.get(f"/stories/{story.public_id}/").status_code == 404
    assert STORY[:40] not in visitor.get("/stories/").content.decode()
    html = post_form(visitor, "/stories/status/", {"code": code}).content.decode()
    assert "was not published" in html and "names-perpetrator" not in html and "coach" not in html
    log = ModerationLog.objects.get(action="rejected")
    assert log.reason == "names-perpetrator" and log.actor_name == "moderator"


@pytest.mark.django_db
def test_rejecting_without_a_reason_is_a_form_error(moderator_client, pending_story):
    response = moderator_client.post(
        f"/admin/stories/story/{pending_story.pk}/change/",
        {"published_text": STORY, "decision": "reject", "reject_reason": "", "_save": "Save"},
    )
    assert response.status_code == 200
    assert "Choose a reason" in response.content.decode()
    pending_story.refresh_from_db()
    assert pending_story.status == "pending"
