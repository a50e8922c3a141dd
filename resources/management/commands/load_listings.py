"""Load the real, checked listings shipped in resources/data/, idempotently.

Three hand-curated files, each made from a compilation of public pages (see resources/data/README.md):
``national_listings.json`` (national lines), ``state_coalitions.json`` (each state's and
territory's coalition, statewide) and ``culturally_specific.json`` (organizations run by and for
communities that mainstream advocacy often misses). Missing listings are created, published,
through the service layer (so the history records them), marked "compiled from public sources"
on the file's compilation date. Listings that already exist are left as maintainers keep them,
unless ``--update`` is given: then differences are saved through the same service, so a published
listing's changed contact details wait for a second maintainer like any other edit. A listing a
maintainer has confirmed with the service keeps its confirmation.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Field

from resources import services
from resources.models import Organization, Resource

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
FILES: dict[str, Path] = {
    "national": DATA_DIR / "national_listings.json",
    "states": DATA_DIR / "state_coalitions.json",
    "communities": DATA_DIR / "culturally_specific.json",
}

SCALAR_FIELDS = (
    "name", "description", "description_es", "phone", "phone_notes", "phone_notes_es", "text_number",
    "text_keyword", "tty", "videophone", "chat_url", "website", "email", "office_phone", "local_help_url",
    "serves_advocates", "is_state_coalition", "cost", "cost_notes", "cost_notes_es", "eligibility",
    "eligibility_es", "accessibility", "confidentiality", "is_24_7", "timezone", "hours_notes", "hours_notes_es",
    "service_area", "city", "state", "zip_code", "address_visibility", "country", "source_url", "source_name",
    "source_is_secondary", "priority",
)  # fmt: skip
RELATION_FIELDS = {"needs": "needs", "communities": "communities", "languages": "languages", "modes": "modes",
                   "states_served": "states"}  # fmt: skip


def read_file(kind: str) -> dict[str, Any]:
    """One curated file: ``compiled_on`` and its ``listings``."""
    return json.loads(FILES[kind].read_text(encoding="utf-8"))


def curated_listings(kinds: tuple[str, ...] = tuple(FILES)) -> list[dict[str, Any]]:
    """The listings of the given files, each with its field values filled in (defaults where a file is silent)."""
    listings: list[dict[str, Any]] = []
    for kind in kinds:
        data = read_file(kind)
        for listing in data["listings"]:
            filled = {field: listing.get(field, _default(field)) for field in SCALAR_FIELDS}
            filled.update(
                slug=listing["slug"],
                organization=listing["organization"],
                last_verified=listing.get("last_verified", data["compiled_on"]),
                kind=kind,
                needs=listing["needs"],
                communities=listing["communities"],
                languages=listing["languages"],
                modes=listing["modes"],
                states=listing.get("states", []),
                opening_hours=[tuple(span) for span in listing.get("opening_hours", [])],
            )
            listings.append(filled)
    slugs = [listing["slug"] for listing in listings]
    if len(set(slugs)) != len(slugs):
        raise CommandError(f"Two curated listings share a slug: {sorted({s for s in slugs if slugs.count(s) > 1})}")
    return listings


def _default(field: str) -> Any:
    model_field = Resource._meta.get_field(field)
    assert isinstance(model_field, Field), field  # a column of Resource, not a reverse relation
    return model_field.get_default()


def _relations(listing: dict[str, Any]) -> dict[str, Any]:
    return {key: listing[key] for key in ("needs", "communities", "languages", "modes", "states", "opening_hours")}


def _differs(resource: Resource, listing: dict[str, Any], organization: Organization) -> bool:
    if resource.organization_id != organization.pk:
        return True
    confirmed = resource.verification == Resource.Verification.CONFIRMED
    if not confirmed and (
        resource.verification != Resource.Verification.COMPILED
        or resource.last_verified != date.fromisoformat(listing["last_verified"])
    ):
        return True
    if any(getattr(resource, field) != listing[field] for field in SCALAR_FIELDS):
        return True
    stored = services.resource_snapshot(resource.pk)
    if any(stored[field] != ", ".join(sorted(listing[key])) for field, key in RELATION_FIELDS.items()):
        return True
    return stored["opening_hours"] != services._hours_text(listing["opening_hours"])


class Command(BaseCommand):
    help = (
        "Create the checked national, state coalition and community listings that are missing "
        "(idempotent; --update also refreshes them)."
    )
    kinds: tuple[str, ...] = tuple(FILES)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also bring existing listings back to the data files (contact changes wait for confirmation).",
        )

    @transaction.atomic
    def handle(self, *args: Any, update: bool = False, **options: Any) -> None:
        counts = {kind: {"created": 0, "updated": 0, "unchanged": 0, "differing": 0} for kind in self.kinds}
        new: list[tuple[Resource, dict[str, Any]]] = []
        for listing in curated_listings(self.kinds):
            counts[listing["kind"]][self._load(listing, update=update, new=new)] += 1
        # New listings are written together, with the same history resource_save would write
        # (a few queries in all instead of about thirty a listing: this runs at every `make run`).
        services.resource_create_many(listings=new, changed_by=None)
        for kind, count in counts.items():
            edited = f", {count['differing']} edited since (left as they are; --update to reload)"
            self.stdout.write(
                f"{kind.capitalize()} listings: {count['created']} created, {count['updated']} updated, "
                f"{count['unchanged']} unchanged{edited if count['differing'] else ''}."
            )

    def _load(self, listing: dict[str, Any], *, update: bool, new: list[tuple[Resource, dict[str, Any]]]) -> str:
        """Update a listing now, or queue a new one on ``new``; say which."""
        organization, _ = Organization.objects.get_or_create(name=listing["organization"], is_demo=False)
        resource = Resource.objects.filter(slug=listing["slug"]).first()
        if resource is not None and not _differs(resource, listing, organization):
            return "unchanged"
        if resource is not None and not update:
            return "differing"
        is_new = resource is None
        resource = resource or Resource(slug=listing["slug"], status=Resource.Status.PUBLISHED)
        for field in SCALAR_FIELDS:
            setattr(resource, field, listing[field])
        resource.organization = organization
        if resource.verification != Resource.Verification.CONFIRMED:
            resource.verification = Resource.Verification.COMPILED
            resource.confirmed_via = ""
            resource.last_verified = date.fromisoformat(listing["last_verified"])
        resource.service_radius_miles = None
        resource.latitude = resource.longitude = None  # derived again from the ZIP code, if any
        # Field values are checked here; the constraints are the database's to enforce (and cost a query each).
        resource.full_clean(validate_unique=False, validate_constraints=False)
        if is_new:
            new.append((resource, _relations(listing)))
            return "created"
        services.resource_save(resource=resource, changed_by=None, **_relations(listing))
        return "updated"
