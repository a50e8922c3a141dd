"""manage.py import_hsds: real 211 mess comes in as reviewable drafts, structural faults change nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bench.hsds_package import write_messy_package
from resources.hsds import clean
from resources.models import ImportBatch, ListingChange, Resource
from tests.resources.factories import national

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hsds"
pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_hsds", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return write_messy_package(tmp_path_factory.mktemp("messy") / "package", services=40)


def test_v1_sample_package_imports_with_all_and_is_skipped_without():
    assert "0 created" in run(FIXTURES / "v1-sample", "--source", "Sample")
    assert not Resource.objects.exists()
    output = run(FIXTURES / "v1-sample", "--source", "Sample", "--all")
    assert "10 created" in output and "skipped, inactive: 3" in output
    helpline = Resource.objects.get(name="Never Homeless Helpline")
    assert helpline.status == Resource.Status.DRAFT
    assert helpline.verification == Resource.Verification.IMPORTED and helpline.source_name == "Sample"
    assert helpline.import_batch.counts["created"] == 10
    assert {"en", "es"} <= set(helpline.languages.values_list("code", flat=True))
    assert helpline.opening_hours.exists()


def test_v3_example_imports_and_reports_its_impossible_latitude():
    output = run(FIXTURES / "v3-examples" / "csv", "--source", "Open Referral", "--all")
    assert "1 created" in output
    assert "locations.csv:2" in output and "impossible coordinates" in output
    service = Resource.objects.get()
    assert str(service.uuid) == "ac148810-d857-441c-9679-408f346de14b"  # the source's UUID is kept
    assert service.latitude is None
    run(FIXTURES / "v3-examples" / "service_full.json", "--source", "Open Referral JSON", "--all")
    assert Resource.objects.count() == 2  # same UUID from another source: a derived one instead


def test_messy_package_cleaned_selected_and_reported(messy):
    national("RAINN", phone="800-656-4673", source_url="https://rainn.org/")
    output = run(messy, "--source", "Harbor 211")
    batch = ImportBatch.objects.get(source_name="Harbor 211")
    reasons = batch.report["skip_reasons"]
    assert reasons["inactive"] == 1 and reasons["do not refer"] == 1 and reasons["excluded from the website"] == 1
    assert reasons["already listed"] == 1  # never a second RAINN
    assert Resource.objects.filter(phone="800-656-4673").count() == 1
    assert "data/services.csv:10 [20609-2]" in output and "characters" in output  # a huge field, with file and line
    assert "data/eligibility.csv" in output and "data/locations.csv:11" in output
    assert "BD-1800.2000" in output  # unmapped terms listed
    imported = Resource.objects.filter(import_batch=batch)
    assert imported.count() == batch.counts["created"] == 5
    assert set(imported.values_list("status", flat=True)) == {Resource.Status.DRAFT}
    for listing in imported:
        assert listing.phone != "305-555-9999"  # the fax
        assert listing.phone not in {"211", "000-000-0000", "305-555-7777"}  # service codes, placeholders, staff
        assert "Jane" not in (listing.description + listing.phone_notes + listing.email)
        assert listing.website.startswith("https://") and "\\" not in listing.website
        assert listing.state in {"FL", "IL", "TX"} and len(listing.zip_code) == 5
    shelter = imported.get(source_record_id="2")
    assert shelter.address_visibility == Resource.AddressVisibility.HIDDEN and shelter.street == ""
    assert shelter.needs_review  # words only
    site_named = imported.get(source_record_id="20603-2")
    assert site_named.name.startswith("Harbor Community Services 3 – Marathon")
    assert "ñ" not in site_named.description and "+¦" in site_named.description
    assert "wrong code page" in site_named.review_reason  # cannot be undone: flagged
    hotline = imported.get(source_record_id="1")
    assert hotline.is_24_7 and "<br" not in hotline.description and "\\n" not in hotline.description
    assert hotline.phone == "305-555-3001" and "option 2" in hotline.phone_notes  # the hotline line, its menu choice
    assert hotline.cost == Resource.Cost.FREE
    assert set(hotline.languages.values_list("code", flat=True)) == {
        "en",
        "es",
        "ht",
    }  # "English and Spanish", "Creole"
    assert ListingChange.objects.filter(resource=hotline).exclude(import_batch=batch).count() == 0


def test_reimport_updates_by_source_id_and_holds_contact_changes(messy, tmp_path, second_maintainer):
    run(messy, "--source", "Harbor 211", "--publish")
    first = Resource.objects.get(source_record_id="1")
    assert first.status == Resource.Status.PUBLISHED  # needs no look: published
    assert "0 created" in run(messy, "--source", "Harbor 211") and "unchanged" in run(messy, "--source", "Harbor 211")
    services = messy / "data" / "services.csv"
    changed = tmp_path / "changed"
    import shutil

    shutil.copytree(messy, changed)
    text = (
        (changed / "data" / "services.csv").read_text().replace("www.harbor1.example.org", "www.harbor-new.example.org")
    )
    (changed / "data" / "services.csv").write_text(text)
    output = run(changed, "--source", "Harbor 211")
    assert "0 created" in output and "1 updated" in output and "wait for a second maintainer" in output
    first.refresh_from_db()
    assert "harbor1" in first.website  # held, not applied
    held = ListingChange.objects.get(resource=first, status=ListingChange.Status.PENDING)
    assert held.field == "website" and "harbor-new" in held.after
    assert services.exists()


def test_possible_duplicate_linked_on_phone_or_full_address_never_on_domain(tmp_path):
    from tests.resources.factories import local

    by_phone = local("Existing Center", phone="305-555-1001", website="https://other.example.org/")
    write_messy_package(tmp_path / "p", services=2)
    run(tmp_path / "p", "--source", "Dupes")
    imported = Resource.objects.get(source_record_id="1")
    assert imported.possible_duplicate == by_phone and "possible duplicate" in imported.review_reason
    same_domain = local("Same Domain", phone="312-555-0199", website="https://www.harbor2.example.org/")
    run(tmp_path / "p", "--source", "Dupes 2")
    second = Resource.objects.get(source_name="Dupes 2", source_record_id="2")
    assert second.possible_duplicate != same_domain


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"organizations.csv": "id,name\n1,Org\n"}, "No services table"),
        ({"services.csv": 'id,name\n1,"unterminated\n'}, "cannot be parsed"),
        ({"services.csv": b"id,name\n1,\x81\x8d\x8f\x90\x9d\n"}, "no readable encoding"),
        ({"services.csv": b"\x00\x01binary"}, "no readable encoding"),
    ],
)
def test_structural_fault_fails_cleanly_and_leaves_nothing(tmp_path, files, message):
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError, match=message):
        run(tmp_path, "--all")
    assert not Resource.objects.exists() and not ImportBatch.objects.exists()


def test_unsafe_zip_is_refused(tmp_path):
    for name, inner in [("evil.zip", "../outside.csv"), ("nested.zip", "inner.zip")]:
        archive = tmp_path / name
        with zipfile.ZipFile(archive, "w") as handle:
            handle.writestr("services.csv", "id,name\n1,Rape crisis line\n")
            handle.writestr(inner, "x")
        with pytest.raises(CommandError):
            run(archive, "--all")
    assert not Resource.objects.exists()


def test_zip_package_imports_and_dry_run_writes_nothing(tmp_path, messy):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in messy.rglob("*"):
            if path.is_file():
                handle.write(path, f"export/{path.relative_to(messy)}")
    # Six: with no RAINN listed yet, the national line found in the feed is created, as national.
    assert "6 created" in run(archive, "--source", "Zip 211", "--dry-run")
    assert not Resource.objects.exists() and not ImportBatch.objects.exists()
    assert "6 created" in run(archive, "--source", "Zip 211")
    filed = Resource.objects.get(phone="800-656-4673")
    assert filed.service_area == Resource.ServiceArea.NATIONAL and filed.street == filed.zip_code == ""


def test_json_list_with_a_row_fault_is_reported_and_skipped(tmp_path):
    document = {"contents": [
        {"id": "a", "name": "Rape Crisis Line", "status": "active", "phones": [{"id": "p", "number": "12"}]},
        {"id": "b", "name": "Domestic violence shelter", "status": "active",
         "service_at_locations": [{"id": "s", "location": {"id": "l", "latitude": 200, "longitude": 0}}]},
    ]}  # fmt: skip
    (tmp_path / "services.json").write_text(json.dumps(document))
    output = run(tmp_path / "services.json", "--source", "JSON")
    assert "2 created" in output and "cannot be dialled" in output and "impossible coordinates" in output


@pytest.mark.parametrize(
    ("raw", "number", "extension", "option"),
    [
        ("305-555-0100 x204", "305-555-0100", "204", ""),
        ("(305) 555- 0100", "305-555-0100", "", ""),
        ("main: 305-555-0100", "305-555-0100", "", ""),
        ("305-555-0100 xOPT2", "305-555-0100", "", "2"),
    ],
)
def test_phone_cleaning(raw, number, extension, option):
    phone = clean.clean_phone(raw, clean.Notes())
    assert (phone.number, phone.extension, phone.option) == (number, extension, option)


def test_values_cleaned():
    notes = clean.Notes()
    assert clean.clean_phone("211", notes) is None and clean.clean_phone("000-000-0000", notes) is None
    assert clean.phone_kind("", "Fax line") == "fax" and clean.phone_kind("", "TDD") == "tty"
    assert [str(clean.parse_time(t, notes)) for t in ("9:00am", "830am", "6:300pm")] == [
        "09:00:00",
        "08:30:00",
        "18:30:00",
    ]
    assert clean.repair_encoding("Women GÇÖs", notes) == "Women ’s"
    assert clean.clean_languages("Creole", notes)[0] == ["ht"] and clean.clean_languages("Sign Language", notes)[0] == [
        "ase"
    ]
    assert clean.clean_languages("English and Spanish", notes)[0] == ["en", "es"]
    assert clean.clean_coordinates("-80.19", "25.76", notes) == (25.76, -80.19)
    assert clean.clean_state("FL ", notes) == "FL" and clean.clean_zip("33101-1234", notes) == "33101"
    assert clean.clean_street("State: FL", notes) == ""
    assert (
        clean.url_key("https://www.example.org/") == ""
        and clean.url_key("http://example.org/help/") == "example.org/help"
    )
    with pytest.raises(clean.RowProblem):
        clean.clean_coordinates("100", "101", notes)
    assert csv  # the module reads CSV through read.py


def test_published_import_is_found_by_search_and_read_back_by_the_api(client, messy, tmp_path):
    run(
        messy,
        "--source",
        "Harbor 211",
        "--publish",
        "--allows-republication",
        "--source-url",
        "https://211.example.org/",
    )
    published = Resource.objects.filter(status=Resource.Status.PUBLISHED, import_batch__isnull=False)
    assert published.exists()
    listing = published.order_by("pk").first()
    page = client.get("/resources/", {"q": listing.name.split(" – ")[0]}).content.decode()
    assert listing.name.split(" – ")[0] in page
    names = set()
    number = 1
    while True:
        body = client.get("/api/services", {"per_page": 2, "page": number}).json()
        names |= {item["name"] for item in body["contents"]}
        if body["last_page"]:
            break
        number += 1
    assert set(published.values_list("name", flat=True)) <= names
    call_command("export_hsds", str(tmp_path / "out"), stdout=io.StringIO())
    exported = (tmp_path / "out" / "services.csv").read_text()
    assert all(name in exported for name in published.values_list("name", flat=True))
