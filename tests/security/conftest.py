"""The data the security tests' URLs need (see ``public_urls``): one published listing and one
approved story, with the fixed identifiers the URL lists name."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.resources.factories import make_listing
from tests.security.public_urls import LISTING, STORY, STORY_TEXT


@pytest.fixture(autouse=True)
def public_content(request) -> None:
    """Created only for tests that use the database; the others need no data."""
    if "django_db" not in request.keywords and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from stories import services
    from stories.models import Story

    make_listing("Security Test Crisis Line", slug=LISTING, phone="312-555-0100", zip_code="60601")
    moderator = User.objects.create_user("security-moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    story, _code = services.story_submit(text=STORY_TEXT, consent_publish=True, consent_age=True)
    Story.objects.filter(pk=story.pk).update(public_id=STORY)
    story.refresh_from_db()
    services.story_approve(story=story, moderator=moderator)
