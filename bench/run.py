"""`make bench`: the production server under load, on PostgreSQL and on SQLite, in one table each.

    .venv/bin/python bench/run.py [--short] [--listings 100000] [--seconds 20]
                                  [--database-url postgres://postgres@127.0.0.1:5432/metoo_bench]
                                  [--sqlite-path bench/.data/metoo_bench.sqlite3] [--only postgresql|sqlite]
                                  [--redis-url redis://127.0.0.1:6379/0]

For each database: create it if missing (PostgreSQL) and migrate; generate the listings once
(bench/generate.py; kept between runs while the generator version and count match); start
gunicorn as `make serve` does (DEBUG off, workers = cores, no access log) with the "me too" rate
limit raised; then drive every row with wrk (Debian's, with a Lua script per row; installed with
apt-get if missing) for the same duration, 16 connections. Prints, per row: requests/s, p50, p95
and p99, the share of the floor (/robots.txt) in the same run, SQL queries of one uncached render,
bytes per response and errors; then EXPLAIN (ANALYZE, BUFFERS) of the text, ZIP and open-now
searches, the time to generate the listings and to import an HSDS package. Figures only: nothing
here passes or fails except the "me too" count, which must match the presses accepted.

"Repeated" rows send one URL again and again (everyone opening one shared link: the page cache
answers); "varied" rows send a different URL every time (no cache helps).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from harness import ROOT, production_env, production_server

WRK = "wrk"
CONNECTIONS = 16
WRK_THREADS = 2
NEEDS = ["counseling", "legal", "medical", "advocacy", "shelter-housing", "crisis-hotline", "support-group",
         "financial", "healing", "information"]  # fmt: skip
COMMUNITIES = ["everyone", "women", "latinx", "black", "lgbtq", "youth", "immigrants", "indigenous", "disabled",
               "trans-nonbinary", "men-boys", "asian-pacific-islander"]  # fmt: skip
LANGUAGES = ["es", "zh", "vi", "ko", "ar", "ru", "fr", "ht", "pt", "ase", "tl"]
RADII = [10, 25, 50, 100]
ME_TOO = "/stories/me-too/"
EXPLAINED = {
    "text search": "/resources/?q=counseling",
    "ZIP + need search": "/resources/?near=60601&radius=50&need=legal",
    "community + language + open now": "/resources/?community=latinx&language=es&open_now=1",
}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/metoo_bench"
DEFAULT_SQLITE = ROOT / "bench" / ".data" / "metoo_bench.sqlite3"


@dataclass
class Row:
    name: str
    paths: list[str]
    post: bool = False
    result: dict = field(default_factory=dict)
    queries: float | None = None
    note: str = ""


# --- wrk ------------------------------------------------------------------------------------------

LUA = """
paths = {PATHS}
counter = 0
id = 0
accepted = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + id * 7919)
end

local alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
local function token()
  local t = {}
  for i = 1, 32 do
    local n = math.random(1, #alphabet)
    t[i] = alphabet:sub(n, n)
  end
  return table.concat(t)
end

function request()
  counter = counter + 1
  local path = paths[((counter * {THREADS} + id) % #paths) + 1]
  if {POST} then
    -- A new visitor each time: no session, only the CSRF pair a browser gets from the page's form.
    local secret = token()
    return wrk.format("POST", path, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. secret,
    }, "next=stories&csrfmiddlewaretoken=" .. secret)
  end
  return wrk.format("GET", path)
end

{RESPONSE}

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("accepted") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "accepted": %d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, total))
end
"""
COUNT_ACCEPTED = """
function response(status, headers, body)
  if status == 302 then accepted = accepted + 1 end
end
"""


def ensure_wrk() -> None:
    if shutil.which(WRK):
        return
    print("wrk is missing: installing Debian's package (apt-get install wrk)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    quiet = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, env=quiet)


def lua_script(row: Row) -> str:
    quoted = ",\n".join(json.dumps(p) for p in row.paths)  # JSON strings are valid Lua strings here
    return (
        LUA.replace("{PATHS}", "{\n" + quoted + "\n}")
        .replace("{THREADS}", str(WRK_THREADS))
        .replace("{POST}", "true" if row.post else "false")
        .replace("{RESPONSE}", COUNT_ACCEPTED if row.post else "")
    )


def run_wrk(base: str, row: Row, seconds: float, *, during: Callable[[], Any] | None = None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(row))
    command = [WRK, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
               "-s", script.name, base]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if during:
        during()
    output, _ = process.communicate()
    os.unlink(script.name)
    line = next((x for x in output.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk said:\n{output}")
    result = json.loads(line.removeprefix("WRKJSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


# --- the rows -------------------------------------------------------------------------------------


def unique(candidates, count: int) -> list[str]:
    seen: dict[str, None] = {}
    for candidate in candidates:
        seen.setdefault(candidate, None)
        if len(seen) >= count:
            break
    return list(seen)


def build_rows(sample: dict, varied: int) -> list[Row]:
    import random

    rng = random.Random(5)
    words, zips, slugs = sample["words"], sample["zips"], sample["slugs"]

    def texts():
        while True:
            q = rng.choice(words) if rng.random() < 0.6 else f"{rng.choice(words)} {rng.choice(words)}"
            page = f"&page={rng.randint(2, 3)}" if rng.random() < 0.1 else ""
            yield f"/resources/?q={urllib.parse.quote_plus(q)}{page}"

    def near():
        while True:
            yield f"/resources/?near={rng.choice(zips)}&radius={rng.choice(RADII)}&need={rng.choice(NEEDS)}"

    def open_now():
        while True:
            region = rng.choice(["CA", "TX", "NY", "IL", "FL", "WA"])
            extra = rng.choice(
                ["", f"&need={rng.choice(NEEDS)}", "&free=1", f"&region={region}", f"&near={rng.choice(zips)}"]
            )
            yield f"/resources/?community={rng.choice(COMMUNITIES)}&language={rng.choice(LANGUAGES)}&open_now=1{extra}"

    return [
        Row("floor: /robots.txt", ["/robots.txt"]),
        Row("/", ["/"]),
        Row("/get-help/", ["/get-help/"]),
        Row("text search, repeated", [EXPLAINED["text search"]]),
        Row("text search, varied", unique(texts(), varied)),
        Row("ZIP + need, repeated", [EXPLAINED["ZIP + need search"]]),
        Row("ZIP + need, varied", unique(near(), varied)),
        Row("community+language+open now, repeated", [EXPLAINED["community + language + open now"]]),
        Row("community+language+open now, varied", unique(open_now(), varied)),
        Row("listing page, varied", [f"/resources/{slug}/" for slug in slugs]),
        Row("/stories/", ["/stories/"]),
        Row("/api/services page", ["/api/services?page=2"]),
        Row('"me too" press (new visitor each)', [ME_TOO], post=True),
    ]


# --- one database ---------------------------------------------------------------------------------


def probe(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run([sys.executable, "bench/probe.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench/probe.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_postgres(database_url: str, *, recreate: bool) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and recreate:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if recreate or not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(vendor: str, database_url: str, sqlite_path: Path, listings: int) -> tuple[dict, dict]:
    env = production_env(database_url, DJANGO_LOG_LEVEL="WARNING")
    for attempt in range(2):
        if vendor == "postgresql":
            ensure_postgres(database_url, recreate=attempt == 1)
        elif attempt == 1:
            sqlite_path.unlink(missing_ok=True)
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        print(f"{vendor}: listings (generating {listings:,} unless kept from an earlier run) ...", flush=True)
        prepared = probe(env, "prepare", str(listings))
        if "error" not in prepared:
            return env, prepared
        print(f"{vendor}: generated by another generator version or count; starting over", flush=True)
    raise RuntimeError("could not prepare the database")


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def gunicorn_master(base: str) -> int | None:
    port = urllib.parse.urlsplit(base).port
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "gunicorn" in text and f"127.0.0.1:{port}" in text:
            pid = int(cmdline.parent.name)
            if worker_pids(pid):
                return pid
    return None


def wait_until_idle(vendor: str, database_url: str, base: str, limit: float = 120.0) -> None:
    """Let the requests of the last row finish (a request wrk gave up on keeps its thread and the
    database busy), so that each row starts on a quiet server: the floor answers quickly three
    times in a row and (PostgreSQL) no query of this database is running."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + "/robots.txt", timeout=limit).read()
        quick = quick + 1 if time.perf_counter() - started < 0.1 else 0
        time.sleep(0.2)
    if vendor != "postgresql":
        return
    import psycopg

    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url.split("?")[0], autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                "AND pid <> pg_backend_pid()",
                [name],
            ).fetchone()
            busy = cast(tuple[Any, ...], row)[0]  # count(*) always returns one row
            if not busy:
                return
            time.sleep(0.5)


def bench_database(vendor: str, args: argparse.Namespace, database_url: str) -> dict:
    started = time.perf_counter()
    env, prepared = prepare_database(vendor, database_url, args.sqlite_path, args.listings)
    sample = probe(env, "sample")
    rows = build_rows(sample, varied=args.varied)
    extra = {"DJANGO_RATELIMITS": "me-too=1000000000/60"}
    if args.redis_url:
        extra["REDIS_URL"] = args.redis_url
    server_env = env | extra
    if vendor == "postgresql":
        # As in production (docs/deployment.md): a search that takes longer than 10 s is stopped and
        # answered with the 503 page, instead of running on after its visitor has gone.
        server_env["DATABASE_URL"] = database_url + "?options=-c%20statement_timeout%3D10000"
    workers = os.cpu_count() or 2
    report: dict = {"vendor": vendor, "prepared": prepared, "rows": rows, "notes": []}
    with production_server(server_env, workers=workers, threads=int(os.environ.get("GUNICORN_THREADS", "4"))) as base:
        for path in ["/", "/resources/?q=warm", "/resources/?near=10001", "/stories/"] * workers * 2:
            urllib.request.urlopen(base + path, timeout=60).read()
        for row in rows:
            wait_until_idle(vendor, database_url, base)
            if row.name.startswith("/api/"):
                try:
                    urllib.request.urlopen(base + row.paths[0], timeout=30).read()
                except urllib.error.HTTPError as error:
                    if error.code == 404:
                        row.note = "skipped: /api/services answers 404 (the open-data API is not in this tree yet)"
                        continue
            if row.post:
                before = probe(env, "me-too")["total"]
                killed: list[int] = []

                def kill_a_worker(seconds: float = args.seconds, killed: list[int] = killed) -> None:
                    time.sleep(seconds / 2)
                    master = gunicorn_master(base)
                    pids = worker_pids(master) if master else []
                    if pids:
                        os.kill(pids[0], signal.SIGKILL)
                        killed.append(pids[0])

                row.result = run_wrk(base, row, args.seconds, during=kill_a_worker)
                after = probe(env, "me-too")["total"]
                stored, accepted = after - before, row.result["accepted"]
                # wrk stops at its deadline without reading the answers still in flight (one per
                # connection at most), and the killed worker's answers are cut (socket errors):
                # those presses may be counted without wrk seeing their 302.
                unseen_bound = CONNECTIONS + row.result["errors"]
                exact = accepted <= stored <= accepted + unseen_bound
                row.note = (
                    f"count +{stored:,} for {accepted:,} answers of 302 seen; worker "
                    f"{killed[0] if killed else '(none found)'} killed with SIGKILL half-way; "
                    + (
                        f"nothing lost ({stored - accepted} counted whose answer wrk never read: in flight at "
                        f"the deadline or cut by the kill, at most {unseen_bound})"
                        if exact
                        else f"MISMATCH: {accepted - stored} accepted presses are not in the count"
                        if stored < accepted
                        else f"MISMATCH: {stored - accepted - unseen_bound} more counted than could be in flight"
                    )
                )
                report["me_too_exact"] = exact
                time.sleep(2)  # let gunicorn replace the worker before the next row
            else:
                row.result = run_wrk(base, row, args.seconds)
            print(f"  {vendor}: {row.name}: {row.result['rps']:.0f} req/s", flush=True)
    probed = [row.paths[0] for row in rows if row.result and not row.post] + [
        p for row in rows if row.result and len(row.paths) > 1 for p in row.paths[1:4]
    ]
    counted = probe(env, "queries", *probed)
    for row in rows:
        if row.result and not row.post:
            sampled = [counted[p]["queries"] for p in [row.paths[0], *row.paths[1:4]] if p in counted]
            row.queries = sum(sampled) / len(sampled)
    report["explain"] = probe(env, "explain", *EXPLAINED.values())
    report["hsds"] = probe(env, "hsds", str(args.hsds_services))
    report["seconds"] = time.perf_counter() - started
    report["workers"] = workers
    return report


# --- printing -------------------------------------------------------------------------------------


def table(report: dict) -> str:
    rows = report["rows"]
    floor = rows[0].result["rps"] if rows[0].result else 0
    lines = [
        "| row | requests/s | p50 ms | p95 ms | p99 ms | share of floor | queries | bytes | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r = row.result
        if not r:
            lines.append(f"| {row.name} | – | – | – | – | – | – | – | {row.note} |")
            continue
        if not r["requests"]:
            lines.append(f"| {row.name} | 0 | – | – | – | 0% | {row.queries or 0:.1f} | – | {r['errors']} |")
            continue
        queries = "–" if row.queries is None else f"{row.queries:.1f}"
        lines.append(
            f"| {row.name} | {r['rps']:,.0f} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} "
            f"| {100 * r['rps'] / floor:.1f}% | {queries} | {r['bytes'] / max(1, r['requests']):,.0f} | {r['errors']} |"
        )
    notes = [f"- {row.name}: {row.note}" for row in rows if row.note]
    return "\n".join([*lines, "", *notes])


def explain_text(report: dict) -> str:
    out = []
    for label, url in EXPLAINED.items():
        found = report["explain"].get(url, {})
        sql_ms = found.get("sql_ms", 0)
        out.append(f"### {label}: `{url}` ({found.get('queries', '?')} queries, {sql_ms:.1f} ms of SQL)")
        for plan in found.get("plans", []):
            sql = textwrap.shorten(plan["sql"], 600)
            out.append(f"\nSlowest statement ({plan['ms']:.1f} ms to execute):\n```sql\n{sql}\n```")
            lines = [line if len(line) <= 240 else line[:237] + "..." for line in plan["plan"].splitlines()]
            out.append("```\n" + "\n".join(lines) + "\n```")
    return "\n".join(out)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next((line.split()[1] for line in meminfo if line.startswith("MemTotal")), "0")
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024 // 1024} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average before the run {load[0]:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="every row briefly (3 s each)")
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per row (default 20; 3 with --short)")
    parser.add_argument("--varied", type=int, default=20_000, help="different URLs per varied row")
    parser.add_argument("--hsds-services", type=int, default=3000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="created if missing, kept for next time")
    parser.add_argument("--sqlite-path", type=Path, default=DEFAULT_SQLITE)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--redis-url", default="", help="run the servers with this REDIS_URL (default: local memory)")
    args = parser.parse_args()
    if args.short:
        args.seconds = 3.0
    ensure_wrk()
    print(f"machine: {machine()}", flush=True)
    started = time.perf_counter()
    reports = []
    if args.only != "sqlite":
        reports.append(bench_database("postgresql", args, args.database_url))
    if args.only != "postgresql":
        reports.append(bench_database("sqlite", args, f"sqlite:///{args.sqlite_path.resolve()}"))
    ok = True
    for report in reports:
        prepared = report["prepared"]
        label = f"{args.seconds:.0f} s per row"
        if args.short:
            label = "SHORT RUN (--short, 3 s per row): rough figures only"
        print(f"\n## {report['vendor']}: {prepared['published']:,} published listings; {label}")
        print(
            f"gunicorn {report['workers']} workers x {os.environ.get('GUNICORN_THREADS', '4')} threads, DEBUG off, "
            f"{'REDIS_URL ' + args.redis_url if args.redis_url else 'local-memory cache'}; "
            f"wrk {WRK_THREADS} threads, {CONNECTIONS} connections; queries = one uncached render\n"
        )
        print(table(report))
        generated = prepared.get("generate_seconds", "?")
        print(
            f"\nGenerating {args.listings:,} listings took {generated} s"
            + (" (kept from an earlier run)" if prepared.get("reused") else "")
        )
        hsds = report["hsds"]
        print(
            f"HSDS import: {hsds['services']:,} services in {hsds['seconds']:.1f} s"
            if "seconds" in hsds
            else f"HSDS import: {hsds['skipped']}"
        )
        print(f"\n{explain_text(report)}\n")
        ok = ok and report.get("me_too_exact", True)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
