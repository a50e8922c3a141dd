"""The "me too" count: anonymous daily counters, one press per browser session, atomic."""

from __future__ import annotations

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from stories.models import MeTooDay

SAME_ORIGIN: dict[str, Any] = {"HTTP_SEC_FETCH_SITE": "same-origin"}  # what a browser sends when the button is pressed


def press(client: Client, data: dict):
    return client.post("/stories/me-too/", data, **SAME_ORIGIN)


@pytest.mark.django_db
def test_home_invites_the_first_me_too_instead_of_zero(client):
    html = client.get("/").content.decode()
    assert "Be the first to say" in html
    assert " 0 people" not in html
    assert re.search(r'<form method="post" action="/stories/me-too/">', html)


@pytest.mark.django_db
def test_pressing_me_too_moves_the_count_once_per_session(visitor):
    MeTooDay.objects.create(day="2024-01-01", count=12344)
    visitor.get("/")
    assert not visitor.cookies  # nothing until the button is pressed
    response = press(visitor, {"next": "home"})
    assert response.status_code == 302 and response["Location"] == "/#me-too"
    assert set(response.cookies) == {"metoo_pressed"}
    pressed = response.cookies["metoo_pressed"]
    assert pressed.value == "1"  # the same for everyone: no identifier
    assert pressed["expires"] == "" and pressed["max-age"] == ""  # ends with the browser
    assert pressed["httponly"] and pressed["samesite"] == "Lax"
    # The button is gone for this browser; even a replayed press is not counted twice.
    press(visitor, {"next": "home"})
    html = visitor.get("/").content.decode()
    assert "12,345 people have said me too here" in html
    assert "Thank you. You said me too" in html
    assert MeTooDay.objects.total() == 12345
    assert MeTooDay.objects.dates("day", "day").count() == 2  # daily counters, no per-person rows


@pytest.mark.django_db
def test_me_too_on_the_wall_returns_to_the_wall(visitor):
    response = press(visitor, {"next": "stories"})
    assert response["Location"] == "/stories/#me-too"
    assert "1 person has said me too here" in visitor.get("/stories/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("next_value", ["https://evil.example/", "//evil.example", "", "x" * 5000])
def test_me_too_never_redirects_elsewhere(visitor, next_value):
    response = press(visitor, {"next": next_value})
    assert response["Location"] == "/#me-too"


@pytest.mark.django_db
def test_me_too_is_post_only_and_refused_from_other_sites(visitor):
    assert visitor.get("/stories/me-too/").status_code == 405
    assert visitor.post("/stories/me-too/", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert MeTooDay.objects.total() == 0


@pytest.mark.django_db
def test_me_too_is_rate_limited():
    statuses = [press(Client(), {}).status_code for _ in range(12)]
    assert statuses.count(302) == 10 and statuses.count(429) == 2
    assert MeTooDay.objects.total() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_presses_lose_nothing_on_postgresql(live_server, settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    settings.RATELIMIT_ENABLED = False
    threads_count, presses_each = 12, 8
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def press_as_many_browsers() -> None:
        try:
            start.wait()
            for _ in range(presses_each):
                jar = CookieJar()  # a new browser, which has not pressed yet
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
                opener.open(f"{live_server.url}/stories/", timeout=30).read()
                body = urllib.parse.urlencode({"next": "stories"}).encode()
                request = urllib.request.Request(
                    f"{live_server.url}/stories/me-too/", data=body, headers={"Origin": live_server.url}
                )
                opener.open(request, timeout=30).read()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=press_as_many_browsers) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert MeTooDay.objects.total() == threads_count * presses_each
    assert MeTooDay.objects.dates("day", "day").count() == 1  # one day's counter rows
