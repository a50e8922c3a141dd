"""Turn a read ``Package`` into reviewable listings, recorded as one ``ImportBatch``.

For each service: clean every value (clean.py), decide relevance and map terms (select.py), skip
what must never come in (inactive, do-not-refer, excluded from the website, a second copy of a
national line we already have), hide every shelter's address, then write the listing through
``resources.services.resource_save``: each listing's history is one change set tagged with the
batch, and on a published listing a changed phone, text line, chat or web address waits for a
second maintainer like any contact change. Row problems are reported with file and line and the
row is skipped; everything is written in one transaction, so a crash leaves nothing behind.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from resources import services
from resources.geo import STATE_NAMES, zip_location
from resources.hsds import clean, ids
from resources.hsds.read import Package, Problem, Row, index_by
from resources.hsds.select import MODE_SLUGS, TaxonomyMap, default_map, select
from resources.languages import LANGUAGES
from resources.models import ImportBatch, ListingChange, Organization, Resource

REPORT_LIMIT = 500  # items kept per report list (counts stay exact)
INACTIVE = {"inactive", "defunct", "temporarily closed", "closed", "deleted", "archived", "0", "false", "no"}
_TRUE = {"1", "true", "yes", "y", "x", "t"}
_FALSE = {"0", "false", "no", "n", "f"}
_DO_NOT_REFER = re.compile(r"(do_?not_?refer|^dnr$|no_?referrals?)")
_EXCLUDE = re.compile(r"(exclude|hide|suppress|hidden|do_?not_?(publish|display|show))")
_SHOW = re.compile(
    r"^(display_on_web(site)?|show_on_web(site)?|publish(ed)?|public|web_?display|include_on_web(site)?|is_active|active)$"
)
_TEXT_SKIP = re.compile(
    r"\b(do not refer|exclude from (the )?website|not for publication)\b|^\W*(inactive|closed)\b", re.I
)
HIDDEN_MARK = "not published, for safety"  # exported on hidden locations; read back on import
NATIONAL_FILE = Path(__file__).resolve().parents[1] / "data" / "national_listings.json"
TOLL_FREE = ("800", "833", "844", "855", "866", "877", "888")


class Skip(Exception):
    """This service is left out on purpose (the message says why)."""


@dataclass
class Candidate:
    """One cleaned service, ready to write."""

    record_id: str
    row: Row
    fields: dict[str, Any]
    relations: dict[str, Any]
    organization: dict[str, Any] | None
    uuid: Any
    location_uuid: Any
    notes: clean.Notes
    words_only: bool = False
    phone_digits: set[str] = field(default_factory=set)  # every number: possible duplicates
    primary_digits: set[str] = field(default_factory=set)  # the lines we list: national lines


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    skipped: list[dict] = field(default_factory=list)
    skip_reasons: Counter = field(default_factory=Counter)
    problems: list[dict] = field(default_factory=list)
    repaired: Counter = field(default_factory=Counter)
    needs_review: list[dict] = field(default_factory=list)
    unmapped_terms: Counter = field(default_factory=Counter)
    unmapped_languages: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def skip(self, row: Row, record: str, reason: str) -> None:
        self.counts["skipped"] += 1
        self.skip_reasons[reason.split(":")[0]] += 1
        if len(self.skipped) < REPORT_LIMIT:
            self.skipped.append({"file": row.file, "line": row.line, "record": record, "reason": reason})

    def problem(self, problem: Problem) -> None:
        self.counts["row_problems"] += 1
        if len(self.problems) < REPORT_LIMIT:
            self.problems.append(problem.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {
            "skipped": self.skipped,
            "skip_reasons": dict(self.skip_reasons.most_common()),
            "problems": self.problems,
            "repaired": dict(self.repaired.most_common()),
            "needs_review": self.needs_review,
            "unmapped_terms": dict(self.unmapped_terms.most_common(REPORT_LIMIT)),
            "unmapped_languages": dict(self.unmapped_languages.most_common(REPORT_LIMIT)),
            "notes": self.notes,
        }


def _truthy(value: str) -> bool:
    return value.strip().lower() in _TRUE


def _falsy(value: str) -> bool:
    return value.strip().lower() in _FALSE


def national_numbers() -> dict[str, str]:
    """Phone digits of the national lines we list (data file and database) -> listing name."""
    numbers: dict[str, str] = {}
    if NATIONAL_FILE.exists():
        for listing in json.loads(NATIONAL_FILE.read_text(encoding="utf-8"))["listings"]:
            for field_name in ("phone", "text_number"):
                digits = clean.normalize_phone_digits(listing.get(field_name) or "")
                if len(digits) >= 3:
                    numbers.setdefault(digits, listing["name"])
    return numbers


class Importer:
    """One import run. ``run()`` writes; everything before it only reads and cleans."""

    def __init__(
        self,
        *,
        package: Package,
        batch: ImportBatch,
        mapping: TaxonomyMap | None = None,
        progress: Callable[[int, int], None] | None = None,
        today: date | None = None,
    ) -> None:
        self.package = package
        self.batch = batch
        self.source = batch.source_name
        self.mapping = mapping or default_map()
        self.progress = progress or (lambda done, total: None)
        self.today = today or timezone.localdate()
        self.report = Report(notes=list(package.notes))
        for problem in package.problems:
            self.report.problem(problem)
        self._index()

    # --- indexes of the package's tables ------------------------------------------------------

    def _index(self) -> None:
        p = self.package
        self.organizations = {row.values.get("id", ""): row for row in p.table("organizations")}
        self.locations = {row.values.get("id", ""): row for row in p.table("locations")}
        self.sal_by_service = index_by(p.table("service_at_location"), "service_id")
        self.addresses = index_by(p.table("addresses") or p.table("postal_addresses"), "location_id")
        phones = p.table("phones")
        self.phones_by = {key: index_by(phones, key) for key in ("service_id", "location_id", "service_at_location_id")}
        schedules = p.table("schedules")
        self.schedules_by = {
            key: index_by(schedules, key) for key in ("service_id", "location_id", "service_at_location_id")
        }
        languages = p.table("languages")
        self.languages_by = {key: index_by(languages, key) for key in ("service_id", "location_id")}
        self.eligibility = index_by(p.table("eligibility"), "service_id")
        self.areas = index_by(p.table("service_areas"), "service_id")
        self.costs = index_by(p.table("cost_options"), "service_id")
        self.accessibility = index_by(p.table("accessibility"), "location_id")
        self.contacts = index_by(p.table("contacts"), "service_id")
        self.terms = {row.values.get("id", ""): row for row in p.table("taxonomy_terms")}
        self.taxonomies = {row.values.get("id", ""): row for row in p.table("taxonomies")}
        links = [
            (row, row.get("service_id"), row.get("taxonomy_id", "taxonomy_term_id"))
            for row in p.table("service_taxonomy")
        ]
        links += [
            (row, row.get("link_id"), row.get("taxonomy_term_id"))
            for row in p.table("attributes")
            if row.get("link_entity", "link_type").lower() in {"", "service", "services", "link_type", "link_entity"}
        ]
        self.links: dict[str, list[tuple[Row, str]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for row, service_id, term_id in links:
            if not service_id:
                self.report.problem(Problem(row.file, row.line, "", "taxonomy link with no service id: skipped"))
                continue
            if (service_id, term_id) in seen:
                self.report.repaired["duplicate (service, taxonomy term) pair removed"] += 1
                continue
            seen.add((service_id, term_id))
            self.links[service_id].append((row, term_id))
        for row in p.table("eligibility"):
            if not row.get("service_id"):
                self.report.problem(Problem(row.file, row.line, "", "eligibility row with no service id: skipped"))
        self._weekday_numbering()

    def _weekday_numbering(self) -> None:
        numbers = {row.get("weekday") for row in self.package.table("schedules") if row.get("weekday").isdigit()}
        self.weekday_offset: dict[str, int] = {}
        if not numbers:
            return
        if "0" in numbers and "7" not in numbers:
            self.weekday_offset = {str(n): (n - 1) % 7 for n in range(7)}  # 0 = Sunday
            reading = "0 = Sunday"
        elif "0" in numbers and "7" in numbers:
            self.weekday_offset = {str(n): (n - 1) % 7 for n in range(8)}  # 0 and 7 = Sunday (cron)
            reading = "0 and 7 = Sunday"
        else:
            self.weekday_offset = {str(n): n - 1 for n in range(1, 8)}  # ISO: 1 = Monday
            reading = "1 = Monday"
        self.report.notes.append(f"weekday numbers have no defined numbering: read as {reading}; check the hours")
        self.weekday_reading = reading

    # --- cleaning one service -------------------------------------------------------------------

    def _check_flags(self, row: Row, words: str) -> None:
        status = row.get("status").strip().lower()
        if status in INACTIVE:
            raise Skip(f"inactive: status {status!r}")
        for column, value in row.values.items():
            if not value:
                continue
            if _DO_NOT_REFER.search(column) and _truthy(value):
                raise Skip("do not refer")
            if _EXCLUDE.search(column) and _truthy(value):
                raise Skip("excluded from the website")
            if _SHOW.match(column) and _falsy(value):
                raise Skip("excluded from the website")
        if match := _TEXT_SKIP.search(words):
            raise Skip(f"marked {match.group(0).strip()!r} in its text")

    def _phones(self, service_id: str, sal_ids: list[str], location_ids: list[str], notes: clean.Notes) -> dict:
        rows = list(self.phones_by["service_id"].get(service_id, []))
        for sal_id in sal_ids:
            rows += self.phones_by["service_at_location_id"].get(sal_id, [])
        for location_id in location_ids:
            rows += self.phones_by["location_id"].get(location_id, [])
        found: dict[str, Any] = {"voice": [], "text": [], "tty": [], "video": []}
        seen: set[tuple[str, str]] = set()
        for row in rows:
            if row.get("contact_id"):
                notes.repair("staff contact's phone left out")
                continue
            kind = clean.phone_kind(row.get("type"), row.get("description", "department"))
            if kind == "fax":
                notes.repair("fax number left out (never a phone)")
                continue
            try:
                phone = clean.clean_phone(row.get("number"), notes, kind=kind)
            except clean.RowProblem as error:
                self.report.problem(Problem(row.file, row.line, row.get("id"), f"{error}: phone skipped"))
                continue
            if phone is None or (kind, phone.digits) in seen:
                continue
            seen.add((kind, phone.digits))
            extension = phone.extension or re.sub(r"\D", "", row.get("extension").split(".")[0])
            hotline = bool(re.search(r"hotline|crisis|24|help ?line", row.get("description"), re.I))
            found[kind].append((not hotline, phone, extension, clean.clean_text(row.get("description"), notes)))
        for values in found.values():
            values.sort(key=lambda item: item[0])
        return found

    def _hours(self, service_id: str, sal_ids: list[str], location_ids: list[str], notes: clean.Notes) -> tuple:
        rows = list(self.schedules_by["service_id"].get(service_id, []))
        for sal_id in sal_ids:
            rows += self.schedules_by["service_at_location_id"].get(sal_id, [])
        if not rows:
            for location_id in location_ids:
                rows += self.schedules_by["location_id"].get(location_id, [])
        spans: set[tuple[int, time, time]] = set()
        texts: list[str] = []
        for row in rows:
            text = clean.clean_text(row.get("description", "notes"), notes, multiline=False)
            if text:
                texts.append(text)
            if row.get("freq") and row.get("freq").upper() not in {"WEEKLY", ""}:
                notes.repair("monthly schedule left out (kept as text)")
                continue
            days: list[int] = []
            raw_days = row.get("byday", "weekday", "days")
            for part in re.split(r"[,\s;/]+", raw_days):
                if not part:
                    continue
                if part.isdigit():
                    day = self.weekday_offset.get(part)
                else:
                    day = clean.weekday_from_name(re.sub(r"^[+-]?\d+", "", part))
                if day is None:
                    self.report.problem(
                        Problem(
                            row.file, row.line, row.get("id"), f"weekday {part!r} not understood: hours row skipped"
                        )
                    )
                    days = []
                    break
                days.append(day)
            try:
                opens = clean.parse_time(row.get("opens_at"), notes)
                closes = clean.parse_time(row.get("closes_at"), notes)
            except clean.RowProblem as error:
                self.report.problem(Problem(row.file, row.line, row.get("id"), f"{error}: hours row skipped"))
                continue
            if not days:
                continue
            if opens is None or closes is None:
                continue  # a weekday with no times: closed that day
            if opens == closes:
                if opens == time(0, 0):
                    opens, closes = time(0, 0), time(23, 59)
                else:
                    continue
            spans |= {(day, opens, closes) for day in days}
        all_day = {(day, time(0, 0), time(23, 59)) for day in range(7)}
        is_24_7 = all_day <= spans
        if is_24_7:
            spans = set()
        return sorted(spans), is_24_7, "; ".join(dict.fromkeys(texts))[:300]

    def _languages(self, service_id: str, location_ids: list[str], interpretation: str, notes: clean.Notes) -> set[str]:
        rows = list(self.languages_by["service_id"].get(service_id, []))
        for location_id in location_ids:
            rows += self.languages_by["location_id"].get(location_id, [])
        tags: set[str] = set()
        for row in rows:
            code = row.get("code").strip().lower()
            if code in LANGUAGES:
                tags.add(code)
                continue
            found, unknown = clean.clean_languages(row.get("name", "language", "code"), notes)
            tags |= set(found)
            for word in unknown:
                if word in clean.NOT_LANGUAGES:
                    notes.repair(f"{word.upper()} is a way to call, not a language")
                else:
                    self.report.unmapped_languages[word] += 1
        if interpretation and re.search(r"interpret|translat|language line", interpretation, re.I):
            tags.add("mul")
        return tags

    def _location(self, service_id: str, notes: clean.Notes) -> tuple[dict, list[str], list[str], str]:
        sals = self.sal_by_service.get(service_id, [])
        sal_ids = [row.get("id") for row in sals if row.get("id")]
        location_ids: list[str] = []
        for sal in sals:
            location_id = sal.get("location_id")
            if location_id not in self.locations:
                self.report.problem(
                    Problem(sal.file, sal.line, sal.get("id"), f"location {location_id!r} not found: link skipped")
                )
                continue
            location_ids.append(location_id)
        place: dict[str, Any] = {}
        location_record = ""
        for location_id in location_ids:
            location = self.locations[location_id]
            try:
                latitude, longitude = clean.clean_coordinates(
                    location.get("latitude"), location.get("longitude"), notes
                )
            except clean.RowProblem as error:
                self.report.problem(Problem(location.file, location.line, location_id, f"{error}: location skipped"))
                continue
            addresses = self.addresses.get(location_id, [])
            addresses.sort(key=lambda row: row.get("address_type") not in {"", "physical"})
            address = addresses[0] if addresses else None
            street = city = state = zip_code = ""
            country = "US"
            if address is not None:
                street = clean.clean_street(
                    " ".join(filter(None, [address.get("address_1"), address.get("address_2")])), notes
                )
                city = clean.clean_name(address.get("city"), notes, limit=100)
                state = clean.clean_state(address.get("state_province"), notes)
                zip_code = clean.clean_zip(address.get("postal_code"), notes)
                raw_country = address.get("country").strip().upper()
                if raw_country and raw_country not in {"US", "USA", "UNITED STATES", "U.S.", "U.S.A."}:
                    country = raw_country[:2] if len(raw_country) == 2 else "US"
            place = {
                "street": street, "city": city, "state": state if state in STATE_NAMES else "",
                "zip_code": zip_code, "country": country, "latitude": latitude, "longitude": longitude,
                "hidden_mark": HIDDEN_MARK in location.get("description").lower(),
                "site_name": clean.clean_name(location.get("name"), notes),
                "accessibility": "; ".join(
                    clean.clean_text(row.get("description", "accessibility", "details"), notes, multiline=False)
                    for row in self.accessibility.get(location_id, [])
                )[:1000],
            }  # fmt: skip
            location_record = location_id
            break
        return place, sal_ids, location_ids, location_record

    def _codes(self, service_id: str, row: Row) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        codes: list[tuple[str, str]] = []
        ours: list[tuple[str, str]] = []
        extra = [part.strip() for part in re.split(r"[,;|]", row.get("taxonomy_ids")) if part.strip()]
        for link_row, term_id in self.links.get(service_id, []) + [(row, code) for code in extra]:
            term = self.terms.get(term_id)
            if term is not None:
                taxonomy = term.get("taxonomy_id")
                kind = ids.OUR_TAXONOMY_IDS.get(taxonomy) or ids.OUR_TAXONOMY_NAMES.get(term.get("taxonomy"))
                if kind is None and taxonomy in self.taxonomies:
                    kind = ids.OUR_TAXONOMY_NAMES.get(self.taxonomies[taxonomy].get("name"))
                if kind:
                    ours.append((kind, term.get("code")))
                    continue
                code = term.get("code") or term.get("id")
                codes.append((code, clean.clean_text(term.get("name"), clean.Notes(), multiline=False)))
            else:
                codes.append((link_row.get("taxonomy_detail") or term_id, ""))
        return codes, ours

    def build(self, row: Row) -> Candidate:
        notes = clean.Notes()
        service_id = row.get("id")
        if not service_id:
            raise clean.RowProblem("service with no id")
        name = clean.clean_name(row.get("name"), notes)
        if not name:
            raise clean.RowProblem("service with no name")
        description = clean.clean_text(row.get("description"), notes)
        organization: dict[str, Any] | None = None
        org_row = self.organizations.get(row.get("organization_id"))
        if row.get("organization_id") and org_row is None:
            notes.repair("organization id that matches no organization")
        if org_row is not None:
            organization = {
                "uuid": ids.derived_uuid(self.source, "organization", org_row.get("id")),
                "name": clean.clean_name(org_row.get("name"), notes) or name,
                "description": clean.clean_text(org_row.get("description"), notes),
                "website": clean.clean_url(org_row.get("url", "website"), notes),
                "email": clean.clean_email(org_row.get("email"), notes),
            }
            if description and description == organization["description"]:
                notes.repair("description copied from the organization")
        words = " ".join([name, description, row.get("alternate_name"), row.get("eligibility_description"),
                          organization["name"] if organization else ""])  # fmt: skip
        self._check_flags(row, " ".join([name, row.get("description"), row.get("alert")]))

        place, sal_ids, location_ids, location_record = self._location(service_id, notes)
        site = place.get("site_name", "")
        if (
            organization
            and site
            and name.lower() in {site.lower(), place.get("city", "").lower()}
            and (organization["name"].lower() != name.lower())
        ):
            notes.repair("service named after its site")
            name = f"{organization['name']} – {name}"[:200]

        codes, ours = self._codes(service_id, row)
        eligibility = "\n".join(
            filter(None, [clean.clean_text(row.get("eligibility_description"), notes)]
                   + [clean.clean_text(e.get("eligibility"), notes) for e in self.eligibility.get(service_id, [])])
        )  # fmt: skip
        chosen = select(codes=codes, words=f"{words} {eligibility}", mapping=self.mapping, our_terms=ours)
        for term in chosen.unmapped:
            self.report.unmapped_terms[term] += 1
        if not chosen.relevant and not self.batch.take_all:
            raise Skip("not about sexual or domestic violence (no survivor code or words; --all takes it)")

        phones = self._phones(service_id, sal_ids, location_ids, notes)
        spans, is_24_7, hours_text = self._hours(service_id, sal_ids, location_ids, notes)
        if not is_24_7 and clean.OPEN_ALL_DAY.search(f"{hours_text} {description} {row.get('alert')}"):
            is_24_7 = True
            notes.repair("“open 24 hours” read from the text")
        languages = self._languages(service_id, location_ids, row.get("interpretation_services"), notes)
        languages |= chosen.languages

        fields: dict[str, Any] = {
            "name": name, "description": description, "phone": "", "phone_notes": "", "text_number": "",
            "text_keyword": "", "tty": "", "videophone": "", "website": clean.clean_url(row.get("url", "website"), notes),  # noqa: E501
            "email": clean.clean_email(row.get("email"), notes),
            "eligibility": eligibility, "accessibility": place.get("accessibility", ""),
            "is_24_7": is_24_7, "hours_notes": hours_text, "service_area": Resource.ServiceArea.LOCAL,
            "street": place.get("street", ""), "city": place.get("city", ""), "state": place.get("state", ""),
            "zip_code": place.get("zip_code", ""), "country": place.get("country", "US"),
            "latitude": place.get("latitude"), "longitude": place.get("longitude"),
            "address_visibility": Resource.AddressVisibility.FULL,
        }  # fmt: skip
        phone_notes = []
        if phones["voice"]:
            _, phone, extension, _ = phones["voice"][0]
            fields["phone"] = phone.number
            if extension:
                phone_notes.append(f"ext. {extension}")
            if phone.option:
                phone_notes.append(f"option {phone.option}")
        if phones["text"]:
            fields["text_number"] = phones["text"][0][1].number
            keyword = re.search(r"\btext\s+['\"“]?([A-Z]{2,20})['\"”]?", phones["text"][0][3])
            fields["text_keyword"] = keyword.group(1) if keyword else ""
        if phones["tty"]:
            fields["tty"] = phones["tty"][0][1].number
        if phones["video"]:
            fields["videophone"] = phones["video"][0][1].number
        fields["phone_notes"] = "; ".join(phone_notes)
        fields.update(self._cost(service_id, row, notes))

        # Where: national lines, statewide and online areas, hidden shelters, the time zone.
        area, states = self._area(service_id, notes)
        digits = {phone.digits for values in phones.values() for _, phone, _, _ in values}
        # Only the line we list decides: a local centre that also gives 988 is still local.
        primary = {clean.normalize_phone_digits(fields[key]) for key in ("phone", "text_number")} - {""}
        national_name = next((self.national[d] for d in primary if d in self.national), "")
        toll_free = any(d[:3] in TOLL_FREE for d in primary if len(d) == 10)
        if national_name or (toll_free and re.search(r"\bnational\b", name, re.I)):
            if area != Resource.ServiceArea.NATIONAL:
                notes.repair("national line found in a local feed: filed as national")
            area = Resource.ServiceArea.NATIONAL
        fields["service_area"] = area
        if area in {Resource.ServiceArea.NATIONAL, Resource.ServiceArea.ONLINE}:
            for key in ("street", "city", "state", "zip_code"):
                fields[key] = ""
            fields["latitude"] = fields["longitude"] = None
        if chosen.hide_address or place.get("hidden_mark"):
            fields["address_visibility"] = Resource.AddressVisibility.HIDDEN
            if fields["street"]:
                notes.repair("shelter address hidden: street not stored")
            fields["street"] = ""
            fields["latitude"] = fields["longitude"] = None
        found = zip_location(fields["zip_code"]) if fields["zip_code"] else None
        fields["timezone"] = (found.timezone if found and found.timezone else "") or "America/New_York"
        if found and not fields["state"]:
            fields["state"] = found.state if found.state in STATE_NAMES else ""

        modes = {slug for slug in chosen.modes if slug in MODE_SLUGS}
        if not ours:  # our own export says exactly which modes (none is an answer too)
            if fields["phone"]:
                modes.add("phone")
            if fields["text_number"]:
                modes.add("text")
            if fields["videophone"]:
                modes.add("video")
            if fields["street"] and fields["address_visibility"] == Resource.AddressVisibility.FULL:
                modes.add("in-person")
        if self.contacts.get(service_id):
            notes.repair("staff contacts left out")

        source_url = self.batch.source_url or fields["website"] or (organization or {}).get("website", "")
        fields.update(
            source_url=source_url[:500],
            source_name=self.source[:200],
            verification=Resource.Verification.IMPORTED,
            last_verified=self.today,
        )
        if chosen.by_words and not chosen.by_code and not self.batch.take_all:
            notes.flag("taken for its words only (no survivor taxonomy code): is it about survivors?")
        if not chosen.needs:
            notes.flag("no need could be mapped: choose one")
        if not fields["phone"] and not fields["website"] and not fields["text_number"]:
            notes.flag("no phone, text line or website")
        if not source_url:
            notes.flag("no source address: add one before publishing")
        return Candidate(
            record_id=service_id,
            row=row,
            fields=fields,
            relations={
                "needs": sorted(chosen.needs),
                "communities": sorted(chosen.communities),
                "languages": sorted(languages),
                "modes": sorted(modes),
                "states": sorted(states),
                "opening_hours": spans,
            },
            organization=organization,
            uuid=ids.derived_uuid(self.source, "service", service_id),
            location_uuid=ids.derived_uuid(self.source, "location", location_record) if location_record else None,
            notes=notes,
            words_only=chosen.by_words and not chosen.by_code,
            phone_digits=digits,
            primary_digits=primary,
        )

    def _cost(self, service_id: str, row: Row, notes: clean.Notes) -> dict[str, str]:
        texts = [row.get("fees_description", "fees")] + [
            " ".join(filter(None, [c.get("option"), c.get("amount_description")]))
            for c in self.costs.get(service_id, [])
        ]
        text = "; ".join(t for t in (clean.clean_text(t, notes, multiline=False) for t in texts) if t)
        cost = Resource.Cost.UNKNOWN
        if re.search(r"\b(free|no cost|no charge|no fee|at no cost)\b", text, re.I):
            cost = Resource.Cost.FREE
        elif re.search(r"sliding", text, re.I):
            cost = Resource.Cost.SLIDING_SCALE
        elif re.search(r"insurance|medicaid|medicare", text, re.I):
            cost = Resource.Cost.INSURANCE
        return {"cost": cost, "cost_notes": text[:300]}

    def _area(self, service_id: str, notes: clean.Notes) -> tuple[str, set[str]]:
        area: str = Resource.ServiceArea.LOCAL
        states: set[str] = set()
        for row in self.areas.get(service_id, []):
            kind = row.get("description").strip().lower()
            label = clean.clean_text(row.get("name", "service_area"), notes, multiline=False)
            if kind in {"national", "online"}:
                area = kind
            elif kind == "statewide":
                state = clean.clean_state(label, clean.Notes())
                if state:
                    area = Resource.ServiceArea.STATEWIDE
                    states.add(state)
            elif label.lower() in {"united states", "nationwide", "national", "usa", "all states"}:
                area = Resource.ServiceArea.NATIONAL
        return area, states

    # --- writing --------------------------------------------------------------------------------

    def _prepare_writes(self) -> None:
        existing = Resource.objects.filter(source_name=self.source).exclude(source_record_id="")
        self.existing: dict[str, int | Resource] = dict(existing.values_list("source_record_id", "pk"))
        self.pending: list[tuple[Resource, dict, int | Resource | None]] = []
        self.organizations_done: dict = {}
        self.slugs = set(Resource.objects.values_list("slug", flat=True))
        self.uuids = set(Resource.objects.values_list("uuid", flat=True))
        self.location_uuids = set(Resource.objects.values_list("location_uuid", flat=True))
        self.by_phone: dict[str, int | Resource] = {}
        self.by_url: dict[str, int | Resource] = {}
        for pk, phone, website in Resource.objects.filter(is_demo=False).values_list("pk", "phone", "website"):
            digits = clean.normalize_phone_digits(phone)
            if len(digits) >= 3:
                self.by_phone.setdefault(digits, pk)
            key = clean.url_key(website)
            if key:
                self.by_url.setdefault(key, pk)
        self.national = national_numbers()
        for name, phone, text in (
            Resource.objects.national().filter(is_demo=False).values_list("name", "phone", "text_number")
        ):
            for number in (phone, text):
                digits = clean.normalize_phone_digits(number)
                if len(digits) >= 3:
                    self.national[digits] = name
        self.national_listed = {
            clean.normalize_phone_digits(phone): name
            for name, phone in Resource.objects.national()
            .filter(is_demo=False)
            .exclude(phone="")
            .values_list("name", "phone")
        }

    def _slug(self, name: str, city: str) -> str:
        base = slugify(name)[:180] or "listing"
        for candidate in [base, f"{base}-{slugify(city)}"[:200] if city else base]:
            if candidate not in self.slugs:
                self.slugs.add(candidate)
                return candidate
        number = 2
        while f"{base}-{number}" in self.slugs:
            number += 1
        self.slugs.add(f"{base}-{number}")
        return f"{base}-{number}"

    def _organization(self, data: dict | None) -> Organization | None:
        if data is None:
            return None
        if data["uuid"] in self.organizations_done:
            return self.organizations_done[data["uuid"]]
        organization = Organization.objects.filter(uuid=data["uuid"]).first()
        self.organizations_done[data["uuid"]] = organization
        values = {key: value for key, value in data.items() if key != "uuid"}
        if organization is None:
            organization = Organization.objects.create(uuid=data["uuid"], **values)
            self.organizations_done[data["uuid"]] = organization
            return organization
        changed = [key for key, value in values.items() if getattr(organization, key) != value]
        if changed:
            for key in changed:
                setattr(organization, key, values[key])
            organization.save(update_fields=changed)
        return organization

    def write(self, candidate: Candidate) -> None:
        fields, notes = candidate.fields, candidate.notes
        duplicate_of: int | Resource | None = None
        for digits in candidate.primary_digits:
            if digits in self.national_listed and candidate.record_id not in self.existing:
                raise Skip(f"already listed: {self.national_listed[digits]} (national line)")
        pk = self.existing.get(candidate.record_id)
        if isinstance(pk, Resource):
            raise clean.RowProblem(f"service id {candidate.record_id!r} appears twice")
        for digits in sorted(candidate.phone_digits):
            if self.by_phone.get(digits) not in (None, pk):
                duplicate_of = self.by_phone[digits]
                notes.flag("possible duplicate: same phone number as another listing")
                break
        url_key = clean.url_key(fields["website"])
        if duplicate_of is None and url_key and self.by_url.get(url_key) not in (None, pk):
            duplicate_of = self.by_url[url_key]
            notes.flag("possible duplicate: same web address (with its path) as another listing")

        organization = self._organization(candidate.organization)
        if pk is not None:
            resource = Resource.objects.get(pk=pk)
            if resource.address_visibility == Resource.AddressVisibility.HIDDEN:
                fields["address_visibility"] = Resource.AddressVisibility.HIDDEN
                fields["street"] = ""
        else:
            uuid = (
                candidate.uuid
                if candidate.uuid not in self.uuids
                else ids.derived_only(self.source, "service", candidate.record_id)
            )
            location_uuid = candidate.location_uuid or ids.derived_only(
                self.source, "service-location", candidate.record_id
            )
            if location_uuid in self.location_uuids:
                location_uuid = ids.derived_only(self.source, "service-location", candidate.record_id)
            self.uuids.add(uuid)
            self.location_uuids.add(location_uuid)
            resource = Resource(
                uuid=uuid,
                location_uuid=location_uuid,
                slug=self._slug(fields["name"], fields["city"]),
                source_record_id=candidate.record_id[:200],
                status=Resource.Status.DRAFT,
            )
        if pk is not None and not self._differs(resource, fields, organization, candidate.relations):
            self.report.counts["unchanged"] += 1
            return
        for key, value in fields.items():
            setattr(resource, key, value)
        resource.organization = organization
        resource.import_batch = self.batch
        resource.needs_review = bool(notes.review)
        resource.review_reason = "\n".join(notes.review)
        # A duplicate that is itself still queued has no pk yet: _flush links it once written.
        resource.possible_duplicate_id = duplicate_of if isinstance(duplicate_of, int) else None
        wants_publish = self.batch.publish and not notes.review and fields["source_url"]
        if wants_publish:
            resource.status = Resource.Status.PUBLISHED
        elif self.batch.publish and pk is None:
            self.report.counts["kept_as_draft"] += 1
        if pk is None:
            # New listings are written in bulk (services.resource_create_many), a few queries per 500.
            self.pending.append((resource, candidate.relations, duplicate_of))
            self.report.counts["created"] += 1
            if len(self.pending) >= 500:
                self._flush()
        else:
            changes = services.resource_save(resource=resource, changed_by=self.batch.created_by, **candidate.relations)
            ListingChange.objects.filter(pk__in=[change.pk for change in changes]).update(import_batch=self.batch)
            held = sum(change.status == ListingChange.Status.PENDING for change in changes)
            self.report.counts["held_for_second_maintainer"] += held
            self.report.counts["updated"] += 1
        self.existing[candidate.record_id] = resource.pk or resource
        for digits in candidate.phone_digits:
            self.by_phone.setdefault(digits, resource.pk or resource)
        if url_key:
            self.by_url.setdefault(url_key, resource.pk or resource)
        for what in notes.repaired:
            self.report.repaired[what.split(" '")[0].split(" {")[0]] += 1
        if notes.review and len(self.report.needs_review) < REPORT_LIMIT:
            self.report.needs_review.append(
                {
                    "file": candidate.row.file,
                    "line": candidate.row.line,
                    "record": candidate.record_id,
                    "listing": resource.pk or resource,
                    "name": resource.name,
                    "reasons": notes.review,
                }
            )

    def _flush(self) -> None:
        """Write the queued new listings with their relations and history; then link duplicates among them."""
        if not self.pending:
            return
        for resource, _, duplicate in self.pending:
            resource.possible_duplicate_id = duplicate if isinstance(duplicate, int) else None
        services.resource_create_many(
            listings=[(resource, relations) for resource, relations, _ in self.pending],
            changed_by=self.batch.created_by,
            import_batch=self.batch,
        )
        linked = []
        for resource, _, duplicate in self.pending:
            if isinstance(duplicate, Resource):
                resource.possible_duplicate_id = duplicate.pk
                linked.append(resource)
        Resource.objects.bulk_update(linked, ["possible_duplicate"], batch_size=500)
        self.pending = []

    def _differs(self, resource: Resource, fields: dict, organization: Organization | None, relations: dict) -> bool:
        compare = {key: value for key, value in fields.items() if key not in {"last_verified"}}
        for key, value in compare.items():
            current = getattr(resource, key)
            if key in {"latitude", "longitude"} and value is None:
                continue  # filled from the ZIP code on save
            if current != value:
                return True
        if resource.organization_id != (organization.pk if organization else None):
            return True
        stored = services.resource_snapshot(resource.pk)
        for key, field_name in [("needs", "needs"), ("communities", "communities"), ("languages", "languages"),
                                ("modes", "modes"), ("states", "states_served")]:  # fmt: skip
            if stored[field_name] != ", ".join(sorted(relations[key])):
                return True
        return stored["opening_hours"] != services._hours_text(relations["opening_hours"])

    def run(self) -> Report:
        """Clean, select and write every service; the caller holds the transaction."""
        self._prepare_writes()
        rows = self.package.table("services")
        total = len(rows)
        seen: set[str] = set()
        self.report.counts["read"] = total
        if self.package.private_columns:
            self.report.notes.append("columns never imported: " + ", ".join(sorted(self.package.private_columns)))
        contacts = len(self.package.table("contacts"))
        if contacts:
            self.report.notes.append(f"{contacts} contacts (staff names and e-mails) never imported")
        for done, row in enumerate(rows, start=1):
            record = row.get("id")
            try:
                if record in seen:
                    raise clean.RowProblem(f"service id {record!r} appears twice")
                seen.add(record)
                candidate = self.build(row)
                self.write(candidate)
            except clean.RowProblem as error:
                self.report.problem(Problem(row.file, row.line, record, f"{error}: service skipped"))
                self.report.skip(row, record, f"row problem: {error}")
            except Skip as reason:
                self.report.skip(row, record, str(reason))
            if done % 50 == 0 or done == total:
                self.progress(done, total)
        self._flush()
        for item in self.report.needs_review:
            if isinstance(item["listing"], Resource):
                item["listing"] = item["listing"].pk
        return self.report


class DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls everything back."""


def import_package(
    *,
    package: Package,
    batch: ImportBatch,
    mapping: TaxonomyMap | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportBatch:
    """Run the import in one transaction (rolled back for a dry run) and record the outcome on ``batch``.

    ``batch`` must be saved already. A dry run writes nothing at all, the batch included, when the
    batch was created inside the caller's transaction (the command does so).
    """
    batch.started_at = batch.started_at or timezone.now()
    batch.status = ImportBatch.Status.RUNNING
    if not batch.license and package.license:
        batch.license = package.license[:200]
    importer = Importer(package=package, batch=batch, mapping=mapping, progress=progress)
    try:
        with transaction.atomic():
            report = importer.run()
            _finish(batch, report)
            if batch.dry_run:
                raise DryRun
    except DryRun:
        _finish(batch, importer.report)
    return batch


def _finish(batch: ImportBatch, report: Report) -> None:
    batch.counts = {key: report.counts.get(key, 0) for key in (
        "read", "created", "updated", "unchanged", "skipped", "row_problems", "held_for_second_maintainer",
        "kept_as_draft")}  # fmt: skip
    batch.report = report.as_dict()
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.progress_done = batch.progress_total = batch.counts["read"]
    batch.progress_phase = ""
    if batch.pk and not batch.dry_run:
        batch.save()
