"""open_now uses each listing's own time zone and hours, in the database, with a frozen clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest

from resources import hours
from tests.resources.factories import make_listing

pytestmark = pytest.mark.django_db

MONDAY, SUNDAY = 0, 6


def freeze(monkeypatch, year: int, month: int, day: int, hour: int, minute: int) -> None:
    moment = datetime(year, month, day, hour, minute, tzinfo=UTC)
    monkeypatch.setattr(hours, "now", lambda: moment)


def open_now(client) -> list[str]:
    html = client.get("/resources/?open_now=1").content.decode()
    return sorted(re.findall(r'<h3><a href="/resources/([\w-]+)/">', html))


@pytest.fixture
def coast_to_coast(db):
    make_listing("New York office", slug="new-york", timezone="America/New_York",
                 hours=((MONDAY, time(9), time(17)),))  # fmt: skip
    make_listing("Los Angeles office", slug="los-angeles", timezone="America/Los_Angeles",
                 hours=((MONDAY, time(10), time(18)),))  # fmt: skip
    make_listing("Always", slug="always", is_24_7=True, timezone="America/Chicago")
    make_listing("No hours", slug="no-hours")


def test_2026_11_30_is_a_monday():
    assert datetime(2026, 11, 30).weekday() == MONDAY


# "No hours" is kept: its hours are not known, and open_now leaves out only listings known to be closed.


def test_midday_in_new_york_is_early_morning_in_los_angeles(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 17, 30)  # 12:30 in New York, 09:30 in Los Angeles
    assert open_now(client) == ["always", "new-york", "no-hours"]


def test_evening_in_new_york_is_afternoon_in_los_angeles(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 23, 30)  # 18:30 in New York, 15:30 in Los Angeles
    assert open_now(client) == ["always", "los-angeles", "no-hours"]


def test_unknown_hours_never_read_closed(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 23, 30)
    html = client.get("/resources/no-hours/").content.decode()
    assert "Hours not listed: call or check the website." in html
    assert "Closed" not in html
    cards = client.get("/resources/?open_now=1").content.decode()
    assert "Hours not listed: call or check the website." in cards


def test_closing_time_is_exclusive_and_opening_time_inclusive(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 14, 0)  # 09:00 in New York
    assert "new-york" in open_now(client)
    freeze(monkeypatch, 2026, 11, 30, 22, 0)  # 17:00 in New York
    assert "new-york" not in open_now(client)


def test_a_span_past_midnight(client, monkeypatch):
    make_listing("Night line", slug="night", timezone="America/New_York",
                 hours=((SUNDAY, time(22), time(2)),))  # fmt: skip
    freeze(monkeypatch, 2026, 11, 30, 4, 0)  # Sunday 23:00 in New York
    assert open_now(client) == ["night"]
    freeze(monkeypatch, 2026, 11, 30, 6, 0)  # Monday 01:00 in New York, still Sunday's span
    assert open_now(client) == ["night"]
    freeze(monkeypatch, 2026, 11, 30, 8, 0)  # Monday 03:00 in New York
    assert open_now(client) == []
    freeze(monkeypatch, 2026, 11, 30, 2, 0)  # Sunday 21:00 in New York
    assert open_now(client) == []


def test_the_python_check_agrees_with_the_database(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 17, 30)
    html = client.get("/resources/").content.decode()
    cards = dict(re.findall(r'<h3><a href="/resources/([\w-]+)/">.*?</h3>(.*?)</article>', html, re.S))
    assert "Open now" in cards["new-york"] and "Open 24/7" in cards["always"]
    assert "Open" not in cards["los-angeles"] and "Open" not in cards["no-hours"]


def test_listing_page_shows_open_now_and_the_holiday_caveat(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 17, 30)
    html = client.get("/resources/new-york/").content.decode()
    assert "Open now" in html and "09:00–17:00" in html and "holidays" in html
    assert "Closed right now" in client.get("/resources/los-angeles/").content.decode()


def test_open_now_combines_with_other_filters(client, monkeypatch, coast_to_coast):
    freeze(monkeypatch, 2026, 11, 30, 17, 30)
    html = client.get("/resources/?open_now=1&always_open=1").content.decode()
    assert re.findall(r'<h3><a href="/resources/([\w-]+)/">', html) == ["always"]
