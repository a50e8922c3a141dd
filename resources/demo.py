"""Synthetic sample listings over real US ZIP codes, for development, demos and benchmarks.

Everything made here has ``is_demo=True`` (listings and organizations) and a name ending in
"(sample)"; phone numbers are in the 555-0100..0199 range reserved for fiction and web
addresses are under example.org, so nothing can be mistaken for, or reach, a real service.
Rows are written with ``bulk_create`` (listings and every join table); ``bulk_create`` skips
``save()``, so ``Resource.fill_location()`` is called here for each listing.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache

import zipcodes
from django.db import transaction

from metoo_site.pagecache import bump_now_and_after_commit
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

# The pool of ZIP codes the listings use: small enough that resources.geo.zip_location's cache
# holds it, large enough to cover every state.
ZIP_POOL_SIZE = 3000
BATCH_SIZE = 2000

PLACE_WORDS = [
    "Riverbend", "Cedar Hill", "Lakeshore", "Harbor Light", "Prairie", "Bluewater", "Maplewood", "Sunrise",
    "Open Door", "New Dawn", "Safe Haven", "Willow", "Northstar", "Kindred", "Clearwater", "Stonebridge",
    "Evergreen", "Bright Path", "Heartwood", "Three Rivers", "Morningside", "Valley", "Beacon", "Crossroads",
]  # fmt: skip
SURNAMES = [
    "Alvarez", "Okafor", "Nguyen", "Begay", "Johnson", "Kowalski", "Haddad", "Tanaka", "Morales", "Freeman",
    "Castillo", "Whitehorse", "Patel", "Robinson", "Kim", "Delgado", "Baptiste", "Sullivan", "Yazzie", "Chen",
]  # fmt: skip

# kind: (name pattern, needs, modes, hidden address?)
KINDS: list[tuple[str, list[str], list[str], bool]] = [
    ("{place} Rape Crisis Center", ["crisis-hotline", "counseling", "advocacy"], ["in-person", "phone"], False),
    ("{place} Sexual Assault Center", ["advocacy", "counseling", "information"], ["in-person", "phone"], False),
    ("{place} Survivor Advocacy Program", ["advocacy", "legal"], ["in-person", "phone", "email"], False),
    ("{place} Safe House", ["shelter-housing", "crisis-hotline"], ["in-person", "phone"], True),
    ("{place} Women's Shelter", ["shelter-housing", "advocacy"], ["in-person", "phone"], True),
    ("{place} Legal Aid for Survivors", ["legal", "advocacy"], ["in-person", "phone", "email"], False),
    ("{place} SANE Clinic", ["medical"], ["in-person", "phone"], False),
    ("{place} Counseling Collective", ["counseling", "support-group"], ["in-person", "video", "phone"], False),
    ("{place} Healing Arts Circle", ["healing", "support-group"], ["in-person", "online"], False),
    ("{place} Survivors' Support Group", ["support-group"], ["in-person", "video"], False),
    ("{place} Family Justice Center", ["advocacy", "legal", "financial"], ["in-person", "phone"], False),
    ("{place} Emergency Assistance Fund", ["financial"], ["phone", "email", "online"], False),
]  # fmt: skip
STATEWIDE_KINDS: list[tuple[str, list[str], list[str]]] = [
    ("{state} Coalition Against Sexual Assault", ["information", "advocacy"], ["phone", "email", "online"]),
    ("{state} Sexual Assault Helpline", ["crisis-hotline", "information"], ["phone", "text", "chat"]),
    ("{state} Survivors' Legal Line", ["legal"], ["phone", "email"]),
    ("{state} Crime Victim Compensation Program", ["financial"], ["phone", "online"]),
]  # fmt: skip
NATIONAL_KINDS: list[tuple[str, list[str], list[str]]] = [
    ("{place} National Survivor Textline", ["crisis-hotline"], ["text", "chat"]),
    ("{place} Online Healing Program", ["healing", "information"], ["online", "video"]),
    ("{place} Peer Support Network", ["support-group", "counseling"], ["video", "chat", "phone"]),
]  # fmt: skip
COMMUNITY_WEIGHTS = [
    ("everyone", 40), ("women", 10), ("women-of-color", 5), ("black", 5), ("latinx", 6), ("indigenous", 3),
    ("asian-pacific-islander", 3), ("lgbtq", 6), ("trans-nonbinary", 4), ("men-boys", 3), ("youth", 6),
    ("college-students", 3), ("immigrants", 4), ("disabled", 3), ("deaf-hard-of-hearing", 2),
    ("military-veterans", 2), ("incarcerated", 1),
]  # fmt: skip
OTHER_LANGUAGES = ["zh", "vi", "tl", "ko", "ar", "ru", "fr", "ht", "pt", "so", "hmn", "ase", "nv", "mul"]
COSTS = [(Resource.Cost.FREE, 70), (Resource.Cost.SLIDING_SCALE, 12), (Resource.Cost.INSURANCE, 8),
         (Resource.Cost.PAID, 3), (Resource.Cost.UNKNOWN, 7)]  # fmt: skip


@dataclass
class DemoPlan:
    """One listing and its rows in the join tables, before they are written."""

    resource: Resource
    needs: list[str]
    communities: list[str]
    languages: list[str]
    modes: list[str]
    states: list[str] = field(default_factory=list)
    hours: list[tuple[int, time, time]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _all_standard_zips() -> tuple[dict, ...]:
    return tuple(
        z for z in zipcodes.list_all() if z["zip_code_type"] == "STANDARD" and z["active"] and z["lat"] and z["long"]
    )


def zip_pool(rng: random.Random, size: int = ZIP_POOL_SIZE) -> list[dict]:
    """A random sample of real, active ZIP codes, with at least one per state and territory."""
    zips = _all_standard_zips()
    by_state: dict[str, list[dict]] = {}
    for z in zips:
        by_state.setdefault(z["state"], []).append(z)
    pool = [rng.choice(items) for _, items in sorted(by_state.items())]
    pool += rng.sample(zips, min(size - len(pool), len(zips)))
    return pool


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _hours(rng: random.Random) -> tuple[bool, list[tuple[int, time, time]], str]:
    roll = rng.random()
    if roll < 0.2:
        return True, [], ""
    if roll < 0.55:
        return False, [(d, time(9), time(17)) for d in range(5)], ""
    if roll < 0.75:
        spans = [(d, time(8), time(18)) for d in range(5)] + [(5, time(10), time(14))]
        return False, spans, ""
    if roll < 0.85:
        # An evening line that runs past midnight: closes earlier than it opens.
        return False, [(d, time(18), time(2)) for d in range(7)], ""
    if roll < 0.92:
        spans = [(d, time(9), time(12)) for d in range(5)] + [(d, time(13), time(17)) for d in range(5)]
        return False, spans, "Closed for lunch."
    return False, [], "By appointment."


def _phone(rng: random.Random, area_codes: list[str]) -> str:
    area = rng.choice(area_codes) if area_codes else "555"
    return f"{area}-555-01{rng.randrange(100):02d}"  # 555-0100..0199: reserved for fiction


def _plan(rng: random.Random, index: int, run: str, pool: list[dict], orgs: list[Organization]) -> DemoPlan:
    z = rng.choice(pool)
    roll = rng.random()
    area = (
        Resource.ServiceArea.LOCAL
        if roll < 0.8
        else Resource.ServiceArea.STATEWIDE
        if roll < 0.92
        else Resource.ServiceArea.NATIONAL
        if roll < 0.97
        else Resource.ServiceArea.ONLINE
    )
    place = rng.choice([z["city"].title(), rng.choice(PLACE_WORDS)])
    hidden = False
    if area == Resource.ServiceArea.LOCAL:
        pattern, needs, modes, hidden = rng.choice(KINDS)
    elif area == Resource.ServiceArea.STATEWIDE:
        pattern, needs, modes = rng.choice(STATEWIDE_KINDS)
    else:
        pattern, needs, modes = rng.choice(NATIONAL_KINDS)
    name = pattern.format(place=place, state=z["state"]) + " (sample)"
    is_24_7, hours, hours_notes = _hours(rng)
    communities = sorted({_weighted(rng, COMMUNITY_WEIGHTS) for _ in range(rng.choice([1, 1, 2, 3]))})
    languages = ["en"] + (["es"] if rng.random() < 0.4 else []) + rng.sample(OTHER_LANGUAGES, rng.choice([0, 0, 1, 2]))
    slug = f"sample-{run}-{index}"
    visibility = (
        Resource.AddressVisibility.HIDDEN
        if hidden
        else Resource.AddressVisibility.CITY
        if rng.random() < 0.1
        else Resource.AddressVisibility.FULL
    )
    resource = Resource(
        name=name[:200],
        slug=slug,
        organization=rng.choice(orgs),
        description=f"Sample listing made up for testing the directory. {place} offers "
        + ", ".join(n.replace("-", " ") for n in needs)
        + ".",
        phone=_phone(rng, z.get("area_codes") or []) if "phone" in modes else "",
        text_number=f"555-01{rng.randrange(100):02d}" if "text" in modes else "",
        text_keyword=rng.choice(["HELP", "SAFE", "HOPE", ""]) if "text" in modes else "",
        chat_url=f"https://{slug}.example.org/chat" if "chat" in modes else "",
        website=f"https://{slug}.example.org/",
        email=f"info@{slug}.example.org" if "email" in modes else "",
        cost=_weighted(rng, COSTS),
        is_24_7=is_24_7,
        timezone=z["timezone"] or "America/New_York",
        hours_notes=hours_notes,
        service_area=area,
        service_radius_miles=rng.choice([10, 25, 25, 50, 100]) if area == Resource.ServiceArea.LOCAL else None,
        street=f"{rng.randrange(1, 9999)} {rng.choice(PLACE_WORDS)} {rng.choice(['St', 'Ave', 'Rd', 'Blvd'])}",
        city=z["city"].title(),
        state=z["state"],
        zip_code=z["zip_code"],
        country="US",
        address_visibility=visibility,
        source_url=f"https://{slug}.example.org/about",
        status=Resource.Status.PUBLISHED if rng.random() < 0.95 else Resource.Status.DRAFT,
        is_demo=True,
    )
    resource.fill_location()
    resource.was_published = resource.status == Resource.Status.PUBLISHED  # bulk_create skips save()
    return DemoPlan(
        resource=resource,
        needs=needs,
        communities=communities,
        languages=sorted(set(languages)),
        modes=modes,
        states=[z["state"]] if area == Resource.ServiceArea.STATEWIDE else [],
        hours=hours,
    )


def _organizations(rng: random.Random, count: int) -> list[Organization]:
    orgs = [
        Organization(
            name=f"{rng.choice(SURNAMES)} {rng.choice(['Community Alliance', 'Foundation', 'Center', 'Network'])} "
            f"of {rng.choice(PLACE_WORDS)} (sample)",
            description="A made-up organization for sample listings.",
            is_demo=True,
        )
        for _ in range(count)
    ]
    return Organization.objects.bulk_create(orgs, batch_size=BATCH_SIZE)


def _write(plans: list[DemoPlan], needs: dict[str, int], communities: dict[str, int]) -> None:
    resources = Resource.objects.bulk_create([p.resource for p in plans], batch_size=BATCH_SIZE)
    need_links, community_links, languages, modes, states, hours = [], [], [], [], [], []
    NeedLink, CommunityLink = Resource.needs.through, Resource.communities.through
    for plan, resource in zip(plans, resources, strict=True):
        rid = resource.pk
        need_links += [NeedLink(resource_id=rid, need_id=needs[s]) for s in plan.needs if s in needs]
        community_links += [
            CommunityLink(resource_id=rid, community_id=communities[s]) for s in plan.communities if s in communities
        ]
        languages += [ResourceLanguage(resource_id=rid, code=code) for code in plan.languages]
        modes += [ResourceMode(resource_id=rid, mode=mode) for mode in plan.modes]
        states += [ResourceState(resource_id=rid, state=state) for state in plan.states]
        hours += [OpeningHours(resource_id=rid, weekday=d, opens=o, closes=c) for d, o, c in plan.hours]
    NeedLink.objects.bulk_create(need_links, batch_size=BATCH_SIZE)
    CommunityLink.objects.bulk_create(community_links, batch_size=BATCH_SIZE)
    ResourceLanguage.objects.bulk_create(languages, batch_size=BATCH_SIZE)
    ResourceMode.objects.bulk_create(modes, batch_size=BATCH_SIZE)
    ResourceState.objects.bulk_create(states, batch_size=BATCH_SIZE)
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH_SIZE)


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def demo_resources_generate(*, count: int, seed: int | None = None) -> int:
    """Create ``count`` sample listings (and their organizations); returns how many were made."""
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]  # slugs stay unique even when the same seed runs twice
    pool = zip_pool(rng)
    needs = dict(Need.objects.values_list("slug", "pk"))
    communities = dict(Community.objects.values_list("slug", "pk"))
    with transaction.atomic():
        orgs = _organizations(rng, max(1, count // 5))
    for chunk in _chunks(count, BATCH_SIZE):
        with transaction.atomic():
            _write([_plan(rng, i, run, pool, orgs) for i in chunk], needs, communities)
    bump_now_and_after_commit()  # bulk_create sends no post_save: cached pages must learn of these
    return count


@transaction.atomic
def demo_resources_delete() -> tuple[int, int]:
    """Remove every sample listing and sample organization; real data is never touched."""
    demo = Resource.objects.filter(is_demo=True)
    # Clear the join tables first with single DELETEs, so that deleting the listings has little to collect.
    for model in (
        Resource.needs.through,
        Resource.communities.through,
        ResourceLanguage,
        ResourceMode,
        ResourceState,
        OpeningHours,
    ):
        model.objects.filter(resource__is_demo=True).delete()
    resources = demo.count()
    demo.delete()
    organizations, _ = Organization.objects.filter(is_demo=True, resources__isnull=True).delete()
    return resources, organizations
