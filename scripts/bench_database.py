"""The bench's database (scripts/bench.py): `seed_synthetic --events 100000 --seed 1` plus the
real 2020 report, built once and kept between runs; and the timing of `loaddata report_2020`
into an empty database beside it."""

import time
from urllib.parse import urlsplit

import psycopg
from serving import create_database, drop_database, log, manage

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cicte_bench"
EVENTS = 100_000
SEED = 1


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
