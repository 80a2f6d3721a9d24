"""The back office's site: its home page is the open reporting year at a glance, for editors
and program officers: per program what the year holds, and what is still missing for the
report (reports.report_checks), each count a link to the records behind it."""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cicte.admin.changes import change_log_view
from cicte.models import ReportingYear
from events.enums import EventAnnex
from events.models import Event, EventPartner
from partners.models import PartnerYear
from programs.models import Activity, ActivityPartner, Program, ProgramPartner
from publications.models import CoPublisher, Publication
from reports.report_checks import Finding, year_review


@dataclass(frozen=True)
class Tally:
    label: str
    count: int
    url: str | None  # the admin list of these records, where there is one


@dataclass(frozen=True)
class ProgramGlance:
    program: Program
    mine: bool  # one of the user's programs
    counts: list[Tally]
    blocking: list[Finding]
    advisory: list[Finding]


def changelist(model, **query) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def grouped(queryset, field: str) -> dict[int, int]:
    """{value of `field`: number of distinct records} in one query."""
    rows = queryset.order_by().values_list(field).annotate(count=Count("pk", distinct=True))
    return dict(rows.values_list(field, "count"))


def partners_by_program(year) -> dict[int, int]:
    """{program pk: how many organisations its year names}: in its events, activities and
    publications, and as its key partners. Four queries."""
    pairs = [
        EventPartner.objects.filter(event__year=year).values_list("event__programs", "partner_id"),
        ActivityPartner.objects.filter(activity__year=year).values_list(
            "activity__program", "partner_id"
        ),
        CoPublisher.objects.filter(publication__year=year).values_list(
            "publication__programs", "partner_id"
        ),
        ProgramPartner.objects.filter(program_year__year=year).values_list(
            "program_year__program", "partner_id"
        ),
    ]
    partners = defaultdict(set)
    for rows in pairs:
        for program_id, partner_id in rows.distinct():
            partners[program_id].add(partner_id)
    return {program_id: len(ids) for program_id, ids in partners.items()}


def year_at_a_glance(year: ReportingYear, user) -> dict:
    """The home page's data for `year`: the annexes' sizes, the year's checks, and per
    program its counts and checks, the user's own programs first."""
    programs = list(Program.objects.filter(years__year=year).select_related("parent"))
    mine = set(user.assigned_programs.values_list("pk", flat=True))
    programs.sort(key=lambda program: program.pk not in mine)
    review = year_review(year, programs)
    in_year = {"year__id__exact": year.pk}
    activities = grouped(Activity.objects.filter(year=year), "program")
    events = grouped(Event.objects.filter(year=year), "programs")
    publications = grouped(Publication.objects.filter(year=year), "programs")
    partners = partners_by_program(year)
    annexes = dict(
        Event.objects.filter(year=year).order_by().values_list("annex").annotate(Count("pk"))
    )
    return {
        "year": year,
        "review": review,
        "annexes": [
            Tally(
                EventAnnex.HIGH_LEVEL.label,
                annexes.get(EventAnnex.HIGH_LEVEL, 0),
                changelist(Event, **in_year, annex__exact=EventAnnex.HIGH_LEVEL),
            ),
            Tally(
                EventAnnex.VIRTUAL_FORUM.label,
                annexes.get(EventAnnex.VIRTUAL_FORUM, 0),
                changelist(Event, **in_year, annex__exact=EventAnnex.VIRTUAL_FORUM),
            ),
            Tally(
                _("Annex 3: publications"),
                Publication.objects.filter(year=year).count(),
                changelist(Publication, **in_year),
            ),
            Tally(
                _("Annex 4: donors and institutional partners"),
                PartnerYear.objects.filter(year=year, listed_in_annex=True).count(),
                changelist(PartnerYear, **in_year, listed_in_annex__exact=1),
            ),
        ],
        "programs": [
            ProgramGlance(
                program=program,
                mine=program.pk in mine,
                counts=[
                    Tally(
                        _("activities"),
                        activities.get(program.pk, 0),
                        changelist(Activity, **in_year, program__id__exact=program.pk),
                    ),
                    Tally(
                        _("events"),
                        events.get(program.pk, 0),
                        changelist(Event, **in_year, programs__id__exact=program.pk),
                    ),
                    Tally(
                        _("publications"),
                        publications.get(program.pk, 0),
                        changelist(Publication, **in_year, programs__id__exact=program.pk),
                    ),
                    Tally(_("partners"), partners.get(program.pk, 0), None),
                ],
                blocking=[f for f in review.by_program[program.pk] if f.blocking],
                advisory=[f for f in review.by_program[program.pk] if not f.blocking],
            )
            for program in programs
        ],
        "other_years": ReportingYear.objects.exclude(pk=year.pk).order_by("-year"),
    }


class CicteAdminSite(admin.AdminSite):
    site_header = _("CICTE back office")
    site_title = _("CICTE back office")
    index_title = _("The year at a glance")
    index_template = "admin/cicte/index.html"

    def get_urls(self):
        return [
            path(
                "changes/",
                self.admin_view(partial(change_log_view, site=self)),
                name="changes",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if request.user.has_perm("events.view_event"):
            year = self.chosen_year(request)
            if year is not None:
                context["glance"] = year_at_a_glance(year, request.user)
        return super().index(request, context)

    def chosen_year(self, request) -> ReportingYear | None:
        """The year asked for (`?year=2020`), else the open one."""
        asked = request.GET.get("year")
        if asked is None:
            return ReportingYear.objects.open()
        year = None
        if re.fullmatch(r"[0-9]{4}", asked):
            year = ReportingYear.objects.filter(year=int(asked)).first()
        if year is None:
            raise Http404(_("There is no reporting year %(year)s.") % {"year": asked})
        return year
