"""Benchmark the public pages at scale (`make bench`) and print one table.

Not a test: run it by hand after a change to a page, a query or an index. It reuses the
gunicorn/production-settings and wrk plumbing of scripts/serving.py (`make load`, `make abuse`);
the pages and bars are in bench_pages, the steps below in bench_database (1-2), bench_queries
(3), bench_load (4-6) and bench_report (7).

1. Makes a dedicated PostgreSQL database (BENCH_DATABASE_URL, default `cicte_bench`) holding
   `seed_synthetic --events 100000 --seed 1` (ten synthetic years) plus the real 2020 report,
   whose report and annexes are the "year" pages measured. The seeded database is kept between
   runs; it is rebuilt when it does not hold exactly that data.
2. Times `loaddata report_2020` into an empty migrated database (bar: under 5 s).
3. With Django's test client in one process, against the same database: each page's queries
   as deployed (seen before) and with CACHE_DISABLED=true, its time with nothing cached
   (median of 5), and the query plan (EXPLAIN ANALYZE) of every query of the events list and
   the site search that reads events_event, flagging any sequential scan of that table.
4. Starts gunicorn with production settings (DEBUG off, a fresh random SECRET_KEY, one sync
   worker per core plus one) on 127.0.0.1 — twice: as deployed ("seen before": the page
   cache on) and with CACHE_DISABLED=true ("nothing cached": every cache a DummyCache, the
   page cache off). SECURE_SSL_REDIRECT is off only because loopback has no TLS.
5. For each page, after a warm-up, drives /robots.txt (a trivial view served by the same
   stack) and then the page with wrk (Debian's; installed if missing) at 16 connections over
   loopback, in rounds (two by default: the machine's load drifts), and records requests per
   second, p50/p95/p99 latency and errors; the ratio divides the page's requests per second
   by those of the trivial view in the same rounds.
6. Writes: on the server as deployed, the events list measured while a process saves an
   event through the ORM (as the admin does: its signals, its history) once and five times a
   second; the ratio is to the list's throughput without writes, measured just before.
7. Prints the table (markdown, for the README), the bars and whether each holds, the load
   average, and the workers' memory after each run. Exits 1 if a bar is missed.

Only 127.0.0.1 is contacted; every wrk run stops by itself after its duration.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench_database import DEFAULT_DATABASE_URL, prepare, time_loaddata
from bench_load import serve_and_measure
from bench_pages import MODES, PAGES, TRIVIAL
from bench_queries import measure_pages
from bench_report import report
from serving import ensure_wrk, log, production_env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds of wrk per run")
    parser.add_argument(
        "--rounds", type=int, default=2, help="runs of the trivial view then the page, per page"
    )
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per page")
    parser.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default: one per core plus one)",
    )
    parser.add_argument("--plans", action="store_true", help="print every query plan in full")
    parser.add_argument(
        "--only", default="", help="pages whose name contains this (for a quick look; no bars)"
    )
    parser.add_argument(
        "--modes", default=",".join(MODES), help="cached, nothing cached, or both (comma)"
    )
    parser.add_argument(
        "--write-duration", type=int, default=10, help="seconds of wrk per write scenario"
    )
    parser.add_argument(
        "--no-writes", dest="writes", action="store_false", help="skip the write scenario"
    )
    args = parser.parse_args()
    if args.only:
        PAGES[:] = [page for page in PAGES if page[0] == TRIVIAL or args.only in page[0]]
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if unknown := set(modes) - set(MODES):
        sys.exit(f"Unknown mode(s): {', '.join(sorted(unknown))}; choose among {list(MODES)}")
    wrk = ensure_wrk()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(url)
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL", "CACHE_DISABLED", "PAGE_CACHE_SECONDS"):
        env.pop(name, None)  # the default deployment: no shared cache, no replica
    prepare(env, url)
    log("Timing loaddata report_2020 into an empty database")
    loaddata_seconds = 0.0 if args.only else time_loaddata(env, url)
    log("Counting queries, timing each page in one process, explaining the events queries")
    measured = {mode: measure_pages({**env, **MODES[mode]}) for mode in MODES}

    results, memory, writes, server_errors = {}, {}, {}, []
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        for mode in modes:
            log(f"gunicorn, {args.workers} workers, {mode}:")
            results[mode], memory[mode], errors, mode_writes = serve_and_measure(
                env, wrk, args, mode, scratch
            )
            writes.update(mode_writes)
            server_errors += errors
    return report(args, results, memory, writes, server_errors, measured, loaddata_seconds)


if __name__ == "__main__":
    sys.exit(main())
