"""The pages served by gunicorn and driven by wrk (scripts/bench.py): each page against the
trivial view in the same rounds, as deployed and with every cache off, and the cached events
list while a process saves an event once and five times a second."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_pages import CONNECTIONS, MODES, PAGES, TRIVIAL, WRITE_BARS, WRITE_EVENT, WRITE_PAGE
from serving import REPO, Figures, gunicorn, log, run_wrk, server_errors, worker_memory_mb

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


def drive(wrk: str, base: str, path: str, seconds: int, scratch: Path) -> Figures:
    """wrk asking for `path` for `seconds`, at the bench's CONNECTIONS."""
    return run_wrk(wrk, base, path, connections=CONNECTIONS, seconds=seconds, scratch=scratch)


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
    drive(wrk, base, path, args.warmup, scratch)  # warm-up: every worker, every cache
    drain(base)
    befores, pages = [], []
    for _round in range(args.rounds):
        befores.append(drive(wrk, base, "/robots.txt", args.duration, scratch))
        drain(base)
        pages.append(drive(wrk, base, path, args.duration, scratch))
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
    drive(wrk, base, WRITE_PAGE, args.warmup, scratch)
    drain(base)
    results = {0: drive(wrk, base, WRITE_PAGE, seconds, scratch)}
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
            results[rate] = drive(wrk, base, WRITE_PAGE, seconds, scratch)
        finally:
            stop(writer)
        drain(base)
        log(
            f"  {WRITE_PAGE} with {rate} save(s)/s: "
            f"{results[rate].requests_per_second:.0f} requests/s "
            f"(none: {results[0].requests_per_second:.0f})"
        )
    return results
