"""`manage.py checkyear 2021`: what is still missing in a year's report (reports.report_checks)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cicte.management.base import YearCommand
from cicte.models import ReportingYear
from reports.report_checks import year_review


class Command(YearCommand):
    help = gettext_lazy(
        "List what is still missing or inconsistent in a year's report, as the back office's "
        "home page does: blocking items, then advisory ones. Exits with 1 while a blocking "
        "item remains, else 0."
    )

    def handle(self, *args, year, **options):
        try:
            reporting_year = ReportingYear.objects.get(year=year)
        except ReportingYear.DoesNotExist:
            raise CommandError(_("There is no reporting year %(year)d.") % {"year": year}) from None
        review = year_review(reporting_year)
        for heading, findings in [
            (_("Blocking"), review.blocking),
            (_("Advisory"), review.advisory),
        ]:
            if findings:
                self.stdout.write(f"{heading}:")
            for finding in findings:
                self.stdout.write(f"  {finding.check.label}: {finding.count}")
        if review.blocking:
            count = review.blocking_count
            raise CommandError(
                ngettext(
                    "%(count)d blocking item remains in the %(year)d report.",
                    "%(count)d blocking items remain in the %(year)d report.",
                    count,
                )
                % {"count": count, "year": year},
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(_("No blocking item in the %(year)d report.") % {"year": year})
        )
