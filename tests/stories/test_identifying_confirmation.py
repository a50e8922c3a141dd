"""Publishing a flagged passage (an e-mail, a phone number, "my name is ...") takes a moderator's
explicit, recorded confirmation; bulk approval never publishes one; edits are checked again."""

from __future__ import annotations

import pytest

from stories import services
from stories.models import ModerationLog, Story
from tests.stories.conftest import STORY, make_story

IDENTIFYING = STORY + " My name is Jo Smith, write to jo.smith@example.org or call 555-123-4567."
CHANGE = "/admin/stories/story/{}/change/"
CONFIRM_LABEL = "I have read it; these passages do not identify anyone."


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def approve(client, story: Story, text: str, **extra):
    data = {"published_text": text, "display_name": story.display_name, "decision": "approve", "_save": "Save"}
    return client.post(CHANGE.format(story.pk), {**data, **extra})


@pytest.mark.django_db
def test_a_flagged_story_is_published_only_redacted_or_confirmed(moderator_client):
    story, _ = make_story(text=IDENTIFYING)
    response = approve(moderator_client, story, IDENTIFYING)
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "may identify someone (e-mail, name, phone)" in html
    assert Story.objects.get().status == "pending"
    assert "jo.smith@example.org" not in moderator_client.get("/stories/").content.decode()
    assert not ModerationLog.objects.filter(action__in=["approved", "confirmed"]).exists()
    # Redacting every flagged passage is the other way through, and needs no confirmation.
    response = approve(moderator_client, story, STORY + " My name is [name], write to [e-mail] or call [phone].")
    assert response.status_code == 302
    assert Story.objects.get().status == "approved"
    assert not ModerationLog.objects.filter(action="confirmed").exists()


@pytest.mark.django_db
def test_the_confirmation_sits_next_to_the_flagged_passages_in_the_text_to_publish(moderator_client):
    story, _ = make_story(text=IDENTIFYING)
    html = moderator_client.get(CHANGE.format(story.pk)).content.decode()
    flagged = html.index("Flagged passages in the text to publish")
    box = html.index(CONFIRM_LABEL)
    assert flagged < html.index('<mark title="e-mail">jo.smith@example.org</mark>', flagged) < box
    assert html.index('name="identifying_confirmed"') - box < 600


@pytest.mark.django_db
def test_a_confirmed_approval_publishes_and_records_who_and_when_without_the_text(moderator_client):
    story, _ = make_story(text=IDENTIFYING)
    response = approve(moderator_client, story, IDENTIFYING, identifying_confirmed="on")
    assert response.status_code == 302
    assert Story.objects.get().status == "approved"
    confirmation = ModerationLog.objects.get(action="confirmed")
    assert confirmation.story_ref == story.public_id and confirmation.actor_name == "moderator"
    assert confirmation.at is not None and confirmation.fields == "e-mail, name, phone"
    for log in ModerationLog.objects.all():
        values = " ".join(str(value) for value in log.__dict__.values())
        assert "jo.smith" not in values and "555-123" not in values and "Smith" not in values


@pytest.mark.django_db
def test_a_flagged_display_name_needs_the_confirmation_too(moderator_client):
    story, _ = make_story(display_name="jo@example.org")
    response = approve(moderator_client, story, STORY)
    assert "may identify someone (e-mail)" in response.content.decode()
    assert Story.objects.get().status == "pending"


@pytest.mark.django_db
def test_bulk_approval_skips_flagged_stories_and_says_how_many(moderator_client):
    clean, _ = make_story()
    first, _ = make_story(text=IDENTIFYING)
    second, _ = make_story(text=STORY + " Call me on 555-987-6543.")
    response = moderator_client.post(
        "/admin/stories/story/",
        {"action": "approve_selected", "_selected_action": [clean.pk, first.pk, second.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 story approved." in html
    assert "2 stories were not approved: they have passages that may identify someone." in html
    assert dict(Story.objects.values_list("pk", "status")) == {
        clean.pk: "approved",
        first.pk: "pending",
        second.pk: "pending",
    }


@pytest.mark.django_db
def test_the_service_refuses_an_unconfirmed_flagged_approval(moderator_user):
    story, _ = make_story(text=IDENTIFYING)
    with pytest.raises(services.NeedsConfirmation):
        services.story_approve(story=story, moderator=moderator_user)
    assert Story.objects.get().status == "pending"
    services.story_approve(story=story, moderator=moderator_user, identifying_confirmed=True)
    assert Story.objects.get().status == "approved"


@pytest.mark.django_db
def test_an_edit_that_adds_a_phone_number_to_a_published_story_needs_the_confirmation(moderator_client, approved_story):
    url = CHANGE.format(approved_story.pk)
    edited = STORY + " Call me: 555-222-3333."
    response = moderator_client.post(url, {"published_text": edited, "_save": "Save"})
    assert "may identify someone (phone)" in response.content.decode()
    assert Story.objects.get().published_text == STORY
    assert "555-222-3333" not in moderator_client.get(f"/stories/{approved_story.public_id}/").content.decode()
    response = moderator_client.post(url, {"published_text": edited, "identifying_confirmed": "on", "_save": "Save"})
    assert response.status_code == 302
    assert Story.objects.get().published_text == edited
    assert ModerationLog.objects.filter(action="confirmed", fields="phone", story_ref=approved_story.public_id).exists()


@pytest.mark.django_db
def test_editing_a_published_story_around_confirmed_passages_asks_nothing_again(moderator_client, moderator_user):
    story, _ = make_story(text=IDENTIFYING)
    services.story_approve(story=story, moderator=moderator_user, identifying_confirmed=True)
    edited = IDENTIFYING.replace("nineteen", "[age]")
    response = moderator_client.post(CHANGE.format(story.pk), {"published_text": edited, "_save": "Save"})
    assert response.status_code == 302
    assert Story.objects.get().published_text == edited
    assert ModerationLog.objects.filter(action="confirmed").count() == 1
