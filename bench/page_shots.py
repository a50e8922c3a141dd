"""Full-page screenshots of the main public pages at phone and desktop widths (for a person to look at).

    .venv/bin/python bench/page_shots.py http://127.0.0.1:8000   # a running `make run` (JavaScript off)

Writes bench/out/<name>-<width>.png and prints each page's weight (HTML + the CSS and JS it
references, uncompressed). Drives the system Chromium; never downloads a browser.
"""

from __future__ import annotations

import re
import sys
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PAGES = {
    "home": "/",
    "search-empty": "/resources/",
    "search-legal": "/resources/?q=legal&near=60601&need=legal",
    "search-chicago-100": "/resources/?near=60601&radius=100",
    "stories": "/stories/",
    "share": "/stories/share/",
    "status": "/stories/status/",
    "suggest": "/resources/suggest/",
    "get-help": "/get-help/",
}
OUT = Path(__file__).parent / "out"


def weight(base: str, path: str) -> int:
    html = urllib.request.urlopen(base + path).read()
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        total += len(urllib.request.urlopen(base + asset.decode()).read())
    return total


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (360, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path)
                page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
            # A listing page, and the thanks page with its code (a real submission).
            page.goto(base + "/resources/?q=rainn")
            page.click("article.card h3 a")
            page.screenshot(path=OUT / f"listing-{width}.png", full_page=True)
            if width == 360:
                page.goto(base + "/stories/share/")
                story = "This is a test story written by the screenshot script, please reject it. " * 2
                page.fill("textarea", story)
                for box in page.query_selector_all("input[type=checkbox][required]"):
                    box.check()
                page.click("form button[type=submit]")
                page.screenshot(path=OUT / f"thanks-{width}.png", full_page=True)
            context.close()
        browser.close()
    for path in PAGES.values():
        print(f"{weight(base, path) / 1024:6.1f} KB  {path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
