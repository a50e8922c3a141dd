"""The real national listings: every verified entry published with its source, nothing unverified, cautions kept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models

from resources.models import ListingChange, Organization, Resource

ROOT = Path(__file__).resolve().parents[2]
SOURCE = json.loads((ROOT / "tests" / "fixtures" / "data" / "national_resources.json").read_text(encoding="utf-8"))
CURATED = json.loads((ROOT / "resources" / "data" / "national_listings.json").read_text(encoding="utf-8"))["listings"]
# Where the compilation's source was another organization's page, an old mailing list or a blog,
# the service's own page found since is the source.
BETTER_SOURCES = {
    "just-detention-international": "https://justdetention.org/publication/november-2019/",
    "national-sexual-violence-resource-center": "https://www.nsvrc.org/sites/default/files/2021-02/14a-%20anniversary.txt",
    "ujima-national-center": "https://ujimacommunity.org/resources/",
}
# Tags for what a listing is (the healing journey heals) and none that no verified address backs
# (a crisis line with no verified number or chat address).
NEED_CHANGES = {
    "me-too-survivor-healing-journey": ({"healing"}, set()),
    "1in6": (set(), {"crisis-hotline"}),
    "rape-and-sexual-abuse-support-line-england-wales": (set(), {"crisis-hotline"}),
}
VERIFIED = [entry for entry in SOURCE if entry["verified"] is True]
UNVERIFIED = [entry for entry in SOURCE if entry["verified"] is not True]

# Numbers and options the notes say must never be printed (retired, wrong or unverified).
FORBIDDEN = [
    "787-3224",  # NDVH TTY, possibly retired
    "422-2253",  # Childhelp as misprinted on childcare.gov
    "202-304-1200",  # Trevor's retired text number
    "77054",  # loveisrespect's old short code
    "0808 500 2222",  # UK support line: number not verified
    "808 500 2222",
    "855-812-1001",  # Deaf Hotline VP: not verified
    "484-2846",  # VictimConnect: reported closed
    "4-VICTIM",
    "843-4564",  # LGBT National Hotline: not verified
    "USWOMEN",  # Pathways to Safety: archived number
    "press 3",  # 988's LGBTQ+ youth option ended July 17, 2025
    "273-8255",  # 988's legacy number and unclear TTY instructions
    "not verified",
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The national listings, loaded once for the module; each test's changes roll back with it."""
    with django_db_blocker.unblock():
        call_command("load_national_resources", stdout=open("/dev/null", "w"))  # noqa: SIM115
    yield
    with django_db_blocker.unblock():
        ListingChange.objects.all().delete()
        Resource.objects.all().delete()
        Organization.objects.all().delete()


def _all_text_in_database() -> str:
    parts: list[str] = []
    for model in (Resource, Organization, ListingChange):
        text_fields = [f.name for f in model._meta.fields if isinstance(f, models.CharField | models.TextField)]
        for row in model.objects.values_list(*text_fields):
            parts.extend(value for value in row if value)
    return "\n".join(parts)


def test_the_curated_file_maps_every_verified_entry_and_nothing_else():
    assert len(VERIFIED) == 27 and len(UNVERIFIED) == 4
    assert sorted(listing["source_key"]["name"] for listing in CURATED) == sorted(entry["name"] for entry in VERIFIED)
    assert len({listing["slug"] for listing in CURATED}) == len(CURATED)


def test_every_web_address_is_a_plain_https_url():
    for listing in CURATED:
        for field in ("chat_url", "website", "source_url"):
            value = listing[field]
            if field != "source_url" or value.startswith("https"):
                assert value == "" or (value.startswith("https://") and " " not in value and "(" not in value), (
                    listing["slug"],
                    field,
                )


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_every_verified_entry_is_published_with_its_source_and_date():
    by_name = {entry["name"]: entry for entry in VERIFIED}
    published = Resource.objects.published()
    assert published.count() == len(VERIFIED)
    for listing in CURATED:
        entry = by_name[listing["source_key"]["name"]]
        resource = published.get(slug=listing["slug"])
        assert resource.source_url == BETTER_SOURCES.get(listing["slug"], entry["source_url"])
        assert resource.last_verified == date(2026, 11, 29)
        assert resource.verification == Resource.Verification.COMPILED and resource.confirmed_via == ""
        assert resource.is_demo is False and resource.organization.is_demo is False
        added, removed = NEED_CHANGES.get(listing["slug"], (set(), set()))
        assert set(resource.needs.values_list("slug", flat=True)) == (set(entry["services"]) | added) - removed
        assert sorted(resource.communities.values_list("slug", flat=True)) == sorted(entry["communities"])


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_no_unverified_entry_is_loaded_at_all():
    names = set(Resource.objects.values_list("name", flat=True))
    for entry in UNVERIFIED:
        assert entry["name"] not in names
    assert not Resource.objects.filter(name__icontains="VictimConnect").exists()
    assert not Resource.objects.filter(name__icontains="Deaf Hotline").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_running_twice_changes_nothing():
    before = list(Resource.objects.order_by("pk").values())
    changes = ListingChange.objects.count()
    call_command("load_national_resources", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Resource.objects.order_by("pk").values()) == before
    assert ListingChange.objects.count() == changes
    assert Organization.objects.count() == len({listing["organization"] for listing in CURATED})


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_forbidden_and_retired_numbers_appear_nowhere_in_the_database():
    text = _all_text_in_database().lower()
    for forbidden in FORBIDDEN:
        assert forbidden.lower() not in text, forbidden


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_specific_cautions_are_respected():
    rainn = Resource.objects.get(slug="rainn-national-sexual-assault-hotline")
    assert rainn.phone == "1-800-656-4673"
    assert rainn.text_number == "" and rainn.text_keyword == ""  # no "text HOPE to 64673"
    assert rainn.chat_url == ""  # chat address not confirmed
    ndvh = Resource.objects.get(slug="national-domestic-violence-hotline")
    assert ndvh.tty == "" and (ndvh.text_number, ndvh.text_keyword) == ("88788", "START")
    assert Resource.objects.get(slug="childhelp-national-child-abuse-hotline").phone == "1-800-422-4453"
    lifeline = Resource.objects.get(slug="988-suicide-and-crisis-lifeline")
    assert lifeline.phone == "988" and lifeline.tty == ""
    trevor = Resource.objects.get(slug="the-trevor-project")
    assert (trevor.text_number, trevor.text_keyword) == ("678-678", "START")
    assert Resource.objects.get(slug="love-is-respect").text_number == "22522"
    trans = Resource.objects.get(slug="trans-lifeline-hotline")
    assert not trans.opening_hours.exists() and trans.hours_notes == "" and not trans.is_24_7  # hours to check
    stop_it_now = Resource.objects.get(slug="stop-it-now-helpline")
    assert stop_it_now.hours_notes == "" and not stop_it_now.is_24_7 and not stop_it_now.languages.exists()
    api_gbv = Resource.objects.get(slug="asian-pacific-institute-on-gender-based-violence")
    assert api_gbv.website == "" and api_gbv.chat_url == ""


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_the_two_entries_outside_the_us_keep_their_country():
    uk = Resource.objects.get(slug="rape-and-sexual-abuse-support-line-england-wales")
    australia = Resource.objects.get(slug="1800respect-australia")
    assert (uk.country, uk.service_area, uk.phone) == ("GB", "national", "")
    assert (australia.country, australia.service_area, australia.phone) == ("AU", "national", "1800 737 732")
    assert set(Resource.objects.outside_us().values_list("slug", flat=True)) == {uk.slug, australia.slug}
    assert uk.latitude is None and australia.latitude is None
    assert not Resource.objects.national().filter(country__in=["GB", "AU"]).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_languages_are_bcp47_tags_from_the_known_list():
    from resources.languages import LANGUAGES

    codes = set(Resource.objects.values_list("languages__code", flat=True)) - {None}
    assert codes <= set(LANGUAGES)
    assert set(
        Resource.objects.get(slug="rainn-national-sexual-assault-hotline").languages.values_list("code", flat=True)
    ) == {
        "en",
        "es",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_a_maintainers_edit_is_kept_unless_update_is_asked_for(admin_user, second_maintainer):
    from resources import services

    resource = Resource.objects.get(slug="crisis-text-line")
    resource.description = "A maintainer's better words."
    resource.text_keyword = "HELLO"
    services.resource_save(resource=resource, changed_by=admin_user)
    call_command("load_national_resources", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resource.refresh_from_db()
    assert resource.description == "A maintainer's better words."

    ListingChange.objects.filter(status=ListingChange.Status.PENDING).delete()
    Resource.objects.filter(pk=resource.pk).update(text_keyword="HELLO")
    call_command("load_national_resources", "--update", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resource.refresh_from_db()
    assert resource.description != "A maintainer's better words."
    # The contact detail goes back only when a second maintainer confirms it.
    assert resource.text_keyword == "HELLO"
    pending = ListingChange.objects.get(resource=resource, status=ListingChange.Status.PENDING)
    assert (pending.field, pending.after) == ("text_keyword", "HOME")
    services.listing_change_confirm(change=pending, confirmed_by=second_maintainer)
    resource.refresh_from_db()
    assert resource.text_keyword == "HOME"
