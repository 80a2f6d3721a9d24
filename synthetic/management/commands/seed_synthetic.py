"""`manage.py seed_synthetic --events 100000 --seed 1`: realistic made-up data at scale.

For the benchmark (`make bench`) and for trying the site with many years of data. Ten synthetic
reporting years (2010-2019 by default, each titled "Synthetic data <year>") get programs and
sub-programs (the real ones, shared with real years), partners in every category with their
yearly standing, activities, events with one to three date ranges, one to three programs and up
to four partners, and publications with co-publishers and language editions. Sizes follow
--events: activities are a fifth of it, publications a twentieth, partners a fiftieth.

The same --seed gives the same data. Rows are written with bulk inserts (no signals, no change
history), so the denormalised Event.starts_on/ends_on are set here, and the site's data version
is bumped at the end so that no cached page outlives the load.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cicte.models import ReportingYear
from synthetic.seeder import Seeder
from synthetic.vocabulary import SYNTHETIC_TITLE_PREFIX, YEARS


def is_synthetic(year: ReportingYear) -> bool:
    return year.title.startswith(SYNTHETIC_TITLE_PREFIX)


class Command(BaseCommand):
    help = (
        "Fill the database with reproducible synthetic data over ten years (for the benchmark). "
        "Refuses to run against a database holding real report data unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000, help="events to create")
        parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data")
        parser.add_argument(
            "--first-year", type=int, default=2010, help="first of the ten synthetic years"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even though the database holds real reporting years",
        )

    def handle(self, *args, events, seed, first_year, force, verbosity, **options):
        if events < YEARS:
            raise CommandError(f"--events must be at least {YEARS} (one per year).")
        years = list(range(first_year, first_year + YEARS))
        existing = list(ReportingYear.objects.all())
        real = [year.year for year in existing if not is_synthetic(year)]
        if real and not force:
            raise CommandError(
                "This database holds real report data (reporting years "
                f"{', '.join(map(str, sorted(real)))}); seed_synthetic adds made-up records "
                "next to them. Use an empty database, or pass --force if that is what you want."
            )
        if any(is_synthetic(year) for year in existing):
            raise CommandError(
                "This database holds synthetic data already: seed an empty database."
            )
        clashing = sorted({year.year for year in existing} & set(years))
        if clashing:
            raise CommandError(
                f"Reporting years {', '.join(map(str, clashing))} exist already: choose "
                "another --first-year."
            )
        started = time.monotonic()
        with transaction.atomic():
            counts = Seeder(random.Random(seed), years, events, self.log(verbosity)).run()
            from cicte.data_version import bump_data_version

            bump_data_version()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, so the planner knows the sizes
        if verbosity:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(
                self.style.SUCCESS(f"Seeded {summary} in {time.monotonic() - started:.1f} s.")
            )

    def log(self, verbosity):
        started = time.monotonic()

        def write(message):
            if verbosity > 1:
                self.stdout.write(f"{time.monotonic() - started:7.1f} s  {message}")

        return write
