"""A story sent twice: a "possible duplicate" hint in the queue and on the story's page, from a
keyed digest of its words (never a copy of them)."""

from __future__ import annotations

import pytest

from stories.duplicates import normalize, text_digest
from stories.models import ModerationLog, Story
from tests.stories.conftest import STORY, make_story

RESENT = "  " + STORY.upper().replace(",", "").replace(".", " !") + "\n\n"
HINT = '<td class="field-duplicate">possible duplicate</td>'


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def test_case_spacing_and_punctuation_do_not_change_the_digest():
    assert normalize("It WAS not.  Me—too!") == "it was not me too"
    assert text_digest(STORY) == text_digest(RESENT)
    assert text_digest(STORY) != text_digest(STORY.replace("nineteen", "twenty"))
    assert text_digest("?! …") == ""


@pytest.mark.django_db
def test_the_digest_is_stored_and_the_text_is_not_copied_anywhere_else():
    story, _ = make_story(text=RESENT)
    assert story.text_hash == text_digest(STORY) and len(story.text_hash) == 64
    assert normalize(STORY) not in story.text_hash
    for log in ModerationLog.objects.all():
        assert "years" not in " ".join(str(value) for value in log.__dict__.values())


@pytest.mark.django_db
def test_the_queue_hints_at_a_waiting_story_sent_twice(moderator_client, django_assert_max_num_queries):
    make_story()
    make_story(text=RESENT)
    make_story(text=STORY.replace("nineteen", "twenty"))
    with django_assert_max_num_queries(12):
        html = moderator_client.get("/admin/stories/story/").content.decode()
    assert html.count(HINT) == 2
    assert Story.objects.with_duplicate_hint().filter(has_duplicate=True).count() == 2


@pytest.mark.django_db
def test_the_story_page_links_to_the_other_copy_with_its_status(moderator_client, moderator_user):
    from stories import services

    earlier, _ = make_story()
    services.story_approve(story=earlier, moderator=moderator_user)
    later, _ = make_story(text=RESENT)
    html = moderator_client.get(f"/admin/stories/story/{later.pk}/change/").content.decode()
    assert "Same text as:" in html
    assert f'href="/admin/stories/story/{earlier.pk}/change/">{earlier.public_id}</a> (Published)' in html
    alone, _ = make_story(text=STORY.replace("nineteen", "twenty"))
    html = moderator_client.get(f"/admin/stories/story/{alone.pk}/change/").content.decode()
    assert "No other story has the same text." in html
