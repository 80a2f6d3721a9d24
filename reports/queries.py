"""Reads that cross the apps: the home page's figures, the report and its four annexes.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.postgres.expressions import ArraySubquery
from django.db import router
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext_lazy

from cicte.enums import ContentStatus
from cicte.i18n import localized
from cicte.models import ReportingYear, ReportText
from cicte.search import full_text_search, ranked_search
from events.enums import EventAnnex
from events.models import Event, EventPartner
from partners.enums import PartnerCategory
from partners.models import Partner, PartnerYear
from programs.models import Activity, Program, ProgramPartner, ProgramYear
from programs.queries import public_programs
from publications.models import CoPublisher, Publication
from reports.figures import (
    RowOf,
    activities_a_to_z,
    instance,
    instances,
    with_places,
    years_query,
)
from reports.public_partners import public_partners


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


def report_year(number, user, *, with_sections=False, with_figures=False):
    """The reporting year `number` if `user` may read it (ReportingYear.visible_to), or None,
    with its editorial notes prefetched: two queries. With_sections, its sections' texts
    prefetched too (three queries) and the rows of report_sections() in its row
    (section_rows()); with_figures, its `figures`: years_with_figures() read in the same row."""
    years = ReportingYear.objects.visible_to(user).filter(year=number)
    years = years.prefetch_related("editorial_notes", *(["texts"] if with_sections else []))
    if with_sections:
        years = years.annotate(**section_rows())
    if with_figures:
        figures = years_query().annotate(
            row=JSONObject(
                id="pk", year="year", event_places="event_places", activity_places="activity_places"
            )
        )
        years = years.annotate(figures_rows=ArraySubquery(figures.values("row")))
    year = years.first()
    if year is not None and with_figures:
        year.figures = [
            with_places(
                ReportingYear.from_db(years.db, ["id", "year"], [row["id"], row["year"]]),
                row["event_places"],
                row["activity_places"],
            )
            for row in year.figures_rows
        ]
    return year


def public_year_numbers():
    """[2020, 2019…]: the public years, newest first."""
    return list(ReportingYear.objects.public().order_by("-year").values_list("year", flat=True))


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
    return Event.objects.in_report(year).high_level().chronological().for_annex()


def annex_2(year):
    """Annex 2: the webinars and virtual forums the secretariat organised, in date order."""
    return Event.objects.in_report(year).virtual_forums().chronological().for_annex()


def annex_3(year):
    """Annex 3: the year's publications in date order, with co-publishers and editions."""
    return Publication.objects.in_report(year).chronological().for_listing()


@dataclass
class PartnerGroup:
    """One category of Annex 4: its partners' standings in the year (PartnerYear), each
    with its `partner`, `printed_name` and `financial_contributor` (the *)."""

    category: str
    label: str
    entries: list[PartnerYear]

    @property
    def names(self):
        return [entry.printed_name for entry in self.entries]


def annex_4(year):
    """Annex 4: [PartnerGroup] in the annex's category order, names as printed A to Z, one
    query."""
    return partner_groups(PartnerYear.objects.for_annex(year))


def partner_groups(entries):
    """[PartnerGroup] of Annex 4's `entries` (PartnerYear, each with its partner), in their
    order."""
    labels = dict(PartnerCategory.choices)
    return [
        PartnerGroup(category, labels.get(category, category), list(entries))
        for category, entries in groupby(entries, key=lambda entry: entry.partner.category)
    ]


def financial_contributors(groups):
    """Section IV from Annex 4's groups: the starred partners, by category."""
    return [
        PartnerGroup(group.category, group.label, contributors)
        for group in groups
        if (contributors := [entry for entry in group.entries if entry.financial_contributor])
    ]


def section_rows():
    """What report_sections() shows of a year, as JSON arrays of RowOf() objects in the
    year's row (one query for all of its sections): `activity_rows`, its activities A to Z;
    `program_rows`, the programs that worked in it (a narrative or activities), each with its
    narrative and its parent; `annex_event_rows`, the events of Annexes 1 and 2 in date order;
    `publication_rows`, Annex 3's publications in date order; `partner_rows`, Annex 4's
    standings in the annex's order, each with its partner."""
    year = OuterRef("pk")
    in_year = OuterRef(OuterRef("pk"))  # the year, from a subquery of the year's subquery
    narrative = ProgramYear.objects.filter(program=OuterRef("pk"), year=in_year)
    worked = Program.objects.filter(
        Exists(narrative) | Exists(Activity.objects.filter(program=OuterRef("pk"), year=in_year))
    )
    programs = worked.annotate(
        row=JSONObject(
            program=RowOf(Program),
            narrative=Subquery(narrative.annotate(row=RowOf(ProgramYear)).values("row")),
            parent=RowOf(Program, "parent__"),
        )
    )
    events = (
        Event.objects.in_report(year).high_level() | Event.objects.in_report(year).virtual_forums()
    ).chronological()
    standings = PartnerYear.objects.for_annex(year).annotate(
        row=JSONObject(standing=RowOf(PartnerYear), partner=RowOf(Partner, "partner__"))
    )
    publications = Publication.objects.in_report(year).chronological()
    return {
        "activity_rows": activities_a_to_z(Activity.objects.filter(year=year)),
        "program_rows": ArraySubquery(programs.values("row")),
        "annex_event_rows": ArraySubquery(events.annotate(row=RowOf(Event)).values("row")),
        "publication_rows": ArraySubquery(
            publications.annotate(row=RowOf(Publication)).values("row")
        ),
        "partner_rows": ArraySubquery(standings.values("row")),
    }


def report_sections(year):
    """Everything the whole report shows (its page and its PDF) of a year from report_year(…,
    with_sections=True), from the rows read in the year's row: five queries, the events'
    dates and partners, the publications' editions and co-publishers, and the narratives' key
    partners."""
    db = router.db_for_read(ReportingYear)
    events = instances(Event, year.annex_event_rows, db)
    publications = instances(Publication, year.publication_rows, db)
    for record in (*events, *publications):
        record.year = year
    prefetch_related_objects(
        events, "dates", Prefetch("partner_roles", EventPartner.objects.select_related("partner"))
    )
    prefetch_related_objects(
        publications,
        "editions",
        Prefetch("co_publisher_links", CoPublisher.objects.select_related("partner")),
    )
    standings = []
    for row in year.partner_rows:
        standing = instance(PartnerYear, row["standing"], db)
        standing.partner, standing.year = instance(Partner, row["partner"], db), year
        standings.append(standing)
    groups = partner_groups(standings)
    return {
        "year": year,
        "programs": report_programs(year, db),
        "contributors": financial_contributors(groups),
        "annex_1": [event for event in events if event.annex == EventAnnex.HIGH_LEVEL],
        "annex_2": [event for event in events if event.annex == EventAnnex.VIRTUAL_FORUM],
        "annex_3": publications,
        "annex_4": groups,
    }


def report_programs(year, db):
    """Section III: the year's program narratives (sub-programs after their parent) with their
    key partners, and activities, as [(ProgramYear or None, program, [activities])], from the
    rows read in the year's row (section_rows()): one query, the key partners.
    """
    programs = {}
    program_years = []
    parents = {}
    for row in year.program_rows:
        program = instance(Program, row["program"], db)
        programs[program.pk] = program
        if program.parent_id:
            parents[program.parent_id] = row["parent"]
        if row["narrative"] is not None:
            program_year = instance(ProgramYear, row["narrative"], db)
            program_year.program, program_year.year = program, year
            program_years.append(program_year)
    prefetch_related_objects(
        program_years,
        Prefetch("key_partner_links", ProgramPartner.objects.select_related("partner")),
    )
    activities = instances(Activity, year.activity_rows, db)
    by_program = {}
    for activity in activities:
        activity.program, activity.year = programs[activity.program_id], year
        by_program.setdefault(activity.program_id, []).append(activity)
    for parent_id, parent in parents.items():
        programs.setdefault(parent_id, instance(Program, parent, db))
    for program in programs.values():
        if program.parent_id in programs:
            program.parent = programs[program.parent_id]
    narratives = {py.program_id: py for py in program_years}
    ordered = sorted(programs.values(), key=lambda p: (p.position, p.name))
    return [
        (narratives.get(program.pk), program, by_program.get(program.pk, []))
        for node in as_tree(ordered)
        for program in node
    ]


# -- The site search ---------------------------------------------------------------------------

# Results shown of each kind: the best matches; the events list shows every matching event.
SEARCH_RESULTS_SHOWN = 10


# The kinds of results, in the order the search page shows them.
SEARCH_KINDS = {
    "events": gettext_lazy("Events"),
    "publications": gettext_lazy("Publications"),
    "partners": gettext_lazy("Partners"),
    "programs": gettext_lazy("Programs"),
    "report": gettext_lazy("Annual reports"),
}


@dataclass
class SearchGroup:
    """The results of one kind: `kind` names the template's way of showing them; `more`
    says that more than the shown ones match."""

    kind: str
    results: list
    more: bool

    @property
    def label(self):
        return SEARCH_KINDS[self.kind]


def site_search(text: str) -> list[SearchGroup]:
    """What matches `text` among the public events, publications, partners, programs and the
    report's texts, in the visitor's language and in English (cicte.search), as groups in that
    order, the empty ones left out: the latest matching events (as the events list, where
    they lead, shows them; ranking would read every event a common word matches), the best
    matches of the others. One query per kind, one for the events' dates."""
    public_years = ReportingYear.objects.public()
    searches = [
        ("events", Event.objects.published().newest_first().prefetch_related("dates")),
        ("publications", Publication.objects.published()),
        ("partners", public_partners()),
        ("programs", public_programs()),
        ("report", ReportText.objects.filter(year__in=public_years).select_related("year")),
    ]
    groups = []
    for kind, queryset in searches:
        search = full_text_search if kind == "events" else ranked_search
        results = list(search(queryset, text)[: SEARCH_RESULTS_SHOWN + 1])
        if results:
            groups.append(
                SearchGroup(
                    kind,
                    results[:SEARCH_RESULTS_SHOWN],
                    more=len(results) > SEARCH_RESULTS_SHOWN,
                )
            )
    return groups
