"""The listings we ship: exactly the verified entries of each compilation, facts as the source gives
them, ways to reach them that work, numbers that dial right, Spanish text, honest tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

from resources.models import RESERVED_SLUGS
from resources.templatetags.listing_tags import dial_string

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "resources" / "data"
SOURCES = ROOT / "tests" / "fixtures" / "data"


def _curated(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["listings"]


def _source(name: str) -> list[dict]:
    return json.loads((SOURCES / name).read_text(encoding="utf-8"))


NATIONAL, STATES, COMMUNITIES = (
    _curated("national_listings.json"),
    _curated("state_coalitions.json"),
    _curated("culturally_specific.json"),
)
ALL = NATIONAL + STATES + COMMUNITIES
STATE_SOURCE = _source("state_coalitions.json")
COMMUNITY_SOURCE = _source("culturally_specific.json")
NUMBER_FIELDS = ("phone", "text_number", "tty", "videophone", "office_phone")
NOTE_FIELDS = ("description", "phone_notes", "cost_notes", "eligibility", "hours_notes")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _dials(text: str | None) -> set[str]:
    """What each number written in ``text`` dials ("1-888-8-MAITRI (1-888-862-4874)" has two ways to write one)."""
    parts = re.split(r"[();]|\bor\b", text or "")
    return {dial for part in parts if (dial := dial_string(re.sub(r"^[^0-9+]*", "", part).strip(), "US"))}


def _all_text(listing: dict) -> str:
    return json.dumps({k: v for k, v in listing.items() if k != "source_key"}, ensure_ascii=False)


def test_state_file_maps_exactly_the_verified_coalitions():
    verified = {(e["state"], e["name"]) for e in STATE_SOURCE if e["verified"] is True}
    curated = [(listing["source_key"]["state"], listing["source_key"]["name"]) for listing in STATES]
    assert len(curated) == len(set(curated)) == len(verified) == 51
    assert set(curated) == verified
    # 47 of the 56 states and territories have a verified coalition; these nine do not (yet).
    covered = {listing["states"][0] for listing in STATES}
    assert len(covered) == 47
    assert {"AR", "HI", "NV", "OK", "TN", "WV", "WY", "PR", "MP"}.isdisjoint(covered)


def test_community_file_maps_exactly_the_verified_organizations():
    verified = {e["slug"] for e in COMMUNITY_SOURCE if e["verified"] is True}
    curated = [listing["source_key"]["slug"] for listing in COMMUNITIES]
    assert len(curated) == len(set(curated)) == len(verified) == 35
    assert set(curated) == verified


def test_slugs_are_unique_across_files_and_never_a_reserved_path():
    slugs = [listing["slug"] for listing in ALL]
    assert len(slugs) == len(set(slugs))
    assert not set(slugs) & RESERVED_SLUGS


def test_coalition_facts_are_the_sources_own():
    by_key = {(e["state"], e["name"]): e for e in STATE_SOURCE}
    for listing in STATES:
        entry = by_key[(listing["source_key"]["state"], listing["source_key"]["name"])]
        assert listing["website"] == entry["website"] and listing["source_url"] == entry["source_url"]
        assert listing["states"] == [entry["state"]] and listing["service_area"] == "statewide"
        assert listing["is_state_coalition"] is True
        assert listing["local_help_url"] == (entry["find_help_url"] or "")
        # The office phone is the coalition's office line, never offered as a line to call for help.
        assert _digits(listing["office_phone"]) == _digits(entry["phone"])
        if entry["phone"]:
            assert _digits(entry["phone"]) not in _digits(listing["phone"] + listing["text_number"])
        # A statewide line only where the compilation gives one run by the coalition.
        if listing["phone"]:
            assert _dials(listing["phone"]) <= _dials(entry["statewide_hotline"])
        else:
            assert not entry["statewide_hotline"]


def test_community_facts_are_the_sources_own():
    by_slug = {e["slug"]: e for e in COMMUNITY_SOURCE}
    for listing in COMMUNITIES:
        entry = by_slug[listing["slug"]]
        assert listing["website"] == entry["website"] and listing["source_url"] == entry["source_url"]
        assert set(listing["communities"]) == set(entry["communities"])
        assert set(listing["needs"]) <= set(entry["needs"])
        lines = {p["kind"]: _dials(p["number"]) for p in entry["phone"] or []}
        if listing["phone"]:
            assert _dials(listing["phone"]) <= set().union(
                *(lines.get(k, set()) for k in ("crisis", "hotline", "helpline"))
            )
        if listing["office_phone"]:
            assert _dials(listing["office_phone"]) == lines["office"]
        if listing["tty"]:
            assert _dials(listing["tty"]) == lines["tty"]
        area = entry["service_area"]
        if area == "national":
            assert listing["service_area"] == "national"
        elif isinstance(area, list):
            assert listing["service_area"] == "statewide" and listing["states"] == area
        else:
            assert listing["service_area"] == "local" and area["local"].endswith(listing["state"])
            assert listing["zip_code"] and listing["address_visibility"] == "city" and not listing.get("street")


# Numbers the compilations saw only on third-party or very old pages, or that belong to someone else.
NEVER_PUBLISHED = [
    "212-868-6741",  # Sakhi: one 2015 third-party page
    "334-4663", "717-0757",  # Apna Ghar (unverified entry)
    "339-3940", "653-4042",  # CPAF: 1991 newspaper letter
    "414-559-2123",  # FORGE: a page the site marks historical
    "777-EROC",  # EROC: superseded page
    "832-1901",  # The Network/La Red: contradicted on its own page
    "225-351-7233",  # LaFASA text line: one third-party page
    "886-8388",  # OAESV resource line: old third-party page
    "494-8100",  # Day One RI: one page only
    "942-6906",  # New York's state hotline: not the coalition's
    "782-6400",  # ACESDV: unlabelled number
    "956-7273", "956-RAPE",  # FCASV information line: hours unknown
    "356-6998",  # Virginia LGBTQ helpline: one state page
    "631-4450",  # NJCASA as listed by a state page only
    "477-5552",  # Guam's VARO line: another organization
    "773-9272", "776-3966",  # USVI agencies, not the council
]  # fmt: skip


def test_no_number_seen_only_on_a_third_party_or_old_page_is_shipped():
    text = "\n".join(_all_text(listing) for listing in ALL)
    for number in NEVER_PUBLISHED:
        assert number not in text, number
    assert "not verified" not in text.lower()


def test_every_published_number_dials_right_for_its_country():
    for listing, field in ((listing, field) for listing in ALL for field in NUMBER_FIELDS):
        number = listing.get(field, "")
        if not number:
            continue
        dial = dial_string(number, listing["country"])
        assert dial, (listing["slug"], field, number)
        short = dial.isdigit() and len(dial) <= 6
        assert short or dial.startswith("+"), (listing["slug"], field, number, dial)
        if listing["country"] == "US" and not short:
            assert dial.startswith("+1") and len(dial) == 12, (listing["slug"], field, number, dial)
        if listing["country"] == "AU":
            assert dial.startswith("+61"), dial


def test_the_numbers_that_went_wrong_before_dial_right():
    by_slug = {listing["slug"]: listing for listing in ALL}
    australia = by_slug["1800respect-australia"]
    assert dial_string(australia["phone"], australia["country"]) == "+611800737732"
    assert dial_string(australia["text_number"], australia["country"]) == "+61458737732"
    assert dial_string(by_slug["988-suicide-and-crisis-lifeline"]["phone"], "US") == "988"
    assert dial_string(by_slug["crisis-text-line"]["text_number"], "US") == "741741"
    assert dial_string(by_slug["the-trevor-project"]["text_number"], "US") == "678678"
    assert dial_string("1-888-8-MAITRI", "US") == dial_string(by_slug["maitri"]["phone"], "US") == "+18888624874"


def test_ways_to_reach_them_work():
    for listing in ALL:
        _check_ways_to_reach(listing)


def _check_ways_to_reach(listing: dict) -> None:
    modes, needs = set(listing["modes"]), set(listing["needs"])
    if "crisis-hotline" in needs:
        assert listing["phone"] or listing["text_number"] or listing["chat_url"]
    if "chat" in modes:
        assert listing["chat_url"].startswith("https://")
    if "email" in modes:
        assert listing["email"] or listing["website"]  # an address, or the form on their site
    if "phone" in modes:
        assert listing["phone"]
    if "text" in modes:
        assert listing["text_number"]
    for field in ("website", "chat_url", "local_help_url", "source_url"):
        value = listing.get(field, "")
        assert value == "" or (re.match(r"^https?://\S+$", value) and "(" not in value), (field, value)


def test_every_listing_reads_in_spanish():
    for listing in ALL:
        for field in NOTE_FIELDS:
            if listing.get(field):
                assert listing.get(f"{field}_es"), (listing["slug"], field)
        assert listing["description_es"] != listing["description"], listing["slug"]


def test_organizations_that_train_advocates_say_so():
    advocates = {listing["slug"] for listing in ALL if listing["serves_advocates"]}
    assert {
        "national-indigenous-womens-resource-center", "alaska-native-womens-resource-center",
        "minnesota-indian-womens-sexual-assault-coalition", "women-of-color-network",
        "sisters-of-color-ending-sexual-assault", "asista-immigration-assistance", "arte-sana",
        "vera-center-on-victimization-and-safety", "peaceful-families-project",
        "asian-pacific-institute-on-gender-based-violence", "napiesv",
    } <= advocates  # fmt: skip
    assert not advocates & {"safe-horizon", "manavi", "rainn-national-sexual-assault-hotline"}


def test_community_organizations_are_tagged_with_their_communities():
    by_slug = {listing["slug"]: listing for listing in ALL}
    assert {"black", "women"} <= set(by_slug["black-womens-blueprint"]["communities"])
    assert "asian-pacific-islander" in by_slug["sakhi-for-south-asian-women"]["communities"]
    assert "South Asian" in by_slug["sakhi-for-south-asian-women"]["description"]
    assert "Arab" in by_slug["arab-american-family-support-center"]["description"]
    assert "deaf-hard-of-hearing" in by_slug["vera-center-on-victimization-and-safety"]["communities"]
    assert {"latinx", "immigrants"} <= set(by_slug["mujeres-latinas-en-accion"]["communities"])


def test_listings_are_tagged_for_what_they_are():
    by_slug = {listing["slug"]: listing for listing in ALL}
    assert "healing" in by_slug["me-too-survivor-healing-journey"]["needs"]
    assert "crisis-hotline" not in by_slug["1in6"]["needs"]  # no helpline address is verified
    assert "chat" not in by_slug["rainn-national-sexual-assault-hotline"]["modes"]  # no chat address is verified
    assert not any("medical" in listing["needs"] for listing in ALL)  # nobody here gives medical care
    assert any("financial" in listing["needs"] for listing in ALL)


def test_secondary_sources_are_marked_and_named():
    by_slug = {listing["slug"]: listing for listing in ALL}
    for slug in ("trans-lifeline-hotline", "the-trevor-project", "crisis-text-line",
                 "asian-pacific-institute-on-gender-based-violence"):  # fmt: skip
        assert by_slug[slug]["source_is_secondary"] and by_slug[slug]["source_name"], slug
    # Where the service's own page was found, it is the source.
    assert by_slug["just-detention-international"]["source_url"].startswith("https://justdetention.org/")
    assert by_slug["national-sexual-violence-resource-center"]["source_url"].startswith("https://www.nsvrc.org/")
    assert by_slug["ujima-national-center"]["source_url"].startswith("https://ujimacommunity.org/")
    for listing in ALL:
        if "wikipedia.org" in listing["source_url"] or "causeiq.com" in listing["source_url"]:
            assert listing["source_is_secondary"], listing["slug"]


def test_nothing_in_the_repository_points_outside_it():
    for path in [*DATA.iterdir(), ROOT / "docs" / "data.md", ROOT / "Makefile"]:
        text = path.read_text(encoding="utf-8")
        assert "../" + "shared" not in text and "/wo" + "rk/" not in text and "shared/data" not in text, path
