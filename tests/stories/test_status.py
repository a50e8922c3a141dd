"""Checking and withdrawing a story with its private code."""

from __future__ import annotations

import re

import pytest

from stories import services
from stories.models import ModerationLog, Story
from tests.stories.conftest import make_story, post_form

NOT_FOUND = "We could not find a story with that code"


@pytest.mark.django_db
def test_status_page_asks_for_the_code_privately(visitor):
    html = visitor.get("/stories/status/").content.decode()
    assert re.search(r'<input[^>]*name="code"[^>]*autocomplete="off"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["K7QH-3MPX-9TRC-W2YD", "nonsense", "' OR 1=1 --", "A" * 40])
def test_wrong_or_malformed_code_gets_the_same_generic_answer(visitor, pending_story, code):
    response = post_form(visitor, "/stories/status/", {"code": code})
    html = response.content.decode()
    assert response.status_code == 404
    assert NOT_FOUND in html and "waiting for review" not in html


@pytest.mark.django_db
def test_code_longer_than_a_code_is_a_form_error(visitor):
    response = post_form(visitor, "/stories/status/", {"code": "x" * 500})
    assert response.status_code == 400
    assert "at most 40 characters" in response.content.decode()


@pytest.mark.django_db
def test_code_is_accepted_as_people_type_it(visitor):
    _story, code = make_story()
    typed = code.lower().replace("-", " ")
    assert "waiting for review" in post_form(visitor, "/stories/status/", {"code": typed}).content.decode()


@pytest.mark.django_db
def test_withdraw_deletes_a_published_story_with_its_reactions(visitor, moderator_user):
    story, code = make_story()
    services.story_approve(story=story, moderator=moderator_user)
    services.story_react(story=story, reaction="strength")
    post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1", "confirm": "1"})
    assert not Story.objects.exists()
    assert NOT_FOUND in post_form(visitor, "/stories/status/", {"code": code}).content.decode()


@pytest.mark.django_db
def test_withdraw_with_a_wrong_code_deletes_nothing(visitor, pending_story):
    post_form(visitor, "/stories/status/", {"code": "K7QH-3MPX-9TRC-W2YD", "withdraw": "1"})
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_code_attempts_are_rate_limited(visitor):
    _story, code = make_story()
    for _ in range(10):
        post_form(visitor, "/stories/status/", {"code": "K7QH-3MPX-9TRC-W2YD"})
    response = post_form(visitor, "/stories/status/", {"code": code})
    assert response.status_code == 429
    assert "waiting for review" not in response.content.decode()


@pytest.mark.django_db
def test_withdraw_asks_for_confirmation_before_deleting(visitor, pending_story):
    _story, code = make_story()
    response = post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Story.objects.count() == 2  # nothing deleted yet
    assert "Delete your story for good?" in html and "This cannot be undone" in html
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert "No, keep my story" in html
    assert "Your story has been deleted" not in html
    response = post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1", "confirm": "1"})
    assert "Your story has been deleted" in response.content.decode()
    assert list(Story.objects.all()) == [pending_story]
    assert ModerationLog.objects.filter(action="withdrawn").count() == 1


@pytest.mark.django_db
def test_keeping_the_story_after_being_asked_deletes_nothing(visitor):
    _story, code = make_story()
    post_form(visitor, "/stories/status/", {"code": code, "withdraw": "1"})
    response = post_form(visitor, "/stories/status/", {"code": code})
    assert "waiting for review" in response.content.decode()
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_the_withdraw_confirmation_speaks_spanish(visitor):
    _story, code = make_story()
    html = post_form(visitor, "/es/stories/status/", {"code": code, "withdraw": "1"}).content.decode()
    assert "¿Eliminar su historia para siempre?" in html and "No, conservar mi historia" in html
    assert Story.objects.count() == 1
