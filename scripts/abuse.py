"""50,000 distinct hostile addresses against the public site: does a worker's memory stay bounded?

Not a test: run it by hand (`make abuse`) after a change to the caching. It reuses the
gunicorn/production-settings plumbing of scripts/serving.py (`make load`, `make bench`).

1. Makes a dedicated PostgreSQL database (ABUSE_DATABASE_URL, default `cicte_abuse` on
   127.0.0.1), migrates it and loads the 2020 report into it if it is empty.
2. Starts gunicorn with production settings (DEBUG off, the default per-process cache, 3 sync
   workers, a fresh random SECRET_KEY) on a free port of 127.0.0.1.
3. Sends 50,000 distinct addresses, none twice, from 8 connections at a time:
   - 20,000 public pages (home, events, partners, publications, programs, the 2020 report and
     an annex, in the four languages) with made-up parameters they do not read
     (`?utm_source=<n>&cb=<n>&fbclid=<n>`): each should be its page's one cache entry;
   - 15,000 long paths that are not found (404): 1,000 to 2,000 characters, half under
     /en/events/ (an unknown event), half anywhere;
   - 15,000 filter combinations of the events list (kind, country, dates, a search word,
     page): each a page of its own, stored until the cache's entry bound drops the oldest.
4. Prints the answers by status and each worker's memory (RSS) before and after; the bar: the
   largest worker at most 200 MB after. Exits 1 if it is missed or a page answers 500.

Only 127.0.0.1 is ever contacted.
"""

import http.client
import itertools
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from serving import gunicorn, prepare_report_2020, production_env, worker_memory_mb

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_abuse"
WORKERS = 3
CONNECTIONS = 8
MEMORY_BAR_MB = 200
LANGUAGES = ("en", "es", "fr", "pt")
PAGES = (
    "/",
    "/events/",
    "/partners/",
    "/publications/",
    "/programs/",
    "/reports/2020/",
    "/reports/2020/annex-1/",
)
KINDS = ("meeting", "webinar", "workshop", "course", "conference", "roundtable")
COUNTRIES = ("US", "CO", "MX", "BR", "AR", "CL", "PE", "CA", "JM", "PA")
WORDS = ("security", "cyber", "border", "terrorism", "maritime", "aviation", "training")


def unused_parameters(count: int):
    pages = [f"/{language}{page}" for language in LANGUAGES for page in PAGES]
    for number in range(count):
        query = urlencode({"utm_source": number, "cb": number, "fbclid": f"x{number}"})
        yield f"{pages[number % len(pages)]}?{query}"


def long_paths(count: int):
    for number in range(count):
        filler = "a" * (1000 + number % 1000)
        yield f"/en/events/{filler}-{number}/" if number % 2 else f"/en/{filler}/{number}"


def filter_combinations(count: int):
    combinations = itertools.product(
        range(1, 13), range(1, 29), KINDS, COUNTRIES, WORDS, ("1", "2")
    )
    for month, day, kind, country, word, page in itertools.islice(combinations, count):
        query = {
            "start": f"2020-{month:02}-{day:02}",
            "kind": kind,
            "country": country,
            "q": word,
            "page": page,
        }
        yield f"/en/events/?{urlencode(query)}"


def addresses() -> list[str]:
    sent = [*unused_parameters(20_000), *long_paths(15_000), *filter_combinations(15_000)]
    assert len(set(sent)) == len(sent) == 50_000
    return sent


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0  # no answer
    finally:
        connection.close()


def main() -> int:
    env = production_env(os.environ.get("ABUSE_DATABASE_URL", DEFAULT_DATABASE_URL))
    env["LOG_LEVEL"] = "ERROR"
    for name in ("REDIS_URL", "CACHE_DISABLED", "PAGE_CACHE_SECONDS"):
        env.pop(name, None)  # the default deployment: a cache in each worker
    prepare_report_2020(env)

    sent = addresses()
    with tempfile.TemporaryDirectory() as scratch:
        log_path = Path(scratch, "gunicorn.log")
        with gunicorn(env, workers=WORKERS, log_path=log_path) as (base, pid):
            port = urlsplit(base).port
            for path in (f"/{language}{page}" for language in LANGUAGES for page in PAGES):
                get(port, path)  # each worker's code and templates loaded
            before = sorted(worker_memory_mb(pid), reverse=True)
            started = time.monotonic()
            with ThreadPoolExecutor(CONNECTIONS) as pool:
                statuses = Counter(pool.map(lambda path: get(port, path), sent, chunksize=64))
            seconds = time.monotonic() - started
            after = sorted(worker_memory_mb(pid), reverse=True)
        if statuses[500] or statuses[0]:
            print(log_path.read_text()[-5000:])

    print(f"\n{len(sent):,} distinct addresses in {seconds:.0f} s, by status:")
    counts = sorted(statuses.items())
    print("  " + ", ".join(f"{status or 'no answer'}: {n:,}" for status, n in counts))
    print("Workers' memory (RSS), largest first:")
    print("  before: " + ", ".join(f"{size:.0f} MB" for size in before))
    print("  after:  " + ", ".join(f"{size:.0f} MB" for size in after))
    largest = max(after)
    print(f"Largest worker after the abuse: {largest:.0f} MB (bar: <= {MEMORY_BAR_MB} MB)")
    if largest > MEMORY_BAR_MB or statuses[500] or statuses[0]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
