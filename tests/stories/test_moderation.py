"""Moderation in Django admin: the queue, permissions, redaction, decisions and the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail

from stories import services
from stories.models import ModerationLog, Story
from tests.stories.conftest import STORY, make_story


@pytest.mark.django_db
def test_moderators_group_has_only_story_permissions():
    codenames = set(Group.objects.get(name="Moderators").permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {("stories", "view_story"), ("stories", "change_story"), ("stories", "view_moderationlog")}


@pytest.mark.django_db
def test_moderator_reaches_stories_but_not_users_resources_or_the_log_editing(moderator_client, pending_story):
    assert moderator_client.get("/admin/stories/story/").status_code == 200
    assert moderator_client.get(f"/admin/stories/story/{pending_story.pk}/change/").status_code == 200
    assert moderator_client.get("/admin/stories/moderationlog/").status_code == 200
    assert moderator_client.get("/admin/auth/user/").status_code == 403
    assert moderator_client.get("/admin/auth/group/").status_code == 403
    assert moderator_client.get("/admin/stories/story/add/").status_code == 403
    assert moderator_client.get(f"/admin/stories/story/{pending_story.pk}/delete/").status_code == 403
    entry = ModerationLog.objects.first()
    assert moderator_client.post(f"/admin/stories/moderationlog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ModerationLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_visitor_cannot_reach_the_queue(client):
    response = client.get("/admin/stories/story/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_admin_index_shows_pending_count_and_the_guide(moderator_client):
    make_story()
    make_story()
    html = moderator_client.get("/admin/").content.decode()
    assert "2 stories waiting for review" in html
    assert 'href="/admin/stories/story/guide/"' in html
    guide = moderator_client.get("/admin/stories/story/guide/").content.decode()
    assert "Looking after yourself" in guide and "What to redact" in guide


@pytest.mark.django_db
def test_queue_shows_pending_first_oldest_first_with_excerpt_wait_and_flag(moderator_client, moderator_user):
    old, _ = make_story(text=STORY + " Write to me at someone@example.org.", warnings=["suicide"])
    Story.objects.filter(pk=old.pk).update(submitted_on=datetime.date.today() - datetime.timedelta(days=3))
    new, _ = make_story()
    done, _ = make_story()
    services.story_approve(story=done, moderator=moderator_user)
    html = moderator_client.get("/admin/stories/story/").content.decode()
    positions = [html.index(f">{story.public_id}<") for story in (old, new, done)]
    assert positions == sorted(positions)
    assert "It took me years to say it out loud" in html  # the excerpt
    assert "3 days" in html and "Suicide" in html and "⚑ e-mail" in html


@pytest.mark.django_db
def test_flagged_passages_are_highlighted_and_escaped_on_the_story_page(moderator_client):
    story, _ = make_story(text=STORY + " My name is Jo Smith, call 555-123-4567 <script>x</script>")
    html = moderator_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()
    assert '<mark title="name">My name is Jo Smith,</mark>' in html or '<mark title="name">My name is Jo Smith' in html
    assert '<mark title="phone">555-123-4567</mark>' in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.django_db
def test_text_to_publish_starts_as_the_submitted_text(moderator_client, pending_story):
    html = moderator_client.get(f"/admin/stories/story/{pending_story.pk}/change/").content.decode()
    assert html.count("It took me years to say it out loud") == 2  # read-only original + editable copy


@pytest.mark.django_db
def test_admin_history_and_log_never_contain_story_text(moderator_client, pending_story):
    moderator_client.post(
        f"/admin/stories/story/{pending_story.pk}/change/",
        {"published_text": STORY.replace("nineteen", "[age]"), "decision": "approve", "_save": "Save"},
    )
    entry = LogEntry.objects.get()
    assert "years" not in entry.object_repr and "years" not in entry.change_message
    assert "published_text" in entry.change_message or "text to publish" in entry.change_message.lower()
    assert str(Story.objects.get()) == f"Story {pending_story.public_id} (Published)"
    for log in ModerationLog.objects.all():
        assert "years" not in " ".join(str(value) for value in log.__dict__.values())


@pytest.mark.django_db
def test_bulk_approve_and_reject(moderator_client):
    first, _ = make_story()
    second, _ = make_story()
    third, _ = make_story()
    moderator_client.post(
        "/admin/stories/story/", {"action": "approve_selected", "_selected_action": [first.pk, second.pk]}
    )
    moderator_client.post(
        "/admin/stories/story/", {"action": "reject_selected", "reason": "spam", "_selected_action": [third.pk]}
    )
    statuses = dict(Story.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", third.pk: "rejected"}
    assert Story.objects.get(pk=third.pk).reject_reason == "spam"


@pytest.mark.django_db
def test_bulk_reject_needs_a_reason(moderator_client, pending_story):
    data = {"action": "reject_selected", "_selected_action": [pending_story.pk]}
    moderator_client.post("/admin/stories/story/", data)
    assert Story.objects.get().status == "pending"


@pytest.mark.django_db
def test_approval_requires_consent_and_a_pending_story(moderator_user, pending_story):
    services.story_approve(story=pending_story, moderator=moderator_user)
    with pytest.raises(services.StoryError):
        services.story_approve(story=pending_story, moderator=moderator_user)
    unconsented = Story(submitted_text=STORY, consent_publish=False, consent_age=True, code_digest="x" * 64)
    with pytest.raises(services.StoryError):
        services.story_approve(story=unconsented, moderator=moderator_user)


@pytest.mark.django_db
def test_superuser_delete_is_audited(admin_client, pending_story):
    admin_client.post(f"/admin/stories/story/{pending_story.pk}/delete/", {"post": "yes"})
    assert not Story.objects.exists()
    assert ModerationLog.objects.filter(action="deleted", actor_name="admin").exists()


@pytest.mark.django_db
def test_moderators_are_told_the_queue_size_only_when_switched_on(
    settings, moderator_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_story()
    assert mail.outbox == []
    settings.STORIES_NOTIFY_QUEUE_EVERY = 2
    with django_capture_on_commit_callbacks(execute=True):
        make_story()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mod@example.org"]
    assert "2 stories are waiting" in message.subject and "years" not in message.body
