"""Bad values on every parameter of /resources/ are ignored with a visible notice: 200, never 500."""

from __future__ import annotations

import re

import pytest

from tests.resources.factories import local, national

pytestmark = pytest.mark.django_db

BAD = [
    "near=abc",
    "near=00000",
    "near=606011",
    "near=６０６０１",
    "near=٦٠٦٠١",
    "near=६०६०१",
    "near=60601-１２３４",
    "radius=-5",
    "radius=1e99",
    "radius=abc",
    "radius=30",
    "page=0",
    "page=-1",
    "page=abc",
    "page=99999",
    "page=1e99",
    "need=nope",
    "community=nobody",
    "mode=carrier-pigeon",
    "region=ZZ",
    "region=Illinois",
    "language=xx",
    "sort=evil",
]


@pytest.fixture
def listings(db):
    local("Chicago Legal", slug="chicago", zip_code="60601", needs=("legal",))
    national("National", slug="national")


def notices(html: str) -> list[str]:
    block = re.search(r'<div class="notice"><ul>(.*?)</ul></div>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


@pytest.mark.parametrize("query", BAD)
def test_bad_value_is_ignored_with_a_notice(client, listings, query):
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 200
    assert notices(response.content.decode()), query
    # The value was ignored, not applied: both listings are still shown.
    assert "/resources/chicago/" in response.content.decode()


@pytest.mark.parametrize("query", BAD)
def test_bad_value_on_the_spanish_page(client, listings, query):
    assert client.get(f"/es/resources/?{query}").status_code == 200


def test_every_bad_value_at_once(client, listings):
    response = client.get("/resources/?" + "&".join(BAD))
    assert response.status_code == 200
    assert len(notices(response.content.decode())) >= 8


def test_one_bad_need_keeps_the_good_one(client, listings):
    html = client.get("/resources/?need=nope&need=legal").content.decode()
    assert "/resources/chicago/" in html and "/resources/national/" not in html
    assert any("nope" in notice for notice in notices(html))


def test_unknown_zip_is_a_friendly_error_next_to_the_field(client, listings):
    html = client.get("/resources/?near=00000").content.decode()
    assert 'id="id_near_error"' in html and "We could not find the ZIP code" in html


def test_nul_byte_in_q_is_removed(client, listings):
    response = client.get("/resources/?q=chi%00cago")
    assert response.status_code == 200
    response = client.get("/resources/?q=%00")
    assert response.status_code == 200 and "/resources/chicago/" in response.content.decode()


def test_very_long_q_is_shortened_with_a_notice(client, listings):
    response = client.get("/resources/?q=" + "legal " * 2000)
    html = response.content.decode()
    assert response.status_code == 200
    assert any("shortened" in notice for notice in notices(html))
    assert len(re.search(r'name="q" id="id_q" value="([^"]*)"', html).group(1)) <= 200


@pytest.mark.parametrize(
    "q",
    ['"', "'", "(", "!!", "-", "&|", "legal OR", "or -", ":*", "\\", "%", "_", "<script>", "é", "日本語", "🙂", "a:b"],
)
def test_odd_search_text_never_breaks(client, listings, q):
    response = client.get("/resources/", {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_flags_with_odd_values_do_not_break(client, listings):
    for flag in ("free", "open_now", "always_open"):
        assert client.get(f"/resources/?{flag}=maybe").status_code == 200
        assert client.get(f"/resources/?{flag}=0").status_code == 200


def test_repeated_single_value_parameters_do_not_break(client, listings):
    url = "/resources/?near=60601&near=10001&radius=10&radius=50&sort=name&sort=distance"
    assert client.get(url).status_code == 200


def test_post_is_not_allowed(client):
    assert client.post("/resources/").status_code == 405


@pytest.mark.parametrize("digits", ["６０６０１", "٦٠٦٠１", "٦٠٦٠١", "६०६०१", "𝟔𝟎𝟔𝟎𝟏", "60601-１２３４"])
def test_zip_in_digits_of_another_script_is_a_form_error_not_a_crash(client, listings, digits):
    for prefix in ("", "/es"):
        response = client.get(f"{prefix}/resources/", {"near": digits})
        assert response.status_code == 200
        assert 'id="id_near_error"' in response.content.decode()
