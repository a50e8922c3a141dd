"""How long visitors and /healthz wait while the database accepts connections and never answers.

Starts the production server (2 workers of 4 threads) in front of a listener that accepts and
stays silent, sends 40 page requests and 5 /healthz probes at once, and prints the waits. Figures
only; tests/security/test_database_outage.py checks the outcomes.

    .venv/bin/python bench/database_hang.py
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import production_env, production_server, summary_ms

VISITORS, PROBES = 40, 5


def timed(url: str) -> tuple[int, float]:
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - start


def main() -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=256)
    held: list[socket.socket] = []

    def accept_forever() -> None:  # accepts and holds every connection, never answers
        for _ in iter(int, 1):
            held.append(listener.accept()[0])

    threading.Thread(target=accept_forever, daemon=True).start()
    env = production_env(f"postgres://postgres@127.0.0.1:{listener.getsockname()[1]}/hangs")
    with production_server(env) as base, ThreadPoolExecutor(VISITORS + PROBES) as pool:
        pages = [pool.submit(timed, base + "/") for _ in range(VISITORS)]
        probes = [pool.submit(timed, base + "/healthz") for _ in range(PROBES)]
        page_results = [page.result() for page in pages]
        probe_results = [probe.result() for probe in probes]
    for label, results in ((f"{VISITORS} visitors", page_results), (f"{PROBES} /healthz", probe_results)):
        statuses = sorted({status for status, _ in results})
        print(f"{label}: statuses {statuses}, wait {summary_ms([wait for _, wait in results])}")
    print(f"connection attempts the database received: {len(held)}")


if __name__ == "__main__":
    main()
