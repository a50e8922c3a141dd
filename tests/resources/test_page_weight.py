"""Every results page stays well under 50 KB with the CSS and JS it references (the product brief).

The first group ("Near you", or the single list without a location) shows ten full cards a page;
the statewide, national and outside groups follow in full on the first page as compact rows (name,
organization, how to reach them, badges), real listings first. The worst case is a first page near
a ZIP code with ten cards as long as real data makes them (long names, every tag, phone, text line
and chat), every real national line and a statewide group of rows with phone, text line and chat.

Measured: about 36 KB before any row, the real national lines about 7.5 KB, a statewide row about
400 bytes. So about fifteen such statewide rows fit beside them; sixty weigh about 68 KB.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from resources.listings import FARTHER_LIMIT, SAMPLES_PER_GROUP
from resources.models import Community, Need, Resource
from tests.resources.factories import local, national, statewide

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024
LANGUAGES = ("en", "es", "zh", "vi", "ko", "ase")
STATEWIDE = 15  # the most a page holds beside ten long cards and the national lines


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
        "cost": "free",
        "city": "Chicago",
        "state": "IL",
        **fields,
    }
    return factory(f"Survivor Support, Advocacy and Legal Help Center of the Greater Region {number}",
                   slug=f"survivor-support-advocacy-and-legal-help-center-{factory.__name__}-{number}",
                   **fields)  # fmt: skip


def fill_worst_case() -> None:
    """Ten long cards a page near 60601, the real national lines, and a long statewide group whose
    rows are as long as a state coalition's usually are."""
    for number in range(40):
        long_listing(local, number, zip_code="60601", is_demo=True)
    call_command("load_national_resources", verbosity=0)
    assert Resource.objects.published().national().count() >= 25
    for number in range(STATEWIDE):
        statewide(f"Statewide Sexual Assault Helpline, Region {number}", slug=f"statewide-helpline-region-{number}",
                  organization="Coalition Against Sexual Assault of the State", phone="888-555-0100",
                  text_number="741741", text_keyword="HELP", chat_url=f"https://coalition.example.org/chat/{number}",
                  is_24_7=True, cost="free", states=("IL", "IN", "WI", "MI", "IA"))  # fmt: skip


def page_weight(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert len(assets) == 2  # the stylesheet and the script
    for asset in assets:
        source = re.sub(r"\.[0-9a-f]{12}(\.(?:css|js))$", r"\1", asset)  # the file before hashing
        found = finders.find(source)
        assert found, source
        total += Path(found).stat().st_size
    return total, html


def rows(html: str) -> int:
    """How many compact rows the farther groups show."""
    return sum(block.count("<li>") for block in re.findall(r'<ul class="rows">(.*?)</ul>', html, re.S))


WORST_CASE_URLS = [
    "/resources/?near=60601&radius=100",
    "/es/resources/?near=60601&radius=100",
    "/resources/?region=IL",
    "/resources/",
    "/resources/?q=support&near=60601&radius=100&sort=name",
]


def test_worst_case_results_page_stays_under_50_kb_with_its_css_and_js(client):
    fill_worst_case()  # once for every page (it is most of the time): each failure names its page
    for url in WORST_CASE_URLS:
        total, html = page_weight(client, url)
        assert html.count("<article") == 10, url  # a full page of cards
        if "q=" not in url:  # every farther listing, in full
            farther = Resource.objects.published()
            farther = farther.outside_us() if url == "/resources/" else farther.national()
            assert rows(html) == farther.count() + (0 if url == "/resources/" else STATEWIDE), url
        assert total < LIMIT, f"{url} weighs {total} bytes"


def test_every_national_line_shows_in_full_near_a_zip_with_nothing_local(client):
    for number in range(30):
        national(f"Line {number:02}", slug=f"line-{number}", phone="988")
    html = client.get("/resources/?near=94103").content.decode()
    assert rows(html) == 30
    assert all(f'href="/resources/line-{number}/"' in html for number in range(30))
    assert "here are the first" not in html


def test_a_compact_row_has_the_ways_to_reach_a_listing_but_not_its_tags(client):
    national("Text Line", slug="text-line", organization="Crisis Text Line", phone="800-656-4673", text_number="741741",
             text_keyword="HOME", chat_url="https://chat.example.org/", is_24_7=True, cost="free", is_demo=True,
             needs=("legal",), languages=("es",))  # fmt: skip
    html = client.get("/resources/?near=60601").content.decode()
    row = re.search(r'<li><a href="/resources/text-line/">.*?</li>', html, re.S).group(0)
    assert "<br>Crisis Text Line<br>" in row and 'href="tel:+18006564673"' in row
    assert 'href="sms:741741?&amp;body=HOME"' in row
    assert 'href="https://chat.example.org/" rel="noreferrer"' in row
    assert "Open 24/7" in row and "Free" in row and "Sample listing" in row
    assert "Legal" not in row and "Spanish" not in row


def test_real_national_lines_come_before_a_few_samples(client):
    for number in range(30):
        national(f"A sample line {number:02}", slug=f"sample-{number}", is_demo=True)
    national("Zeta Real Hotline", slug="zeta-real")
    html = client.get("/resources/?near=60601").content.decode()
    assert rows(html) == 1 + SAMPLES_PER_GROUP
    assert html.index('href="/resources/zeta-real/"') < html.index('href="/resources/sample-0/"')
    assert f"also has {30 - SAMPLES_PER_GROUP} more sample listings" in html


def test_generated_sample_data_keeps_every_results_page_under_50_kb(client):
    """What `make demo` loads (thousands of samples, some national and statewide) beside the real lines."""
    call_command("load_national_resources", verbosity=0)
    call_command("generate_demo_resources", 1500, seed=1, verbosity=0)
    real_national = list(Resource.objects.published().national().filter(is_demo=False).values_list("slug", flat=True))
    assert len(real_national) >= 25
    for url in ["/resources/?near=60601&radius=100", "/resources/?near=10001", "/resources/?region=CA",
                "/resources/", "/es/resources/?near=94103&radius=50", "/resources/?open_now=1&near=60601"]:  # fmt: skip
        total, html = page_weight(client, url)
        if ("near=" in url or "region=" in url) and "open_now" not in url:  # every real national line, in full
            missing = [slug for slug in real_national if f"/resources/{slug}/" not in html]
            assert missing == [], url
        assert total < LIMIT, f"{url} weighs {total} bytes"


def test_a_runaway_farther_group_is_cut_with_a_notice(client):
    for number in range(FARTHER_LIMIT + 1):
        statewide(f"A line {number:03}", slug=f"line-{number}")
    national("Hotline", slug="hotline")
    html = client.get("/resources/?near=60601").content.decode()
    assert rows(html) == FARTHER_LIMIT + 1  # the statewide group cut, the national line still there
    assert 'href="/resources/hotline/"' in html
    assert f"has {FARTHER_LIMIT + 1} listings; here are the first {FARTHER_LIMIT}" in html
    assert f"These {FARTHER_LIMIT + 2} services help" in html


def test_a_compact_row_does_not_repeat_an_organization_named_like_its_listing(client):
    national("1in6", slug="1in6", organization="1in6")
    html = client.get("/resources/?near=60601").content.decode()
    assert '<li><a href="/resources/1in6/">1in6</a></li>' in html
