"""The "me too" count: presses spread over a day's counter rows, summed exactly on read."""

from __future__ import annotations

import datetime

import pytest

from stories.models import ME_TOO_SHARDS, MeTooDay
from stories.services import me_too_add

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)


def test_presses_spread_over_the_days_counter_rows_and_add_up_exactly():
    for _ in range(200):
        me_too_add(day=DAY)
    rows = MeTooDay.objects.filter(day=DAY)
    assert MeTooDay.objects.total() == 200
    assert 1 < rows.count() <= ME_TOO_SHARDS  # spread out, and never one row per press
    assert sorted(rows.values_list("shard", flat=True)) == sorted(set(rows.values_list("shard", flat=True)))


def test_each_day_keeps_its_own_rows():
    me_too_add(day=DAY)
    me_too_add(day=DAY + datetime.timedelta(days=1))
    assert MeTooDay.objects.dates("day", "day").count() == 2
    assert MeTooDay.objects.total() == 2


def test_a_press_adds_to_its_existing_counter_row_instead_of_making_another():
    MeTooDay.objects.create(day=DAY, shard=3, count=5)
    MeTooDay.add_one(DAY, shard=3)
    assert list(MeTooDay.objects.filter(day=DAY).values_list("shard", "count")) == [(3, 6)]
