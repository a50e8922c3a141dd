"""Is a listing open now? Each listing keeps its own IANA time zone and weekly spans.

The database answers ``open_now`` with one condition per distinct time zone (there are only a
few): the local weekday and time are computed here in Python, so the query is plain comparisons
that SQLite and PostgreSQL both run. Holidays are not modelled (the pages say so).
"""

from __future__ import annotations

from datetime import datetime
from datetime import time as clock_time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import F, Q
from django.utils import timezone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def now() -> datetime:
    """The current moment (tests freeze the clock by replacing this function)."""
    return timezone.now()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("America/New_York")


def local_moment(zone_name: str, moment: datetime) -> tuple[int, clock_time]:
    local = moment.astimezone(zone(zone_name))
    return local.weekday(), local.time().replace(tzinfo=None)


def span_covers(weekday: int, opens: clock_time, closes: clock_time, day: int, at: clock_time) -> bool:
    """Whether a span (``closes < opens`` runs past midnight) covers weekday ``day`` at ``at``."""
    if opens < closes:
        return weekday == day and opens <= at < closes
    # Past midnight: the evening part on its own day, the early hours on the next day.
    return (weekday == day and at >= opens) or ((weekday + 1) % 7 == day and at < closes)


def hours_known(resource) -> bool:
    """Whether we know when the listing is open (24/7, or weekly spans); hours already loaded."""
    return resource.is_24_7 or bool(resource.opening_hours.all())


def is_open(resource, moment: datetime | None = None) -> bool:
    """Python twin of ``open_now_q`` for one listing whose hours are already loaded."""
    if resource.is_24_7:
        return True
    day, at = local_moment(resource.timezone, moment or now())
    return any(span_covers(h.weekday, h.opens, h.closes, day, at) for h in resource.opening_hours.all())


def open_now_q(zone_names: list[str], moment: datetime | None = None) -> Q:
    """A condition matching listings open at ``moment`` in their own time zone.

    ``is_24_7 OR pk IN (spans open now) OR no spans at all``: the subquery holds one branch per distinct local time
    (zones such as New York, Detroit and Indiana share one), so the database reads the opening
    hours once (a hashed semi-join) and the query count stays constant.
    """
    from resources.models import OpeningHours

    moment = moment or now()
    zones_by_moment: dict[tuple[int, clock_time], list[str]] = {}
    for zone_name in zone_names:
        zones_by_moment.setdefault(local_moment(zone_name, moment), []).append(zone_name)
    open_spans = Q(pk__in=[])
    for (day, at), names in zones_by_moment.items():
        yesterday = (day - 1) % 7
        open_spans |= Q(resource__timezone__in=names) & (
            # Same-day span: opens <= now < closes.
            Q(weekday=day, opens__lt=F("closes"), opens__lte=at, closes__gt=at)
            # Tonight's past-midnight span that has already opened.
            | Q(weekday=day, closes__lt=F("opens"), opens__lte=at)
            # Yesterday's past-midnight span still running.
            | Q(weekday=yesterday, closes__lt=F("opens"), closes__gt=at)
        )
    spans = OpeningHours.objects.filter(open_spans).values("resource_id")
    # Listings whose hours are not known stay: only those known to be closed now are left out.
    return Q(is_24_7=True) | Q(pk__in=spans) | ~Q(pk__in=OpeningHours.objects.values("resource_id"))


def weekly_hours(resource) -> list[tuple[StrOrPromise, list[str]]]:
    """(day name, ["09:00–17:00", ...]) for the seven days, from already loaded spans; empty when
    the hours are not known (a day without spans is closed only when other days have some)."""
    from resources.models import OpeningHours

    days: list[tuple[StrOrPromise, list[str]]] = []
    spans = list(resource.opening_hours.all())
    if not spans:
        return days
    for value, label in OpeningHours.Weekday.choices:
        times = [f"{h.opens:%H:%M}–{h.closes:%H:%M}" for h in spans if h.weekday == value]
        days.append((label, times))
    return days
