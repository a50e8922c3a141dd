"""Every results page stays well under 50 KB with the CSS and JS it references (PRODUCT.md).

The worst case is a full first page near a ZIP code: a page of local listings plus the statewide
and national groups, every card as long as real data makes it (long names, every tag, phone,
text line and chat). The other groups fill the first page up to 20 cards, real listings first; a
card shows at most five tags.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from resources.models import Community, Need
from tests.resources.factories import local, national, statewide

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024
LANGUAGES = ("en", "es", "zh", "vi", "ko", "ase")


def long_listing(factory, number: int, **fields):
    fields = {
        "needs": tuple(Need.objects.values_list("slug", flat=True)),
        "communities": tuple(Community.objects.values_list("slug", flat=True)[:6]),
        "languages": LANGUAGES,
        "organization": f"Coalition Against Sexual Violence and Domestic Abuse of the Greater Region {number}",
        "phone": "800-555-0100",
        "text_number": "741741",
        "text_keyword": "SUPPORT",
        "chat_url": f"https://chat.example.org/organization-{number}/start-a-conversation",
        "is_24_7": True,
        "city": "Chicago",
        "state": "IL",
        **fields,
    }
    return factory(f"Survivor Support, Advocacy and Legal Help Center of the Greater Region {number}",
                   slug=f"survivor-support-advocacy-and-legal-help-center-{factory.__name__}-{number}",
                   **fields)  # fmt: skip


def fill_worst_case() -> None:
    for number in range(40):
        long_listing(local, number, zip_code="60601", is_demo=True)
        long_listing(statewide, number, states=("IL", "IN", "WI", "MI", "IA"), is_demo=True)
        long_listing(national, number, hours=((0, time(9), time(17)),))


def page_weight(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert len(assets) == 2  # the stylesheet and the script
    for asset in assets:
        source = re.sub(r"\.[0-9a-f]{12}(\.(?:css|js))$", r"\1", asset)  # the file before hashing
        total += Path(finders.find(source)).stat().st_size
    return total, html


@pytest.mark.parametrize(
    "url",
    [
        "/resources/?near=60601&radius=100",
        "/es/resources/?near=60601&radius=100",
        "/resources/?region=IL",
        "/resources/",
        "/resources/?q=support&near=60601&radius=100&sort=name",
    ],
)
def test_worst_case_results_page_stays_under_50_kb_with_its_css_and_js(client, url):
    fill_worst_case()
    total, html = page_weight(client, url)
    assert html.count("<article") == (20 if "60601" in url or "region" in url else 10)  # a full page
    assert total < LIMIT, f"{url} weighs {total} bytes"


def test_real_national_lines_come_before_samples_when_the_page_is_full(client):
    for number in range(30):
        national(f"A sample line {number:02}", slug=f"sample-{number}", is_demo=True)
    national("Zeta Real Hotline", slug="zeta-real")
    html = client.get("/resources/?near=60601").content.decode()
    assert 'href="/resources/zeta-real/"' in html
    assert html.count("<article") == 20
    assert "Not everything that helps from farther away fits on this page" in html


def test_farther_groups_get_the_room_the_near_group_leaves(client):
    for number in range(4):
        local(f"Local {number}", slug=f"local-{number}", zip_code="60601")
    for number in range(30):
        national(f"Line {number:02}", slug=f"line-{number}")
    html = client.get("/resources/?near=60601").content.decode()
    assert html.count("<article") == 20
    assert 'href="/resources/line-15/"' in html and 'href="/resources/line-16/"' not in html


def test_a_long_statewide_group_does_not_crowd_the_national_lines_off_the_page(client):
    for number in range(10):
        local(f"Local {number}", slug=f"local-{number}", zip_code="60601")
    for number in range(30):
        statewide(f"Illinois {number:02}", slug=f"illinois-{number:02}")
    national("Zeta Hotline", slug="zeta")
    html = client.get("/resources/?near=60601").content.decode()
    assert html.count("<article") == 20
    assert 'href="/resources/zeta/"' in html
    assert 'href="/resources/illinois-08/"' in html and 'href="/resources/illinois-09/"' not in html


def test_nothing_is_left_out_without_a_notice_when_everything_fits(client):
    national("Hotline", slug="hotline")
    html = client.get("/resources/?near=60601").content.decode()
    assert 'href="/resources/hotline/"' in html
    assert "Not everything" not in html
