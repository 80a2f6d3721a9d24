"""Reads that cross the apps: the home page's figures, the report and its four annexes.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from cicte.data_version import memoise
from cicte.enums import ContentStatus
from cicte.i18n import localized
from cicte.models import ReportingYear
from cicte.preload import attach_children, with_children
from events.models import Event, EventPartner
from partners.enums import PartnerCategory
from partners.models import Partner, PartnerYear
from programs.models import Activity, Program, ProgramYear
from publications.models import CoPublisher, Publication


def _count(queryset, by="year"):
    """A correlated COUNT per row of the outer query (by default a ReportingYear) of the
    rows of `queryset` whose `by` is that row."""
    counted = (
        queryset.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def public_year(number):
    """The public ReportingYear `number`, or None; kept until the next write (memoise)."""
    return memoise(
        f"year:{number}", lambda: ReportingYear.objects.public().filter(year=number).first()
    )


def current_year_with_figures():
    """The latest public year with its figures (one query), or None before any is public."""
    return (
        ReportingYear.objects.public()
        .order_by("-year")
        .annotate(
            event_count=_count(Event.objects.filter(status=ContentStatus.PUBLISHED)),
            publication_count=_count(Publication.objects.filter(status=ContentStatus.PUBLISHED)),
            partner_count=_count(PartnerYear.objects.filter(listed_in_annex=True)),
            contributor_count=_count(PartnerYear.objects.filter(financial_contributor=True)),
            activity_count=_count(Activity.objects.all()),
        )
        .first()
    )


@dataclass
class ProgramNode:
    """A program with its sub-programs, for lists that show the hierarchy."""

    program: Program
    children: list["ProgramNode"] = field(default_factory=list)

    def __iter__(self):
        """The program, then its sub-programs."""
        yield self.program
        for child in self.children:
            yield from child


def as_tree(programs):
    """Top-level nodes, in the order given, each with its sub-programs in the order given."""
    nodes = {program.pk: ProgramNode(program) for program in programs}
    roots = []
    for program in programs:
        parent = nodes.get(program.parent_id)
        (parent.children if parent else roots).append(nodes[program.pk])
    return roots


def programs_of_year(year):
    """Programs with a narrative or events in `year`, each with its `event_count` (one query),
    parents first and sub-programs after their parent."""
    # A count per program over the year's events only (the year's index), not a join of
    # every event of every year.
    events_of_year = Event.programs.through.objects.filter(
        event__year=year, event__status=ContentStatus.PUBLISHED
    )
    programs = list(
        Program.objects.annotate(
            event_count=_count(events_of_year, by="program"),
            in_year=Exists(ProgramYear.objects.filter(program=OuterRef("pk"), year=year)),
        ).order_by("position", localized("name"))
    )
    active = {p.pk for p in programs if p.in_year or p.event_count}
    active |= {p.parent_id for p in programs if p.pk in active and p.parent_id}
    parents = {p.parent_id for p in programs if p.parent_id}
    for program in programs:
        program.is_parent = program.pk in parents
    return [program for node in as_tree(programs) for program in node if program.pk in active]


def latest_events(year, count=5):
    """The year's latest events (their summaries load what they show)."""
    return Event.objects.published().filter(year=year).newest_first()[:count]


def latest_publications(year, count=3):
    return Publication.objects.published().filter(year=year).newest_first()[:count]


def annex_1(year):
    """Annex 1: the year's high-level meetings in date order, with their markers."""
    return Event.objects.published().filter(year=year).high_level().chronological().for_annex()


def annex_2(year):
    """Annex 2: the webinars and virtual forums the secretariat organised, in date order."""
    return Event.objects.published().filter(year=year).virtual_forums().chronological().for_annex()


def annexes_1_and_2(year):
    """Both lists from one query (two with the organisers), for the whole report's page: the
    date ranges come in the events' own query (cicte.preload)."""
    events = (
        Event.objects.published().filter(year=year).high_level()
        | Event.objects.published().filter(year=year).virtual_forums()
    ).chronological()
    events = attach_children(
        with_children(events, "dates", ("id", "start", "end", "precision")).prefetch_related(
            Prefetch("partner_roles", EventPartner.objects.select_related("partner"))
        ),
        "dates",
    )
    return (
        [event for event in events if event.participation_level],
        [event for event in events if not event.participation_level],
    )


def annex_3(year):
    """Annex 3: the year's publications in date order, with co-publishers and editions."""
    return Publication.objects.published().filter(year=year).chronological().for_listing()


@dataclass
class PartnerGroup:
    category: str
    label: str
    partners: list[Partner]


def annex_4(year):
    """Annex 4: [PartnerGroup] in the annex's category order, names A to Z, one query."""
    labels = dict(PartnerCategory.choices)
    return [
        PartnerGroup(category, labels.get(category, category), list(partners))
        for category, partners in groupby(
            Partner.objects.for_annex(year), key=lambda partner: partner.category
        )
    ]


def financial_contributors(groups):
    """Section IV from Annex 4's groups: the starred partners, by category."""
    return [
        PartnerGroup(group.category, group.label, contributors)
        for group in groups
        if (contributors := [p for p in group.partners if p.financial_contributor])
    ]


def report_sections(year):
    """Everything the whole report shows (its page and its PDF): seven queries, the date
    ranges and editions coming with their events and publications (cicte.preload)."""
    annex_1, annex_2 = annexes_1_and_2(year)
    groups = annex_4(year)
    publications = Publication.objects.published().filter(year=year).chronological()
    publications = attach_children(
        with_children(publications, "editions", ("id", "language", "url")).prefetch_related(
            Prefetch("co_publisher_links", CoPublisher.objects.select_related("partner"))
        ),
        "editions",
    )
    return {
        "year": year,
        "programs": report_programs(year),
        "contributors": financial_contributors(groups),
        "annex_1": annex_1,
        "annex_2": annex_2,
        "annex_3": publications,
        "annex_4": groups,
    }


def report_programs(year):
    """Section III: the year's program narratives (sub-programs after their parent) and
    activities, as [(ProgramYear or None, program, [activities])]. Two queries.
    """
    program_years = list(ProgramYear.objects.filter(year=year).select_related("program__parent"))
    activities = list(
        Activity.objects.filter(year=year)
        .select_related("program__parent")
        .order_by(localized("title"), "pk")
    )
    by_program = {}
    for activity in activities:
        by_program.setdefault(activity.program_id, []).append(activity)
    programs = {}
    for program in [py.program for py in program_years] + [a.program for a in activities]:
        programs[program.pk] = program
        if program.parent_id and program.parent_id not in programs:
            programs[program.parent_id] = program.parent
    narratives = {py.program_id: py for py in program_years}
    ordered = sorted(programs.values(), key=lambda p: (p.position, p.name))
    return [
        (narratives.get(program.pk), program, by_program.get(program.pk, []))
        for node in as_tree(ordered)
        for program in node
    ]
