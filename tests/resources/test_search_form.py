"""The search form on a phone: the key fields first, the other filters folded, results near the top."""

from __future__ import annotations

import pytest

from tests.resources.factories import national

pytestmark = pytest.mark.django_db


def test_more_filters_are_folded_and_say_how_many_are_chosen(client):
    national("Legal Line", slug="legal-line", needs=("legal",), cost="free")
    html = client.get("/resources/?q=legal&need=legal&free=1").content.decode()
    assert '<details class="filters">' in html
    assert "More filters (2 chosen)" in html
    assert html.index('name="q"') < html.index('<details class="filters">') < html.index('name="need"')
    assert 'value="legal" checked' in html


def test_filters_stay_folded_when_nothing_matched_and_the_crisis_lines_come_first(client):
    html = client.get("/resources/?q=nothing-like-this").content.decode()
    assert '<details class="filters">' in html and '<details class="filters" open' not in html
    assert html.index('class="result-count"') < html.index('class="empty-state"')
