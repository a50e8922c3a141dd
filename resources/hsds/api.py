"""The read-only HSDS 3.0 API under /api/ (docs/api.md).

Plain Django function views: the API is a handful of read-only JSON endpoints whose shapes come
from ``records.py`` (shared with the export), so a framework such as Django REST framework or
django-ninja would add a dependency, serializers and a second settings surface for nothing this
needs. Every response: published real listings only (``open_data``), CORS open to all, no cookie,
rate limited, ETag and Last-Modified; a bad parameter is a 400 with a JSON message.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from metoo_site.ratelimit import is_limited
from resources.geo import STATE_NAMES, with_distance, zip_location
from resources.hsds import ids, records
from resources.hsds.export import SCHEMA_DIR
from resources.models import Community, Need, Organization, Resource, ResourceMode

PER_PAGE_DEFAULT, PER_PAGE_MAX = 25, 100
RADII = (10, 25, 50, 100)
METRES_PER_MILE = 1609.344


class BadParameter(Exception):
    status = 400


class NotFound(Exception):
    status = 404


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message, "status": status}, status=status)


def api_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET/HEAD only, rate limited, errors as JSON, open to every origin, never a cookie."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if is_limited(request, "api"):
            response = error(429, "Too many requests: wait a minute and try again.")
            response["Retry-After"] = "60"
        else:
            try:
                response = view(request, *args, **kwargs)
            except (BadParameter, NotFound) as problem:
                response = error(problem.status, str(problem))
        response["Access-Control-Allow-Origin"] = "*"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    return wrapper


def conditional(request: HttpRequest, payload: Callable[[], HttpResponse], *, stamp: tuple) -> HttpResponse:
    """ETag from what the answer depends on (the query and the data's last change); 304 when unchanged."""
    count, last_change = stamp
    key = f"{request.get_full_path()}|{count}|{last_change}|{settings.DATA_LICENSE['name']}"
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    last_modified = http_date(last_change.timestamp()) if last_change else None
    if request.headers.get("If-None-Match") == etag or (
        last_modified
        and "If-None-Match" not in request.headers
        and (since := parse_http_date_safe(request.headers.get("If-Modified-Since", ""))) is not None
        and int(last_change.timestamp()) <= since
    ):
        response = HttpResponse(status=304)
    else:
        response = payload()
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    response["Cache-Control"] = "public, max-age=300"
    return response


def data_stamp() -> tuple:
    found = Resource.objects.open_data().aggregate(count=Count("pk"), last=Max("updated_at"))
    return found["count"], found["last"]


# --- parameters --------------------------------------------------------------------------------


def _one(request: HttpRequest, name: str) -> str:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"'{name}' may be given once.")
    return values[0].strip() if values else ""


def _bool(request: HttpRequest, name: str) -> bool:
    value = _one(request, name).lower()
    if value in {"", "false", "0", "no"}:
        return False
    if value in {"true", "1", "yes"}:
        return True
    raise BadParameter(f"'{name}' must be true or false.")


def _int(request: HttpRequest, name: str, default: int, *, minimum: int, maximum: int) -> int:
    value = _one(request, name)
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or not minimum <= int(value) <= maximum:
        raise BadParameter(f"'{name}' must be a whole number from {minimum} to {maximum}.")
    return int(value)


def _uuid(value: str, name: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise BadParameter(f"'{name}' must be a UUID.") from None


def _format(request: HttpRequest) -> str:
    value = _one(request, "format").lower() or "json"
    if value not in {"json", "ndjson"}:
        raise BadParameter("'format' must be json or ndjson.")
    return value


TERMS_BY_ID: dict[str, tuple[str, str]] = {}


def term_by_id(term_id: str) -> tuple[str, str] | None:
    """(kind, slug) of one of our terms, from its UUID."""
    if not TERMS_BY_ID:
        for kind, model in (("need", Need), ("community", Community)):
            for slug in model.objects.values_list("slug", flat=True):
                TERMS_BY_ID[str(ids.term_uuid(kind, slug))] = (kind, slug)
        for value, _ in ResourceMode.Mode.choices:
            TERMS_BY_ID[str(ids.term_uuid("mode", value))] = ("mode", value)
    found = TERMS_BY_ID.get(term_id)
    if found is None:
        TERMS_BY_ID.clear()  # a term added since: look again once
        return None
    return found


def _term_q(kind: str, slug: str) -> Q:
    return {"need": Q(needs__slug=slug), "community": Q(communities__slug=slug), "mode": Q(modes__mode=slug)}[kind]


def filter_listings(request: HttpRequest, listings: QuerySet, *, near_param: str = "near") -> QuerySet:
    """Every filter (and every repeated value) must match: they combine with AND."""
    if search := _one(request, "search"):
        if len(search) > 200:
            raise BadParameter("'search' is at most 200 characters.")
        for word in search.split()[:10]:
            listings = listings.filter(
                Q(name__icontains=word) | Q(description__icontains=word) | Q(organization__name__icontains=word)
            )
    if term_id := _one(request, "taxonomy_term_id"):
        term = term_by_id(_uuid(term_id, "taxonomy_term_id"))
        listings = listings.filter(_term_q(*term)) if term else listings.none()
    if taxonomy_id := _one(request, "taxonomy_id"):
        kind = ids.OUR_TAXONOMY_IDS.get(_uuid(taxonomy_id, "taxonomy_id"))
        field = {"need": "needs", "community": "communities", "mode": "modes"}.get(kind or "")
        listings = listings.filter(**{f"{field}__isnull": False}) if field else listings.none()
    if organization_id := _one(request, "organization_id"):
        listings = listings.filter(organization__uuid=_uuid(organization_id, "organization_id"))
    if modified_after := _one(request, "modified_after"):
        try:
            moment = datetime.fromisoformat(modified_after.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            raise BadParameter("'modified_after' must be a date-time such as 2026-01-31T00:00:00Z.") from None
        listings = listings.filter(updated_at__gte=moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    for slug in request.GET.getlist("need"):
        if not Need.objects.filter(slug=slug).exists():
            raise BadParameter(f"'need' {slug!r} is not one of this site's needs (see /api/taxonomy_terms).")
        listings = listings.filter(pk__in=Resource.objects.filter(needs__slug=slug).values("pk"))
    for slug in request.GET.getlist("community"):
        if not Community.objects.filter(slug=slug).exists():
            raise BadParameter(f"'community' {slug!r} is not one of this site's communities.")
        listings = listings.filter(pk__in=Resource.objects.filter(communities__slug=slug).values("pk"))
    if region := _one(request, "region").upper():
        if region not in STATE_NAMES:
            raise BadParameter("'region' must be a two-letter US state or territory code.")
        listings = listings.filter(
            Q(state=region, service_area=Resource.ServiceArea.LOCAL) | Q(states_served__state=region)
        ).distinct()
    return listings


def filter_near(request: HttpRequest, listings: QuerySet) -> QuerySet:
    """``near`` (a ZIP code) and ``radius`` (miles: 10, 25, 50 or 100; default 25)."""
    near = _one(request, "near")
    radius = _one(request, "radius")
    if radius and (not radius.isdigit() or int(radius) not in RADII):
        raise BadParameter("'radius' must be 10, 25, 50 or 100 (miles).")
    if not near:
        if radius:
            raise BadParameter("'radius' needs 'near' (a ZIP code).")
        return listings
    place = zip_location(near)
    if place is None:
        raise BadParameter("'near' must be a known US ZIP code.")
    return with_distance(listings, place.latitude, place.longitude, int(radius or 25))


def filter_postcode(request: HttpRequest, listings: QuerySet) -> QuerySet:
    """HSDS ``postcode`` and ``proximity`` (metres from the postcode's centre; default 40 km)."""
    postcode, proximity = _one(request, "postcode"), _one(request, "proximity")
    if proximity and (not proximity.isdigit() or not 1 <= int(proximity) <= 500_000):
        raise BadParameter("'proximity' must be a whole number of metres from 1 to 500000.")
    if not postcode:
        if proximity:
            raise BadParameter("'proximity' needs 'postcode'.")
        return listings
    place = zip_location(postcode)
    if place is None:
        raise BadParameter("'postcode' must be a known US ZIP code.")
    miles = int(proximity or 40_000) / METRES_PER_MILE
    return with_distance(listings, place.latitude, place.longitude, miles)


def page_of(request: HttpRequest, items: QuerySet | list, render: Callable[[Any], dict]) -> dict[str, Any]:
    page = _int(request, "page", 1, minimum=1, maximum=1_000_000)
    per_page = _int(request, "per_page", PER_PAGE_DEFAULT, minimum=1, maximum=PER_PAGE_MAX)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    pages = math.ceil(total / per_page)
    if page > max(pages, 1):
        raise NotFound(f"Page {page} is past the last page ({pages}).")
    contents = [render(item) for item in items[(page - 1) * per_page : page * per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


def stream_ndjson(items: QuerySet, render: Callable[[Any], dict]) -> StreamingHttpResponse:
    """Every match, one JSON object a line, read from the database in chunks (never all at once)."""

    def lines() -> Iterator[bytes]:
        for item in items.iterator(chunk_size=200):
            yield (json.dumps(render(item), ensure_ascii=False) + "\n").encode()

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def listing_or_404(value: str, *, field: str = "uuid") -> Resource:
    try:
        key = uuid.UUID(value)
    except ValueError:
        raise NotFound("No such record.") from None
    found = records.open_data_listings().filter(**{field: key}).first()
    if found is None:
        raise NotFound("No such record.")
    return found


# --- views -------------------------------------------------------------------------------------


@api_view
def api_root(request: HttpRequest) -> HttpResponse:
    license_ = settings.DATA_LICENSE
    return JsonResponse({
        "version": records.HSDS_VERSION,
        "profile": records.PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        "documentation_url": request.build_absolute_uri(reverse("api:docs")),
        "license": {"name": license_["name"], "title": license_["title"], "url": license_["path"]},
        "description": "Read-only Open Referral HSDS 3.0 API of published listings. Addresses of shelters are "
        "never given: hidden locations have no street, and their point is their ZIP code's centre.",
    })  # fmt: skip


@api_view
def api_docs(request: HttpRequest) -> HttpResponse:
    """A page a person can read: what the API offers, in plain words (docs/api.md says more)."""
    # No language switcher: /api/ has one address for every language.
    return render(request, "resources/api_docs.html", {"license": settings.DATA_LICENSE, "other_language": None})


@api_view
def services(request: HttpRequest) -> HttpResponseBase:
    full, minimal = _bool(request, "full"), _bool(request, "minimal")
    output = _format(request)
    listings = filter_near(request, filter_listings(request, records.open_data_listings()))
    _int(request, "page", 1, minimum=1, maximum=1_000_000)
    _int(request, "per_page", PER_PAGE_DEFAULT, minimum=1, maximum=PER_PAGE_MAX)

    def render(resource: Resource) -> dict:
        return records.service_record(resource, full=full, minimal=minimal)

    if output == "ndjson":
        return stream_ndjson(listings, render)
    return conditional(request, lambda: JsonResponse(page_of(request, listings, render)), stamp=data_stamp())


@api_view
def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    resource = listing_or_404(service_id)
    return conditional(
        request, lambda: JsonResponse(records.service_record(resource, full=True)), stamp=(1, resource.updated_at)
    )


def open_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=Resource.objects.open_data().exclude(organization=None).values("organization")
    ).order_by("name", "pk")


@api_view
def organizations(request: HttpRequest) -> HttpResponseBase:
    output = _format(request)
    found = open_organizations()
    _bool(request, "full")
    _bool(request, "full_service")
    if search := _one(request, "search"):
        found = found.filter(name__icontains=search[:200])
    if output == "ndjson":
        return stream_ndjson(found, records.organization_record)
    return conditional(
        request, lambda: JsonResponse(page_of(request, found, records.organization_record)), stamp=data_stamp()
    )


@api_view
def organization_detail(request: HttpRequest, organization_id: str) -> HttpResponse:
    try:
        key = uuid.UUID(organization_id)
    except ValueError:
        raise NotFound("No such record.") from None
    organization = open_organizations().filter(uuid=key).first()
    if organization is None:
        raise NotFound("No such record.")
    full_service = _bool(request, "full_service")

    def payload() -> JsonResponse:
        record = records.organization_record(organization)
        listings = records.open_data_listings().filter(organization=organization)
        record["services"] = [records.service_record(r, full=full_service) for r in listings]
        return JsonResponse(record)

    return conditional(request, payload, stamp=data_stamp())


def _records_listed(request: HttpRequest, found: list[dict]) -> HttpResponse:
    """Records already built as plain dicts (the taxonomies and their terms): one page, or ndjson."""
    if _format(request) == "ndjson":
        return HttpResponse("".join(json.dumps(t) + "\n" for t in found), content_type="application/x-ndjson")
    return JsonResponse(page_of(request, found, lambda item: item))


def _record_by_id(found: list[dict], record_id: str) -> JsonResponse:
    record = next((t for t in found if t["id"] == record_id.lower()), None)
    if record is None:
        raise NotFound("No such record.")
    return JsonResponse(record)


@api_view
def taxonomies(request: HttpRequest) -> HttpResponse:
    found = records.taxonomy_records()
    if search := _one(request, "search").lower():
        found = [t for t in found if search in t["name"].lower() or search in t["description"].lower()]
    return _records_listed(request, found)


@api_view
def taxonomy_detail(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    return _record_by_id(records.taxonomy_records(), taxonomy_id)


@api_view
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    found = records.term_records()
    if taxonomy_id := _one(request, "taxonomy_id"):
        wanted = _uuid(taxonomy_id, "taxonomy_id")
        found = [t for t in found if t["taxonomy_id"] == wanted]
    if parent_id := _one(request, "parent_id"):
        _uuid(parent_id, "parent_id")
        found = []  # our taxonomies are flat: no term has a parent
    _bool(request, "top_only")  # every term is a top term
    if search := _one(request, "search").lower():
        found = [t for t in found if search in t["name"].lower() or search in t["code"]]
    return _records_listed(request, found)


@api_view
def taxonomy_term_detail(request: HttpRequest, term_id: str) -> HttpResponse:
    return _record_by_id(records.term_records(), term_id)


@api_view
def service_at_locations(request: HttpRequest) -> HttpResponseBase:
    full = _bool(request, "full")
    output = _format(request)
    listings = filter_listings(request, records.open_data_listings())
    listings = (
        filter_postcode(request, listings)
        .exclude(service_area__in=[Resource.ServiceArea.NATIONAL, Resource.ServiceArea.ONLINE])
        .exclude(zip_code="", city="")
    )

    def render(resource: Resource) -> dict:
        return records.service_at_location_list_record(resource, full=full)

    if output == "ndjson":
        return stream_ndjson(listings, render)
    return conditional(request, lambda: JsonResponse(page_of(request, listings, render)), stamp=data_stamp())


@api_view
def service_at_location_detail(request: HttpRequest, sal_id: str) -> HttpResponse:
    try:
        key = uuid.UUID(sal_id)
    except ValueError:
        raise NotFound("No such record.") from None
    # A service_at_location id is derived from the listing's location id (records.py), so look it up
    # among listings with a location.
    # among listings with a location (a few microseconds each).
    candidates = Resource.objects.open_data().exclude(zip_code="", city="").values_list("location_uuid", flat=True)
    for location_uuid in candidates.iterator():
        if uuid.uuid5(location_uuid, "service_at_location") == key:
            found = listing_or_404(str(location_uuid), field="location_uuid")
            return JsonResponse(records.service_at_location_list_record(found, full=True))
    raise NotFound("No such record.")


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    from resources.hsds.openapi import openapi_document

    return JsonResponse(openapi_document(request.build_absolute_uri("/api/")))


SCHEMA_FILES = {path.relative_to(SCHEMA_DIR).as_posix() for path in SCHEMA_DIR.rglob("*.json")}


@api_view
def schema_file(request: HttpRequest, name: str) -> HttpResponse:
    if name not in SCHEMA_FILES or name == "openapi.json":
        raise NotFound("No such schema.")
    return HttpResponse((SCHEMA_DIR / name).read_bytes(), content_type="application/schema+json")
