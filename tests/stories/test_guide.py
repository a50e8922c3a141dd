"""The moderation guide in admin is a readable page: headings, paragraphs and lists, not raw
Markdown hard-wrapped in a monospace box."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


@pytest.mark.django_db
def test_the_guide_is_rendered_as_a_page(moderator_client):
    html = moderator_client.get("/admin/stories/story/guide/").content.decode()
    assert "<h1>Moderation guide</h1>" in html and html.count("<h1") == 1
    assert "<h2>Looking after yourself</h2>" in html and "<h2>What to redact</h2>" in html
    assert "<li>Names of anyone: the writer, family, friends, the person who hurt them.</li>" in html
    assert "<pre" not in html and "## " not in html
    # A paragraph is one <p> again (a line break inside one is just a space to the browser).
    words = " ".join(html.split())
    assert (
        "<p>For the people who read what survivors send. Thank you for doing this work. This guide is linked" in words
    )
