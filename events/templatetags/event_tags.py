"""How events read on the public pages and in Annexes 1 and 2.

The filters only read what the views and EventQuerySet.for_listing/for_annex preload.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy

from cicte.data_version import read_before_data
from cicte.templatetags.fragments import is_rendered
from events.dates import format_ranges
from events.enums import ParticipationLevel

register = template.Library()

# Annex 1's legend: what each marker stands for.
MARKER_MEANINGS = {
    ParticipationLevel.EXECUTIVE_SECRETARY: gettext_lazy(
        "Participation of the Executive Secretary of CICTE"
    ),
    ParticipationLevel.DEPUTY_EXECUTIVE_SECRETARY: gettext_lazy(
        "Participation of the Deputy Executive Secretary of CICTE"
    ),
    ParticipationLevel.OFFICIALS: gettext_lazy("Participation of CICTE Secretariat officials"),
}


@register.simple_tag
def summarised(events, heading="h3", show_programs=False):
    """The events, for events/includes/event_summary.html with the same heading and
    show_programs: their date ranges (and programs) are loaded, in one query (two), for the
    events whose summary is not kept already (cicte.templatetags.fragments); the others need
    nothing more.

    {% summarised page.object_list heading="h3" show_programs=True as events %}
    """
    read_before_data()
    events = list(events)
    missing = [
        event
        for event in events
        if not is_rendered("event-summary", event.pk, heading, "programs" if show_programs else "")
    ]
    prefetch_related_objects(missing, "dates", *(["programs"] if show_programs else []))
    return events


@register.filter
def date_ranges(ranges, year="with_year"):
    """{{ event.dates.all|date_ranges }} → "January 27-31, 2020";
    {{ …|date_ranges:"no_year" }} → "January 27-31" (Annex 2's style)."""
    return format_ranges(ranges, with_year=year != "no_year")


@register.filter
def marker_meaning(event):
    return MARKER_MEANINGS.get(event.participation_level, "")


@register.simple_tag
def marker_legend():
    """[(marker, meaning)] in Annex 1's order."""
    return [(level.marker, MARKER_MEANINGS[level]) for level in ParticipationLevel]


@register.filter
def webcal(url):
    """ "https://…/events.ics" → "webcal://…/events.ics": the scheme that opens a calendar
    app's subscription dialog instead of downloading the file."""
    return "webcal://" + url.split("://", 1)[1]
