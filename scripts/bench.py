"""Benchmark the public pages at scale (`make bench`) and print one table.

Not a test: run it by hand after a change to a page, a query or an index. It reuses the
gunicorn/production-settings plumbing of scripts/load_public.py (`make load`).

1. Makes a dedicated PostgreSQL database (BENCH_DATABASE_URL, default `cicte_bench`) holding
   `seed_synthetic --events 100000 --seed 1` (ten synthetic years) plus the real 2020 report,
   whose report and annexes are the "year" pages measured. The seeded database is kept between
   runs; it is rebuilt when it does not hold exactly that data.
2. Times `loaddata report_2020` into an empty migrated database (bar: under 5 s).
3. Counts each page's queries with Django's test client against the same database, uncached and
   cached; times each page cold (the first request after a write: no fragment kept, see
   cicte.templatetags.fragments); and prints the query plan (EXPLAIN ANALYZE) of every query
   of the events list that reads events_event, for each filter case, flagging any sequential
   scan of that table.
4. Starts gunicorn with production settings (DEBUG off, a fresh random SECRET_KEY, one sync
   worker per core plus one) on 127.0.0.1 — twice: with the page cache off
   (PAGE_CACHE_SECONDS=0) and on. SECURE_SSL_REDIRECT is off only because loopback has no TLS.
5. For each page, after a warm-up, drives /robots.txt (a trivial view served by the same
   stack) and then the page with wrk (Debian's; installed if missing) at 16 connections over
   loopback, in rounds (two by default: the machine's load drifts), and records requests per
   second, p50/p95/p99 latency and errors; the ratio column divides the page's requests per
   second by those of the trivial view in the same rounds.
6. Prints the table, the bars and whether each holds, and the workers' memory after each run.
   Exits 1 if a bar is missed.

Only 127.0.0.1 is contacted; every wrk run stops by itself after its duration.
"""

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from serving import REPO, create_database, gunicorn, manage, production_env, server_errors

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_bench"
EVENTS = 100_000
SEED = 1
CONNECTIONS = 16
TRIVIAL = "robots.txt"

# Bars (README "Performance"): ratio to the trivial view, uncached and cached.
UNCACHED_LIST_BAR = 0.35  # every events list case and the annexes
UNCACHED_DETAIL_BAR = 0.5  # event, program, partner and publication pages
CACHED_BAR = 0.8  # every page
MEMORY_BAR_MB = 200
LOADDATA_BAR_S = 5.0
QUERY_BAR = 8

# (name, path, uncached bar). Slugs are the seeded ones; 2020 is the real report.
PAGES = [
    ("robots.txt", "/robots.txt", None),
    ("home", "/en/", None),
    ("events", "/en/events/", UNCACHED_LIST_BAR),
    ("events ?program", "/en/events/?program=maritime-security", UNCACHED_LIST_BAR),
    (
        "events ?program+dates+kind",
        "/en/events/?program=cybersecurity&start=2016-03-01&end=2016-08-31&kind=workshop",
        UNCACHED_LIST_BAR,
    ),
    ("events ?q", "/en/events/?q=forensics+asuncion", UNCACHED_LIST_BAR),
    ("events ?q (es)", "/es/events/?q=taller+mujeres", UNCACHED_LIST_BAR),
    ("events ?year+partner", "/en/events/?year=2018&partner=united-agency-2", UNCACHED_LIST_BAR),
    ("events page 40", "/en/events/?page=40", UNCACHED_LIST_BAR),
    ("event", "/en/events/synthetic-2019-17/", UNCACHED_DETAIL_BAR),
    ("search", "/en/search/?q=forensics+asuncion", UNCACHED_LIST_BAR),
    ("search (es)", "/es/search/?q=taller+mujeres", UNCACHED_LIST_BAR),
    ("programs", "/en/programs/", None),
    ("program", "/en/programs/aviation-security/?year=2019", UNCACHED_DETAIL_BAR),
    ("partners", "/en/partners/", None),
    ("partner", "/en/partners/united-agency-2/", UNCACHED_DETAIL_BAR),
    ("publications", "/en/publications/", None),
    ("publication", "/en/publications/synthetic-publication-2019-3/", UNCACHED_DETAIL_BAR),
    ("reports", "/en/reports/", None),
    ("report 2020", "/en/reports/2020/", None),
    *(
        (f"annex {n} (2020)", f"/en/reports/2020/annex-{n}/", UNCACHED_LIST_BAR)
        for n in (1, 2, 3, 4)
    ),
]

# Run inside `manage.py shell` against the bench database: each page's status and queries,
# uncached then cached, the plans of the events list's queries, and each page rendered cold:
# the first request after a write, when no fragment is kept. Prints JSON.
MEASURE_SCRIPT = """
import json, re, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from cicte.data_version import forget_memoised

pages = json.loads(PAGES)
client = Client(HTTP_HOST="127.0.0.1")
result = {"queries": {}, "status": {}, "plans": {}, "cold": {}}
with override_settings(PAGE_CACHE_SECONDS=0):
    for name, path, _bar in pages:
        client.get(path)  # the code and templates loaded
        timings = []
        for _ in range(5):
            forget_memoised()  # as a write does: every fragment and lookup is read again
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
        result["cold"][name] = {"ms": sorted(timings)[2], "queries": len(queries)}
        if name in EVENT_PAGES:  # cold: the list's own queries run (kept, they do not)
            plans = []
            for query in queries.captured_queries:
                sql = query["sql"]
                if not re.search(r'FROM "events_event"', sql):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\\n".join(row[0] for row in cursor.fetchall())
                plans.append({"sql": sql, "plan": plan})
            result["plans"][name] = plans
for mode, seconds in (("uncached", 0), ("cached", 600)):
    with override_settings(PAGE_CACHE_SECONDS=seconds):
        for name, path, _bar in pages:
            client.get(path)  # warm: fragments kept, and in cached mode the page stored
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            result["queries"].setdefault(name, {})[mode] = len(queries)
            result["status"].setdefault(name, {})[mode] = response.status_code
print("BENCH-JSON " + json.dumps(result))
"""


@dataclass
class Figures:
    requests_per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    extra: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    log("Installing Debian's wrk")
    subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk"],
        check=True,
        capture_output=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk") or sys.exit("wrk did not install")


def server_url(url: str) -> str:
    return urlsplit(url)._replace(path="/postgres").geturl()


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def is_seeded(url: str) -> bool:
    """The bench data is there: exactly the seeded events and the 2020 report."""
    try:
        with psycopg.connect(url) as connection:
            synthetic = connection.execute(
                "SELECT count(*) FROM events_event WHERE slug LIKE 'synthetic-%'"
            ).fetchone()[0]
            real = connection.execute(
                "SELECT count(*) FROM cicte_reportingyear WHERE year = 2020"
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return synthetic == EVENTS and real == 1


def prepare(env: dict, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    create_database(url)
    if is_seeded(url):
        log(f"{name}: seeded already; migrating")
        manage(env, "migrate", "--noinput")
    else:
        log(f"{name}: building (migrate, seed_synthetic {EVENTS}, loadreport 2020)")
        drop_database(url)
        create_database(url)
        manage(env, "migrate", "--noinput")
        started = time.monotonic()
        manage(env, "seed_synthetic", f"--events={EVENTS}", f"--seed={SEED}")
        log(f"  seeded in {time.monotonic() - started:.0f} s")
        manage(env, "loadreport", "2020")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput")


def time_loaddata(env: dict, url: str) -> float:
    """Seconds for `manage.py loaddata report_2020` into an empty, migrated database."""
    empty = urlsplit(url)._replace(path=urlsplit(url).path + "_loaddata").geturl()
    drop_database(empty)
    create_database(empty)
    try:
        manage({**env, "DATABASE_URL": empty}, "migrate", "--noinput")
        started = time.monotonic()
        manage({**env, "DATABASE_URL": empty}, "loaddata", "report_2020")
        return time.monotonic() - started
    finally:
        drop_database(empty)


def measure_queries(env: dict) -> dict:
    script = (
        f"PAGES = {json.dumps(json.dumps(PAGES))}\n"
        f"EVENT_PAGES = {[name for name, _path, _bar in PAGES if name.startswith('events')]!r}\n"
        + MEASURE_SCRIPT
    )
    output = manage(env, "shell", "-c", script)
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))


def run_wrk(wrk: str, base: str, path: str, seconds: int, scratch: Path) -> Figures:
    paths_file = scratch / "path.txt"
    paths_file.write_text(path + "\n")
    result = subprocess.run(
        [
            wrk,
            "--threads=2",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            "--script",
            str(REPO / "scripts" / "load_public.lua"),
            base + path,
        ],
        env={**os.environ, "LOAD_PATHS_FILE": str(paths_file)},
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    errors = data["non_2xx_3xx"] + sum(
        data[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return Figures(
        requests_per_second=data["requests"] / (data["duration_us"] / 1_000_000),
        p50=data["p50_ms"],
        p95=data["p95_ms"],
        p99=data["p99_ms"],
        errors=errors,
    )


def drain(base: str, seconds: float = 60) -> None:
    """Wait until the server has answered what wrk left queued: a slow page's backlog would
    otherwise slow the next measurement down."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/robots.txt", timeout=seconds) as response:
            response.read()
        if time.monotonic() - started < 0.02:
            return
        time.sleep(0.2)


def worker_memory_mb(master_pid: int) -> list[float]:
    output = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True
    ).stdout
    return [int(line) / 1024 for line in output.split()]


def mean_of(runs: list[Figures]) -> Figures:
    """The runs' mean requests per second and latencies, and all their errors."""
    return Figures(
        requests_per_second=sum(run.requests_per_second for run in runs) / len(runs),
        p50=sum(run.p50 for run in runs) / len(runs),
        p95=sum(run.p95 for run in runs) / len(runs),
        p99=sum(run.p99 for run in runs) / len(runs),
        errors=sum(run.errors for run in runs),
    )


def serve_and_measure(env, wrk, workers, seconds, warmup, rounds, page_cache_seconds, scratch):
    log_path = scratch / f"gunicorn-{page_cache_seconds}.log"
    env = {**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    figures = {}
    trivial = []
    with gunicorn(env, workers=workers, log_path=log_path) as (base, server_pid):
        for name, path, _bar in PAGES:
            if name == TRIVIAL:
                continue
            run_wrk(wrk, base, path, warmup, scratch)  # warm-up: every worker, every cache
            drain(base)
            # The trivial view just before the page, in each round: on a shared machine the
            # load drifts, and the ratio compares measurements taken under the same conditions.
            befores, pages = [], []
            for _round in range(rounds):
                befores.append(run_wrk(wrk, base, "/robots.txt", seconds, scratch))
                drain(base)
                pages.append(run_wrk(wrk, base, path, seconds, scratch))
                drain(base)
            figures[name] = mean_of(pages)
            figures[name].extra["trivial"] = mean_of(befores).requests_per_second
            trivial.extend(befores)
            log(
                f"  {name:30} {figures[name].requests_per_second:8.0f} requests/s "
                f"(robots.txt {figures[name].extra['trivial']:.0f})"
            )
        figures[TRIVIAL] = Figures(
            requests_per_second=sum(f.requests_per_second for f in trivial) / len(trivial),
            p50=max(f.p50 for f in trivial),
            p95=max(f.p95 for f in trivial),
            p99=max(f.p99 for f in trivial),
            errors=sum(f.errors for f in trivial),
            extra={"trivial": sum(f.requests_per_second for f in trivial) / len(trivial)},
        )
        memory = worker_memory_mb(server_pid)
    return figures, memory, server_errors(log_path)


def notification_delays(url: str, samples: int = 200) -> list[float]:
    """Milliseconds from a write's commit to its notification reaching a listening connection,
    as each worker's (cicte.data_version.NotifiedVersion): how long after a write a worker
    may still answer from the version before it. Each sample is one write of the version."""
    delays = []
    with (
        psycopg.connect(url, autocommit=True) as listener,
        psycopg.connect(url, autocommit=True) as writer,
    ):
        listener.execute("LISTEN cicte_data_version")  # the channel of migration cicte 0007
        for _sample in range(samples):
            writer.execute("UPDATE cicte_dataversion SET number = number + 1 WHERE id = 1")
            committed = time.perf_counter()
            if not select.select([listener.pgconn.socket], [], [], 5)[0]:
                sys.exit("A write of the data version sent no notification within 5 s.")
            delays.append((time.perf_counter() - committed) * 1000)
            listener.pgconn.consume_input()
            while listener.pgconn.notifies() is not None:
                pass
    return sorted(delays)


def has_seq_scan_on_events(plan: str) -> bool:
    return "Seq Scan on events_event " in plan + " "


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
    parser.add_argument("--modes", default="uncached,cached", help="uncached, cached or both")
    args = parser.parse_args()
    if args.only:
        PAGES[:] = [page for page in PAGES if page[0] == TRIVIAL or args.only in page[0]]
    wrk = ensure_wrk()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = production_env(url)
    for name in ("REDIS_URL", "DATABASE_REPLICA_URL"):
        env.pop(name, None)  # the default deployment: no shared cache, no replica
    prepare(env, url)
    log("Timing loaddata report_2020 into an empty database")
    loaddata_seconds = 0.0 if args.only else time_loaddata(env, url)
    log("Counting queries and explaining the events list's queries")
    measured = measure_queries(env)
    measured["notification_ms"] = notification_delays(url)

    results = {}
    memory = {}
    server_errors = []
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        for mode, page_cache_seconds in (("uncached", 0), ("cached", 600)):
            if mode not in args.modes.split(","):
                continue
            log(f"gunicorn, {args.workers} workers, page cache {mode}:")
            figures, memory[mode], errors = serve_and_measure(
                env,
                wrk,
                args.workers,
                args.duration,
                args.warmup,
                args.rounds,
                page_cache_seconds,
                scratch,
            )
            results[mode] = figures
            server_errors += errors
    return report(args, results, memory, server_errors, measured, loaddata_seconds)


def report(args, results, memory, server_errors, measured, loaddata_seconds) -> int:
    failures = []
    print(
        f"\nPublic pages, {EVENTS:,} events (seed {SEED}), gunicorn {args.workers} sync workers, "
        f"wrk {CONNECTIONS} connections, {args.warmup} s warm-up then {args.rounds} rounds of "
        f"/robots.txt and the page for {args.duration} s each, {os.cpu_count()} cores; the "
        f"figures are the rounds' means. ratio: the page's requests per second over those of "
        f"/robots.txt measured in the same rounds (the robots.txt rows: the mean of all its "
        f"runs, their worst latencies). uncached: the page cache off; each worker keeps the "
        f"pages' fragments until the next write (the cold table below: a page with none kept)."
    )
    header = (
        f"{'page':28} {'mode':8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'queries':>7} {'ratio':>6} {'bar':>5}"
    )
    print(header)
    print("-" * len(header))
    for mode in results:
        for name, _path, uncached_bar in PAGES:
            figures = results[mode][name]
            ratio = figures.requests_per_second / max(figures.extra["trivial"], 1e-9)
            bar = CACHED_BAR if mode == "cached" else uncached_bar
            if name == "robots.txt":
                bar = None
            queries = measured["queries"][name][mode]
            status = measured["status"][name][mode]
            mark = ""
            if bar is not None and ratio < bar:
                mark = " <"
                failures.append(f"{name} {mode}: ratio {ratio:.2f} < {bar}")
            if figures.errors:
                failures.append(f"{name} {mode}: {figures.errors} errors")
            if queries > QUERY_BAR:
                failures.append(f"{name} {mode}: {queries} queries > {QUERY_BAR}")
            if status != 200:
                failures.append(f"{name} {mode}: answered {status}")
            print(
                f"{name:28} {mode:8} {figures.requests_per_second:7.0f} {figures.p50:7.1f} "
                f"{figures.p95:7.1f} {figures.p99:7.1f} {figures.errors:6d} {queries:7d} "
                f"{ratio:6.2f} {'' if bar is None else f'{bar:.2f}':>5}{mark}"
            )
    print(
        "\nCold: the first request after a write, no fragment kept (Django's test client in one "
        "process, median of 5):"
    )
    print(f"{'page':28} {'ms':>7} {'queries':>7}")
    for name, _path, _bar in PAGES:
        cold = measured["cold"][name]
        if cold["queries"] > QUERY_BAR:
            failures.append(f"{name} cold: {cold['queries']} queries > {QUERY_BAR}")
        print(f"{name:28} {cold['ms']:7.1f} {cold['queries']:7d}")
    print("\nQuery plans of the events list, cold (every query reading events_event):")
    seq_scans = 0
    for name, plans in measured["plans"].items():
        print(f"\n{name}:")
        if not plans:
            failures.append(f"{name}: no query of events_event to explain")
        for number, entry in enumerate(plans, start=1):
            plan = entry["plan"]
            seq = has_seq_scan_on_events(plan)
            seq_scans += seq
            lines = plan.splitlines()
            timing = next((line for line in lines if line.startswith("Execution Time")), "")
            scans = sorted(
                {
                    line.strip().removeprefix("->").strip().split("  (")[0]
                    for line in lines
                    if "Scan" in line and "events_event" in line
                }
            )
            flag = "SEQUENTIAL SCAN ON events_event" if seq else "no sequential scan on events"
            print(f"  query {number}: {flag}; {timing.strip()}")
            for scan in scans:
                print(f"    {scan}")
            if args.plans or seq:
                print("    " + entry["sql"][:2000])
                print("\n".join("      " + line for line in lines))
    if seq_scans:
        failures.append(f"{seq_scans} sequential scans on events_event")

    print("\nWorkers' memory after each run (RSS):")
    for mode, sizes in memory.items():
        print(f"  {mode:8} " + ", ".join(f"{size:.0f} MB" for size in sizes))
        if any(size > MEMORY_BAR_MB for size in sizes):
            failures.append(f"worker memory over {MEMORY_BAR_MB} MB ({mode})")
    delays = measured["notification_ms"]
    print(
        f"\nA write's notification reached a listening worker {delays[len(delays) // 2]:.2f} ms "
        f"after its commit (median of {len(delays)}; p99 {delays[len(delays) * 99 // 100]:.2f}, "
        f"max {delays[-1]:.2f} ms)."
    )
    print(f"\nloaddata report_2020 into an empty migrated database: {loaddata_seconds:.2f} s")
    if loaddata_seconds >= LOADDATA_BAR_S:
        failures.append(f"loaddata took {loaddata_seconds:.1f} s")
    if server_errors:
        failures.append(f"{len(server_errors)} server errors logged")
        for line in server_errors[:5]:
            print(line)
    print(
        f"\nBars: uncached, events lists and annexes >= {UNCACHED_LIST_BAR}x and detail pages "
        f">= {UNCACHED_DETAIL_BAR}x the trivial view; cached, every page >= {CACHED_BAR}x; "
        f"<= {QUERY_BAR} queries; no errors; no sequential scan on events; workers <= "
        f"{MEMORY_BAR_MB} MB; loaddata < {LOADDATA_BAR_S:.0f} s."
    )
    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print("All bars met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
