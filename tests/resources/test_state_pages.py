"""Browse by state: every state and territory, each leading with its verified coalition and its
local-center page, or saying plainly that we list none yet and giving the line to the nearest center."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from resources.models import Resource

# The real listings, loaded once for the module (tests/resources/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_listings")]
NO_COALITION_YET = ["AR", "HI", "NV", "OK", "TN", "WV", "WY", "PR", "MP"]


def test_loading_again_changes_nothing():
    out = StringIO()
    call_command("load_listings", stdout=out)
    assert out.getvalue().count("0 created, 0 updated") == 3
    assert Resource.objects.published().filter(is_state_coalition=True).count() == 51


def test_the_index_lists_every_state_and_territory_with_its_coalition(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = client.get("/resources/states/").content.decode()
    assert html.count('href="/resources/states/') == 56
    assert "We list a coalition for 47 states and territories." in html
    assert "Texas Association Against Sexual Assault (TAASA)" in html
    assert html.count("Coalition: not listed yet") == len(NO_COALITION_YET)
    assert "compiled from public sources on 1 Dec 2026" in html


def test_a_state_leads_with_its_coalition(client):
    html = client.get("/resources/states/TX/").content.decode()
    main = html[html.index("<main") :]
    assert main.index("Texas Association Against Sexual Assault") < main.index("National Sexual Assault Hotline")
    assert "It is not a crisis line" in main and 'href="tel:+18006564673"' in main


def test_the_local_center_page_comes_first_where_we_know_it(client):
    html = client.get("/resources/states/KS/").content.decode()
    finder = 'href="https://www.kcsdv.org/find-help/in-kansas/dv-sa-services-map/"'
    assert finder in html and html.index(finder) < html.index('href="tel:+18883632287"')
    assert 'Office line (not a crisis line): <a href="tel:+17852329784">' in html


def test_a_state_without_a_verified_coalition_says_so_and_gives_the_nearest_center_line(client):
    for code in NO_COALITION_YET:
        html = client.get(f"/resources/states/{code}/").content.decode()
        assert "We do not list a coalition for" in html, code
        assert 'class="button" href="tel:+18006564673"' in html, code


def test_other_statewide_help_follows_the_coalition(client):
    html = client.get("/resources/states/NJ/").content.decode()
    assert html.index("New Jersey Coalition Against Sexual Assault") < html.index(">Manavi<")


def test_one_canonical_address_per_state(client):
    response = client.get("/resources/states/tx/")
    assert response.status_code == 301 and response["Location"] == "/resources/states/TX/"
    spanish = client.get("/es/resources/states/tx/")
    assert spanish.status_code == 301 and spanish["Location"] == "/es/resources/states/TX/"
    for bad in ("ZZ", "TEX", "t", "%20"):
        assert client.get(f"/resources/states/{bad}/").status_code == 404


def test_state_pages_read_in_spanish(client):
    html = client.get("/es/resources/states/TX/").content.decode()
    assert "Ayuda en Texas" in html and "La coalición estatal de los centros de crisis por violación de Texas" in html
    assert "1 de diciembre de 2026" in html
    assert "Aún no tenemos una coalición para Arkansas" in client.get("/es/resources/states/AR/").content.decode()


def test_state_pages_are_in_the_sitemap(client):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/resources/states/", "/resources/states/TX/", "/es/resources/states/TX/", "/resources/states/AR/"):
        assert f"http://testserver{path}<" in xml or f'href="http://testserver{path}"' in xml, path


def test_states_can_never_be_a_listing_slug():
    listing = Resource(name="States", slug="states", source_url="https://example.org/")
    with pytest.raises(ValidationError):
        listing.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(slug="rainn-national-sexual-assault-hotline").update(slug="states")


def test_a_zip_or_state_search_shows_the_states_coalition(client):
    html = client.get("/resources/?near=78701").content.decode()
    assert "Texas Association Against Sexual Assault (TAASA)" in html
    assert "Maryland Coalition Against Sexual Assault" in client.get("/resources/?region=MD").content.decode()


def test_a_community_search_finds_organizations_run_by_and_for_it(client):
    html = client.get("/resources/?community=black").content.decode()
    assert "Black Women&#x27;s Blueprint" in html or "Black Women's Blueprint" in html
    html = client.get("/resources/?community=asian-pacific-islander").content.decode()
    assert "Sakhi for South Asian Women" in html and "Manavi" in html


def test_need_tiles_lead_to_help_that_exists(client):
    html = client.get("/").content.decode()
    assert 'href="/resources/?need=healing"' in html and 'href="/resources/?need=financial"' in html
    assert 'href="/get-help/#medical"' in html and "need=medical" not in html
    help_page = client.get("/get-help/").content.decode()
    assert 'id="medical"' in help_page and 'href="/resources/states/"' in help_page
