"""Counts in the moderation admin read as English (and Spanish): "5 moderation log entries",
"1 story is waiting", never "5 moderation log" or "1 stories"."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from stories.models import ModerationLog
from tests.stories.conftest import make_story


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


@pytest.mark.django_db
def test_the_moderation_log_counts_its_entries(moderator_client):
    for _ in range(5):
        make_story()
    html = moderator_client.get("/admin/stories/moderationlog/").content.decode()
    assert "5 moderation log entries" in html
    assert "5 moderation log\n" not in html and "5 moderation log<" not in html
    with translation.override("es"):
        assert str(ModerationLog._meta.verbose_name_plural) == "entradas del registro de moderación"


@pytest.mark.django_db
def test_the_queue_e_mail_says_one_story_is_waiting(settings, moderator_user, django_capture_on_commit_callbacks):
    settings.STORIES_NOTIFY_QUEUE_EVERY = 1
    with django_capture_on_commit_callbacks(execute=True):
        make_story()
    assert mail.outbox[0].subject == "1 story is waiting for review"
