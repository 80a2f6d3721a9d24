"""`manage.py loadreport 2020`: load fixtures/report_2020.json, all or nothing.

See fixtures/README.md for the fixture format.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.management.base import YearCommand
from cicte.models import ReportingYear
from reports.services import FixtureError, report_fixture_load


def report_fixture_path(year: int) -> Path | None:
    """The first report_<year>.json in FIXTURE_DIRS, as loaddata would find it."""
    for directory in settings.FIXTURE_DIRS:
        path = Path(directory) / f"report_{year}.json"
        if path.is_file():
            return path
    return None


class Command(YearCommand):
    help = gettext_lazy(
        "Load one reporting year's fixture (fixtures/report_<year>.json), validating every "
        "object. It adds and changes that year's records and adds partners and programs that "
        "do not exist. On any error nothing is loaded and the message names the file, the "
        "object and the field."
    )

    year_help = gettext_lazy("The reporting year, e.g. 2020.")
    switches = {
        "--if-empty": gettext_lazy("Load only when the database holds no reporting year yet."),
        "--update-shared": gettext_lazy(
            "Also change partners and programs that exist with other values, and add or change "
            "other years' records; each such change is listed."
        ),
    }

    def handle(self, *args, year, if_empty, update_shared, verbosity, **options):
        if if_empty and ReportingYear.objects.exists():
            if verbosity:
                self.stdout.write(_("Reporting years are already loaded; nothing to do."))
            return
        path = report_fixture_path(year)
        if path is None:
            raise CommandError(
                f"No fixture report_{year}.json in {', '.join(map(str, settings.FIXTURE_DIRS))}."
            )
        try:
            result = report_fixture_load(path=path, year=year, update_shared=update_shared)
        except FixtureError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Loaded %(count)d objects from %(file)s: %(added)d added, %(changed)d "
                        "changed, %(unchanged)d unchanged."
                    )
                    % {
                        "count": result.count,
                        "file": path.name,
                        "added": result.added,
                        "changed": result.changed,
                        "unchanged": result.unchanged,
                    }
                )
            )
            for change in result.outside_the_year:
                self.stdout.write(
                    _("Outside %(year)d: %(change)s") % {"year": year, "change": change}
                )
