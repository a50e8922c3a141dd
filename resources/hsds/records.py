"""Our listings as HSDS 3.0 records: one place that both the export and the API use.

Safety rules live here so that no output can forget them: a hidden (or city-only) address never
gives its street, and its point is the ZIP code's centre; only published real listings whose
source allows republication are ever passed in (``Resource.objects.open_data()``). Values that
are missing are left out rather than written as null, since the HSDS schemas type every field.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from resources.geo import STATE_NAMES, zip_location
from resources.hsds import ids
from resources.hsds.clean import BYDAY
from resources.hsds.load import HIDDEN_MARK
from resources.languages import LANGUAGES
from resources.models import Community, Need, OpeningHours, Organization, Resource, ResourceMode

HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/latest/hsds/"
HIDDEN_DESCRIPTION = f"The address is {HIDDEN_MARK}; call for directions."


def open_data_listings() -> QuerySet[Resource]:
    """Published real listings whose source allows republication, with everything a record needs."""
    return (
        Resource.objects.open_data()
        .select_related("organization")
        .prefetch_related(
            "needs",
            "communities",
            "modes",
            "languages",
            "states_served",
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        )
        .order_by("name", "pk")
    )


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None and value != [] and value != ""}


def _keep_empty(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    cleaned = _clean(record)
    for key in keys:
        cleaned.setdefault(key, record.get(key) or "")
    return cleaned


def _id(base: uuid.UUID, name: str) -> str:
    return str(uuid.uuid5(base, name))


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- taxonomies -------------------------------------------------------------------------------------


def taxonomy_records() -> list[dict[str, Any]]:
    return [
        {"id": str(ids.taxonomy_uuid(kind)), "name": name, "description": description, "version": "1"}
        for kind, (name, description) in ids.TAXONOMIES.items()
    ]


def term_records() -> list[dict[str, Any]]:
    """Every term of our three taxonomies, with ids derived from the slugs."""
    terms = []
    for kind, model in (("need", Need), ("community", Community)):
        for term in model.objects.order_by("order", "name"):
            terms.append(_term(kind, term.slug, term.name, term.description))
    for value, label in ResourceMode.Mode.choices:
        terms.append(_term("mode", value, str(label), f"Reached {str(label).lower()}."))
    return terms


def _term(kind: str, slug: str, name: str, description: str) -> dict[str, Any]:
    return {
        "id": str(ids.term_uuid(kind, slug)),
        "code": slug,
        "name": name,
        "description": description or name,
        "taxonomy": ids.TAXONOMIES[kind][0],
        "taxonomy_id": str(ids.taxonomy_uuid(kind)),
        "language": "en",
    }


def listing_terms(resource: Resource) -> list[tuple[str, str, str, str]]:
    """(kind, slug, name, description) of the listing's needs, communities and modes."""
    found = [("need", t.slug, t.name, t.description) for t in resource.needs.all()]
    found += [("community", t.slug, t.name, t.description) for t in resource.communities.all()]
    found += [("mode", m.mode, str(m.get_mode_display()), "") for m in resource.modes.all()]
    return sorted(found)


# --- a listing ----------------------------------------------------------------------------------


def organization_record(organization: Organization) -> dict[str, Any]:
    return _keep_empty(
        {
            "id": str(organization.uuid),
            "name": organization.name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
        },
        "description",
    )


def has_location(resource: Resource) -> bool:
    return resource.service_area not in {Resource.ServiceArea.NATIONAL, Resource.ServiceArea.ONLINE} and bool(
        resource.zip_code or resource.city
    )


def public_point(resource: Resource) -> tuple[float | None, float | None]:
    """The point we publish: the real one only for a full address, else the ZIP code's centre."""
    if resource.address_visibility == Resource.AddressVisibility.FULL:
        return resource.latitude, resource.longitude
    found = zip_location(resource.zip_code) if resource.zip_code else None
    return (found.latitude, found.longitude) if found else (None, None)


def address_record(resource: Resource) -> dict[str, Any]:
    shown = resource.address_visibility == Resource.AddressVisibility.FULL
    return _keep_empty(
        {
            "id": _id(resource.location_uuid, "address"),
            "location_id": str(resource.location_uuid),
            "address_1": resource.street if shown else "",
            "city": resource.city,
            "state_province": resource.state,
            "postal_code": resource.zip_code,
            "country": resource.country,
            "address_type": "physical",
        },
        "address_1", "city", "state_province", "postal_code",
    )  # fmt: skip


def location_record(resource: Resource, *, full: bool = False) -> dict[str, Any]:
    latitude, longitude = public_point(resource)
    hidden = resource.address_visibility != Resource.AddressVisibility.FULL
    record = _clean(
        {
            "id": str(resource.location_uuid),
            "location_type": "physical",
            "organization_id": str(resource.organization.uuid) if resource.organization else None,
            "name": resource.name,
            "description": HIDDEN_DESCRIPTION if hidden else None,
            "latitude": latitude,
            "longitude": longitude,
        }
    )
    if full:
        record["addresses"] = [address_record(resource)]
    return record


def phone_records(resource: Resource) -> list[dict[str, Any]]:
    phones = []
    for kind, number, description in (
        ("voice", resource.phone, resource.phone_notes),
        ("text", resource.text_number, f"Text {resource.text_keyword}" if resource.text_keyword else ""),
        ("textphone", resource.tty, "TTY"),
        ("video", resource.videophone, "Videophone"),
    ):
        if number:
            phones.append(_clean({
                "id": _id(resource.uuid, f"phone:{kind}"), "service_id": str(resource.uuid), "number": number,
                "type": kind, "description": description,
            }))  # fmt: skip
    return phones


def utc_offset_hours(zone_name: str, moment: datetime | None = None) -> float:
    """HSDS gives a schedule's time zone as a UTC offset: the one in force now (daylight saving)."""
    try:
        zone = ZoneInfo(zone_name)
    except (ValueError, KeyError):
        zone = ZoneInfo("America/New_York")
    offset = (moment or datetime.now(UTC)).astimezone(zone).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def schedule_records(resource: Resource) -> list[dict[str, Any]]:
    base = {"service_id": str(resource.uuid), "freq": "WEEKLY", "wkst": "MO",
            "timezone": utc_offset_hours(resource.timezone)}  # fmt: skip
    if resource.is_24_7:
        return [_clean({**base, "id": _id(resource.uuid, "schedule:24/7"), "byday": ",".join(BYDAY),
                        "opens_at": "00:00", "closes_at": "23:59",
                        "description": "Open 24 hours, 7 days a week.", "notes": resource.hours_notes})]  # fmt: skip
    return [
        _clean(
            {
                **base,
                "id": _id(resource.uuid, f"schedule:{span.weekday}:{span.opens}:{span.closes}"),
                "byday": BYDAY[span.weekday],
                "opens_at": f"{span.opens:%H:%M}",
                "closes_at": f"{span.closes:%H:%M}",
                "notes": resource.hours_notes,
            }
        )
        for span in resource.opening_hours.all()
    ]


def service_area_records(resource: Resource) -> list[dict[str, Any]]:
    service = str(resource.uuid)
    if resource.service_area == Resource.ServiceArea.NATIONAL:
        return [{"id": _id(resource.uuid, "area:national"), "service_id": service, "name": "United States",
                 "description": "national"}]  # fmt: skip
    if resource.service_area == Resource.ServiceArea.ONLINE:
        return [{"id": _id(resource.uuid, "area:online"), "service_id": service, "name": "Online",
                 "description": "online"}]  # fmt: skip
    if resource.service_area == Resource.ServiceArea.STATEWIDE:
        return [
            {
                "id": _id(resource.uuid, f"area:{s.state}"),
                "service_id": service,
                "name": str(STATE_NAMES[s.state]),
                "description": "statewide",
            }
            for s in resource.states_served.all()
            if s.state in STATE_NAMES
        ]
    return []


def language_records(resource: Resource) -> list[dict[str, Any]]:
    return [
        {
            "id": _id(resource.uuid, f"language:{language.code}"),
            "service_id": str(resource.uuid),
            "name": LANGUAGES.get(language.code, (language.code,))[0],
            "code": language.code,
        }
        for language in resource.languages.all()
    ]


def attribute_records(resource: Resource, *, nested: bool = False) -> list[dict[str, Any]]:
    records = []
    for kind, slug, name, description in listing_terms(resource):
        record: dict[str, Any] = {
            "id": _id(resource.uuid, f"attribute:{kind}:{slug}"),
            "link_id": str(resource.uuid),
            "taxonomy_term_id": str(ids.term_uuid(kind, slug)),
            "link_type": "service_taxonomy",
            "link_entity": "service",
        }
        if nested:
            record["taxonomy_term"] = _term(kind, slug, name, description)
        records.append(record)
    return records


def service_at_location_record(resource: Resource, *, full: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": _id(resource.location_uuid, "service_at_location"),
        "service_id": str(resource.uuid),
        "location_id": str(resource.location_uuid),
    }
    if full:
        record["location"] = location_record(resource, full=True)
    return record


def service_record(resource: Resource, *, full: bool = False, minimal: bool = False) -> dict[str, Any]:
    record = _clean(
        {
            "id": str(resource.uuid),
            "organization_id": str(resource.organization.uuid) if resource.organization else None,
            "name": resource.name,
            "description": resource.description,
            "url": resource.website,
            "email": resource.email,
            "status": "active",
            "eligibility_description": resource.eligibility,
            "fees_description": resource.cost_summary,
            "assured_date": resource.last_verified.isoformat() if resource.last_verified else None,
            "last_modified": timestamp(resource.updated_at),
        }
    )
    if minimal:
        return {key: record[key] for key in ("id", "name", "status", "last_modified")}
    if not full:
        return record
    record.update(
        phones=phone_records(resource),
        schedules=schedule_records(resource),
        service_areas=service_area_records(resource),
        languages=language_records(resource),
        attributes=attribute_records(resource, nested=True),
        service_at_locations=[service_at_location_record(resource, full=True)] if has_location(resource) else [],
    )
    if resource.organization:
        record["organization"] = organization_record(resource.organization)
    return record


def service_at_location_list_record(resource: Resource, *, full: bool = False) -> dict[str, Any]:
    record = service_at_location_record(resource)
    record["location"] = location_record(resource, full=full)
    record["service"] = service_record(resource, full=full)
    return record
