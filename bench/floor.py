"""How fast the production server answers: requests per second and p50/p95 latency.

/robots.txt is the floor (a Django view with no template and no database); the pages show
what templates and middleware add. Prints figures only: nothing here passes or fails.

    .venv/bin/python bench/floor.py [--requests 2000] [--concurrency 16] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from harness import manage, production_env, production_server, summary_ms

URLS = ["/robots.txt", "/healthz", "/", "/about/", "/get-help/", "/resources/?q=legal"]


def hammer(base: str, path: str, total: int, concurrency: int) -> tuple[float, list[float], dict[int, int]]:
    """``total`` GETs of ``path`` from ``concurrency`` keep-alive connections."""
    parts = urllib.parse.urlsplit(base)
    hostname = parts.hostname
    assert hostname is not None  # base is the server's http://host:port
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    per_thread = [total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)]

    def worker(count: int) -> None:
        conn = http.client.HTTPConnection(hostname, parts.port, timeout=30)
        mine: list[float] = []
        codes: dict[int, int] = {}
        for _ in range(count):
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            codes[response.status] = codes.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(hostname, parts.port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=worker, args=(count,)) for count in per_thread if count]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="requests per URL")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="default: a throwaway SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = production_env(database_url)
        manage(env, "migrate", "--noinput", "-v", "0")
        with production_server(env, workers=args.workers, threads=args.threads) as base:
            hammer(base, "/", 50, 4)  # warm up every worker
            print(f"{args.requests} requests per URL, {args.concurrency} concurrent keep-alive clients")
            for path in URLS:
                elapsed, latencies, statuses = hammer(base, path, args.requests, args.concurrency)
                codes = ", ".join(f"{code} x{n}" for code, n in sorted(statuses.items()))
                print(f"{path:24} {len(latencies) / elapsed:8.0f} req/s  {summary_ms(latencies)}  [{codes}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
