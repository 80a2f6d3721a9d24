"""Reads of programs that the other apps' pages share."""

from collections import Counter
from dataclasses import dataclass, field

from cicte.charts import Chart, events_per_month
from cicte.i18n import localized
from cicte.models import ReportingYear
from events.enums import EventKind
from events.models import Event
from partners.queries import partners_of_programs
from programs.models import Activity, Program, ProgramYear
from publications.models import Publication


def program_choices(programs):
    """(slug, name) with each sub-program under its parent: "Border security", "— Maritime…"."""
    children = {}
    for program in programs:
        children.setdefault(program.parent_id, []).append(program)
    choices = []
    for program in children.get(None, []):
        choices.append((program.slug, program.name))
        choices.extend((child.slug, f"— {child.name}") for child in children.get(program.pk, []))
    return choices


def program_tree():
    """One query: the filter choices, and slug → ids of that program and its sub-programs."""
    programs = list(Program.objects.only("pk", "slug", "name", "parent_id", "position"))
    ids = {program.slug: [program.pk] for program in programs}
    by_pk = {program.pk: program for program in programs}
    for program in programs:
        if program.parent_id in by_pk:
            ids[by_pk[program.parent_id].slug].append(program.pk)
    return program_choices(programs), ids


def public_program_years():
    """Program years of public reporting years only."""
    return ProgramYear.objects.filter(year__in=ReportingYear.objects.public())


def public_activities():
    """Activities of public reporting years only."""
    return Activity.objects.filter(year__in=ReportingYear.objects.public())


@dataclass
class ProgramYearSection:
    """One reporting year on a program page."""

    year: ReportingYear
    narratives: list[ProgramYear] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    events: list = field(default_factory=list)
    chart: Chart | None = None


@dataclass
class ProgramPage:
    program: Program
    children: list[Program]
    years: list[ProgramYearSection]
    publications: list
    partners: list


def program_page(slug):
    """Everything the program page shows, in seven queries; None for an unknown slug.

    A parent program (border security) gathers its sub-programs' years, events and
    publications.
    """
    family = list(Program.objects.family(slug))
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
    for program_year in public_program_years().filter(program__in=ids).select_related("year"):
        program_year.program = by_pk[program_year.program_id]  # already loaded: no query each
        section(program_year.year).narratives.append(program_year)
    for activity in (
        public_activities()
        .filter(program__in=ids)
        .select_related("year")
        .order_by(localized("title"), "pk")
    ):
        activity.program = by_pk[activity.program_id]
        section(activity.year).activities.append(activity)
    events = list(
        Event.objects.published()
        .of_programs(ids)
        .select_related("year")
        .chronological()
        .prefetch_related("dates")
    )
    for event in events:
        section(event.year).events.append(event)
    for year_section in sections.values():
        year_section.narratives.sort(key=lambda py: order[py.program_id])
        year_section.activities.sort(key=lambda a: order[a.program_id])
        year_section.chart = events_per_month(
            count_by_month_and_kind(year_section.events),
            year=year_section.year.year,
            labels=dict(EventKind.choices),
        )
    publications = list(
        Publication.objects.published().of_programs(ids).select_related("year").newest_first()
    )
    return ProgramPage(
        program=program,
        children=children,
        years=[sections[year] for year in sorted(sections, reverse=True)],
        publications=publications,
        partners=list(partners_of_programs(ids)),
    )


def count_by_month_and_kind(events):
    """The rows of EventQuerySet.counts_by_month_and_kind, counted from loaded events."""
    counts = Counter(
        (event.starts_on.replace(day=1), event.kind) for event in events if event.starts_on
    )
    return [
        {"month": month, "kind": kind, "count": count}
        for (month, kind), count in sorted(counts.items())
    ]
