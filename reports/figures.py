"""Each public year's figures in one query: its events and activities counted by place (the
map, reports.maps) and by month (a program's charts), read as JSON arrays in the years' rows,
and rows read as model instances in another query's row."""

import datetime
from collections import Counter

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, DateField, F, Func, JSONField, OuterRef
from django.db.models.functions import Cast, JSONObject, TruncMonth

from cicte.enums import ContentStatus
from cicte.i18n import localized
from cicte.models import ReportingYear
from events.models import Event
from programs.models import Activity


def years_with_figures(program_ids=None, *, months=False, first_activities=0):
    """Every public year, oldest first, with `event_count`, `activity_count`, and where the
    work reached: `events_by_country` (its public events by the country where each took place
    and the countries it served, an event once per country), `activities_by_country` (its
    activities by beneficiary country, an activity once per country) and `country_count`, the
    countries of either. With `program_ids`, only the work of those programs; with `months`,
    each year's `event_months` (rows as EventQuerySet.counts_by_month_and_kind, for its chart);
    with `first_activities`, each year's `first_activities`: that many, A to Z.

    One query: each year's row carries its events and activities counted by place (and by
    month), grouped in the database (a few rows whatever their number), as JSON arrays."""
    years = years_query(program_ids, months=months, first_activities=first_activities)
    db = years.db
    years = [with_places(year, year.event_places, year.activity_places) for year in years]
    for year in years:
        if months:
            for row in year.event_months:
                row["month"] = datetime.date.fromisoformat(row["month"])
        if first_activities:
            year.first_activities = instances(Activity, year.activity_rows, db)
            for activity in year.first_activities:
                activity.year = year  # read with it: no query each
    return years


def years_query(program_ids=None, *, months=False, first_activities=0):
    """The public years, oldest first, with their rows for years_with_figures()."""
    events = Event.objects.filter(status=ContentStatus.PUBLISHED, year=OuterRef("pk"))
    activities = Activity.objects.filter(year=OuterRef("pk"))
    if program_ids is not None:
        events = events.of_programs(program_ids)
        activities = activities.filter(program__in=program_ids)
    years = ReportingYear.objects.public().order_by("year")
    years = years.annotate(
        event_places=grouped(events, venue="country", served="countries_served"),
        activity_places=grouped(activities, served="countries"),
    )
    if months:
        dated = events.filter(starts_on__isnull=False).annotate(
            month=Cast(TruncMonth("starts_on"), DateField())  # "2020-05-01" in JSON
        )
        years = years.annotate(event_months=grouped(dated, month="month", kind="kind"))
    if first_activities:
        years = years.annotate(activity_rows=activities_a_to_z(activities, first_activities))
    return years


def with_places(year, event_places, activity_places):
    """`year` with its figures from its events' and activities' rows by place (grouped())."""
    year.events_by_country = by_country(event_places)
    year.activities_by_country = by_country(activity_places)
    year.event_count = sum(row["count"] for row in event_places)
    year.activity_count = sum(row["count"] for row in activity_places)
    year.country_count = len(year.events_by_country | year.activities_by_country)
    return year


def grouped(queryset, **columns):
    """[{column: value…, "count": n}]: the rows of `queryset` counted by these columns, as a
    JSON array (a correlated subquery)."""
    fields = {name: F(column) for name, column in columns.items()}
    grouped = queryset.order_by().values(*columns.values())
    return ArraySubquery(
        grouped.annotate(row=JSONObject(**fields, count=Count("pk"))).values("row")
    )


def by_country(places):
    """Counter of country codes from rows with "served" (codes, comma-separated) and an
    optional "venue": a row's count once per country it names."""
    counts = Counter()
    for row in places:
        codes = {row.get("venue") or "", *(row["served"] or "").split(",")} - {""}
        counts.update(dict.fromkeys(codes, row["count"]))
    return counts


def activities_a_to_z(activities, count=None):
    """The first `count` (or all) of `activities` A to Z as a JSON array, for instances()."""
    rows = activities.order_by(localized("title"), "pk").annotate(row=RowOf(Activity))
    return ArraySubquery(rows.values("row")[:count])


class RowOf(Func):
    """Every column of `model` as a JSON object, for instances(); with `prefix` ("partner__"),
    the columns of the `model` row the query joins there. What JSONObject writes, but with the
    keys in the SQL rather than Value expressions: a row of forty columns is forty expressions
    to resolve and compile, not eighty (the whole report's row compiles in half the time)."""

    function = "JSONB_BUILD_OBJECT"
    output_field = JSONField()

    def __init__(self, model, prefix=""):
        self.names = [field.attname for field in model._meta.concrete_fields]
        super().__init__(*(F(f"{prefix}{name}") for name in self.names))

    def as_sql(self, compiler, connection, **extra_context):
        pairs, params = [], []
        for name, column in zip(self.names, self.get_source_expressions(), strict=True):
            sql, column_params = compiler.compile(column)
            pairs.append(f"'{name}', {sql}")  # an attname: letters, digits and underscores
            params.extend(column_params)
        return f"{self.function}({', '.join(pairs)})", params


def instances(model, rows, db):
    """Model instances from RowOf() objects, as if read from the database `db`."""
    return [instance(model, row, db) for row in rows]


def instance(model, row, db):
    """A model instance from a RowOf() object, as if read from the database `db`."""
    fields = model._meta.concrete_fields
    return model.from_db(
        db,
        [field.attname for field in fields],
        [field.to_python(row[field.attname]) for field in fields],
    )
