"""Small factories for listings: plain functions with the fields a test cares about."""

from __future__ import annotations

from datetime import date, time
from itertools import count

from resources.models import (
    Community,
    Need,
    OpeningHours,
    Organization,
    Resource,
    ResourceLanguage,
    ResourceMode,
    ResourceState,
)

_numbers = count(1)


def make_listing(
    name: str = "",
    *,
    needs: tuple[str, ...] = (),
    communities: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    modes: tuple[str, ...] = (),
    states: tuple[str, ...] = (),
    hours: tuple[tuple[int, time, time], ...] = (),
    organization: str | Organization = "",
    **fields,
) -> Resource:
    """A published, real-looking listing (source and last-verified set) unless fields say otherwise.

    ``organization`` is a name (a new organization) or an Organization.
    """
    number = next(_numbers)
    name = name or f"Listing {number}"
    fields.setdefault("slug", f"listing-{number}")
    fields.setdefault("status", Resource.Status.PUBLISHED)
    fields.setdefault("source_url", "https://example.org/source")
    fields.setdefault("last_verified", date(2026, 11, 1))
    if isinstance(organization, Organization):
        fields["organization"] = organization
    elif organization:
        fields["organization"] = Organization.objects.create(name=organization)
    listing = Resource.objects.create(name=name, **fields)
    if needs:
        listing.needs.set(Need.objects.filter(slug__in=needs))
    if communities:
        listing.communities.set(Community.objects.filter(slug__in=communities))
    ResourceLanguage.objects.bulk_create(ResourceLanguage(resource=listing, code=c) for c in languages)
    ResourceMode.objects.bulk_create(ResourceMode(resource=listing, mode=m) for m in modes)
    ResourceState.objects.bulk_create(ResourceState(resource=listing, state=s) for s in states)
    OpeningHours.objects.bulk_create(OpeningHours(resource=listing, weekday=d, opens=o, closes=c) for d, o, c in hours)
    return listing


def local(name: str = "", zip_code: str = "60601", **fields) -> Resource:
    return make_listing(name, service_area=Resource.ServiceArea.LOCAL, zip_code=zip_code, **fields)


def statewide(name: str = "", states: tuple[str, ...] = ("IL",), **fields) -> Resource:
    return make_listing(name, service_area=Resource.ServiceArea.STATEWIDE, states=states, **fields)


def national(name: str = "", **fields) -> Resource:
    return make_listing(name, service_area=Resource.ServiceArea.NATIONAL, **fields)
