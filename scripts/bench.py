"""Benchmark the public pages at scale (`make bench`) and print one table.

Not a test: run it by hand after a change to a page, a query or an index. It reuses the
gunicorn/production-settings plumbing of scripts/load_public.py (`make load`).

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
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from serving import create_database, gunicorn, server_errors

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_bench"
EVENTS = 100_000
SEED = 1
CONNECTIONS = 16
TRIVIAL = "robots.txt"

# Bars (issue 15, README "Performance"): each a ratio to the trivial view in the same run.
CACHED_BAR = 0.7  # every page, seen before
LIST_BAR = 0.05  # nothing cached: every events list case, the home page, a program's page
SEARCH_BAR = 0.03  # nothing cached: text search, English and Spanish
INDEX_BAR = 0.03  # nothing cached: the partners and publications lists
REPORT_BAR = 0.02  # nothing cached: the whole report
DETAIL_BAR = 0.10  # nothing cached: event, publication and partner pages, the annexes
WRITE_BARS = {1: 0.60, 5: 0.20}  # the cached events list's throughput kept, by saves a second
MEMORY_BAR_MB = 200
LOADDATA_BAR_S = 5.0
QUERY_BAR = 8

# (name, path, nothing-cached bar). Slugs are the seeded ones; 2020 is the real report.
PAGES = [
    ("robots.txt", "/robots.txt", None),
    ("home", "/en/", LIST_BAR),
    ("events", "/en/events/", LIST_BAR),
    ("events ?program", "/en/events/?program=cybersecurity", LIST_BAR),
    (
        "events ?program+dates+kind",
        "/en/events/?program=cybersecurity&start=2016-03-01&end=2016-08-31&kind=workshop",
        LIST_BAR,
    ),
    ("events ?year+partner", "/en/events/?year=2018&partner=united-agency-2", LIST_BAR),
    ("events page 40", "/en/events/?page=40", LIST_BAR),
    ("events ?q common word", "/en/events/?q=security", SEARCH_BAR),
    ("events ?q", "/en/events/?q=forensics+asuncion", SEARCH_BAR),
    ("events ?q (es)", "/es/events/?q=taller+mujeres", SEARCH_BAR),
    # Ranks every match, as asked: no bar (the bar is for the default order).
    ("events ?q relevance", "/en/events/?q=security&sort=relevance", None),
    ("search", "/en/search/?q=security", SEARCH_BAR),
    ("search (es)", "/es/search/?q=taller+mujeres", SEARCH_BAR),
    ("event", "/en/events/synthetic-2019-17/", DETAIL_BAR),
    ("programs", "/en/programs/", None),
    ("program", "/en/programs/aviation-security/?year=2019", LIST_BAR),
    ("partners", "/en/partners/", INDEX_BAR),
    ("partner", "/en/partners/united-agency-2/", DETAIL_BAR),
    ("publications", "/en/publications/", INDEX_BAR),
    ("publication", "/en/publications/synthetic-publication-2019-3/", DETAIL_BAR),
    ("reports", "/en/reports/", None),
    ("report 2020", "/en/reports/2020/", REPORT_BAR),
    *((f"annex {n} (2020)", f"/en/reports/2020/annex-{n}/", DETAIL_BAR) for n in (1, 2, 3, 4)),
]
# Explained: every query of these pages that reads events_event.
EXPLAINED = ("events", "search")
# The page measured under writes, and the event saved.
WRITE_PAGE = "/en/events/"
WRITE_EVENT = "synthetic-2019-17"

# The two ways the server runs: as deployed, and with every cache off.
MODES = {"cached": {}, "nothing cached": {"CACHE_DISABLED": "true"}}

# Run inside `manage.py shell` against the bench database, in the mode its environment sets:
# each page's status, queries and time (median of 5, after one request that loads the code
# and templates and, as deployed, caches the page), and the plans of the queries that read
# events_event. Prints JSON.
MEASURE_SCRIPT = """
import json, re, time
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pages = json.loads(PAGES)
client = Client(HTTP_HOST="127.0.0.1")
result = {"queries": {}, "status": {}, "ms": {}, "plans": {}}
for name, path, _bar in pages:
    client.get(path)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
    result["ms"][name] = sorted(timings)[2]
    result["queries"][name] = len(queries)
    result["status"][name] = response.status_code
    if settings.CACHE_DISABLED and name.startswith(EXPLAINED):
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
print("BENCH-JSON " + json.dumps(result))
"""

# Run inside `manage.py shell`: saves one event through the ORM RATE times a second until
# killed, as the admin does (its signals and its history row).
WRITER_SCRIPT = """
import sys, time
from events.models import Event
event = Event.objects.get(slug=SLUG)
print("READY", flush=True)
due = time.monotonic()
while True:
    event.attendance = (event.attendance or 0) % 1000 + 1
    event.save()
    due += 1 / RATE
    time.sleep(max(0.0, due - time.monotonic()))
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


def manage(env: dict, *args: str, capture: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=False,
        capture_output=capture,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout or ""


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
        # The seeded programs are the real ones with made-up texts: the report sets its own.
        manage(env, "loadreport", "2020", "--update-shared")
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


def measure_pages(env: dict) -> dict:
    script = (
        f"PAGES = {json.dumps(json.dumps(PAGES))}\nEXPLAINED = {EXPLAINED!r}\n" + MEASURE_SCRIPT
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


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def measure_page(wrk, base, path, args, scratch) -> Figures:
    """The page's figures, with the trivial view's requests per second in the same rounds
    (extra["trivial"]): on a shared machine the load drifts, and the ratio compares
    measurements taken under the same conditions."""
    run_wrk(wrk, base, path, args.warmup, scratch)  # warm-up: every worker, every cache
    drain(base)
    befores, pages = [], []
    for _round in range(args.rounds):
        befores.append(run_wrk(wrk, base, "/robots.txt", args.duration, scratch))
        drain(base)
        pages.append(run_wrk(wrk, base, path, args.duration, scratch))
        drain(base)
    figures = mean_of(pages)
    figures.extra["trivial"] = mean_of(befores).requests_per_second
    figures.extra["trivial_runs"] = befores
    return figures


def serve_and_measure(env, wrk, args, mode, scratch):
    """({page: Figures}, workers' memory, server errors logged, {saves a second: Figures})."""
    log_path = scratch / f"gunicorn-{mode.replace(' ', '-')}.log"
    figures, writes = {}, {}
    trivial = []
    with gunicorn({**env, **MODES[mode]}, workers=args.workers, log_path=log_path) as (base, pid):
        for name, path, _bar in PAGES:
            if name == TRIVIAL:
                continue
            figures[name] = measure_page(wrk, base, path, args, scratch)
            trivial.extend(figures[name].extra.pop("trivial_runs"))
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
        if mode == "cached" and args.writes:
            writes = measure_writes(env, wrk, base, args, scratch)
        memory = worker_memory_mb(pid)
    return figures, memory, server_errors(log_path), writes


def measure_writes(env, wrk, base, args, scratch) -> dict:
    """{saves a second: Figures of WRITE_PAGE while a process saves that many}, 0 for none,
    each over --write-duration seconds, the no-write run just before the writes."""
    seconds = args.write_duration
    run_wrk(wrk, base, WRITE_PAGE, args.warmup, scratch)
    drain(base)
    results = {0: run_wrk(wrk, base, WRITE_PAGE, seconds, scratch)}
    drain(base)
    for rate in WRITE_BARS:
        script = f"SLUG = {WRITE_EVENT!r}\nRATE = {rate}\n" + WRITER_SCRIPT
        writer = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            # The shell prints what it imported first.
            while (line := writer.stdout.readline()) and line.strip() != "READY":
                pass
            if not line:
                log(f"  the writer at {rate}/s did not start: no figure")
                continue
            results[rate] = run_wrk(wrk, base, WRITE_PAGE, seconds, scratch)
        finally:
            stop(writer)
        drain(base)
        log(
            f"  {WRITE_PAGE} with {rate} save(s)/s: "
            f"{results[rate].requests_per_second:.0f} requests/s "
            f"(none: {results[0].requests_per_second:.0f})"
        )
    return results


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
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        # Loopback has no TLS (see the docstring); HSTS and secure cookies stay as in production.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
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


def ratio(figures: Figures) -> float:
    return figures.requests_per_second / max(figures.extra["trivial"], 1e-9)


def report(args, results, memory, writes, server_errors, measured, loaddata_seconds) -> int:
    failures = []
    print(
        f"\nPublic pages, {EVENTS:,} events (seed {SEED}) and the 2020 report, gunicorn "
        f"{args.workers} sync workers, wrk {CONNECTIONS} connections, {args.warmup} s warm-up "
        f"then {args.rounds} rounds of /robots.txt and the page for {args.duration} s each, "
        f"{os.cpu_count()} cores, load average at the end {os.getloadavg()[0]:.1f}. "
        f"Each ratio: the page's requests per second over /robots.txt's in the same rounds "
        f"(robots.txt's row: its requests per second). cached: as deployed, the page seen "
        f"before. nothing cached: CACHE_DISABLED=true. ms: one request with nothing cached, "
        f"Django's test client in one process (median of 5). queries: cached / nothing cached.\n"
    )
    columns = [
        "page",
        *(f"{mode} req/s" for mode in results),
        *(f"{mode} ratio" for mode in results),
        "bar (nothing cached)",
        "ms",
        "queries",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join("---" for _column in columns) + "|")
    for name, _path, bar in PAGES:
        cells = [f"`{name}`"]
        ratios = []
        for mode, figures in results.items():
            page = figures[name]
            cells.append(f"{page.requests_per_second:.0f}")
            ratios.append(
                f"{page.requests_per_second:.0f}" if name == TRIVIAL else f"{ratio(page):.3f}"
            )
            mode_bar = CACHED_BAR if mode == "cached" else bar
            if name != TRIVIAL and mode_bar is not None and ratio(page) < mode_bar:
                ratios[-1] += " <"
                failures.append(f"{name} {mode}: ratio {ratio(page):.3f} < {mode_bar}")
            if page.errors:
                failures.append(f"{name} {mode}: {page.errors} errors")
        cells += ratios
        cells.append("" if bar is None else f"{bar:.2f}")
        cells.append(f"{measured['nothing cached']['ms'][name]:.1f}")
        counts = [measured[mode]["queries"][name] for mode in MODES]
        cells.append(" / ".join(str(count) for count in counts))
        for mode in MODES:
            if measured[mode]["queries"][name] > QUERY_BAR:
                failures.append(f"{name} {mode}: {measured[mode]['queries'][name]} queries")
            if measured[mode]["status"][name] != 200:
                failures.append(f"{name} {mode}: answered {measured[mode]['status'][name]}")
        print("| " + " | ".join(cells) + " |")
    if args.writes and "cached" in results:
        failures += [f"no figure at {r} saves a second" for r in WRITE_BARS if r not in writes]
    if writes:
        print(f"\nWrites: `{WRITE_PAGE}` as deployed, {args.write_duration} s of wrk each, while a")
        print("process saves an event through the ORM; ratio to the no-write throughput.\n")
        print("| saves a second | req/s | p99 ms | errors | kept | bar |")
        print("|---|---|---|---|---|---|")
        none = writes[0].requests_per_second
        for rate, figures in writes.items():
            kept = figures.requests_per_second / max(none, 1e-9)
            bar = WRITE_BARS.get(rate)
            mark = " <" if bar is not None and kept < bar else ""
            if mark:
                failures.append(f"{rate} saves a second: kept {kept:.2f} < {bar}")
            if figures.errors:
                failures.append(f"{rate} saves a second: {figures.errors} errors")
            print(
                f"| {rate} | {figures.requests_per_second:.0f} | {figures.p99:.1f} | "
                f"{figures.errors} | {kept:.2f}{mark} | {'' if bar is None else bar} |"
            )
    print("\nQuery plans, nothing cached (every query reading events_event):")
    seq_scans = 0
    for name, plans in measured["nothing cached"]["plans"].items():
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
        print(f"  {mode:15} " + ", ".join(f"{size:.0f} MB" for size in sizes))
        if any(size > MEMORY_BAR_MB for size in sizes):
            failures.append(f"worker memory over {MEMORY_BAR_MB} MB ({mode})")
    print(f"\nloaddata report_2020 into an empty migrated database: {loaddata_seconds:.2f} s")
    if loaddata_seconds >= LOADDATA_BAR_S:
        failures.append(f"loaddata took {loaddata_seconds:.1f} s")
    if server_errors:
        failures.append(f"{len(server_errors)} server errors logged")
        for line in server_errors[:5]:
            print(line)
    print(
        f"\nBars: seen before, every page >= {CACHED_BAR} of robots.txt; nothing cached, the "
        f"column above; writes, {', '.join(f'{r}/s >= {b:.0%}' for r, b in WRITE_BARS.items())} "
        f"of the no-write throughput; <= {QUERY_BAR} queries; no errors; no sequential scan "
        f"on events; workers <= {MEMORY_BAR_MB} MB; loaddata < {LOADDATA_BAR_S:.0f} s."
    )
    if args.only:
        print("(--only: a quick look, the bars are not checked)")
        return 0
    if failures:
        print("MISSED: " + "; ".join(failures))
        return 1
    print("All bars met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
