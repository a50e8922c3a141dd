"""The story wall and one story: only approved stories, content warnings first, reactions."""

from __future__ import annotations

import re

import pytest

from stories import services
from stories.models import Story
from tests.stories.conftest import STORY, make_story


def publish(moderator, *, text: str = STORY, warnings: list[str] | None = None) -> Story:
    story, _code = make_story(text=text, warnings=warnings)
    return services.story_approve(story=story, moderator=moderator)


@pytest.mark.django_db
def test_pending_and_rejected_stories_appear_nowhere_public(client, moderator_user):
    pending, _ = make_story(text=STORY + " PENDING-MARKER")
    rejected, _ = make_story(text=STORY + " REJECTED-MARKER")
    services.story_reject(story=rejected, moderator=moderator_user, reason="spam")
    publish(moderator_user, text=STORY + " PUBLISHED-MARKER")
    pages = ["/", "/es/", "/stories/", "/es/stories/", "/stories/?page=1", "/sitemap.xml", "/robots.txt"]
    seen = " ".join(client.get(url).content.decode() for url in pages)
    assert "PUBLISHED-MARKER" in seen
    assert "PENDING-MARKER" not in seen and "REJECTED-MARKER" not in seen
    assert pending.public_id not in seen and rejected.public_id not in seen
    assert client.get(f"/stories/{pending.public_id}/").status_code == 404
    assert client.get(f"/stories/{rejected.public_id}/").status_code == 404


@pytest.mark.django_db
def test_published_stories_are_not_in_the_sitemap(client, moderator_user):
    story = publish(moderator_user)
    assert story.public_id not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_wall_is_newest_first_at_random_public_ids(client, moderator_user):
    older = publish(moderator_user, text=STORY + " OLDER")
    Story.objects.filter(pk=older.pk).update(published_on="2020-01-01")
    newer = publish(moderator_user, text=STORY + " NEWER")
    html = client.get("/stories/").content.decode()
    assert html.index("NEWER") < html.index("OLDER")
    assert re.fullmatch(r"[0-9a-f]{12}", newer.public_id) and newer.public_id != str(newer.pk)


@pytest.mark.django_db
def test_story_with_warnings_stays_closed_behind_them(client, moderator_user):
    story = publish(moderator_user, warnings=["sexual-assault", "self-harm"])
    for url in ["/stories/", f"/stories/{story.public_id}/"]:
        html = client.get(url).content.decode()
        details = re.search(r"<details class=\"story-cw\">\s*<summary>(.*?)</summary>(.*?)</details>", html, re.S)
        assert "Content warning: Sexual assault, Self-harm — Read this story" in details.group(1)
        assert "It took me years" in details.group(2)
        assert " open" not in details.group(0)[:20]


@pytest.mark.django_db
def test_hide_leaves_out_stories_with_chosen_warnings(client, moderator_user):
    publish(moderator_user, text=STORY + " ABOUT-SUICIDE", warnings=["suicide"])
    publish(moderator_user, text=STORY + " ABOUT-HARASSMENT", warnings=["harassment", "workplace-harassment"])
    publish(moderator_user, text=STORY + " NO-WARNINGS")
    html = client.get("/stories/?hide=suicide&hide=workplace-harassment").content.decode()
    assert "NO-WARNINGS" in html
    assert "ABOUT-SUICIDE" not in html and "ABOUT-HARASSMENT" not in html
    assert re.search(r'<input[^>]*name="hide"[^>]*value="suicide"[^>]*checked', html)
    assert "Hiding stories about 2 topics" in html and '<details class="hide-topics" open>' in html
    assert "ABOUT-HARASSMENT" in client.get("/stories/?hide=harassment-x&hide=suicide").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["hide=nope", "page=abc", "page=-1", "page=99999999999", "hide=%00"])
def test_bad_parameters_are_ignored_with_a_notice(client, moderator_user, query):
    publish(moderator_user)
    response = client.get(f"/stories/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "has been ignored" in html and "It took me years" in html


@pytest.mark.django_db
def test_wall_is_paginated_with_constant_queries(client, moderator_user, django_assert_max_num_queries):
    for _ in range(25):
        publish(moderator_user)
    with django_assert_max_num_queries(4):
        html = client.get("/stories/?page=2").content.decode()
    assert html.count('class="card story"') == 10
    assert "Page 2 of 3" in html and 'href="?page=3"' in html
    with django_assert_max_num_queries(4):
        client.get("/stories/?page=3&hide=suicide")


@pytest.mark.django_db
def test_story_text_is_escaped_and_keeps_line_breaks(client, moderator_user):
    text = STORY + "\n\nSecond paragraph <b>bold</b> **not markdown**\nnext line"
    story = publish(moderator_user, text=text)
    html = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; **not markdown**<br>next line" in html
    assert "<b>bold</b>" not in html and "<strong>not markdown" not in html


@pytest.mark.django_db
def test_story_pages_set_no_cookie_until_an_action_and_are_not_stored(client, moderator_user):
    story = publish(moderator_user)
    response = client.get(f"/stories/{story.public_id}/")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert '<meta name="robots" content="noindex">' in response.content.decode()


@pytest.mark.django_db
def test_reactions_count_once_per_browser_session(visitor, moderator_user):
    story = publish(moderator_user)
    page = f"/stories/{story.public_id}/"
    html = visitor.get(page).content.decode()
    for label in ["I believe you", "You are not alone", "Me too", "Sending strength"]:
        assert label in html
    assert "comment" not in html.lower() and "<textarea" not in html
    for _ in range(3):
        visitor.post(f"{page}react/", {"reaction": "not-alone"}, HTTP_ORIGIN="http://testserver")
    visitor.post(f"{page}react/", {"reaction": "strength"}, HTTP_ORIGIN="http://testserver")
    story.refresh_from_db()
    assert (story.not_alone_count, story.strength_count, story.believe_count) == (1, 1, 0)
    assert "you sent this" in visitor.get(page).content.decode()


@pytest.mark.django_db
def test_reactions_need_a_post_from_this_site_and_a_known_reaction(visitor, moderator_user, pending_story):
    story = publish(moderator_user)
    page = f"/stories/{story.public_id}/"
    assert visitor.get(f"{page}react/").status_code == 405
    assert visitor.post(f"{page}react/", {"reaction": "believe"}).status_code == 403  # no Origin or Referer
    assert visitor.post(f"{page}react/", {"reaction": "believe"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    visitor.post(f"{page}react/", {"reaction": "hate"}, HTTP_SEC_FETCH_SITE="same-origin")
    pending_page = f"/stories/{pending_story.public_id}/react/"
    assert visitor.post(pending_page, {"reaction": "believe"}, HTTP_SEC_FETCH_SITE="same-origin").status_code == 404
    story.refresh_from_db()
    pending_story.refresh_from_db()
    assert story.believe_count == 0 and pending_story.believe_count == 0


@pytest.mark.django_db
def test_reactions_are_rate_limited(moderator_user, settings):
    from django.test import Client

    stories = [publish(moderator_user) for _ in range(9)]
    statuses = []
    for story in stories:
        browser = Client()
        for reaction in ["believe", "not-alone", "me-too", "strength"]:
            answer = browser.post(
                f"/stories/{story.public_id}/react/", {"reaction": reaction}, HTTP_SEC_FETCH_SITE="same-origin"
            )
            statuses.append(answer.status_code)
    assert statuses.count(429) == 36 - 30
