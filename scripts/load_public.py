"""Load the public pages the way production serves them, and print the figures.

Not a test: run it by hand (`make load`) before a release or after a change to a page's queries.

1. Makes a dedicated PostgreSQL database (LOAD_DATABASE_URL, default `cicte_load` on
   127.0.0.1), migrates it, and loads the 2020 report into it if it is empty.
2. Starts gunicorn with production settings (scripts/serving.py) on a free port of 127.0.0.1.
3. Drives it with wrk: 64 connections for 30 seconds going round the public pages, then prints
   requests per second, latency percentiles and errors (any answer but 200, socket errors and
   server errors in gunicorn's log). Exits 1 if there was any error.

Only 127.0.0.1 is ever contacted, and wrk stops by itself after the duration.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import REPO, gunicorn, manage, prepare_report_2020, production_env, server_errors

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_load"

# The public pages, by URL name, and one detail page of each kind (first published by slug).
PAGES_SCRIPT = """
import json
from django.urls import reverse
from cicte.models import ReportingYear
from events.models import Event
from reports.public_partners import public_partners
from programs.models import Program
from publications.models import Publication

year = ReportingYear.objects.public().order_by("-year").first()
paths = [reverse(name) for name in (
    "home", "programs:list", "events:list", "partners:list", "publications:list", "reports:list",
)]
paths += [
    reverse("events:list") + f"?year={year.year}&kind=webinar",
    reverse("events:list") + "?page=2",
    reverse("programs:detail", args=[Program.objects.order_by("position").first().slug]),
    reverse("events:detail", args=[Event.objects.published().order_by("slug").first().slug]),
    reverse("partners:detail", args=[public_partners().order_by("slug").first().slug]),
    reverse("publications:detail",
            args=[Publication.objects.published().order_by("slug").first().slug]),
    reverse("reports:detail", args=[year.year]),
    *[reverse("reports:annex", args=[year.year, number]) for number in (1, 2, 3, 4)],
]
print(json.dumps(paths))
"""


def time_pages(base: str, paths: list[str]) -> None:
    """Each page alone before the load (best of three), so the figures can be read: a page that
    fails alone stops the run."""
    print("page, alone (best of 3)")
    for path in paths:
        times = []
        for _attempt in range(3):
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                if response.status != 200:
                    sys.exit(f"{path} answered {response.status} before any load.")
            times.append(time.perf_counter() - started)
        print(f"  {min(times) * 1000:6.0f} ms  {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=30, help="seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="gunicorn sync workers (default: twice the cores)",
    )
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")

    env = production_env(os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL))
    prepare_report_2020(env)
    paths = json.loads(manage(env, "shell", "-c", PAGES_SCRIPT).strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as scratch:
        log_path = Path(scratch) / "gunicorn.log"
        paths_file = Path(scratch) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        with gunicorn(env, workers=args.workers, log_path=log_path) as (base, _pid):
            time_pages(base, paths)
            print(
                f"gunicorn: {args.workers} workers on {base}; wrk: {args.connections} "
                f"connections for {args.duration} s over {len(paths)} pages"
            )
            result = subprocess.run(
                [
                    wrk,
                    "--threads=2",
                    f"--connections={args.connections}",
                    f"--duration={args.duration}s",
                    "--timeout=10s",
                    "--script",
                    str(REPO / "scripts" / "load_public.lua"),
                    base + "/",
                ],
                env={**os.environ, "LOAD_PATHS_FILE": str(paths_file)},
                capture_output=True,
                text=True,
                check=True,
                timeout=args.duration + 60,
            )
        logged_errors = server_errors(log_path)

    figures = json.loads(result.stdout.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1_000_000
    socket_errors = sum(
        figures[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    # Every page answers 200: a redirect under load would be an error too.
    not_ok = sum(count for status, count in figures["statuses"].items() if status != "200")
    errors = not_ok + socket_errors + len(logged_errors)
    statuses = ", ".join(
        f"{status}: {count}" for status, count in sorted(figures["statuses"].items())
    )
    print(
        f"answers         {statuses}\n"
        f"requests        {figures['requests']} in {seconds:.1f} s "
        f"= {figures['requests'] / seconds:.1f} requests/s\n"
        f"latency         p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
        f"p99 {figures['p99_ms']:.0f} ms, max {figures['max_ms']:.0f} ms\n"
        f"non-2xx/3xx     {figures['non_2xx_3xx']}\n"
        f"socket errors   {socket_errors} (connect {figures['connect_errors']}, "
        f"read {figures['read_errors']}, write {figures['write_errors']}, "
        f"timeout {figures['timeouts']})\n"
        f"server errors   {len(logged_errors)} logged\n"
        f"errors          {errors}"
    )
    for line in logged_errors[:5]:
        print(line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
