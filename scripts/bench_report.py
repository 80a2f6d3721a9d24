"""The bench's printed report (scripts/bench.py): the table of pages (markdown, for the
README), the writes' table, the query plans of the events queries, the workers' memory, the
loaddata time, and the bars, each marked where it is missed."""

import os

from bench_database import EVENTS, SEED
from bench_pages import (
    CACHED_BAR,
    CONNECTIONS,
    LOADDATA_BAR_S,
    MEMORY_BAR_MB,
    MODES,
    PAGES,
    QUERY_BAR,
    TRIVIAL,
    WRITE_BARS,
    WRITE_PAGE,
)
from serving import Figures


def has_seq_scan_on_events(plan: str) -> bool:
    return "Seq Scan on events_event " in plan + " "


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
