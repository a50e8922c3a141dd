"""Read an HSDS package: a folder, a ``datapackage.json``, a ``.zip``, or HSDS 3.0 JSON.

Real packages are rarely what their ``datapackage.json`` says: resources listed that are absent,
files under ``data/`` or not, headers in another order or spelled differently. So tables are found
by their file names (``services.csv``, ``services_at_location.csv``, ``physical_addresses.csv``,
``regular_schedules.csv``, ``schedules.csv``, ...) wherever they are, and columns by name.
HSDS 1.x, 2.x and 3.0 tables are read into one shape (``Package``): canonical table names, each a
list of ``Row`` (file, line, values by normalized column name). HSDS 3.0 JSON is flattened into
the same tables, so everything after this module sees one shape.

Only a structural problem raises ``PackageError`` (no services table, a CSV that cannot be parsed,
a file in no readable encoding, an unsafe archive); a broken row becomes a ``Problem`` and is
skipped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

csv.field_size_limit(8 * 1024 * 1024)  # huge fields are reported per row (clean.MAX_FIELD), not fatal

ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".jar")
READABLE_SUFFIXES = (".csv", ".json", ".txt", ".md", ".html", ".pdf", ".xml", ".yaml", ".yml")


class PackageError(Exception):
    """The package cannot be read at all; the message says why, for a maintainer."""


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty value among ``names`` (columns are matched by name, not position)."""
        for name in names:
            value = self.values.get(name)
            if value not in (None, ""):
                return value
        return ""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    record: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "record": self.record, "reason": self.reason}


@dataclass
class Package:
    tables: dict[str, list[Row]] = field(default_factory=dict)
    shape: str = ""  # "HSDS 1.x/2.x", "HSDS 3.0", "HSDS 3.0 JSON"
    license: str = ""
    license_url: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)  # package-level repairs (datapackage quirks, encodings)
    problems: list[Problem] = field(default_factory=list)
    private_columns: set[str] = field(default_factory=set)

    def table(self, name: str) -> list[Row]:
        return self.tables.get(name, [])


# File base names (without .csv) of every HSDS version -> the canonical table.
TABLE_NAMES: dict[str, str] = {
    "organizations": "organizations", "organization": "organizations",
    "services": "services", "service": "services",
    "locations": "locations", "location": "locations",
    "services_at_location": "service_at_location", "service_at_location": "service_at_location",
    "service_at_locations": "service_at_location", "services_at_locations": "service_at_location",
    "physical_addresses": "addresses", "physical_address": "addresses", "addresses": "addresses",
    "address": "addresses", "postal_addresses": "postal_addresses",
    "phones": "phones", "phone": "phones",
    "regular_schedules": "schedules", "regular_schedule": "schedules", "schedules": "schedules",
    "schedule": "schedules",
    "languages": "languages", "language": "languages",
    "services_taxonomy": "service_taxonomy", "service_taxonomy": "service_taxonomy",
    "services_taxonomies": "service_taxonomy",
    "taxonomy": "taxonomy_terms", "taxonomy_terms": "taxonomy_terms", "taxonomy_term": "taxonomy_terms",
    "taxonomies": "taxonomies",
    "attributes": "attributes", "attribute": "attributes",
    "eligibility": "eligibility", "eligibilities": "eligibility",
    "service_areas": "service_areas", "service_area": "service_areas",
    "contacts": "contacts", "contact": "contacts",
    "cost_options": "cost_options", "cost_option": "cost_options",
    "accessibility": "accessibility", "accessibility_for_disabilities": "accessibility",
}  # fmt: skip

# Column spellings seen in real exports -> the HSDS name.
COLUMN_ALIASES: dict[str, str] = {
    "zip": "postal_code", "zip_code": "postal_code", "zipcode": "postal_code", "postcode": "postal_code",
    "state": "state_province", "province": "state_province",
    "address": "address_1", "street": "address_1", "address1": "address_1", "address2": "address_2",
    "lat": "latitude", "lon": "longitude", "lng": "longitude", "long": "longitude",
    "phone": "number", "phone_number": "number",
    "service_name": "name", "organisation_id": "organization_id", "org_id": "organization_id",
    "day": "weekday", "opens": "opens_at", "closes": "closes_at", "open": "opens_at", "close": "closes_at",
    "term_id": "taxonomy_term_id", "taxonomy_code": "code",
}  # fmt: skip
# Columns no import ever reads: staff notes and the like (reported, so a maintainer knows).
PRIVATE_COLUMN = re.compile(r"(internal|private|staff|confidential|intake|_notes?$|^notes?$|comment|password)")


def normalize_column(name: str) -> str:
    key = re.sub(r"[\s\-./]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


# --- files ----------------------------------------------------------------------------------------


class Files:
    """The files of a package, by path relative to its root, whatever holds them."""

    def __init__(self, names: Iterable[str], reader) -> None:
        self.names = sorted(names)
        self._read = reader

    def read(self, name: str) -> bytes:
        return self._read(name)

    def find(self, path: str) -> str | None:
        """``path`` itself, else a file with the same base name anywhere (``data/services.csv``)."""
        wanted = PurePosixPath(path.replace("\\", "/").lstrip("./"))
        if str(wanted) in self.names:
            return str(wanted)
        same = [name for name in self.names if PurePosixPath(name).name.lower() == wanted.name.lower()]
        return min(same, key=len) if same else None


def check_zip(archive: zipfile.ZipFile, *, max_files: int, max_unpacked: int) -> list[zipfile.ZipInfo]:
    """Refuse what a safe import never needs: too many files, a zip bomb, paths outside the package,
    links, and archives inside the archive. Returns the files to read."""
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > max_files:
        raise PackageError(f"The zip holds {len(members)} files; at most {max_files} are accepted.")
    if sum(info.file_size for info in members) > max_unpacked:
        raise PackageError(f"The zip unpacks to more than {max_unpacked // 1_000_000} MB.")
    for info in members:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise PackageError(f"The zip holds a path outside the package: {info.filename!r}.")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise PackageError(f"The zip holds a link: {info.filename!r}.")
        if name.lower().endswith(ARCHIVE_SUFFIXES):
            raise PackageError(f"The zip holds another archive ({info.filename!r}); unpack it first.")
        if info.flag_bits & 0x1:
            raise PackageError(f"The zip holds an encrypted file: {info.filename!r}.")
    return members


def open_files(path: Path, *, max_files: int = 200, max_unpacked: int = 500_000_000) -> tuple[Files, str | None]:
    """The package's files and, when ``path`` is one JSON or datapackage file, its name."""
    if not path.exists():
        raise PackageError(f"{path} does not exist.")
    if path.is_dir():
        names = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file() and len(p.parts) < 40]
        return Files(names, lambda name: (path / name).read_bytes()), None
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise PackageError(f"{path.name} is not a readable zip file.") from None
        members = check_zip(archive, max_files=max_files, max_unpacked=max_unpacked)
        by_name = {info.filename.replace("\\", "/"): info for info in members}
        # Many zips hold one top folder: strip it so paths match datapackage.json.
        tops = {PurePosixPath(name).parts[0] for name in by_name}
        prefix = f"{next(iter(tops))}/" if len(tops) == 1 and all("/" in name for name in by_name) else ""
        entries = {name.removeprefix(prefix): info for name, info in by_name.items()}
        return Files(entries, lambda name: archive.read(entries[name])), None
    if path.suffix.lower() == ".json":
        root = path.parent
        names = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and len(p.parts) < 40]
        return Files(names, lambda name: (root / name).read_bytes()), path.name
    raise PackageError(f"{path.name}: give a folder, a datapackage.json, an HSDS JSON file or a .zip.")


def decode(data: bytes, name: str, package: Package) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one, else Windows-1252; else fail."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:65536]:
        raise PackageError(f"{name} is not text (it holds NUL bytes): no readable encoding.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise PackageError(f"{name} is in no readable encoding (neither UTF-8 nor Windows-1252).") from None
    package.notes.append(f"{name} is not UTF-8: read as Windows-1252")
    return text


def read_csv(text: str, name: str, package: Package) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            return []
        columns = [normalize_column(cell) for cell in header]
        package.private_columns |= {column for column in columns if PRIVATE_COLUMN.search(column)}
        rows = []
        start = 2
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                package.problems.append(
                    Problem(name, line, "", f"{len(cells)} values for {len(columns)} columns: row skipped")
                )
                continue
            rows.append(Row(name, line, {column: cell.strip() for column, cell in zip(columns, cells, strict=False)}))
    except csv.Error as error:
        raise PackageError(f"{name} cannot be parsed as CSV (line {reader.line_num}): {error}.") from None
    return rows


# --- tabular packages -----------------------------------------------------------------------------


def _datapackage(files: Files, package: Package) -> dict[str, str]:
    """Table -> file from datapackage.json, noting its quirks. A broken one is ignored, not fatal."""
    name = files.find("datapackage.json")
    if name is None:
        return {}
    try:
        descriptor = json.loads(decode(files.read(name), name, package))
    except (json.JSONDecodeError, PackageError):
        package.notes.append("datapackage.json is not valid JSON: tables found by file name")
        return {}
    if not isinstance(descriptor, dict):
        return {}
    license_info = descriptor.get("license") or (descriptor.get("licenses") or [None])[0]
    if isinstance(license_info, dict):
        package.license = str(license_info.get("name") or license_info.get("type") or license_info.get("title") or "")
        package.license_url = str(license_info.get("url") or license_info.get("path") or "")
    elif isinstance(license_info, str):
        package.license = license_info
    package.title = str(descriptor.get("title") or "")
    if "template" in str(descriptor.get("description", "")).lower():
        package.notes.append("datapackage.json is the unedited HSDS template")
    found: dict[str, str] = {}
    for resource in descriptor.get("resources") or []:
        if not isinstance(resource, dict):
            continue
        path = str(resource.get("path") or "")
        located = files.find(path) if path else None
        if located is None:
            package.notes.append(f"datapackage.json lists {resource.get('name') or path!r} at {path!r}: absent")
            continue
        if located != path:
            package.notes.append(f"datapackage.json gives {path!r}; found {located!r}")
        for column in (resource.get("schema") or {}).get("fields") or []:
            if isinstance(column, dict) and column.get("format") == "url":
                package.notes.append(f"datapackage.json: {path} uses format 'url' (not valid; read as text)")
                break
        stem = PurePosixPath(located).stem.lower()
        table = TABLE_NAMES.get(stem) or TABLE_NAMES.get(str(resource.get("name", "")).lower())
        if table:
            found.setdefault(table, located)
    return found


def read_tabular(files: Files) -> Package:
    package = Package()
    tables = _datapackage(files, package)
    for name in files.names:
        if name.lower().endswith(".csv"):
            table = TABLE_NAMES.get(PurePosixPath(name).stem.lower())
            if table and table not in tables:
                tables[table] = name
    if "services" not in tables:
        raise PackageError("No services table (services.csv) in the package: nothing to import.")
    for table, name in tables.items():
        package.tables[table] = read_csv(decode(files.read(name), name, package), name, package)
    if (
        "taxonomies" in tables
        or "attributes" in tables
        or "schedules.csv" in {PurePosixPath(n).name for n in files.names}
    ):
        package.shape = "HSDS 3.0"
    else:
        package.shape = "HSDS 1.x/2.x"
    if (
        "services" in package.tables
        and package.tables["services"]
        and "name" not in package.tables["services"][0].values
    ):
        raise PackageError(f"{tables['services']} has no name column: is it really an HSDS services table?")
    return package


# --- HSDS 3.0 JSON --------------------------------------------------------------------------------


def _scalars(record: dict[str, Any]) -> dict[str, str]:
    values = {}
    for key, value in record.items():
        if isinstance(value, (dict, list)):
            continue
        values[normalize_column(str(key))] = "" if value is None else str(value)
    return values


def flatten_services(services: list[Any], name: str) -> Package:
    """HSDS 3.0 JSON services (with nested organization, phones, locations...) -> tables."""
    package = Package(shape="HSDS 3.0 JSON")
    tables: dict[str, list[Row]] = defaultdict(list)

    def add(table: str, line: int, record: dict[str, Any], **links: str) -> dict[str, str]:
        values = _scalars(record)
        values.update({key: value for key, value in links.items() if value})
        tables[table].append(Row(name, line, values))
        return values

    def add_terms(line: int, owner_id: str, attributes: list[Any]) -> None:
        for attribute in attributes or []:
            if not isinstance(attribute, dict):
                continue
            term = attribute.get("taxonomy_term") or {}
            term_id = str(attribute.get("taxonomy_term_id") or term.get("id") or "")
            add("attributes", line, attribute, link_id=owner_id, taxonomy_term_id=term_id)
            if isinstance(term, dict) and term:
                detail = term.get("taxonomy_detail") or {}
                add("taxonomy_terms", line, term, id=term_id)
                if isinstance(detail, dict) and detail.get("id"):
                    add("taxonomies", line, detail)

    for index, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            package.problems.append(Problem(name, index, "", "not a service object: skipped"))
            continue
        service_id = str(service.get("id") or "")
        organization = service.get("organization")
        org_id = str(service.get("organization_id") or "")
        if isinstance(organization, dict):
            org_id = org_id or str(organization.get("id") or "")
            add("organizations", index, organization, id=org_id)
        add("services", index, service, organization_id=org_id)
        for phone in service.get("phones") or []:
            if isinstance(phone, dict):
                add("phones", index, phone, service_id=service_id)
        for schedule in service.get("schedules") or []:
            if isinstance(schedule, dict):
                add("schedules", index, schedule, service_id=service_id)
        for language in service.get("languages") or []:
            if isinstance(language, dict):
                add("languages", index, language, service_id=service_id)
        for area in service.get("service_areas") or []:
            if isinstance(area, dict):
                add("service_areas", index, area, service_id=service_id)
        for option in service.get("cost_options") or []:
            if isinstance(option, dict):
                add("cost_options", index, option, service_id=service_id)
        for contact in service.get("contacts") or []:
            if isinstance(contact, dict):
                add("contacts", index, contact, service_id=service_id)
        add_terms(index, service_id, service.get("attributes") or [])
        for sal in service.get("service_at_locations") or []:
            if not isinstance(sal, dict):
                continue
            location = sal["location"] if isinstance(sal.get("location"), dict) else {}
            location_id = str(sal.get("location_id") or location.get("id") or "")
            sal_values = add("service_at_location", index, sal, service_id=service_id, location_id=location_id)
            for phone in sal.get("phones") or []:
                if isinstance(phone, dict):
                    add("phones", index, phone, service_at_location_id=sal_values.get("id", ""))
            for schedule in sal.get("schedules") or []:
                if isinstance(schedule, dict):
                    add("schedules", index, schedule, service_at_location_id=sal_values.get("id", ""))
            if location:
                add("locations", index, location, id=location_id)
                for address in location.get("addresses") or []:
                    if isinstance(address, dict):
                        add("addresses", index, address, location_id=location_id)
                for phone in location.get("phones") or []:
                    if isinstance(phone, dict):
                        add("phones", index, phone, location_id=location_id)
                for schedule in location.get("schedules") or []:
                    if isinstance(schedule, dict):
                        add("schedules", index, schedule, location_id=location_id)
                for language in location.get("languages") or []:
                    if isinstance(language, dict):
                        add("languages", index, language, location_id=location_id)
    package.tables = dict(tables)
    return package


def read_json(data: bytes, name: str) -> Package:
    holder = Package()
    try:
        document = json.loads(decode(data, name, holder))
    except json.JSONDecodeError as error:
        raise PackageError(f"{name} is not valid JSON (line {error.lineno}): {error.msg}.") from None
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        services = document["contents"]
    elif isinstance(document, list):
        services = document
    elif isinstance(document, dict) and isinstance(document.get("services"), list) and "name" in document:
        # An organization with its services.
        organization = {key: value for key, value in document.items() if key != "services"}
        services = [{**service, "organization": organization} for service in document["services"]]
    elif isinstance(document, dict) and "name" in document:
        services = [document]
    else:
        raise PackageError(f"{name} holds no HSDS services (a service, a list, or a page with 'contents').")
    package = flatten_services(services, name)
    package.notes += holder.notes
    if "services" not in package.tables:
        raise PackageError(f"{name} holds no HSDS services.")
    return package


def read_package(path: Path, *, max_files: int = 200, max_unpacked: int = 500_000_000) -> Package:
    """Read everything into memory before anything is written (a structural fault changes nothing)."""
    files, chosen = open_files(path, max_files=max_files, max_unpacked=max_unpacked)
    if chosen and chosen.lower() != "datapackage.json":
        return read_json(files.read(chosen), chosen)
    if not any(name.lower().endswith(".csv") for name in files.names):
        json_files = [name for name in files.names if name.lower().endswith(".json") and "datapackage" not in name]
        if len(json_files) == 1:
            return read_json(files.read(json_files[0]), json_files[0])
    return read_tabular(files)


def index_by(rows: Iterable[Row], column: str) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        key = row.values.get(column, "")
        if key:
            found[key].append(row)
    return found


def iter_rows(package: Package, *tables: str) -> Iterator[Row]:
    for table in tables:
        yield from package.table(table)
