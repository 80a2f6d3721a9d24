"""/events.ics, /events.csv and /events.json: the /events/ list in other people's tools.

They take the same filters as /events/ (EventFilterSet), list the same events in the same order
(newest first) and answer 400 with the reasons for a filter that fails, as the page does.

Every text written to the calendar goes through `calendar_text`: escaped and folded as TEXT
(icalendar's vText), without the control characters TEXT cannot carry, so no value, whether
typed by staff or taken from the query, can end a line or start a component of its own.
"""

import datetime

import icalendar
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cicte.exports import (
    Column,
    FilteredExport,
    bad_filter_response,
    plain_text,
    rows_of,
    streaming_response,
)
from cicte.slugs import follows_old_slugs
from events.filters import EventFilterSet
from events.models import Event, EventPartner


def export_queryset():
    """The events list's queryset (published, newest first, dates and programs preloaded) with
    what the exports add: the year and the partners in the report's order."""
    return (
        Event.objects.published()
        .newest_first()
        .for_listing()
        .select_related("year")
        .prefetch_related(Prefetch("partner_roles", EventPartner.objects.select_related("partner")))
    )


def filtered(request):
    """(filterset, events): the filterset says whether the filter failed."""
    filterset = EventFilterSet(request.GET, queryset=export_queryset())
    return filterset, filterset.qs


def iso_range(date) -> str:
    """ "2020-06-17", or "2020-11-30/2020-12-03" (ISO 8601 intervals)."""
    if date.start == date.end:
        return date.start.isoformat()
    return f"{date.start.isoformat()}/{date.end.isoformat()}"


def _iso(day):
    return day.isoformat() if day else None


COLUMNS = [
    Column("slug", gettext_lazy("Identifier"), lambda e: e.slug),
    Column("title", gettext_lazy("Title"), lambda e: e.title),
    Column("kind", gettext_lazy("Kind"), lambda e: e.get_kind_display()),
    Column("format", gettext_lazy("Format"), lambda e: e.get_format_display()),
    Column("dates", gettext_lazy("Dates"), lambda e: [iso_range(d) for d in e.dates.all()]),
    Column("starts_on", gettext_lazy("First day"), lambda e: _iso(e.starts_on)),
    Column("ends_on", gettext_lazy("Last day"), lambda e: _iso(e.ends_on)),
    Column("place", gettext_lazy("Place"), lambda e: str(e.place)),
    Column("city", gettext_lazy("City"), lambda e: e.city),
    Column("country", gettext_lazy("Country"), lambda e: str(e.country.name)),
    Column(
        "countries_served",
        gettext_lazy("Countries served"),
        lambda e: [str(country.name) for country in e.countries_served],
    ),
    Column(
        "programs",
        gettext_lazy("Programs"),
        lambda e: [program.name for program in e.programs.all()],
    ),
    Column("initiative", gettext_lazy("Initiative"), lambda e: e.initiative),
    Column(
        "secretariat_role",
        gettext_lazy("Secretariat's role"),
        lambda e: e.get_secretariat_role_display(),
    ),
    Column(
        "participation_level",
        gettext_lazy("Participation level"),
        lambda e: e.get_participation_level_display(),
    ),
    Column(
        "partners",
        gettext_lazy("Partners"),
        lambda e: [
            f"{role.partner.annex_name} ({role.get_role_display()})"
            for role in e.partner_roles.all()
        ],
    ),
    Column("attendance", gettext_lazy("Attendance"), lambda e: e.attendance),
    Column("attendance_note", gettext_lazy("Attendance as reported"), lambda e: e.attendance_note),
    Column("year", gettext_lazy("Reporting year"), lambda e: e.year.year),
    Column("annex", gettext_lazy("Annex"), lambda e: e.annex_number),
]


class EventExport(FilteredExport):
    filterset_class = EventFilterSet
    columns = COLUMNS
    filename = "cicte-events"

    def get_queryset(self):
        return export_queryset()


event_csv = EventExport.as_view(format="csv")
event_json = EventExport.as_view(format="json")


# -- iCalendar -------------------------------------------------------------------------------


def calendar_text(value: str) -> icalendar.vText:
    """`value` as an iCalendar TEXT: a line break becomes "\\n", a comma or a semicolon is
    escaped, and lines are folded at 75 octets when written."""
    return icalendar.vText(plain_text(str(value)))


def new_calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//OAS CICTE Secretariat//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def calendar_header(filterset) -> icalendar.Calendar:
    """The subscribed calendar: its name says its filters; calendar programs re-read it."""
    calendar = new_calendar()
    name = _("CICTE events")
    applied = filterset.applied()
    if applied:
        name += " — " + ", ".join(f"{f.label}: {f.value}" for f in applied)
    calendar.add("x-wr-calname", calendar_text(name))
    # Calendar programs re-read a subscribed feed about once a day.
    calendar.add("refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    return calendar


def vevents(event, *, url: str, host: str, stamp: datetime.datetime):
    """One all-day VEVENT per date range. The UID (the slug the event was created with, and the
    first day) stays the same from one download to the next, and when the slug changes, so a
    subscribed calendar updates an entry instead of adding one."""
    categories = [calendar_text(program.name) for program in event.programs.all()]
    categories.append(calendar_text(event.get_kind_display()))
    where = calendar_text(event.place)
    description = calendar_text("\n\n".join(part for part in (event.description, url) if part))
    for date in event.dates.all():
        component = icalendar.Event()
        component.add("uid", f"{event.calendar_id}-{date.start:%Y%m%d}@{host}")
        component.add("dtstamp", stamp)
        component.add("dtstart", date.start)
        # DTEND of an all-day event is the day after the last one.
        component.add("dtend", date.end + datetime.timedelta(days=1))
        component.add("summary", calendar_text(event.title))
        component.add("categories", categories)
        if where:
            component.add("location", where)
        component.add("url", url)
        component.add("description", description)
        component.add("transp", "TRANSPARENT")
        yield component


def calendar_host(request) -> str:
    """The host part of every UID: the site's name without its port."""
    return request.get_host().split(":")[0]


@require_safe
def event_calendar(request):
    filterset, events = filtered(request)
    if filterset.errors:
        return bad_filter_response(filterset)
    head, tail = calendar_header(filterset).to_ical().rsplit(b"END:VCALENDAR", 1)
    host = calendar_host(request)
    stamp = timezone.now().replace(microsecond=0)

    def chunks():
        yield head
        for event in rows_of(events):
            url = request.build_absolute_uri(event.get_absolute_url())
            for component in vevents(event, url=url, host=host, stamp=stamp):
                yield component.to_ical()
        yield b"END:VCALENDAR" + tail

    return streaming_response(
        chunks(),
        content_type="text/calendar; charset=utf-8",
        disposition='inline; filename="cicte-events.ics"',
    )


@require_safe
@follows_old_slugs(Event.objects.published)
def event_ics(request, slug):
    """One event's "Add to calendar" file: its date ranges, with the same UIDs as in the
    subscribed calendar, so a calendar holding both shows the event once. 404 for an event a
    visitor may not see, or one without dates yet (its page offers no file)."""
    event = get_object_or_404(
        Event.objects.published().filter(starts_on__isnull=False).for_listing(), slug=slug
    )
    calendar = new_calendar()
    url = request.build_absolute_uri(event.get_absolute_url())
    stamp = timezone.now().replace(microsecond=0)
    for component in vevents(event, url=url, host=calendar_host(request), stamp=stamp):
        calendar.add_component(component)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
