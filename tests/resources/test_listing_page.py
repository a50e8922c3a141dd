"""/resources/<slug>/: everything about a listing, safely."""

from __future__ import annotations

import re

import pytest

from resources.geo import zip_location
from tests.resources.factories import local, make_listing, national

pytestmark = pytest.mark.django_db


def test_listing_page_shows_how_to_reach_them(client):
    national("Text Line", slug="text-line", phone="800-656-4673", text_number="741741", text_keyword="HOME",
             chat_url="https://chat.example.org/", organization="Example Org", needs=("crisis-hotline",),
             communities=("youth",), languages=("en", "es"), modes=("phone", "text"))  # fmt: skip
    html = client.get("/resources/text-line/").content.decode()
    assert 'href="tel:+18006564673"' in html
    assert 'href="sms:741741?&amp;body=HOME"' in html
    assert re.search(r'<a[^>]*href="https://chat.example.org/"[^>]*rel="noreferrer noopener"', html)
    assert "Example Org" in html and "Crisis hotline" in html and "Youth" in html and "Spanish" in html
    assert 'href="/resources/text-line/report/"' in html
    assert "Compiled from public sources on 1 Nov 2026. Not yet confirmed with the service." in html
    assert 'href="https://example.org/source"' in html


def test_search_card_has_the_same_tap_to_call_links(client):
    national("Text Line", slug="text-line", phone="800-656-4673", text_number="741741", text_keyword="HOME")
    html = client.get("/resources/").content.decode()
    assert 'href="tel:+18006564673"' in html and 'href="sms:741741?&amp;body=HOME"' in html
    assert "National" in html


def test_full_address_with_an_openstreetmap_link(client):
    local("Center", slug="center", zip_code="60601", street="100 Main St", city="Chicago", address_visibility="full")
    html = client.get("/resources/center/").content.decode()
    assert "100 Main St" in html and "Chicago, IL 60601" in html
    link = re.search(r'<a href="(https://www.openstreetmap.org/[^"]*)" rel="noreferrer noopener">', html).group(1)
    assert link.startswith("https://www.openstreetmap.org/?mlat=") and "#map=15/" in link


def test_city_only_address_shows_no_street_and_no_map(client):
    local("Center", slug="center", zip_code="60601", street="100 Main St", city="Chicago", address_visibility="city",
          latitude=41.8861, longitude=-87.6231)  # fmt: skip
    html = client.get("/resources/center/").content.decode()
    assert "Chicago, IL" in html and "100 Main St" not in html and "openstreetmap" not in html
    assert "41.886" not in html


def test_hidden_address_is_never_rendered_anywhere(client):
    real_latitude, real_longitude = 41.90123, -87.70456
    local("Safe House", slug="safe-house", zip_code="60601", street="742 Hidden Lane", city="Chicago",
          address_visibility="hidden", latitude=real_latitude, longitude=real_longitude,
          description="A safe place to stay.")  # fmt: skip
    centre = zip_location("60601")
    pages = [
        client.get("/resources/safe-house/").content.decode(),
        client.get("/es/resources/safe-house/").content.decode(),
        client.get("/resources/?near=60601").content.decode(),
        client.get("/resources/?q=safe").content.decode(),
        client.get("/resources/?region=IL").content.decode(),
    ]
    assert "Address shared by phone, for safety" in pages[0]
    for html in pages:
        assert "742 Hidden Lane" not in html and "Hidden Lane" not in html
        assert "60601" not in html.replace("near=60601", "").replace('value="60601"', "").replace("near 60601", "")
        assert "openstreetmap" not in html
        for number in (real_latitude, real_longitude, centre.latitude, centre.longitude):
            assert f"{abs(number):.3f}" not in html


def test_sample_listing_is_labelled(client):
    make_listing("Sample", slug="sample", is_demo=True, source_url="")
    assert "Sample listing" in client.get("/resources/sample/").content.decode()
    assert "Sample listing" in client.get("/resources/").content.decode()


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_listing_is_not_found(client, status):
    make_listing("Hidden", slug="unpublished", status=status)
    assert client.get("/resources/unpublished/").status_code == 404


def test_unknown_listing_is_not_found(client):
    assert client.get("/resources/no-such-listing/").status_code == 404


def test_listing_page_sets_no_cookie(client):
    national("Line", slug="line")
    response = client.get("/resources/line/")
    assert response.status_code == 200
    assert not any(morsel.value for morsel in response.cookies.values())


def test_spanish_listing_page(client):
    national("Line", slug="line", needs=("legal",))
    html = client.get("/es/resources/line/").content.decode()
    assert '<html lang="es">' in html and "Ayuda legal" in html


def test_home_page_links_to_every_need(client):
    national("Law line", slug="law-line", needs=("legal",))
    html = client.get("/").content.decode()
    assert 'href="/resources/?need=legal"' in html and "Legal help" in html
    # No real listing gives medical care: the tile leads to the help that exists, not an empty page.
    assert 'href="/resources/?need=medical"' not in html and 'href="/get-help/#medical"' in html
    assert "Ayuda legal" in client.get("/es/").content.decode()


def test_get_help_lists_listings_outside_the_us(client):
    make_listing("UK Helpline", slug="uk", country="GB", service_area="national", phone="+44 808 802 9999")
    national("US Line", slug="us")
    html = client.get("/get-help/").content.decode()
    assert 'href="/resources/uk/"' in html and 'href="tel:+448088029999"' in html
    assert 'href="/resources/us/"' not in html
    assert "112 in Europe" in html


def test_sitemap_lists_published_listings_in_both_languages(client):
    national("Line", slug="line")
    make_listing("Draft", slug="draft", status="draft")
    xml = client.get("/sitemap.xml").content.decode()
    if "<sitemapindex" in xml:
        xml = "".join(client.get(url.split("testserver")[1]).content.decode()
                      for url in re.findall(r"<loc>([^<]*)</loc>", xml))  # fmt: skip
    assert "testserver/resources/line/" in xml and "testserver/es/resources/line/" in xml
    assert "/resources/draft/" not in xml


def test_cost_is_not_said_twice_when_the_notes_repeat_it(client):
    from tests.resources.factories import national

    national("Repeat Line", slug="repeat-line", cost="free", cost_notes="Free, confidential")
    national("Sliding Line", slug="sliding-line", cost="sliding", cost_notes="Ask about fee waivers")
    assert "<dd>Free, confidential</dd>" in client.get("/resources/repeat-line/").content.decode()
    assert "<dd>Sliding scale. Ask about fee waivers</dd>" in client.get("/resources/sliding-line/").content.decode()
