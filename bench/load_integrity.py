"""Load and integrity: many people submitting stories and pressing "me too" at the same time.

Starts the production server (gunicorn, DEBUG off, rate limits off) on a PostgreSQL database
that it creates and drops itself, sends concurrent story submissions and "me too" presses, each
from its own browser (cookie jar, CSRF token from the page's form), then checks in the database:
every accepted submission is stored exactly once, every rejected one got a clear error, nothing
rejected was stored, and the "me too" count is exact. Prints what it sent, what was accepted and
what is stored; exits non-zero if anything does not add up.

    .venv/bin/python bench/load_integrity.py [--short] [--database-url postgres://postgres@127.0.0.1:5432/metoo_bench_integrity]
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from harness import Answer, Browser, manage, postgres_database, production_env, production_server, summary_ms

# --- the stories app's public contract (stories/forms.py, stories/views.py, stories/models.py) ---
SHARE_PAGE = "/stories/share/"  # GET: the form; POST: submit (200 with the private code, or 400 with errors)
STORY_TEXT = "{marker} It happened years ago, and I am telling it here for the first time."
STORY_FIELDS = {"consent_publish": "on", "consent_age": "on", "website_url": ""}
# Every REJECT_EVERY-th story is too short on purpose (under the 50-character minimum): the
# rejection path is exercised under load too, and must explain itself and store nothing.
REJECT_EVERY = 10
SHORT_TEXT = "{marker} short"
ME_TOO_PAGE = "/stories/"  # the wall: its "me too" form POSTs to ME_TOO_URL
ME_TOO_URL = "/stories/me-too/"  # 302 back to the wall once counted (one press per browser session)
# Accepted means the thanks page with the private code was shown.
STORY_ACCEPTED = 'class="private-code"'
# Where the results land, read straight from the database after the run. The count is kept as one
# row per day (MeTooDay), so the total is the sum of the counter column.
STORED_STORIES_SQL = "SELECT submitted_text FROM stories_story WHERE submitted_text LIKE %s"
ME_TOO_COUNT_SQL = "SELECT COALESCE(SUM(count), 0) FROM stories_metooday"
# A rejection is clear when the person sees why: a form error, or a page that says so.
CLEAR_ERROR = re.compile(r'class="[^"]*error|errorlist|not saved|too many|try again', re.IGNORECASE)

# Not metoo_bench: that one is `make bench`'s, kept between runs; this one is dropped after each.
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/metoo_bench_integrity"


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)
    rejected_clearly: list[str] = field(default_factory=list)
    rejected_unclearly: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    elapsed: float = 0.0

    def record(self, key: str, answer: Answer, elapsed: float | None, *, accepted: bool) -> None:
        with self.lock:
            self.statuses[answer.status] += 1
            if elapsed is not None:
                self.latencies.append(elapsed)
            if accepted:
                self.accepted.append(key)
            elif CLEAR_ERROR.search(answer.body):
                self.rejected_clearly.append(key)
            else:
                self.rejected_unclearly.append(key)


def fan_out(count: int, concurrency: int, one: Callable[[int], None]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(one, i) for i in range(count)]:
            future.result()
    return time.perf_counter() - started


def scenario_story_submissions(base: str, count: int, concurrency: int, run_id: str) -> Outcome:
    """``count`` people each open the form and send a story carrying a unique marker."""
    outcome = Outcome()

    def one(i: int) -> None:
        marker = f"bench-{run_id}-{i:05d}"
        browser = Browser(base)
        try:
            token = browser.csrf_token(SHARE_PAGE)
        except RuntimeError as error:
            outcome.record(marker, Answer(0, str(error)), None, accepted=False)
            return
        text = (SHORT_TEXT if i % REJECT_EVERY == REJECT_EVERY - 1 else STORY_TEXT).format(marker=marker)
        started = time.perf_counter()
        answer = browser.request(SHARE_PAGE, STORY_FIELDS | {"story": text, "csrfmiddlewaretoken": token})
        accepted = answer.status == 200 and STORY_ACCEPTED in answer.body
        outcome.record(marker, answer, time.perf_counter() - started, accepted=accepted)

    outcome.elapsed = fan_out(count, concurrency, one)
    return outcome


def scenario_me_too_presses(base: str, count: int, concurrency: int) -> Outcome:
    """``count`` different people (each with their own cookies) press "me too" once."""
    outcome = Outcome()

    def one(i: int) -> None:
        browser = Browser(base)
        page = browser.request(ME_TOO_PAGE)  # the button needs no CSRF token: it is one click
        if page.status != 200 or ME_TOO_URL not in page.body:
            outcome.record(str(i), page, None, accepted=False)
            return
        started = time.perf_counter()
        answer = browser.request(ME_TOO_URL, {"next": "stories"})
        accepted = answer.status == 302 and answer.location.endswith("/stories/#me-too")
        outcome.record(str(i), answer, time.perf_counter() - started, accepted=accepted)

    outcome.elapsed = fan_out(count, concurrency, one)
    return outcome


def report(title: str, sent: int, outcome: Outcome) -> None:
    statuses = ", ".join(f"HTTP {code} x{n}" for code, n in sorted(outcome.statuses.items()))
    print(f"\n{title}: sent {sent} in {outcome.elapsed:.1f} s ({sent / outcome.elapsed:.0f}/s)")
    print(f"  answers: {statuses}")
    print(
        f"  accepted {len(outcome.accepted)}, rejected with a clear error {len(outcome.rejected_clearly)}, "
        f"rejected without one {len(outcome.rejected_unclearly)}"
    )
    if outcome.latencies:
        print(f"  latency: {summary_ms(outcome.latencies)}")


def check_stories(database_url: str, run_id: str, outcome: Outcome) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = [row[0] for row in conn.execute(STORED_STORIES_SQL, (f"%bench-{run_id}-%",))]
    # The SQL selects only rows with a marker.
    stored = Counter(cast(re.Match[str], re.search(rf"bench-{run_id}-\d+", text)).group(0) for text in rows)
    print(f"  stored: {sum(stored.values())} rows for {len(stored)} markers")
    problems = [f"accepted but stored {stored[m]} times: {m}" for m in outcome.accepted if stored[m] != 1]
    rejected = outcome.rejected_clearly + outcome.rejected_unclearly
    problems += [f"rejected but stored: {m}" for m in rejected if stored[m]]
    problems += [f"rejected without a clear error: {m}" for m in outcome.rejected_unclearly]
    meant_short = {f"bench-{run_id}-{i:05d}" for i in range(REJECT_EVERY - 1, 10**6, REJECT_EVERY)}
    problems += [f"too short but accepted: {m}" for m in outcome.accepted if m in meant_short]
    problems += [f"stored but never accepted: {m}" for m in stored if m not in set(outcome.accepted)]
    return problems


def check_me_too(database_url: str, before: int, outcome: Outcome) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        after = cast(tuple[Any, ...], conn.execute(ME_TOO_COUNT_SQL).fetchone())[0]  # an aggregate: one row
    print(f"  stored: count went from {before} to {after} (+{after - before})")
    problems = []
    if after - before != len(outcome.accepted):
        problems.append(f"me-too count rose by {after - before}, but {len(outcome.accepted)} presses were accepted")
    problems += [f"me-too press {key} rejected without a clear error" for key in outcome.rejected_unclearly]
    return problems


def me_too_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return cast(tuple[Any, ...], conn.execute(ME_TOO_COUNT_SQL).fetchone())[0]  # an aggregate: one row


def preflight(base: str) -> list[str]:
    """The forms must be there before hammering them (they are not until the stories app lands)."""
    problems = []
    try:
        Browser(base).csrf_token(SHARE_PAGE)
    except RuntimeError as error:
        problems.append(f"{error}: is the stories app in place?")
    if ME_TOO_URL not in Browser(base).request(ME_TOO_PAGE).body:
        problems.append(f"no me-too button on {ME_TOO_PAGE}: is the stories app in place?")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="a quick run for CI (40 stories, 200 presses)")
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--presses", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="its database is created and dropped")
    args = parser.parse_args()
    if args.short:
        args.stories, args.presses, args.concurrency = 40, 200, 20
    server_url = args.database_url
    name = server_url.rsplit("/", 1)[-1].split("?")[0]
    run_id = uuid.uuid4().hex[:8]
    problems: list[str] = []
    with postgres_database(server_url, name) as database_url:
        env = production_env(database_url, DJANGO_RATELIMIT_ENABLED="False")
        manage(env, "migrate", "--noinput", "-v", "0")
        with production_server(env, workers=args.workers, threads=args.threads) as base:
            print(f"database: {name} (created for this run, dropped after)")
            problems = preflight(base)
            if problems:
                print("\nFAILED before sending anything:\n  - " + "\n  - ".join(problems))
                return 1
            stories = scenario_story_submissions(base, args.stories, args.concurrency, run_id)
            report("Story submissions", args.stories, stories)
            problems += check_stories(database_url, run_id, stories)
            before = me_too_count(database_url)
            presses = scenario_me_too_presses(base, args.presses, args.concurrency)
            report('"Me too" presses', args.presses, presses)
            problems += check_me_too(database_url, before, presses)
    if problems:
        print(f"\nFAILED: {len(problems)} problem(s)")
        for problem in problems[:30]:
            print(f"  - {problem}")
        return 1
    print("\nOK: every accepted submission stored exactly once, every rejection explained, the count exact.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
