"""A place typed into the search words: a ZIP code, a full state name, or a city.

Read conservatively, because a wrong guess hides help: a five-digit ZIP code; a state or territory
by its full name in English or Spanish (never by its two-letter code alone: "in", "me", "la" and
"de" are words); a city only when it is not an everyday word ("Hope", "Mobile" are) and, where
several states have a city of that name, only with its state ("Springfield IL", "Columbus, Ohio").
Offline, from the ``zipcodes`` package.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import zipcodes
from django.utils import translation

from resources.geo import STATE_NAMES, US_STATES, ZipLocation, great_circle_miles, zip_location
from resources.words import plain, tokens

# City names that are also everyday words: never a place unless a state follows them.
EVERYDAY_WORDS: frozenset[str] = frozenset(
    """
    hope mobile orange union justice liberty independence victoria friendship paradise commerce
    opportunity eureka harmony unity peace faith grace joy trust chance success protection welcome
    freedom safety comfort why energy progress reform security equality chicken help home safe life love
    mercy refuge shelter haven sanctuary lawyer law
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Other names people use for a city that ZIP data spells differently.
CITY_ALIASES: dict[str, tuple[str, str]] = {
    "nyc": ("new york", "NY"),
    "new york city": ("new york", "NY"),
    "la": ("los angeles", "CA"),
    "sf": ("san francisco", "CA"),
    "dc": ("washington", "DC"),
    "washington dc": ("washington", "DC"),
    "philly": ("philadelphia", "PA"),
}
# Aliases that are also Spanish words ("me violaron en la fiesta"): a place only as the last word
# ("therapist in LA"), where the article never stands.
LAST_WORD_ALIASES = frozenset({"la"})
# A city alone is taken when one state holds this many of its ZIP codes, and this share of them.
DOMINANT_ZIPS = 20
DOMINANT_SHARE = 0.75
LONGEST_NAME = 4  # words


@dataclass(frozen=True)
class Place:
    """What the words said about where: a point (ZIP code or city) or a whole state."""

    label: str
    location: ZipLocation | None = None
    region: str = ""
    words: tuple[str, ...] = ()  # the words that named the place, taken out of the text


@lru_cache(maxsize=1)
def _state_names() -> dict[str, str]:
    """{plain full name: code}, in English and in Spanish."""
    names: dict[str, str] = {}
    for code, name in US_STATES:
        with translation.override("en"):
            names[" ".join(tokens(str(name)))] = code
        with translation.override("es"):
            names[" ".join(tokens(str(name)))] = code
    names.pop("", None)
    return names


@dataclass(frozen=True)
class _City:
    name: str
    state: str
    latitude: float
    longitude: float
    zip_code: str
    timezone: str
    zip_count: int


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, _City]]:
    """{plain city name: {state: city centre}} from every standard ZIP code."""
    points: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for entry in zipcodes.list_all():
        if entry.get("zip_code_type") != "STANDARD" or not entry.get("lat") or not entry.get("long"):
            continue
        if entry.get("state") not in STATE_NAMES:
            continue
        points[(" ".join(tokens(entry["city"])), entry["state"])].append(entry)
    cities: dict[str, dict[str, _City]] = defaultdict(dict)
    for (name, state), entries in points.items():
        latitude = sum(float(e["lat"]) for e in entries) / len(entries)
        longitude = sum(float(e["long"]) for e in entries) / len(entries)
        centre = min(entries, key=lambda e: great_circle_miles(latitude, longitude, float(e["lat"]), float(e["long"])))
        cities[name][state] = _City(
            name=entries[0]["city"].title(), state=state, latitude=latitude, longitude=longitude,
            zip_code=centre["zip_code"], timezone=centre.get("timezone") or "", zip_count=len(entries),
        )  # fmt: skip
    return dict(cities)


def _city_place(city: _City, words: tuple[str, ...]) -> Place:
    location = ZipLocation(city.zip_code, city.latitude, city.longitude, city.state, city.name, city.timezone)
    return Place(label=f"{city.name}, {city.state}", location=location, words=words)


def _dominant(by_state: dict[str, _City]) -> _City | None:
    total = sum(city.zip_count for city in by_state.values())
    best = max(by_state.values(), key=lambda city: city.zip_count)
    if best.zip_count >= DOMINANT_ZIPS and best.zip_count >= DOMINANT_SHARE * total:
        return best
    return None


def _state_at(words: list[str], start: int) -> tuple[str, int] | None:
    """A state named at ``words[start:]`` (full name, or its code right after a city): (code, length)."""
    names = _state_names()
    for length in range(LONGEST_NAME, 0, -1):
        phrase = " ".join(words[start : start + length])
        if len(words) - start >= length and phrase in names:
            return names[phrase], length
    return None


def find_place(text: str) -> Place | None:
    """The first place the words name, or None. ``Place.words`` are the words to take out."""
    words = tokens(text)
    for word in words:
        if len(word) == 5 and word.isdigit():
            found = zip_location(word)
            if found is not None and found.state in STATE_NAMES:
                return Place(label=word, location=found, words=(word,))
    cities = _cities()
    states = _state_names()
    for start in range(len(words)):
        for length in range(LONGEST_NAME, 0, -1):
            if start + length > len(words):
                continue
            phrase = " ".join(words[start : start + length])
            if phrase in LAST_WORD_ALIASES and start + length != len(words):
                continue
            name, alias_state = CITY_ALIASES.get(phrase, (phrase, ""))
            by_state = cities.get(name)
            if not by_state:
                continue
            taken = tuple(words[start : start + length])
            after = start + length
            code = words[after].upper() if after < len(words) else ""
            if code in by_state and len(code) == 2:
                return _city_place(by_state[code], (*taken, words[after]))
            named = _state_at(words, after)
            if named and named[0] in by_state:
                return _city_place(by_state[named[0]], (*taken, *words[after : after + named[1]]))
            if alias_state and alias_state in by_state:
                return _city_place(by_state[alias_state], taken)
            if phrase in states or phrase in EVERYDAY_WORDS or (length == 1 and len(phrase) < 4):
                continue
            dominant = _dominant(by_state)
            if dominant is not None:
                return _city_place(dominant, taken)
        named = _state_at(words, start)
        if named:
            code, length = named
            return Place(label=str(STATE_NAMES[code]), region=code, words=tuple(words[start : start + length]))
    return None


def without_place(text: str, place: Place) -> str:
    """The words of ``text`` with the place's words taken out once."""
    remaining = tokens(text)
    for word in place.words:
        if word in remaining:
            remaining.remove(word)
    return " ".join(remaining)


def is_everyday(word: str) -> bool:
    return plain(word) in EVERYDAY_WORDS
