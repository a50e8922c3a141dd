"""Helpers for the stories tests: a story that passes validation, posting like a browser."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from stories import services
from stories.models import Story

STORY = (
    "It took me years to say it out loud. It happened at a party when I was nineteen, "
    "and for a long time I thought it was my fault. It was not. Me too."
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache: every test starts with a clean budget."""
    cache.clear()
    yield
    cache.clear()


def csrf_token(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, f"no CSRF token on {url}"
    return token.group(1)


def post_form(client: Client, url: str, data: dict, *, form_url: str | None = None, **extra):
    """GET the page with the form (as a browser would), then POST with its CSRF token."""
    token = csrf_token(client, form_url or url)
    return client.post(url, {"csrfmiddlewaretoken": token, **data}, **extra)


def share_data(**overrides) -> dict:
    data = {
        "story": STORY,
        "display_name": "",
        "state": "",
        "consent_publish": "on",
        "consent_age": "on",
        "website_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def extract_code(html: str) -> str:
    code = re.search(r'<code class="private-code">([A-Z0-9-]+)</code>', html)
    assert code, "no private code on the page"
    return code.group(1)


def make_story(*, text: str = STORY, warnings: list[str] | None = None, **fields) -> tuple[Story, str]:
    story, code = services.story_submit(
        text=text, content_warnings=warnings or [], consent_publish=True, consent_age=True, **fields
    )
    return story, code


@pytest.fixture
def pending_story(db) -> Story:
    return make_story()[0]


@pytest.fixture
def approved_story(db, moderator_user) -> Story:
    story, _code = make_story()
    return services.story_approve(story=story, moderator=moderator_user)
