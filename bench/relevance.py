"""Relevance of /resources/ on the real listings, per database: success@1, success@3 and MRR.

    .venv/bin/python bench/relevance.py [--database-url postgres://postgres@127.0.0.1:5432/]

For SQLite (a throwaway file) and PostgreSQL (a throwaway database), migrates, loads the listings
that `make run` loads, runs every query of tests/resources/relevance_queries.py through Django's
test client, and prints one row per database. success@1: the first result is one the query
expects; success@3: every listing it expects is among the first three (what the test suite
requires); MRR: the mean of 1 / the position of the first expected listing (0 when none shows).
Figures only: nothing passes or fails here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import manage, postgres_database, production_env  # noqa: E402

LOADERS = ["load_listings"]  # what `make run` loads (the Makefile's `data` target)


def measure() -> dict[str, Any]:
    """Runs inside a process whose environment names the database (settings read it once)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metoo_site.settings")
    django.setup()
    from django.db import connection
    from django.test import Client

    from tests.resources.relevance_queries import QUERIES
    from tests.resources.test_relevance import reading_order

    client = Client()
    hits1 = hits3 = 0
    reciprocal = 0.0
    misses = []
    for url, expected in QUERIES:
        order = reading_order(client.get(url).content.decode())
        positions = sorted(order.index(slug) + 1 for slug in expected if slug in order)
        all_in_three = len(positions) == len(expected) and positions[-1] <= 3
        hits1 += bool(positions) and positions[0] == 1
        hits3 += all_in_three
        reciprocal += 1 / positions[0] if positions else 0.0
        if not all_in_three:
            misses.append(url)
    n = len(QUERIES)
    return {
        "vendor": connection.vendor,
        "queries": n,
        "success@1": 100 * hits1 / n,
        "success@3": 100 * hits3 / n,
        "mrr": reciprocal / n,
        "misses": misses,
    }


def run_for(database_url: str) -> dict:
    env = production_env(database_url, DJANGO_ALLOWED_HOSTS="testserver")
    manage(env, "migrate", "--noinput", "-v", "0")
    for loader in LOADERS:
        manage(env, loader, "-v", "0")
    output = subprocess.run(
        [sys.executable, __file__, "--measure"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows.append(run_for(f"sqlite:///{Path(folder) / 'relevance.sqlite3'}"))
    with postgres_database(args.database_url, "metoo_bench_relevance") as url:
        rows.append(run_for(url))
    print(f"\n{'database':<12}{'queries':>8}{'success@1':>11}{'success@3':>11}{'MRR':>7}")
    for row in rows:
        print(
            f"{row['vendor']:<12}{row['queries']:>8}{row['success@1']:>10.1f}%{row['success@3']:>10.1f}%{row['mrr']:>7.3f}"
        )
    for row in rows:
        for url in row["misses"]:
            print(f"  {row['vendor']}: not in the first three: {url}")


if __name__ == "__main__":
    main()
