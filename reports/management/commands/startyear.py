"""`manage.py startyear 2021`: start a new reporting year as a draft (see fixtures/README.md)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.management.base import YearCommand
from reports.services import reporting_year_skeleton, reporting_year_start


class Command(YearCommand):
    help = gettext_lazy(
        "Start a new reporting year as a draft after the last one: every program of the last "
        "year carries over with an empty narrative; events, activities, publications and "
        "partners' yearly standing are not copied."
    )

    year_help = gettext_lazy("The new year, e.g. 2021.")
    switches = {
        "--allow-gap": gettext_lazy("Start the year even if it skips years after the last one.")
    }

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--skeleton",
            type=Path,
            metavar="PATH",
            help=gettext_lazy(
                "Also write a skeleton fixture of the new year (e.g. fixtures/report_2021.json) "
                "for staff to fill in."
            ),
        )

    def handle(self, *args, year, allow_gap, skeleton, verbosity, **options):
        if skeleton is not None and skeleton.exists():
            raise CommandError(f"{skeleton} exists already; not overwriting it.")
        try:
            # One transaction: if the skeleton cannot be written, the year is not created either.
            with transaction.atomic():
                new_year = reporting_year_start(year=year, allow_gap=allow_gap)
                if skeleton is not None:
                    skeleton.write_text(
                        reporting_year_skeleton(year=new_year) + "\n", encoding="utf-8"
                    )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except OSError as error:
            raise CommandError(f"Cannot write {skeleton}: {error}") from None
        if not verbosity:
            return
        programs = new_year.program_years.count()
        self.stdout.write(
            self.style.SUCCESS(
                _("Started %(year)d as a draft with %(programs)d programs.")
                % {"year": new_year.year, "programs": programs}
            )
        )
        if skeleton is not None:
            self.stdout.write(_("Wrote the skeleton fixture %(path)s.") % {"path": skeleton})
