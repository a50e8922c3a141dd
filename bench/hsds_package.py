"""A package shaped like a real 211 HSDS 1.x export, carrying every fault issue 10 lists; and the
import benchmark on it.

    .venv/bin/python bench/hsds_package.py [SERVICES]      # default 3000: prints the import time

The tests build small ones with ``write_messy_package(path, services=40)``. Everything is
generated: no real 211 record is copied. About 5% of the services concern survivors (as in a
real general feed); the rest are food banks, utilities and the like.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import time
from pathlib import Path

HEADERS = {
    # Columns in another order and case than the schema, plus private ones.
    "organizations.csv": ["Name", "id", "description", "url", "email", "internal_notes"],
    "services.csv": ["ID", "organization_id", "Name", "description", "url", "email", "status", "fees",
                     "interpretation_services", "do_not_refer", "exclude_from_website", "internal_notes",
                     "taxonomy_ids"],
    "locations.csv": ["id", "organization_id", "name", "latitude", "longitude"],
    "services_at_location.csv": ["id", "service_id", "location_id"],
    "physical_addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country"],
    "phones.csv": ["id", "service_id", "location_id", "contact_id", "number", "extension", "type", "description"],
    "regular_schedules.csv": ["id", "service_id", "weekday", "opens_at", "closes_at"],
    "languages.csv": ["id", "service_id", "language"],
    "services_taxonomy.csv": ["id", "service_id", "taxonomy_id"],
    "taxonomy.csv": ["id", "name", "parent_id", "vocabulary"],
    "eligibility.csv": ["id", "service_id", "eligibility"],
    "contacts.csv": ["id", "service_id", "name", "title", "email"],
}  # fmt: skip
TERMS = [
    ("RP-1500.1400-750", "Crisis line"), ("BH-1800.1500-100", "Shelter"), ("FT-3000.1750", "Legal"),
    ("YX-0300.8100", "Survivors"), ("BD-1800.2000", "Food pantries"), ("BV-8900.9300", "Utility help"),
    ("LH-2700", "Home health"), ("YS-2000.9500", "Women"),
]  # fmt: skip
CITIES = [("Miami", "FL", "33101"), ("Key West", "FL", "33040"), ("Marathon", "FL", "33050"), ("Chicago", "IL", "60601"),  # noqa: E501
          ("Springfield", "IL", "62701"), ("Austin", "TX", "78701")]  # fmt: skip
GENERIC = ["Food Pantry", "Utility Assistance", "Senior Meals", "Tax Preparation", "Clothing Closet", "Job Training"]
SURVIVOR = [
    "Sexual Assault Hotline",
    "Domestic Violence Shelter",
    "Rape Crisis Counseling",
    "Legal Advocacy for Survivors",
]


def write_messy_package(root: Path, *, services: int = 40, seed: int = 1) -> Path:
    """Write the package into ``root`` (CSV files under ``data/``, a template datapackage.json)."""
    rng = random.Random(seed)
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    rows["taxonomy.csv"] = [[code, name, "", "AIRS"] for code, name in TERMS]
    phone_id = schedule_id = 0
    for number in range(1, services + 1):
        sid = f"{20600 + number}-2" if number % 3 == 0 else str(number)  # ids like 20600-2, integers elsewhere
        org_id = str(number)  # reused across tables
        city, state, zip_code = CITIES[number % len(CITIES)]
        relevant = number % 20 == 1 or number in {2, 3, 4, 5, 6, 7, 8, 9}
        kind = (number - 1) % len(SURVIVOR)
        name = SURVIVOR[kind] if relevant else GENERIC[number % len(GENERIC)]
        org_name = f"Harbor Community Services {number}"
        org_description = f"Harbor Community Services {number} helps families in {city}."
        description = f"{name} for {city} residents."
        status, dnr, exclude = "active", "", ""
        taxonomy = []
        if relevant:
            code = TERMS[[0, 1, 2, 3][kind]][0]
            taxonomy = [code]
            description = {
                0: "Free, confidential help after sexual assault.<br />Open 24 hours.\\nCall or text.",
                1: "Emergency shelter for survivors of domestic violence and their children.",
                2: "Counseling for survivors of rape and sexual abuse GÇö in English and Espa+¦ol.",
                3: "Protective orders and court accompaniment for survivors of domestic violence.",
            }[kind]
        if number == 2:  # words only, no code
            taxonomy = []
            description = "A safe house for survivors of domestic violence and their children."
        if number == 3:
            name = "MARATHON"  # a site name used as the service name
            city, state, zip_code = "Marathon", "FL", "33050"
        if number == 4:
            status = "inactive"
        if number == 5:
            dnr = "Yes"
        if number == 6:
            exclude = "TRUE"
        if number == 7:  # a national hotline at its head office
            name, description = "NATIONAL SEXUAL ASSAULT HOTLINE", "Sexual assault hotline for the whole country."
        if number == 8:
            description = org_description  # copied from the organization
            name = "  DATING VIOLENCE PROGRAM  "
            description += " Help with dating violence."
        if number == 9:
            description = "x" * 20_000  # a huge field: the row is reported and skipped
        rows["organizations.csv"].append([org_name, org_id, org_description, "harbor.example.org", "info@harbor.example.org",  # noqa: E501
                                          "client list in shared drive"])  # fmt: skip
        rows["services.csv"].append([sid, org_id, name, description, f"www.harbor{number}.example.org\\help", "",
                                     status, "Free" if number % 2 else "Sliding scale", "", dnr, exclude,
                                     "staff only: call Jane at home", ";".join(taxonomy[:0])])  # fmt: skip
        location_id = f"L{number}"
        # Numbers, or "" for no coordinates; written to the CSV as text.
        latitude: float | str
        longitude: float | str
        latitude, longitude = (25.76 + rng.random() / 10, -80.19 - rng.random() / 10)
        if number % 7 == 0:
            latitude, longitude = longitude, latitude  # longitude first
        if number % 5 == 0:
            latitude = longitude = ""  # no coordinates
        if number == 10:
            latitude, longitude = 100, 101  # impossible: the location is reported and skipped
        # A location's organization id set to its own id (a broken foreign key).
        rows["locations.csv"].append([location_id, location_id, city.upper(), str(latitude), str(longitude)])
        rows["services_at_location.csv"].append([f"SAL{number}", sid, location_id])
        street = "State: FL" if number % 11 == 0 else f"{100 + number} Ocean Drive"
        rows["physical_addresses.csv"].append([f"A{number}", location_id, street, city, f"{state} ",
                                               f"{zip_code}-1234", "US"])  # fmt: skip
        phones = [
            ("305-555-0100 x204" if number % 4 == 0 else f"(305) 555- {1000 + number:04d}", "", "", "Main line"),
            (f"main: 305-555-{2000 + number:04d}", "", "", ""),  # no type
            ("305-555-9999", "", "", "Fax"),  # a fax must never become a phone
            ("211", "", "voice", ""),
            ("000-000-0000", "", "voice", ""),
            (f"305-555-{3000 + number:04d} xOPT2", "", "voice", "Hotline"),
        ]
        if number == 7:
            phones = [("1-800-656-4673", "", "voice", "Hotline")]
        if number == 12:
            phones.append(("555-01", "", "voice", "bad"))  # cannot be dialled: reported
        for phone, extension, phone_type, phone_description in phones:
            phone_id += 1
            rows["phones.csv"].append([str(phone_id), sid, "", "", phone, extension, phone_type, phone_description])
        phone_id += 1
        rows["phones.csv"].append([str(phone_id), sid, "", f"C{number}", "305-555-7777", "", "voice", "Jane's cell"])
        for weekday, opens, closes in [("Monday", "9:00am", "12:00pm"), ("Monday", "1:00pm", "5:00pm"),
                                       ("2", "830am", "6:300pm"), ("Sat", "", "")]:  # fmt: skip
            schedule_id += 1
            rows["regular_schedules.csv"].append([str(schedule_id), sid, weekday, opens, closes])
        for language in ["English and Spanish", "Creole", "Sign Language", "TDD", "interpreters available"][
            : 1 + number % 5
        ]:
            rows["languages.csv"].append([f"{sid}-{language}", sid, language])
        for code in taxonomy + taxonomy:  # duplicate (service, term) pairs
            rows["services_taxonomy.csv"].append([f"T{sid}-{code}", sid, code])
        if not relevant:
            rows["services_taxonomy.csv"].append([f"T{sid}-x", sid, TERMS[4 + number % 3][0]])
        rows["eligibility.csv"].append([f"E{number}", sid if number % 9 else "", "Adults 18 and over"])
        rows["contacts.csv"].append(
            [f"C{number}", sid, "Jane Staffer", "Intake coordinator", "jane.staffer@harbor.example.org"]
        )
    for name, header in HEADERS.items():
        with (data / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows[name])
    template = {
        "name": "human_services_data",
        "description": "This is a template datapackage.json file for producing a Tabular Data Package.",
        "license": {"type": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "resources": [
            {"name": "organization", "path": "organizations.csv", "schema": {"fields": [{"name": "url", "format": "url"}]}},  # noqa: E501
            {"name": "service", "path": "services.csv"},
            {"name": "program", "path": "programs.csv"},  # listed but absent
            {"name": "holiday_schedule", "path": "holiday_schedules.csv"},
        ],
    }  # fmt: skip
    (root / "datapackage.json").write_text(json.dumps(template, indent=2), encoding="utf-8")
    return root


def main() -> None:
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metoo_site.settings")
    os.environ.setdefault("DJANGO_DEBUG", "True")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        package = write_messy_package(Path(folder) / "package", services=count)
        for take_all in (False, True):
            started, cpu = time.perf_counter(), time.process_time()
            with open(os.devnull, "w") as quiet:
                source = f"Bench 211 {take_all}"
                call_command("import_hsds", str(package), source=source, all=take_all, stdout=quiet, stderr=quiet)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            label = "--all (every service written)" if take_all else "default (survivor services only)"
            # CPU time too: on a shared machine the wall clock mostly measures the neighbours.
            print(
                f"import_hsds {count} services, {label}: {elapsed:.1f} s wall, {cpu:.1f} s CPU = "
                f"{count / elapsed * 60:,.0f} services/minute ({count / cpu * 60:,.0f} per CPU-minute)"
            )


if __name__ == "__main__":
    main()
