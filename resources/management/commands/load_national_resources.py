"""Load the checked national listings (resources/data/national_listings.json), idempotently.

Missing listings are created, published, through the service layer (so the history records
them). Listings that already exist are left as maintainers keep them, unless ``--update`` is
given: then differences are saved through the same service, so a published listing's changed
contact details wait for a second maintainer like any other edit.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resources import services
from resources.models import Organization, Resource

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SOURCE_FILE = DATA_DIR / "national_resources.json"
LISTINGS_FILE = DATA_DIR / "national_listings.json"

SCALAR_FIELDS = (
    "name", "description", "phone", "phone_notes", "text_number", "text_keyword", "tty", "videophone",
    "chat_url", "website", "email", "cost", "cost_notes", "eligibility", "accessibility", "confidentiality",
    "is_24_7", "timezone", "hours_notes", "service_area", "country", "source_url",
)  # fmt: skip


def load_listings() -> list[dict[str, Any]]:
    """The curated listings, checked against the source file: every verified entry, nothing else."""
    source = {entry["name"]: entry for entry in json.loads(SOURCE_FILE.read_text(encoding="utf-8"))}
    listings = json.loads(LISTINGS_FILE.read_text(encoding="utf-8"))["listings"]
    curated = {listing["source_name"] for listing in listings}
    verified = {name for name, entry in source.items() if entry["verified"] is True}
    if curated != verified:
        raise CommandError(
            f"national_listings.json must map exactly the verified entries; differs on {sorted(curated ^ verified)}"
        )
    return listings


def _relations(listing: dict[str, Any]) -> dict[str, Any]:
    return {
        "needs": listing["needs"],
        "communities": listing["communities"],
        "languages": listing["languages"],
        "modes": listing["modes"],
        "states": [],
        "opening_hours": [tuple(span) for span in listing.get("opening_hours", [])],
    }


def _differs(resource: Resource, listing: dict[str, Any], organization: Organization) -> bool:
    if resource.organization_id != organization.pk or resource.last_verified != date.fromisoformat(
        listing["last_verified"]
    ):
        return True
    if any(getattr(resource, field) != listing[field] for field in SCALAR_FIELDS):
        return True
    stored = services.resource_snapshot(resource.pk)
    wanted = _relations(listing)
    return any(
        stored[field] != ", ".join(sorted(wanted[key]))
        for field, key in [("needs", "needs"), ("communities", "communities"), ("languages", "languages"),
                           ("modes", "modes"), ("states_served", "states")]
    ) or stored["opening_hours"] != services._hours_text(wanted["opening_hours"])  # fmt: skip


class Command(BaseCommand):
    help = "Create the checked national listings that are missing (idempotent; --update also refreshes them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also bring existing listings back to the data file (contact changes wait for confirmation).",
        )

    @transaction.atomic
    def handle(self, *args: Any, update: bool = False, **options: Any) -> None:
        created = updated = unchanged = differing = 0
        for listing in load_listings():
            organization, _ = Organization.objects.get_or_create(name=listing["organization"], is_demo=False)
            resource = Resource.objects.filter(slug=listing["slug"]).first()
            if resource is not None and not _differs(resource, listing, organization):
                unchanged += 1
                continue
            if resource is not None and not update:
                differing += 1
                continue
            is_new = resource is None
            resource = resource or Resource(slug=listing["slug"], status=Resource.Status.PUBLISHED)
            for field in SCALAR_FIELDS:
                setattr(resource, field, listing[field])
            resource.organization = organization
            resource.last_verified = date.fromisoformat(listing["last_verified"])
            resource.service_radius_miles = None
            resource.full_clean(validate_unique=False)
            services.resource_save(resource=resource, changed_by=None, **_relations(listing))
            created += is_new
            updated += not is_new
        self.stdout.write(
            f"National listings: {created} created, {updated} updated, {unchanged} unchanged"
            + (f", {differing} edited since (left as they are; --update to reload)" if differing else "")
            + "."
        )
