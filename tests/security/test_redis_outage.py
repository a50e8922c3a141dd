"""With REDIS_URL set and Redis not answering, every page and form still works.

The cache (whole pages, the search vocabulary, the index's words) is skipped, and the counters of
the rate limits and the staff lock-out count in the database table instead: a story is saved and
its private code shown, searches answer in both languages, and the limits still hold.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test import Client

from metoo_site import counters
from stories.models import Story
from tests.public_urls import VALID_STORY

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.REDIS_URL = NOBODY_LISTENS
    counters._redis_client = None


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/resources/?q=help+after+rape", "/es/resources/?q=me+violaron", "/stories/"])
def test_pages_and_searches_answer(redis_down, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_story_is_saved_and_its_code_shown_and_the_limit_counts_in_the_database(redis_down, caplog):
    before = Story.objects.count()  # tests/security/conftest.py publishes one
    with caplog.at_level(logging.WARNING, logger="metoo_site.counters"):
        response = Client(raise_request_exception=False).post(
            "/stories/share/", VALID_STORY, HTTP_SEC_FETCH_SITE="same-origin"
        )
    assert response.status_code == 200
    assert 'class="private-code"' in response.content.decode()
    assert Story.objects.count() == before + 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {counters.TABLE}")  # noqa: S608 (a constant)
        assert cursor.fetchone()[0] >= 1
    assert [r.getMessage() for r in caplog.records if "Redis unavailable" in r.getMessage()]


@pytest.mark.django_db
def test_the_story_budget_still_holds_while_redis_is_down(redis_down, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "story-share": (1, 3600)}
    before = Story.objects.count()
    client = Client(raise_request_exception=False)
    first = client.post("/stories/share/", VALID_STORY, HTTP_SEC_FETCH_SITE="same-origin")
    second = client.post("/stories/share/", VALID_STORY, HTTP_SEC_FETCH_SITE="same-origin")
    assert first.status_code == 200
    assert second.status_code == 429
    assert Story.objects.count() == before + 1
