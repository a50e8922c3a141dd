"""near=<ZIP> groups and orders by distance, computed in the database; region; other countries."""

from __future__ import annotations

import re

import pytest

from resources.geo import great_circle_miles, with_distance, zip_location
from resources.models import Resource
from tests.resources.factories import local, make_listing, national, statewide

pytestmark = pytest.mark.django_db


def groups(client, url: str) -> dict[str, list[str]]:
    """{group id: [slugs in order]} as the page shows them, as cards (first group) or compact rows."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    result = {}
    for section in re.findall(r'<section class="result-group" aria-labelledby="group-([\w-]+)">(.*?)</section>', html,
                              re.S):  # fmt: skip
        result[section[0]] = re.findall(r'<(?:h3|li)><a href="/(?:es/)?resources/([\w-]+)/">', section[1])
    return result


def test_zip_codes_resolve_offline():
    chicago = zip_location("60601")
    assert chicago.state == "IL"
    assert zip_location("10001").state == "NY"
    assert zip_location("94103").state == "CA"
    assert zip_location("00000") is None
    assert zip_location("abc") is None


@pytest.mark.parametrize("value", ["６０６０１", "٦٠٦٠١", "६०६०१", "𝟔𝟎𝟔𝟎𝟏", "60601-１２３４"])
def test_only_ascii_digits_are_a_zip_code(value):
    assert zip_location(value) is None


@pytest.mark.django_db
def test_a_listing_saved_with_a_zip_in_other_digits_keeps_no_point():
    listing = local("Odd ZIP", zip_code="６０６０１")
    listing.refresh_from_db()
    assert (listing.latitude, listing.longitude) == (None, None)


def test_database_distance_matches_python_haversine():
    local("Chicago", slug="chicago", zip_code="60601")
    local("New York", slug="new-york", zip_code="10001")
    local("San Francisco", slug="sf", zip_code="94103")
    origin = zip_location("10001")
    rows = with_distance(Resource.objects.all(), origin.latitude, origin.longitude, 3000).order_by("distance")
    for row in rows:
        expected = great_circle_miles(origin.latitude, origin.longitude, row.latitude, row.longitude)
        assert row.distance == pytest.approx(expected, abs=0.01)
    assert [row.slug for row in rows] == ["new-york", "chicago", "sf"]
    assert 700 < rows[1].distance < 730  # New York to Chicago is about 711 miles


def test_near_orders_local_listings_nearest_first_within_the_radius(client):
    local("Loop", slug="loop", zip_code="60601")
    local("Evanston", slug="evanston", zip_code="60201")  # about 12 miles north
    local("Naperville", slug="naperville", zip_code="60540")  # about 28 miles west
    local("New York", slug="new-york", zip_code="10001")
    assert groups(client, "/resources/?near=60601")["near"] == ["loop", "evanston"]
    assert groups(client, "/resources/?near=60601&radius=50")["near"] == ["loop", "evanston", "naperville"]
    assert groups(client, "/resources/?near=60601&radius=10")["near"] == ["loop"]


def test_near_shows_three_labelled_groups(client):
    local("Loop Legal", slug="loop", zip_code="60601", needs=("legal",))
    statewide("Illinois Line", slug="illinois", states=("IL", "IN"), needs=("legal",))
    statewide("Ohio Line", slug="ohio", states=("OH",), needs=("legal",))
    national("National Line", slug="national", needs=("legal",))
    make_listing("Online Group", slug="online", service_area="online", needs=("legal",))
    make_listing("UK Line", slug="uk", service_area="national", country="GB", needs=("legal",))
    html = client.get("/resources/?near=60601&need=legal").content.decode()
    assert "Near you" in html and "Across Illinois" in html and "Anywhere in the US, by phone, text or online" in html
    assert groups(client, "/resources/?near=60601&need=legal") == {
        "near": ["loop"],
        "statewide": ["illinois"],
        "national": ["national", "online"],
    }
    assert "Outside the United States" not in html


def test_near_shows_about_how_far(client):
    local("Evanston", slug="evanston", zip_code="60201")
    html = client.get("/resources/?near=60601").content.decode()
    assert re.search(r"About 1[0-4] miles away", html)


def test_sort_by_name_near_a_zip(client):
    local("Zeta", slug="zeta", zip_code="60601")
    local("Alpha", slug="alpha", zip_code="60201")
    assert groups(client, "/resources/?near=60601")["near"] == ["zeta", "alpha"]
    assert groups(client, "/resources/?near=60601&sort=name")["near"] == ["alpha", "zeta"]


def test_other_countries_only_without_a_us_location(client):
    national("US Line", slug="us")
    make_listing("UK Line", slug="uk", service_area="national", country="GB")
    assert groups(client, "/resources/") == {"all": ["us"], "outside": ["uk"]}
    assert "uk" not in str(groups(client, "/resources/?region=IL"))
    assert "uk" not in str(groups(client, "/resources/?near=60601"))


def test_statewide_and_national_groups_only_on_the_first_page(client):
    for number in range(12):
        local(f"Local {number:02}", slug=f"local-{number}", zip_code="60601")
    statewide("Illinois Line", slug="illinois")
    national("National", slug="national")
    first = groups(client, "/resources/?near=60601")
    assert len(first["near"]) == 10 and first["statewide"] == ["illinois"] and first["national"] == ["national"]
    second = groups(client, "/resources/?near=60601&page=2")
    assert len(second["near"]) == 2 and "statewide" not in second and "national" not in second


def test_hidden_address_distance_uses_the_zip_centre():
    listing = local("Shelter", slug="shelter", zip_code="60601", street="1 Secret St", address_visibility="hidden",
                    latitude=41.9, longitude=-87.7)  # fmt: skip
    centre = zip_location("60601")
    assert (listing.latitude, listing.longitude) == (centre.latitude, centre.longitude)


def test_empty_near_group_explains_and_still_shows_national(client):
    national("National", slug="national")
    html = client.get("/resources/?near=94103").content.decode()
    assert "list a local service near 94103 yet" in html
    assert "listing near 94103" not in html and "listings near 94103" not in html  # never "near" for national lines
    assert "Try a larger distance" not in html
    assert groups(client, "/resources/?near=94103")["national"] == ["national"]


def test_zip_code_wins_over_region_with_a_notice(client):
    local("Loop", slug="loop", zip_code="60601")
    local("New York", slug="new-york", zip_code="10001")
    response = client.get("/resources/?near=60601&region=NY")
    assert groups(client, "/resources/?near=60601&region=NY")["near"] == ["loop"]
    assert "the results use the ZIP code" in response.content.decode()


def test_la_is_los_angeles_only_as_the_last_word_never_the_spanish_article():
    from resources.places import find_place

    for text in ["therapist in la", "rape crisis center LA", "la"]:
        place = find_place(text)
        assert place is not None and place.label == "Los Angeles, CA", text
    for text in ["me violaron en la fiesta", "quiero quitarme la vida", "la policía no me cree"]:
        assert find_place(text) is None, text
