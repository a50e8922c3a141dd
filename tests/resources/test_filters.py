"""Each filter of /resources/ alone and combined: OR within a group, AND across groups."""

from __future__ import annotations

import re

import pytest

from tests.resources.factories import local, make_listing, national, statewide

pytestmark = pytest.mark.django_db


def found(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return sorted(re.findall(r'<(?:h3|li)><a href="/(?:es/)?resources/([\w-]+)/">', response.content.decode()))


@pytest.fixture
def listings(db):
    make_listing("A", slug="legal-women", needs=("legal",), communities=("women",), languages=("en", "es"),
                 modes=("phone", "in-person"), cost="free")  # fmt: skip
    make_listing("B", slug="medical-youth", needs=("medical",), communities=("youth",), languages=("en",),
                 modes=("text",), cost="paid", is_24_7=True)  # fmt: skip
    make_listing("C", slug="counseling-lgbtq", needs=("counseling",), communities=("lgbtq", "women"),
                 languages=("ase",), modes=("video", "chat"), cost="sliding")  # fmt: skip


def test_no_filter_lists_everything(client, listings):
    assert found(client, "/resources/") == ["counseling-lgbtq", "legal-women", "medical-youth"]


def test_need_alone(client, listings):
    assert found(client, "/resources/?need=legal") == ["legal-women"]


def test_needs_are_or_within_the_group(client, listings):
    assert found(client, "/resources/?need=legal&need=medical") == ["legal-women", "medical-youth"]


def test_community_alone_and_or(client, listings):
    assert found(client, "/resources/?community=women") == ["counseling-lgbtq", "legal-women"]
    assert found(client, "/resources/?community=youth&community=lgbtq") == ["counseling-lgbtq", "medical-youth"]


def test_groups_are_and_across(client, listings):
    assert found(client, "/resources/?need=legal&need=counseling&community=lgbtq") == ["counseling-lgbtq"]
    assert found(client, "/resources/?need=medical&community=women") == []


def test_language(client, listings):
    assert found(client, "/resources/?language=es") == ["legal-women"]
    assert found(client, "/resources/?language=ase") == ["counseling-lgbtq"]


def test_free(client, listings):
    assert found(client, "/resources/?free=1") == ["legal-women"]


def test_always_open(client, listings):
    assert found(client, "/resources/?always_open=1") == ["medical-youth"]


def test_mode_alone_and_or(client, listings):
    assert found(client, "/resources/?mode=text") == ["medical-youth"]
    assert found(client, "/resources/?mode=text&mode=chat") == ["counseling-lgbtq", "medical-youth"]
    assert found(client, "/resources/?mode=in-person") == ["legal-women"]


def test_everything_combined(client, listings):
    url = "/resources/?q=A&need=legal&need=medical&community=women&language=es&free=1&mode=phone"
    assert found(client, url) == ["legal-women"]


def test_region_alone_shows_the_state_local_statewide_and_national(client):
    local("Chicago", slug="chicago", zip_code="60601")
    local("New York", slug="new-york", zip_code="10001")
    statewide("Illinois", slug="illinois", states=("IL",))
    statewide("New York State", slug="ny-state", states=("NY",))
    national("National", slug="national")
    assert found(client, "/resources/?region=IL") == ["chicago", "illinois", "national"]


def test_region_combined_with_need(client):
    local("Chicago Legal", slug="chicago-legal", zip_code="60601", needs=("legal",))
    local("Chicago Medical", slug="chicago-medical", zip_code="60601", needs=("medical",))
    national("National Legal", slug="national-legal", needs=("legal",))
    assert found(client, "/resources/?region=IL&need=legal") == ["chicago-legal", "national-legal"]


def test_sort_by_name(client):
    make_listing("Zebra", slug="zebra")
    make_listing("Apple", slug="apple")
    html = client.get("/resources/?sort=name").content.decode()
    assert html.index("/resources/apple/") < html.index("/resources/zebra/")


def test_checked_filters_stay_checked_in_the_form(client, listings):
    html = client.get("/resources/?need=legal&community=women&mode=text&free=1").content.decode()
    assert re.search(r'<input[^>]*name="need" value="legal"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="community" value="women"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="mode" value="text"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="free"[^>]*checked', html)


def test_pagination_keeps_every_filter(client):
    for number in range(25):
        make_listing(f"Legal {number:02}", slug=f"legal-{number}", needs=("legal",), cost="free")
    html = client.get("/resources/?need=legal&free=1&q=legal").content.decode()
    assert "25 listings found" in html
    link = re.search(r'href="\?([^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert sorted(link.split("&")) == ["free=1", "need=legal", "page=2", "q=legal"]
    assert len(found(client, "/resources/?" + link)) == 10  # ten a page: page 2 of 3


def test_clear_filters_link_appears_with_filters(client, listings):
    assert "Clear filters" in client.get("/resources/?need=legal").content.decode()
    assert "Clear filters" not in client.get("/resources/").content.decode()


def test_the_search_form_works_without_javascript(client):
    html = client.get("/resources/").content.decode()
    assert re.search(r'<form[^>]*action="/resources/"[^>]*method="get"', html)
    assert '<button type="submit">' in html
    assert re.search(r'<input type="search" name="q"[^>]*autocomplete="off"', html)
    assert "<script>" not in html and 'style="' not in html


def test_search_sets_no_cookie(client, listings):
    response = client.get("/resources/?q=legal&near=60601")
    assert not any(morsel.value for morsel in response.cookies.values())
