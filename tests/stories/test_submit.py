"""Sharing a story: what the form asks, what is stored, what is refused, and the private code."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from stories import codes
from stories.models import Story
from tests.stories.conftest import STORY, extract_code, post_form, share_data


@pytest.mark.django_db
def test_share_page_explains_what_happens_and_asks_only_what_it_needs(visitor):
    response = visitor.get("/stories/share/")
    html = response.content.decode()
    assert response.status_code == 200
    promises = ["reads it before anything is published", "remove details", "anonymously", "withdraw", "names, places"]
    for words in promises:
        assert words in html
    assert 'href="/get-help/"' in html
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'name="story"' in textarea and 'autocomplete="off"' in textarea
    assert "maxlength" not in textarea  # a too-long paste is refused with the words kept, not cut silently
    assert 'name="website_url"' in html  # the honeypot
    assert 'name="email"' not in html
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_submission_stores_only_what_was_chosen_and_the_date(visitor):
    response = post_form(
        visitor,
        "/stories/share/",
        share_data(display_name="Sam", state="TX", content_warnings=["sexual-assault", "suicide"]),
        HTTP_USER_AGENT="Mozilla/5.0 UniqueAgent/42",
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 200
    story = Story.objects.get()
    assert story.submitted_text == STORY
    assert story.display_name == "Sam" and story.state == "TX"
    assert story.warnings == ["sexual-assault", "suicide"]
    assert story.consent_publish and story.consent_age
    assert story.status == "pending"
    assert not hasattr(story, "submitted_at")  # a date, no time


@pytest.mark.django_db
def test_no_ip_address_or_user_agent_anywhere_in_the_database_after_a_submission(visitor):
    post_form(
        visitor,
        "/stories/share/",
        share_data(),
        HTTP_USER_AGENT="Mozilla/5.0 UniqueAgent/42",
        REMOTE_ADDR="203.0.113.77",
    )
    assert Story.objects.count() == 1
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                dump = " ".join(str(value) for value in row)
                assert "203.0.113.77" not in dump, table
                assert "UniqueAgent" not in dump, table


@pytest.mark.django_db
def test_private_code_is_shown_once_in_groups_and_only_its_hmac_is_stored(visitor):
    response = post_form(visitor, "/stories/share/", share_data())
    html = response.content.decode()
    code = extract_code(html)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert "somewhere safe" in html
    story = Story.objects.get()
    assert story.code_digest == codes.digest(code) and len(story.code_digest) == 64
    assert code not in story.code_digest and code.replace("-", "") not in str(Story.objects.values().get())
    # Not in a URL, a cookie or the session.
    assert code not in response.get("Location", "")
    assert all(code not in morsel.value for morsel in visitor.cookies.values())
    # Shown once: a fresh visit to the share page does not show it again.
    assert code not in visitor.get("/stories/share/").content.decode()


def test_codes_carry_eighty_random_bits_and_forgive_typing():
    code = codes.new_code()
    assert len(codes.normalize(code)) == 16 and len(codes.ALPHABET) == 32  # 16 x 5 bits
    assert codes.new_code() != code
    typed = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    assert codes.normalize(typed) == codes.normalize(code)
    assert codes.normalize("not a code") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("story", "", "This field is required"),
        ("story", "Too short.", "at least 50 characters"),
        ("story", "x" * 100_000, "at most 5000 characters"),
        ("story", STORY + "\x00", "Null characters are not allowed"),
        ("consent_publish", None, "only keep your story with this agreement"),
        ("consent_age", None, "16 or older"),
        ("state", "ZZ", "Select a valid choice"),
        ("content_warnings", "not-a-warning", "Select a valid choice"),
        ("display_name", "n" * 200, "at most 40 characters"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(visitor, field, value, message):
    response = post_form(visitor, "/stories/share/", share_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html.replace("&#x27;", "'")
    assert "was not saved" in html
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_form_keeps_the_words_after_an_error(visitor):
    html = post_form(visitor, "/stories/share/", share_data(consent_age=None)).content.decode()
    assert "It took me years to say it out loud" in html


@pytest.mark.django_db
def test_honeypot_submission_is_refused_plainly(visitor):
    response = post_form(visitor, "/stories/share/", share_data(website_url="http://spam.example"))
    assert response.status_code == 400
    assert "was not saved" in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_share_is_rate_limited_to_three_an_hour(visitor):
    for _ in range(3):
        assert post_form(visitor, "/stories/share/", share_data()).status_code == 200
    response = post_form(visitor, "/stories/share/", share_data())
    html = response.content.decode()
    assert response.status_code == 429
    assert "was not saved" in html and "It took me years" in html
    assert Story.objects.count() == 3


@pytest.mark.django_db
def test_share_needs_csrf(visitor):
    response = visitor.post("/stories/share/", share_data())
    assert response.status_code == 403
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_story_and_code_are_hidden_from_error_reports(client):
    response = client.post("/stories/share/", share_data())
    assert set(response.wsgi_request.sensitive_post_parameters) == {"story", "display_name"}
    response = client.post("/stories/status/", {"code": "K7QH-3MPX-9TRC-W2YD"})
    assert response.wsgi_request.sensitive_post_parameters == ("code",)
