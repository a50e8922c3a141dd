"""Words typed in the search box (q) find listings, the same on both databases."""

from __future__ import annotations

import re

import pytest

from tests.resources.factories import local, make_listing, national, statewide

pytestmark = pytest.mark.django_db


def found(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="/(?:es/)?resources/([\w-]+)/">', response.content.decode())


def test_a_word_in_the_name_finds_the_listing(client):
    make_listing("Legal Aid for Survivors", slug="legal-aid", country="US")
    make_listing("Healing Circle", slug="healing-circle")
    assert found(client, "/resources/?q=legal") == ["legal-aid"]


def test_words_in_organization_description_needs_and_communities_are_searched(client):
    make_listing("Hope Line", slug="by-org", organization="Rivers Foundation")
    make_listing("Open Door", slug="by-description", description="Weekly peer meetings in a quiet library.")
    make_listing("Safe Place", slug="by-need", needs=("shelter-housing",))
    make_listing("Circle", slug="by-community", communities=("deaf-hard-of-hearing",))
    assert found(client, "/resources/?q=rivers") == ["by-org"]
    assert found(client, "/resources/?q=library") == ["by-description"]
    assert found(client, "/resources/?q=shelter") == ["by-need"]
    assert found(client, "/resources/?q=deaf") == ["by-community"]


def test_spanish_need_names_are_searched(client):
    make_listing("Safe Place", slug="refugio", needs=("shelter-housing",))
    assert found(client, "/resources/?q=refugio") == ["refugio"]


def test_a_listing_need_not_match_every_word_but_more_words_rank_higher(client):
    make_listing("Legal Help Boston", slug="legal-boston")
    make_listing("Legal Help Chicago", slug="legal-chicago")
    make_listing("Healing Circle", slug="healing")
    assert found(client, "/resources/?q=legal+quokka+lantern&everywhere=1&as_typed=1") == [
        "legal-boston",
        "legal-chicago",
    ]
    assert found(client, "/resources/?q=legal+chicago&everywhere=1") == ["legal-chicago", "legal-boston"]


def test_a_listing_appears_once_even_when_several_needs_match(client):
    make_listing("Many Doors", slug="many", needs=("legal", "medical", "advocacy"), communities=("women", "youth"))
    assert found(client, "/resources/?q=help") == ["many"]


def test_search_is_case_insensitive(client):
    make_listing("Counseling Center", slug="center")
    assert found(client, "/resources/?q=COUNSELING") == ["center"]


def test_no_match_offers_the_national_lines(client):
    make_listing("Counseling Center", slug="center")
    html = client.get("/resources/?q=xylophone").content.decode()
    assert "0 listings found" in html
    assert 'href="tel:+18006564673"' in html


def test_unpublished_listings_are_never_found(client):
    make_listing("Legal Draft", slug="draft", status="draft")
    make_listing("Legal Archive", slug="archived", status="archived")
    assert found(client, "/resources/?q=legal") == []


def test_spanish_search_page_links_to_spanish_listing_pages(client):
    make_listing("Legal Aid", slug="legal-aid")
    html = client.get("/es/resources/?q=legal").content.decode()
    assert 'href="/es/resources/legal-aid/"' in html


def test_a_name_match_ranks_above_a_description_match(client):
    make_listing("Quiet Room", slug="description", description="Counseling for adults")
    make_listing("Counseling Room", slug="name")
    assert found(client, "/resources/?q=counseling&sort=relevance") == ["name", "description"]


def test_search_ignores_accents(client):
    make_listing("Consejería Latina", slug="consejeria")
    assert found(client, "/resources/?q=consejeria") == ["consejeria"]
    assert found(client, "/resources/?q=Consejer%C3%ADa") == ["consejeria"]


def test_a_typo_still_finds_the_listing(client):
    make_listing("Counseling Center", slug="center")
    national("Hotline", slug="hotline", needs=("counseling",))
    assert sorted(found(client, "/resources/?q=councelling")) == ["center", "hotline"]


def understood(client, url: str) -> str:
    """The page's "Showing results for ..." words, or "" when nothing was corrected."""
    html = client.get(url).content.decode()
    shown = re.search(r'<p class="understood">Showing results for <strong>([^<]*)</strong>', html)
    return shown.group(1) if shown else ""


def test_a_correction_reads_as_a_whole_word_not_the_index_stem(client):
    national("Domestic Violence Line", slug="dv-line")
    assert understood(client, "/resources/?q=domestic+violance") == "domestic violence"
    assert found(client, "/resources/?q=domestic+violance") == ["dv-line"]


def test_everyday_words_are_never_corrected_into_other_words(client):
    """ "last" is not a typo of "list", nor "party" of "part", nor "miedo" of "medio"."""
    national("Rape Crisis Line", slug="line", description="A list of sexual assault lines, part of a network.")
    make_listing("Medio Camino", slug="medio")
    assert understood(client, "/resources/?q=I+got+raped+last+night+at+a+party") == ""
    assert found(client, "/resources/?q=I+got+raped+last+night+at+a+party") == ["line"]
    assert understood(client, "/es/resources/?q=tengo+miedo") == ""
    assert understood(client, "/resources/?q=sexual+assualt") == "sexual assault"


def test_plural_and_singular_match_through_stemming(client):
    make_listing("Support Groups Downtown", slug="groups")
    assert found(client, "/resources/?q=group") == ["groups"]


def test_a_word_with_a_minus_sign_is_left_out(client):
    make_listing("Legal Aid Chicago", slug="chicago")
    make_listing("Legal Aid Boston", slug="boston")
    assert found(client, "/resources/?q=legal+-boston&everywhere=1") == ["chicago"]
    assert found(client, "/resources/?q=-boston&everywhere=1") == ["chicago"]
    assert sorted(found(client, "/resources/?q=legal-aid&everywhere=1")) == ["boston", "chicago"]  # a hyphenated word


def test_the_words_meant_decide_the_order_not_the_names_of_the_need_they_point_to(client):
    """ "kill myself" points to the crisis lines, whose names ("crisis hotline") match every line
    tagged so: they widen the match, but the line whose own name says suicide comes first, even
    below a line of higher priority (as 988 and RAINN are)."""
    both = {"needs": ("crisis-hotline",), "is_24_7": True, "phone": "800-555-0100"}
    national("Assault Hotline", slug="assault-hotline", priority=10, **both)
    national("Suicide Lifeline", slug="suicide-lifeline", priority=5, **both)
    national("Book Club", slug="tagged-only", needs=("crisis-hotline",))
    make_listing("Reading Room", slug="unrelated")
    for url in ("/resources/?q=i+want+to+kill+myself", "/es/resources/?q=me+quiero+morir"):
        assert found(client, url) == ["suicide-lifeline", "assault-hotline", "tagged-only"], url


def test_a_service_typed_by_its_whole_name_comes_first(client):
    """Someone told about a local service types its name: it leads the national lines that share
    its words. Part of a name is not a name: "crisis line" does not name Horizon Crisis Line."""
    local("Safe Horizon", slug="safe-horizon", zip_code="10001")
    local("Horizon Crisis Line", slug="horizon-crisis-line", zip_code="10001")
    national("Safe Helpline", slug="safe-helpline", description="Support on the horizon of recovery, a crisis line.")
    assert found(client, "/resources/?q=safe+horizon")[0] == "safe-horizon"
    assert found(client, "/resources/?q=horizon+crisis+line")[0] == "horizon-crisis-line"
    assert found(client, "/resources/?q=crisis+line")[0] == "safe-helpline"


def test_without_a_place_a_line_for_everyone_leads_a_coalition_of_another_state(client):
    """ "my husband forces me to have sex": a state coalition matching husband, forced and sex comes
    after the national lines matching two of the three, since it is help for someone elsewhere."""
    statewide(
        "Coalition Against Sexual and Domestic Violence",
        states=("MI",),
        slug="coalition",
        description="Domestic violence, sex trafficking and sexual assault.",
    )
    national("Assault Line", slug="line", description="Sexual assault and domestic violence.")
    assert found(client, "/resources/?q=my+husband+forces+me+to+have+sex") == ["line", "coalition"]
