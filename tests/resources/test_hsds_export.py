"""manage.py export_hsds: a valid HSDS 3.0 package of open data only; export then import gives the same listings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from frictionless import validate
from jsonschema import Draft202012Validator, FormatChecker

from resources.hsds.export import TABLES, load_schema
from resources.models import ImportBatch, Resource
from tests.resources.factories import local, national, statewide

pytestmark = pytest.mark.django_db
COMPARED = ("name", "phone", "text_number", "website", "service_area", "city", "state", "zip_code", "is_24_7",
            "address_visibility")  # fmt: skip


@pytest.fixture
def listings(db):
    from datetime import time

    shelter = local("Harbor Safe House", street="12 Hidden Lane", zip_code="33101", latitude=25.7, longitude=-80.2,
                    address_visibility=Resource.AddressVisibility.HIDDEN, needs=("shelter-housing",),
                    phone="305-555-0101", hours=((0, time(9), time(17)),))  # fmt: skip
    center = local("Riverbend Center", street="1 Main St", zip_code="60601", needs=("counseling",),
                   communities=("women",), modes=("in-person", "phone"), languages=("en", "es"), phone="312-555-0100",
                   website="https://riverbend.example.org/help")  # fmt: skip
    line = national("Night Line", phone="800-555-0199", is_24_7=True, needs=("crisis-hotline",), modes=("phone",))
    state = statewide("Illinois Legal Line", states=("IL",), needs=("legal",), phone="312-555-0111")
    local("Draft Place", status=Resource.Status.DRAFT)
    local("Sample Place", is_demo=True)
    closed = ImportBatch.objects.create(source_name="Closed 211", allows_republication=False)
    local("Closed Source Place", import_batch=closed, verification=Resource.Verification.IMPORTED)
    return [shelter, center, line, state]


def export(path: Path) -> Path:
    call_command("export_hsds", str(path), stdout=io.StringIO())
    return path


def rows(path: Path, file: str) -> list[dict[str, str]]:
    with (path / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_is_valid_open_data_only(tmp_path, listings):
    package = export(tmp_path / "out")
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    names = {row["name"] for row in rows(package, "services.csv")}
    assert names == {"Harbor Safe House", "Riverbend Center", "Night Line", "Illinois Legal Line"}
    checker = FormatChecker()
    for _name, file, schema_name in TABLES:
        schema = {key: value for key, value in load_schema(schema_name).items() if key != "required"}
        validator = Draft202012Validator(schema, format_checker=checker)
        numbers = {key for key, spec in schema["properties"].items() if spec.get("type") == "number"}
        for row in rows(package, file):
            record = {key: float(value) if key in numbers else value for key, value in row.items() if value != ""}
            assert not list(validator.iter_errors(record)), (file, record)


def test_hidden_address_has_no_street_and_the_zip_centre(tmp_path, listings):
    from resources.geo import zip_location

    package = export(tmp_path / "out")
    shelter = listings[0]
    assert "12 Hidden Lane" not in "".join(p.read_text() for p in package.glob("*.csv"))
    location = next(row for row in rows(package, "locations.csv") if row["id"] == str(shelter.location_uuid))
    centre = zip_location("33101")
    assert (float(location["latitude"]), float(location["longitude"])) == (centre.latitude, centre.longitude)


def test_round_trip_gives_the_same_listings(tmp_path, listings):
    package = export(tmp_path / "out")
    before = {
        str(r.uuid): (
            tuple(getattr(r, f) for f in COMPARED),
            sorted(r.needs.values_list("slug", flat=True)),
            sorted(r.communities.values_list("slug", flat=True)),
            sorted(r.modes.values_list("mode", flat=True)),
            sorted(r.languages.values_list("code", flat=True)),
            sorted(r.opening_hours.values_list("weekday", "opens", "closes")),
        )
        for r in Resource.objects.open_data()
    }
    Resource.objects.all().delete()
    call_command("import_hsds", str(package), "--source", "Ourselves", stdout=io.StringIO())
    after = {
        str(r.uuid): (
            tuple(getattr(r, f) for f in COMPARED),
            sorted(r.needs.values_list("slug", flat=True)),
            sorted(r.communities.values_list("slug", flat=True)),
            sorted(r.modes.values_list("mode", flat=True)),
            sorted(r.languages.values_list("code", flat=True)),
            sorted(r.opening_hours.values_list("weekday", "opens", "closes")),
        )
        for r in Resource.objects.all()
    }
    assert after == before
