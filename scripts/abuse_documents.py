"""A flood of document requests against a cached page: does the page stay fast? Prints figures.

Not a test: run it by hand (`make abuse-documents`) after a change to the documents or the
page cache. It shares the gunicorn/production-settings plumbing of `make load`
(scripts/serving.py).

1. Makes a dedicated PostgreSQL database (ABUSE_DATABASE_URL, default `cicte_abuse` on
   127.0.0.1), migrates it and loads the 2020 report into it if it is empty.
2. Starts gunicorn with production settings (DEBUG off, 3 sync workers, a fresh random
   SECRET_KEY, static files collected) on a free port of 127.0.0.1.
3. Times the cached /en/events/ alone with wrk (2 connections, 10 s).
4. Then, for 25 s, 10 connections ask for the report's documents (the PDF, the Word report and
   the Word annexes, in the four languages) each with a made-up query string `?cb=<random>`, as
   an attacker defeating a cache would, while 2 more connections time /en/events/.
5. Prints both runs: answers by status, requests per second, latency percentiles. The bar:
   /en/events/ under the flood at p50 <= 50 ms. Exits 1 if it is missed or a page fails.

Only 127.0.0.1 is ever contacted, and every wrk run stops by itself after its duration.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from serving import REPO, gunicorn, prepare_report_2020, production_env, server_errors

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_abuse"
WORKERS = 3
FLOOD_CONNECTIONS = 10
FLOOD_SECONDS = 25
PAGE = "/en/events/"
BAR_P50_MS = 50
TIMEOUT_SECONDS = 5
DOCUMENTS = [
    f"/{language}/reports/2020{document}"
    for language in ("en", "es", "fr", "pt")
    for document in (".pdf", ".docx", "/annexes.docx")
]


def wrk(base: str, paths_file: Path, *, connections: int, seconds: int, random_query: bool):
    """Starts wrk (scripts/load_public.lua) over the paths of `paths_file`; the Popen, whose
    figures are read later. A request unanswered after TIMEOUT_SECONDS counts as a timeout: wrk's
    percentiles count only the requests answered, which a frozen site barely has."""
    env = {**os.environ, "LOAD_PATHS_FILE": str(paths_file)}
    if random_query:
        env["LOAD_RANDOM_QUERY"] = "1"
    return subprocess.Popen(
        [
            "wrk",
            "--threads=2",
            f"--connections={connections}",
            f"--duration={seconds}s",
            f"--timeout={TIMEOUT_SECONDS}s",
            "--script",
            str(REPO / "scripts" / "load_public.lua"),
            base + "/",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def figures(process: subprocess.Popen) -> dict:
    output, _ = process.communicate(timeout=120)
    return json.loads(output.strip().splitlines()[-1])


def socket_errors(result: dict) -> int:
    return sum(result[key] for key in ("connect_errors", "read_errors", "timeouts"))


def report(name: str, result: dict) -> None:
    seconds = result["duration_us"] / 1_000_000
    statuses = ", ".join(
        f"{status}: {count}" for status, count in sorted(result["statuses"].items())
    )
    errors = socket_errors(result)
    print(
        f"{name:34} {result['requests'] / seconds:7.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
        f"[{statuses}; socket errors {errors}]"
    )


def main() -> int:
    env = production_env(os.environ.get("ABUSE_DATABASE_URL", DEFAULT_DATABASE_URL))
    prepare_report_2020(env)

    with tempfile.TemporaryDirectory() as scratch:
        page_file, documents_file = Path(scratch, "page.txt"), Path(scratch, "documents.txt")
        page_file.write_text(PAGE + "\n")
        documents_file.write_text("\n".join(DOCUMENTS) + "\n")
        log_path = Path(scratch, "gunicorn.log")
        with gunicorn(env, workers=WORKERS, log_path=log_path) as (base, _pid):
            alone = figures(wrk(base, page_file, connections=2, seconds=10, random_query=False))
            flood = wrk(
                base,
                documents_file,
                connections=FLOOD_CONNECTIONS,
                seconds=FLOOD_SECONDS,
                random_query=True,
            )
            page = wrk(base, page_file, connections=2, seconds=FLOOD_SECONDS, random_query=False)
            flooded, flooding = figures(page), figures(flood)
        logged_errors = server_errors(log_path)

    print(
        f"gunicorn: {WORKERS} sync workers, production settings, on {base}\n"
        f"flood: {FLOOD_CONNECTIONS} connections for {FLOOD_SECONDS} s over {len(DOCUMENTS)} "
        "documents, each request with a made-up ?cb=<random>"
    )
    report(f"{PAGE} alone", alone)
    report(f"{PAGE} during the flood", flooded)
    report("documents (the flood)", flooding)
    print(f"server errors logged: {len(logged_errors)}")
    page_ok = set(alone["statuses"]) == set(flooded["statuses"]) == {"200"}
    met = flooded["p50_ms"] <= BAR_P50_MS and not socket_errors(flooded)
    print(
        f"bar: {PAGE} during the flood at p50 <= {BAR_P50_MS} ms, none unanswered after "
        f"{TIMEOUT_SECONDS} s: {'met' if met else 'MISSED'} (p50 {flooded['p50_ms']:.1f} ms, "
        f"{socket_errors(flooded)} socket errors)"
    )
    return 0 if met and page_ok and not logged_errors else 1


if __name__ == "__main__":
    sys.exit(main())
