"""Save full-page PNG screenshots of every public page at phone and desktop widths.

Not a test: a way to look at the site as a visitor does. Pictures go to bench/out/ (ignored by git).

    .venv/bin/python bench/screenshots.py                      # starts its own server (DEBUG off)
    .venv/bin/python bench/screenshots.py --base-url http://127.0.0.1:8000   # e.g. `make run`

With no --base-url it collects the static files, migrates a throwaway SQLite database and serves
the site with `manage.py runserver` on a free local port, with DEBUG off and whitenoise, as
visitors see it. It drives the system Chromium (apt-get install chromium); nothing leaves this
machine (requests to other hosts are blocked).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, find_chromium  # noqa: E402
from tests.public_urls import EMPTY_SITE_PAGES  # noqa: E402

WIDTHS = [360, 1280]
OUT = ROOT / "bench" / "out"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_site():
    """Serve the site from this checkout on a free port, with DEBUG off, until the block ends."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": "screenshots-only-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):  # up to 10 seconds for the server to answer
                try:
                    urllib.request.urlopen(base_url + "/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("The local server did not start.")
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=10)


def file_name(url: str, width: int) -> str:
    slug = url.strip("/").replace("/", "_") or "home"
    return f"{slug}-{width}.png"


def take_screenshots(base_url: str, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("No Chromium found: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 800})
            context.route(
                "**/*",
                lambda route, request: route.continue_() if request.url.startswith(base_url) else route.abort(),
            )
            page = context.new_page()
            for url in pages:
                page.goto(url)
                path = OUT / file_name(url, width)
                page.screenshot(path=path, full_page=True)
                print(f"{path.relative_to(ROOT)}  {page.evaluate('document.documentElement.scrollHeight')} px tall")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running site, e.g. http://127.0.0.1:8000 (default: start one)")
    parser.add_argument("pages", nargs="*", help="paths to shoot (default: every public page)")
    args = parser.parse_args()
    pages = args.pages or EMPTY_SITE_PAGES
    if args.base_url:
        take_screenshots(args.base_url.rstrip("/"), pages)
        return
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        raise SystemExit("No Chromium found: apt-get install chromium")
    with local_site() as base_url:
        take_screenshots(base_url, pages)


if __name__ == "__main__":
    main()
