"""Time ``generate_demo_resources`` on a fresh database: prints seconds for each size, then for --delete.

    .venv/bin/python bench/demo_generation.py 10000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/metoo_bench .venv/bin/python bench/demo_generation.py 10000

With no DATABASE_URL a throwaway SQLite file is used. Otherwise the named database is migrated
and its sample listings (only those) are deleted before and after each size.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(sizes: list[int]) -> None:
    env = {**os.environ, "DJANGO_DEBUG": "True"}
    with tempfile.TemporaryDirectory() as tmp:
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        vendor = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "generate_demo_resources", "--delete")
        for size in sizes:
            seconds = manage(env, "generate_demo_resources", str(size), "--seed", "1")
            print(f"{vendor}: {size:>7,} sample listings created in {seconds:6.1f} s ({size / seconds:,.0f}/s)")
            seconds = manage(env, "generate_demo_resources", "--delete")
            print(f"{vendor}: {size:>7,} sample listings deleted in {seconds:6.1f} s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000])
