"""US geography, offline: states and territories, ZIP code centres, distances.

ZIP data comes from the ``zipcodes`` package, which ships its data inside it (nothing is
fetched at run time).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

# The list of states is project-wide (stories use it too); it stays importable from here.
from metoo_site.states import STATE_NAMES as STATE_NAMES
from metoo_site.states import US_STATES as US_STATES

EARTH_RADIUS_MILES = 3958.8
# ASCII digits only: ``\d`` also matches full-width and other Unicode digits, on which the
# ``zipcodes`` package panics (a Rust panic, a BaseException that kills the worker).
_ZIP_RE = re.compile(r"^\s*([0-9]{5})(?:-[0-9]{4})?\s*$", re.ASCII)


@dataclass(frozen=True)
class ZipLocation:
    zip_code: str
    latitude: float
    longitude: float
    state: str
    city: str
    timezone: str


def normalize_zip(value: str) -> str | None:
    """``"60601"`` or ``"60601-1234"`` -> ``"60601"``; anything else -> None."""
    match = _ZIP_RE.match(value or "")
    return match.group(1) if match else None


@lru_cache(maxsize=4096)
def zip_location(value: str) -> ZipLocation | None:
    """The centre of a US ZIP code, or None when it is malformed or unknown."""
    code = normalize_zip(value)
    if code is None or not (code.isascii() and code.isdigit()):
        return None
    try:
        matches = zipcodes.matching(code)
    except (TypeError, ValueError):
        return None
    for match in matches:
        try:
            latitude, longitude = float(match["lat"]), float(match["long"])
        except (KeyError, TypeError, ValueError):
            continue
        return ZipLocation(code, latitude, longitude, match.get("state", ""), match.get("city", ""),
                           match.get("timezone") or "")  # fmt: skip
    return None


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that contains the circle of ``miles``."""
    lat_delta = math.degrees(miles / EARTH_RADIUS_MILES)
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    lng_delta = math.degrees(miles / (EARTH_RADIUS_MILES * cos_lat))
    return latitude - lat_delta, latitude + lat_delta, longitude - lng_delta, longitude + lng_delta


def great_circle_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in miles (the same formula the database computes)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def with_distance(queryset, latitude: float, longitude: float, radius_miles: float):
    """Listings within ``radius_miles`` of a point, annotated with ``distance`` (miles).

    A bounding box on the indexed latitude/longitude narrows the rows first (index
    ``resource_status_lat_lng``); the exact great-circle distance (haversine, the same formula as
    ``great_circle_miles``) is then computed in the database, on SQLite and PostgreSQL alike.
    """
    from django.db.models import F, FloatField, Value
    from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, radius_miles)

    def number(value: float) -> Value:
        return Value(float(value), output_field=FloatField())

    half_d_lat = Radians(F("latitude") - number(latitude)) / number(2)
    half_d_lng = Radians(F("longitude") - number(longitude)) / number(2)
    a = Power(Sin(half_d_lat), number(2)) + Cos(number(math.radians(latitude))) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_d_lng), number(2)
    )
    distance = number(2 * EARTH_RADIUS_MILES) * ASin(Least(Sqrt(a), number(1)))
    return (
        queryset.filter(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lng, longitude__lte=max_lng)
        .annotate(distance=distance)
        .filter(distance__lte=radius_miles)
    )
