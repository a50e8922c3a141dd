"""Write an HSDS 3.0 tabular data package of our open data (``manage.py export_hsds PATH``).

Only ``Resource.objects.open_data()`` goes out: published, real, from a source that allows
republication. The field lists, types and order come from the HSDS 3.0 schemas in ``schema/``,
so the package is what HSDS consumers expect, and ``frictionless validate`` accepts it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from resources.hsds import records

SCHEMA_DIR = Path(__file__).with_name("schema")

# (resource name, file, schema file); the order of the package.
TABLES: list[tuple[str, str, str]] = [
    ("organization", "organizations.csv", "organization.json"),
    ("service", "services.csv", "service.json"),
    ("location", "locations.csv", "location.json"),
    ("service_at_location", "service_at_location.csv", "service_at_location.json"),
    ("address", "addresses.csv", "address.json"),
    ("phone", "phones.csv", "phone.json"),
    ("schedule", "schedules.csv", "schedule.json"),
    ("service_area", "service_areas.csv", "service_area.json"),
    ("language", "languages.csv", "language.json"),
    ("taxonomy", "taxonomies.csv", "taxonomy.json"),
    ("taxonomy_term", "taxonomy_terms.csv", "taxonomy_term.json"),
    ("attribute", "attributes.csv", "attribute.json"),
]


@lru_cache(maxsize=64)
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def tabular_fields(schema_name: str) -> list[dict[str, Any]]:
    """The flat (CSV) fields of an HSDS object, as Table Schema field descriptors."""
    fields = []
    for name, spec in load_schema(schema_name)["properties"].items():
        kind = spec.get("type")
        if kind in {"array", "object"} or "$ref" in spec or kind is None:
            continue
        field: dict[str, Any] = {"name": name, "description": spec.get("description", "")}
        if spec.get("datapackage_type") == "date":
            field["type"] = "date"
        elif spec.get("format") == "date-time":
            field["type"] = "datetime"
        elif kind == "number":
            field["type"] = "number"
        else:
            field["type"] = "string"
            if spec.get("format") in {"uuid", "email", "uri"}:
                field["format"] = spec["format"]
        if "enum" in spec:
            field["constraints"] = {"enum": spec["enum"]}
        fields.append(field)
    return fields


def package_rows(listings: Iterable) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows (flat dicts) for these listings, organizations and taxonomies once each."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in TABLES}
    organizations: dict[str, dict[str, Any]] = {}
    for resource in listings:
        if resource.organization is not None:
            organizations.setdefault(
                str(resource.organization.uuid), records.organization_record(resource.organization)
            )
        rows["service"].append(records.service_record(resource))
        if records.has_location(resource):
            rows["location"].append(records.location_record(resource))
            rows["service_at_location"].append(records.service_at_location_record(resource))
            rows["address"].append(records.address_record(resource))
        rows["phone"] += records.phone_records(resource)
        rows["schedule"] += records.schedule_records(resource)
        rows["service_area"] += records.service_area_records(resource)
        rows["language"] += records.language_records(resource)
        rows["attribute"] += records.attribute_records(resource)
    rows["organization"] = list(organizations.values())
    rows["taxonomy"] = records.taxonomy_records()
    rows["taxonomy_term"] = records.term_records()
    return rows


def datapackage(counts: dict[str, int]) -> dict[str, Any]:
    license_ = settings.DATA_LICENSE
    resources = []
    for name, path, schema_name in TABLES:
        resources.append({
            "name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": tabular_fields(schema_name), "primaryKey": ["id"]},
        })  # fmt: skip
    return {
        "name": "metoo-survivor-resources",
        "title": "Support for survivors of sexual violence: directory listings",
        "description": "Published listings of the directory, in Open Referral HSDS 3.0. Addresses of "
        "shelters and other hidden locations are never given: they have no street, and their point is their "
        "ZIP code's centre. " + ", ".join(f"{count} {name}" for name, count in counts.items() if count) + ".",
        "profile": "tabular-data-package",
        "version": records.HSDS_VERSION,
        "created": records.timestamp(timezone.now()),
        "licenses": [{"name": license_["name"], "path": license_["path"], "title": license_["title"]}],
        "resources": resources,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_package(directory: Path, listings: Iterable | None = None) -> dict[str, int]:
    """Write ``datapackage.json`` and one CSV per table into ``directory``; return row counts."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = package_rows(records.open_data_listings().iterator(chunk_size=500) if listings is None else listings)
    counts = {}
    for name, path, schema_name in TABLES:
        columns = [field["name"] for field in tabular_fields(schema_name)]
        with (directory / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([_cell(row.get(column)) for column in columns] for row in rows[name])
        counts[name] = len(rows[name])
    (directory / "datapackage.json").write_text(json.dumps(datapackage(counts), indent=2), encoding="utf-8")
    return counts


def iter_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)
