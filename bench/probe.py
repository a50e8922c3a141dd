"""The benchmark's look inside one database, run by bench/run.py in a process of its own.

    DATABASE_URL=... .venv/bin/python bench/probe.py COMMAND [ARGS]

Commands (each prints one JSON document):
  prepare COUNT   generate COUNT listings unless this database already holds them from the same
                  generator version; then ANALYZE. Says how long generating took (0 when reused).
  sample          real ZIP codes, listing slugs and search words to build the requests from.
  queries URL...  for each URL: SQL queries and bytes of one uncached render (Django test client
                  with CaptureQueriesContext, page cache off).
  explain URL...  the app's SQL for each URL, the slowest statements explained (PostgreSQL:
                  EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN).
  me-too          the "me too" total.
  hsds COUNT      time an HSDS package of COUNT services through manage.py import_hsds, if both
                  bench/hsds_package.py and the command exist.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

META_TABLE = "bench_meta"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metoo_site.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"  # count what a render costs, not a cache hit
    import django

    django.setup()


def meta() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (name VARCHAR(40) PRIMARY KEY, value TEXT)")
        cursor.execute(f"SELECT name, value FROM {META_TABLE}")  # noqa: S608 (a constant)
        return dict(cursor.fetchall())


def set_meta(values: dict[str, str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"DELETE FROM {META_TABLE} WHERE name = %s", [name])  # noqa: S608
            cursor.execute(f"INSERT INTO {META_TABLE} (name, value) VALUES (%s, %s)", [name, value])  # noqa: S608


def prepare(count: int) -> dict:
    import generate
    from django.db import connection

    from resources.models import Resource

    wanted = {"generator": generate.GENERATOR_VERSION, "count": str(count)}
    have = meta()
    seconds = 0.0
    if {k: have.get(k) for k in wanted} != wanted:
        if Resource.objects.filter(slug__startswith="bench-").exists():
            return {"error": "stale", "have": have}  # bench/run.py recreates the database
        seconds = generate.generate(count)
        set_meta(wanted | {"generate_seconds": f"{seconds:.1f}"})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    published = Resource.objects.published().count()
    return {"generated_seconds": seconds, "reused": seconds == 0.0, "published": published, **meta()}


def sample() -> dict:
    import generate

    from resources.models import Resource

    rng = random.Random(3)
    listings = Resource.objects.published().filter(slug__startswith="bench-")
    zips = sorted(set(listings.exclude(zip_code="").values_list("zip_code", flat=True)[:20000]))
    slugs = list(listings.values_list("slug", flat=True)[:50000])
    return {
        "zips": rng.sample(zips, min(len(zips), 4000)),
        "slugs": rng.sample(slugs, min(len(slugs), 20000)),
        "words": generate.search_words(4000),
    }


def queries(urls: list[str]) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get("/")  # load what every first request loads once per process
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        result[url] = {"status": response.status_code, "queries": len(captured), "bytes": len(response.content)}
    return result


def explain(urls: list[str], top: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get("/")
    result = {}
    for url in urls:
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        plans = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plans.append(explain_one(connection, sql))
        plans.sort(key=lambda plan: -plan["ms"])
        plans = plans[:top]
        total_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        result[url] = {"queries": len(captured), "sql_ms": total_ms, "plans": plans}
    return result


def explain_one(connection, sql: str) -> dict:
    """The plan of one statement and its own execution time (PostgreSQL's, or the best of three runs)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [str(row[0]) for row in cursor.fetchall()]
            ms = next((float(x.split()[-2]) for x in lines if x.startswith("Execution Time:")), 0.0)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            lines = [" | ".join(map(str, row)) for row in cursor.fetchall()]
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                runs.append((time.perf_counter() - started) * 1000)
            ms = min(runs)
    return {"ms": ms, "sql": sql, "plan": "\n".join(lines)}


def me_too() -> dict:
    from stories.models import MeTooDay

    return {"total": MeTooDay.objects.total()}


def hsds(count: int) -> dict:
    from django.core.management import get_commands

    package_script = ROOT / "bench" / "hsds_package.py"
    if not package_script.exists() or "import_hsds" not in get_commands():
        return {"skipped": "bench/hsds_package.py or manage.py import_hsds is not in this tree (yet)"}
    sys.path.insert(0, str(ROOT))
    from bench.hsds_package import write_messy_package

    with tempfile.TemporaryDirectory() as tmp:
        write_messy_package(Path(tmp), services=count)
        started = time.perf_counter()
        imported = subprocess.run(
            [sys.executable, "manage.py", "import_hsds", tmp], cwd=ROOT, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
    if imported.returncode != 0:
        return {"skipped": f"import_hsds failed: {imported.stderr.strip()[-300:]}"}
    return {"services": count, "seconds": seconds}


def main() -> int:
    command, args = sys.argv[1], sys.argv[2:]
    setup_django()
    if command == "prepare":
        out = prepare(int(args[0]))
    elif command == "sample":
        out = sample()
    elif command == "queries":
        out = queries(args)
    elif command == "explain":
        out = explain(args, top=2)
    elif command == "me-too":
        out = me_too()
    elif command == "hsds":
        out = hsds(int(args[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
