"""What is still missing or inconsistent in a year's report, before it goes out.

*Blocking* items must be fixed before the year is published; *advisory* items are worth an
editor's look. The back office's home page lists them per program and `manage.py checkyear`
runs them before a release. Each check is a condition on one model, so that its count and the
admin list behind it (`?check=<slug>`, `cicte.admin.checks.ReportCheckFilter`) always agree.
The 2020 report as loaded shows no blocking item: each rule follows fixtures/README.md.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cicte import i18n
from cicte.admin import checks as admin_checks
from cicte.enums import ContentStatus
from cicte.models import EditorialNote, ReportingYear, ReportText
from events.enums import EventFormat, EventKind, SecretariatRole
from events.models import Event, EventDate, EventPartner
from partners.models import Partner, PartnerYear
from programs.models import Activity, Program, ProgramYear
from publications.models import Edition, Publication

BLOCKING = "blocking"
ADVISORY = "advisory"

# The language the report also appears in.
SECOND_LANGUAGE = "es"


@dataclass(frozen=True)
class Check:
    slug: str
    label: str | Promise  # "Events without dates": what the count counts
    severity: str
    model: type[models.Model]
    condition: Callable[[], Q | Exists]
    # Lookups that narrow the model to a year and to a program (by primary key), as the admin's
    # list filters spell them; None: the records belong to no one program.
    year_lookup: str = "year__id__exact"
    program_lookup: str | None = None

    def url(self, year: ReportingYear, program: Program | None = None) -> str:
        """The admin list of these records (of one program's, if given)."""
        opts = self.model._meta
        query = {"check": self.slug, self.year_lookup: year.pk}
        if program is not None and self.program_lookup:
            query[self.program_lookup] = program.pk
        return (
            f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{urlencode(query)}"
        )


def untranslated(model, *, except_fields=()) -> Q:
    """Records with a translated field written in English but not in the second language."""
    condition = Q()
    for field in sorted(i18n.translated_fields(model) - set(except_fields)):
        english = f"{field}_{i18n.CONTENT_LANGUAGE}"
        condition |= ~Q(**{english: ""}) & Q(**{f"{field}_{SECOND_LANGUAGE}": ""})
    return condition


def has(model, fk: str, condition: Q | None = None) -> Exists:
    return Exists(model._default_manager.filter(condition or Q(), **{fk: OuterRef("pk")}))


def event_programs() -> Exists:
    return has(Event.programs.through, "event_id")


EVENT = {"model": Event, "program_lookup": "programs__id__exact"}
PUBLICATION = {"model": Publication, "program_lookup": "programs__id__exact"}

CHECKS = [
    Check(
        "program-without-narrative",
        _("Programs without a narrative"),
        BLOCKING,
        ProgramYear,
        lambda: Q(**{f"narrative_{i18n.CONTENT_LANGUAGE}": ""}),
        program_lookup="program__id__exact",
    ),
    Check(
        "event-without-dates",
        _("Events without dates"),
        BLOCKING,
        condition=lambda: ~has(EventDate, "event"),
        **EVENT,
    ),
    # Every event belongs to a program (fixtures/README.md): none to list it under.
    Check(
        "event-without-program",
        _("Events without a program"),
        BLOCKING,
        Event,
        lambda: ~event_programs(),
    ),
    Check(
        "event-without-kind",
        _("Events without a kind"),
        BLOCKING,
        condition=lambda: Q(kind=""),
        **EVENT,
    ),
    Check(
        "event-without-format",
        _("Events without a format"),
        BLOCKING,
        condition=lambda: Q(format=""),
        **EVENT,
    ),
    Check(
        "high-level-without-level",
        _("High-level meetings without a participation level"),
        BLOCKING,
        condition=lambda: Q(kind=EventKind.HIGH_LEVEL_MEETING, participation_level=""),
        **EVENT,
    ),
    # An exchange visit may cover several countries, and an event has one: the 2020 visit to
    # Estonia and Spain has none, its description names both (fixtures/README.md, decision 25).
    Check(
        "in-person-without-country",
        _("In-person events without a country"),
        BLOCKING,
        condition=lambda: (
            Q(format__in=[EventFormat.IN_PERSON, EventFormat.HYBRID], country="")
            & ~Q(kind=EventKind.EXCHANGE_VISIT)
        ),
        **EVENT,
    ),
    # Not one day in the year: an event across the new year belongs to either.
    Check(
        "event-outside-year",
        _("Events whose dates fall outside their reporting year"),
        BLOCKING,
        condition=lambda: (
            Q(ends_on__year__lt=F("year__year")) | Q(starts_on__year__gt=F("year__year"))
        ),
        **EVENT,
    ),
    Check(
        "event-draft",
        _("Events not yet published"),
        BLOCKING,
        condition=lambda: Q(status=ContentStatus.DRAFT),
        **EVENT,
    ),
    Check(
        "publication-draft",
        _("Publications not yet published"),
        BLOCKING,
        condition=lambda: Q(status=ContentStatus.DRAFT),
        **PUBLICATION,
    ),
    Check(
        "contributor-without-category",
        _("Financial contributors without a category"),
        BLOCKING,
        PartnerYear,
        lambda: Q(financial_contributor=True, partner__category=""),
    ),
    Check(
        "event-without-partner",
        _("Events with no partner, although the Secretariat did not organise them alone"),
        ADVISORY,
        condition=lambda: (
            ~Q(secretariat_role=SecretariatRole.ORGANISER) & ~has(EventPartner, "event")
        ),
        **EVENT,
    ),
    # Virtual events have no place (fixtures/README.md, decision 25).
    Check(
        "virtual-event-with-place",
        _("Virtual events with a city or country"),
        ADVISORY,
        condition=lambda: Q(format=EventFormat.VIRTUAL) & (~Q(city="") | ~Q(country="")),
        **EVENT,
    ),
    Check(
        "publication-without-edition",
        _("Publications without a language edition (Annex 3 lists their languages)"),
        ADVISORY,
        condition=lambda: ~has(Edition, "publication"),
        **PUBLICATION,
    ),
    # Fields left in English only. Not a printed name (it reads as the partner's Spanish name)
    # nor a partner's acronym and its note (in Spanish the acronym matches the name).
    Check(
        "year-untranslated",
        _("Reporting year: texts not translated into Spanish"),
        ADVISORY,
        ReportingYear,
        lambda: (
            untranslated(ReportingYear)
            | has(ReportText, "year", untranslated(ReportText))
            | has(EditorialNote, "year", untranslated(EditorialNote))
        ),
        year_lookup="id__exact",
    ),
    Check(
        "program-untranslated",
        _("Programs not translated into Spanish"),
        ADVISORY,
        Program,
        lambda: untranslated(Program),
        year_lookup="years__year__id__exact",
    ),
    Check(
        "narrative-untranslated",
        _("Narratives not translated into Spanish"),
        ADVISORY,
        ProgramYear,
        lambda: untranslated(ProgramYear),
        program_lookup="program__id__exact",
    ),
    Check(
        "activity-untranslated",
        _("Activities not translated into Spanish"),
        ADVISORY,
        Activity,
        lambda: untranslated(Activity),
        program_lookup="program__id__exact",
    ),
    Check(
        "event-untranslated",
        _("Events not translated into Spanish"),
        ADVISORY,
        condition=lambda: untranslated(Event),
        **EVENT,
    ),
    Check(
        "publication-untranslated",
        _("Publications not translated into Spanish"),
        ADVISORY,
        condition=lambda: untranslated(Publication),
        **PUBLICATION,
    ),
    Check(
        "annex-4-partner-untranslated",
        _("Annex 4 partners not translated into Spanish"),
        ADVISORY,
        Partner,
        lambda: untranslated(Partner, except_fields=["acronym", "acronym_note"]),
        year_lookup="years__year__id__exact",
    ),
]


@dataclass(frozen=True)
class Finding:
    check: Check
    count: int
    url: str

    @property
    def blocking(self) -> bool:
        return self.check.severity == BLOCKING


@dataclass(frozen=True)
class YearReview:
    year: ReportingYear
    findings: list[Finding]  # the whole year's, in CHECKS' order; none with a count of 0
    by_program: dict[int, list[Finding]]  # {program pk: that program's findings}

    @property
    def blocking(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.blocking]

    @property
    def blocking_count(self) -> int:
        return sum(finding.count for finding in self.blocking)

    @property
    def advisory(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.blocking]


def year_review(year: ReportingYear, programs=()) -> YearReview:
    """Every check of `year`, in all and for each of `programs` (records of one program only:
    `program_lookup`). One query per model checked, and one more per model whose checks count
    per program: each check a conditional count."""
    totals, per_program = {}, defaultdict(dict)
    for (model, year_lookup), checks in groupby(
        sorted(CHECKS, key=lambda check: (check.model._meta.label, check.year_lookup)),
        key=lambda check: (check.model, check.year_lookup),
    ):
        checks = list(checks)
        records = model._default_manager.filter(**{year_lookup: year.pk}).order_by()
        totals |= records.aggregate(**{check.slug: counted(check) for check in checks})
        by_program = [check for check in checks if check.program_lookup]
        if not programs or not by_program:
            continue
        program_field = by_program[0].program_lookup.removesuffix("__id__exact")
        rows = records.values(program_field).annotate(
            **{check.slug: counted(check) for check in by_program}
        )
        for row in rows:
            for check in by_program:
                per_program[row[program_field]][check.slug] = row[check.slug]
    findings = [
        Finding(check, totals[check.slug], check.url(year))
        for check in CHECKS
        if totals[check.slug]
    ]
    return YearReview(
        year,
        findings,
        {
            program.pk: [
                Finding(finding.check, count, finding.check.url(year, program))
                for finding in findings
                if (count := per_program[program.pk].get(finding.check.slug))
            ]
            for program in programs
        },
    )


def counted(check: Check) -> Count:
    # Distinct: a year's lookup through a relation may repeat a record.
    return Count("pk", filter=check.condition(), distinct=True)


def register_filters() -> None:
    """Offer each model's checks in its admin list (cicte.admin.checks.ReportCheckFilter)."""
    for check in CHECKS:
        admin_checks.REPORT_CHECKS.setdefault(check.model._meta.label, {})[check.slug] = check
