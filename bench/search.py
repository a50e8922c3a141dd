"""Benchmark /resources/ on PostgreSQL with N generated listings.

    .venv/bin/python bench/search.py 10000 [--requests 40] [--keep]

Creates its own database ``metoo_bench_search`` (dropped at the end unless --keep) on the server
of $BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/), migrates it, bulk-inserts N
simple generated listings (a plain generator of its own, all marked is_demo), then times typical
searches through Django's test client and prints p50/p95 per query type and the query count.
Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "metoo_bench_search"


def server_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")


def admin_execute(sql: str) -> None:
    import psycopg

    parts = urlsplit(server_url())
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def setup_django() -> None:
    parts = urlsplit(server_url())
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + DB_NAME))
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ["DJANGO_DEBUG"] = "False"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"  # time the search, not a page cache hit
    os.environ["DJANGO_SETTINGS_MODULE"] = "metoo_site.settings"
    import django

    django.setup()


def all_zips() -> list[dict]:
    import zipcodes

    return [z for z in zipcodes.list_all() if z.get("lat") and z.get("long") and z.get("zip_code_type") == "STANDARD"]


def fill(count: int, seed: int = 1) -> list[str]:
    """Bulk-insert ``count`` listings; returns the ZIP codes used for local ones."""
    from resources.models import (
        Community,
        Need,
        OpeningHours,
        Resource,
        ResourceLanguage,
        ResourceMode,
        ResourceState,
    )

    rng = random.Random(seed)
    zips = all_zips()
    needs, communities = list(Need.objects.all()), list(Community.objects.all())
    words = ["Harbor", "Beacon", "Meadow", "Cedar", "Willow", "Summit", "River", "Hope", "Bridge", "Haven"]
    kinds = ["Counseling Center", "Legal Clinic", "Support Group", "Advocacy Program", "Health Services",
             "Healing Arts", "Crisis Line", "Safe House"]  # fmt: skip
    states = [code for code, _name in __import__("resources.geo", fromlist=["US_STATES"]).US_STATES]
    used_zips: list[str] = []
    batch = 2000
    for start in range(0, count, batch):
        rows = []
        for number in range(start, min(count, start + batch)):
            roll = rng.random()
            # Like a real directory: mostly local services, a few statewide and very few national lines.
            area = "local" if roll < 0.97 else "statewide" if roll < 0.995 else "national" if roll < 0.998 else "online"
            place = rng.choice(zips)
            listing = Resource(
                name=f"{rng.choice(words)} {rng.choice(kinds)} {number}",
                slug=f"bench-{number}",
                description="Confidential support for survivors, their families and friends.",
                status=Resource.Status.PUBLISHED,
                is_demo=True,
                service_area=area,
                phone=f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                cost=rng.choice(["free", "free", "sliding", "insurance", "unknown"]),
                is_24_7=rng.random() < 0.15,
                timezone=place.get("timezone") or "America/New_York",
            )
            if area == "local":
                listing.zip_code, listing.city, listing.state = place["zip_code"], place["city"], place["state"]
                listing.latitude, listing.longitude = float(place["lat"]), float(place["long"])
                used_zips.append(place["zip_code"])
            rows.append(listing)
        created = Resource.objects.bulk_create(rows)
        need_links, community_links, languages, modes, served, spans = [], [], [], [], [], []
        for listing in created:
            for need in rng.sample(needs, rng.randint(1, 3)):
                need_links.append(Resource.needs.through(resource_id=listing.pk, need_id=need.pk))
            for community in rng.sample(communities, rng.randint(1, 2)):
                community_links.append(Resource.communities.through(resource_id=listing.pk, community_id=community.pk))
            for code in {"en", rng.choice(["es", "es", "zh", "vi", "ase", "ko"])}:
                languages.append(ResourceLanguage(resource_id=listing.pk, code=code))
            for mode in rng.sample(["in-person", "phone", "text", "chat", "video", "email", "online"], 2):
                modes.append(ResourceMode(resource_id=listing.pk, mode=mode))
            if listing.service_area == "statewide":
                served.append(ResourceState(resource_id=listing.pk, state=rng.choice(states)))
            if not listing.is_24_7:
                for day in range(5):
                    spans.append(OpeningHours(resource_id=listing.pk, weekday=day, opens=clock(9), closes=clock(17)))
        Resource.needs.through.objects.bulk_create(need_links)
        Resource.communities.through.objects.bulk_create(community_links)
        ResourceLanguage.objects.bulk_create(languages)
        ResourceMode.objects.bulk_create(modes)
        ResourceState.objects.bulk_create(served)
        OpeningHours.objects.bulk_create(spans)
    return used_zips


def measure(label: str, urls: list[str]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(urls[0])  # warm up
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(urls[-1])
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"{label:<28} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   queries {len(queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    admin_execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin_execute(f"CREATE DATABASE {DB_NAME}")
    try:
        setup_django()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        used_zips = fill(args.count)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{args.count} listings inserted in {time.perf_counter() - started:.1f} s (triggers included)")
        rng = random.Random(2)
        n = args.requests
        words = ["legal", "counseling", "support group", "harbor clinic", "councelling", "refugio", "youth"]
        needs = ["legal", "counseling", "medical", "shelter-housing", "advocacy"]
        communities = ["women", "youth", "lgbtq", "black", "latinx"]
        measure("q", [f"/resources/?q={rng.choice(words)}" for _ in range(n)])
        # Two words of every listing's text and of no name: the look-up of a typed name finds none.
        measure("q, two words in every text", ["/resources/?q=confidential+survivors" for _ in range(n)])
        measure("near+radius", [f"/resources/?near={rng.choice(used_zips)}&radius=25" for _ in range(n)])
        measure("need+community", [f"/resources/?need={rng.choice(needs)}&community={rng.choice(communities)}"
                                   for _ in range(n)])  # fmt: skip
        measure("open_now", ["/resources/?open_now=1" for _ in range(n)])
        measure("near+need+open_now+q", [f"/resources/?near={rng.choice(used_zips)}&radius=50&need=legal"
                                         f"&open_now=1&q=legal" for _ in range(n)])  # fmt: skip
        measure("listing page", [f"/resources/bench-{rng.randrange(args.count)}/" for _ in range(n)])
        connection.close()
    finally:
        if not args.keep:
            admin_execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
