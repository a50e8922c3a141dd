"""Retention: purge_stories deletes rejected and long-waiting stories, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from stories import services
from stories.models import ModerationLog, Story
from tests.stories.conftest import make_story


@pytest.mark.django_db
def test_purge_deletes_old_rejected_and_old_pending_stories_only(moderator_user, settings, capsys):
    settings.STORIES_PURGE_REJECTED_DAYS = 30
    settings.STORIES_PURGE_PENDING_DAYS = 60
    today = datetime.date.today()
    old_rejected, _ = make_story()
    services.story_reject(
        story=old_rejected, moderator=moderator_user, reason="spam", today=today - datetime.timedelta(days=31)
    )
    recent_rejected, _ = make_story()
    services.story_reject(
        story=recent_rejected, moderator=moderator_user, reason="spam", today=today - datetime.timedelta(days=29)
    )
    old_pending, _ = make_story()
    recent_pending, _ = make_story()
    Story.objects.filter(pk=old_pending.pk).update(submitted_on=today - datetime.timedelta(days=61))
    Story.objects.filter(pk=recent_pending.pk).update(submitted_on=today - datetime.timedelta(days=59))
    published, _ = make_story()
    Story.objects.filter(pk=published.pk).update(submitted_on=today - datetime.timedelta(days=400))
    published.refresh_from_db()
    services.story_approve(story=published, moderator=moderator_user)

    call_command("purge_stories")

    assert set(Story.objects.values_list("pk", flat=True)) == {recent_rejected.pk, recent_pending.pk, published.pk}
    assert "Deleted 1 rejected" in capsys.readouterr().out
    assert ModerationLog.objects.filter(action="purged").count() == 2


@pytest.mark.django_db
def test_privacy_page_states_the_retention_periods(client, settings):
    settings.STORIES_PURGE_REJECTED_DAYS = 21
    html = client.get("/privacy/").content.decode()
    assert "21 days" in html
