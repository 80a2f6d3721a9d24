"""The program pages' reads: the programs list's counts and a program's page, which gather
its events, publications, activities and partners."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber

from cicte.i18n import localized
from cicte.models import ReportingYear
from events.enums import EventKind
from events.models import Event
from programs.models import Activity, Program, ProgramPartner, ProgramYear
from programs.queries import public_program_years, public_programs
from publications.models import Publication
from reports.charts import Chart, events_per_month
from reports.figures import years_with_figures
from reports.partner_queries import partners_of_programs


def programs_with_public_counts():
    """Every public program, in the programs list's order, with `event_count` and
    `publication_count` of what a visitor may see. Three queries: the programs, then each link
    table counted by
    program in one pass (a correlated count per program read every event once per program:
    0.73 s at 100,000 events, against ~0.2 s)."""
    programs = list(public_programs().order_by("position", localized("name"), "pk"))

    def counts(links, content, model):
        return dict(
            links.filter(**{f"{content}__in": model.objects.published()})
            .order_by()
            .values("program")
            .annotate(count=Count("pk"))
            .values_list("program", "count")
        )

    events = counts(Program.events.through.objects, "event", Event)
    publications = counts(Program.publications.through.objects, "publication", Publication)
    for program in programs:
        program.event_count = events.get(program.pk, 0)
        program.publication_count = publications.get(program.pk, 0)
    return programs


# A program of ten busy years has thousands of events and activities: its page shows the
# first of each (the events list, filtered by program and year, has them all).
EVENTS_PER_YEAR = 10
ACTIVITIES_PER_YEAR = 10
PUBLICATIONS_SHOWN = 20
PARTNERS_SHOWN = 60


@dataclass
class ProgramYearSection:
    """One reporting year on a program page."""

    year: ReportingYear
    narratives: list[ProgramYear] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    activity_count: int = 0
    events: list = field(default_factory=list)
    event_count: int = 0
    chart: Chart | None = None

    @property
    def more_activities(self):
        return self.activity_count - len(self.activities)

    @property
    def more_events(self):
        return self.event_count > len(self.events)


@dataclass
class ProgramPage:
    program: Program
    children: list[Program]
    years: list[ProgramYearSection]
    publications: list
    partners: list
    more_publications: bool = False
    more_partners: bool = False
    # Every public year with the program's figures (reports.figures.years_with_figures).
    figures: list[ReportingYear] = field(default_factory=list)

    def year_shown(self, requested: str) -> ProgramYearSection | None:
        return year_shown(self.years, requested)


def year_shown(years: list[ProgramYearSection], requested: str) -> ProgramYearSection | None:
    """The year a program's page shows among `years` (latest first): the one asked for
    ("2019"), else the latest; None for a year the program has nothing in."""
    if not requested:
        return years[0] if years else None
    return next((s for s in years if str(s.year.year) == requested), None)


def first_per_year(queryset, order, count):
    """The first `count` rows of each reporting year in `order`."""
    return queryset.annotate(
        position_in_year=Window(RowNumber(), partition_by=[F("year")], order_by=order),
    ).filter(position_in_year__lte=count)


def program_page(slug, requested_year=""):
    """Everything the program page shows, in a fixed number of queries whatever the number of
    years, events or activities; None for an unknown slug.

    A parent program (border security) gathers its sub-programs' years, events and
    publications. Each year shows its first activities (A to Z) and its number of events with
    a chart of them; the year shown (ProgramPage.year_shown(requested_year)) its latest events
    too, read in that year only (numbering every year's events read all of the program's). The
    page's map and years' table read `figures`.
    """
    family = list(public_programs().family(slug))
    program = next((p for p in family if p.slug == slug), None)
    if program is None:
        return None
    children = [p for p in family if p.parent_id == program.pk]
    ids = [program.pk, *(child.pk for child in children)]
    order = {program.pk: 0, **{child.pk: n for n, child in enumerate(children, start=1)}}

    sections = {}

    def section(year):
        return sections.setdefault(year.year, ProgramYearSection(year))

    by_pk = {p.pk: p for p in family}
    program_years = (
        public_program_years()
        .filter(program__in=ids)
        .select_related("year")
        .prefetch_related(
            Prefetch("key_partner_links", ProgramPartner.objects.select_related("partner"))
        )
    )
    for program_year in program_years:
        program_year.program = by_pk[program_year.program_id]  # already loaded: no query each
        section(program_year.year).narratives.append(program_year)
    # The years' figures (the map, the years' table) and each year's chart and first
    # activities, in one query.
    figures = years_with_figures(ids, months=True, first_activities=ACTIVITIES_PER_YEAR)
    for year in figures:
        if year.first_activities:
            year_section = section(year)
            for activity in year.first_activities:
                activity.program = by_pk[activity.program_id]
            year_section.activities = year.first_activities
            year_section.activity_count = year.activity_count
    public_events = Event.objects.published().of_programs(ids)
    counts = {year.year: year.event_months for year in figures}
    for year in figures:
        if counts[year.year]:
            section(year)  # a year known from its events only: its number and chart
    years = [sections[year] for year in sorted(sections, reverse=True)]
    if (shown_section := year_shown(years, requested_year)) is not None:
        # The year's latest, by its index newest first, with their date ranges.
        latest = (
            public_events.filter(year__year=shown_section.year.year)
            .order_by(F("starts_on").desc(nulls_last=True), F("ends_on").desc(nulls_last=True))
            .values("pk")[:EVENTS_PER_YEAR]
        )
        shown_section.events = list(
            Event.objects.filter(pk__in=latest)
            .select_related("year")
            .prefetch_related("dates")
            .chronological()
        )
    for year_section in sections.values():
        rows = counts.get(year_section.year.year, [])
        year_section.event_count = sum(row["count"] for row in rows)
        year_section.narratives.sort(key=lambda py: order[py.program_id])
        year_section.activities.sort(key=lambda a: order[a.program_id])
        year_section.chart = events_per_month(
            rows,
            year=year_section.year.year,
            labels=dict(EventKind.choices),
        )
    publications = list(
        Publication.objects.published()
        .of_programs(ids)
        .select_related("year")
        .newest_first()[: PUBLICATIONS_SHOWN + 1]
    )
    partners = list(partners_of_programs(ids)[: PARTNERS_SHOWN + 1])
    return ProgramPage(
        program=program,
        children=children,
        years=years,
        publications=publications[:PUBLICATIONS_SHOWN],
        partners=partners[:PARTNERS_SHOWN],
        more_publications=len(publications) > PUBLICATIONS_SHOWN,
        more_partners=len(partners) > PARTNERS_SHOWN,
        figures=figures,
    )
