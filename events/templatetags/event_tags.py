"""How events read on the public pages and in Annexes 1 and 2.

The filters only read what the views and EventQuerySet.for_listing/for_annex preload.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.data_version import read_before_data
from cicte.templatetags.fragments import is_rendered
from cicte.templatetags.report import and_list
from events.dates import format_ranges
from events.enums import EventFormat, EventKind, ParticipationLevel, SecretariatRole
from partners.enums import PartnerRole

register = template.Library()

ORGANISING_ROLES = {PartnerRole.ORGANISER, PartnerRole.CO_ORGANISER}

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
def place(event):
    """ "Bogotá, Colombia", "Washington, D.C., United States", or "Virtual format"."""
    parts = [part for part in (event.city, event.country.name if event.country else "") if part]
    if parts:
        return ", ".join(parts)
    if event.format == EventFormat.VIRTUAL:
        return _("Virtual format")
    return ""


def _names(roles, wanted):
    return [role.partner.annex_name for role in roles if role.role in wanted]


@register.filter
def organisers(event):
    """Annex 1: who organised the meeting ("United Nations (UN)"), led by "CICTE/OAS
    Secretariat and" when the secretariat co-organised it; "" when no partner organised it."""
    names = _names(event.partner_roles.all(), ORGANISING_ROLES)
    if names and event.secretariat_role in SecretariatRole.organising():
        names.insert(0, _("CICTE/OAS Secretariat"))
    return and_list(names)


@register.filter
def organised_by(event):
    """Annex 2: "Organized by the CICTE Secretariat and UNICRI, with the support of Canada."."""
    roles = event.partner_roles.all()
    organisers = [_("the CICTE Secretariat"), *_names(roles, ORGANISING_ROLES)]
    supporters = _names(roles, {PartnerRole.SUPPORTER, PartnerRole.FUNDER})
    if supporters:
        return _("Organized by %(organisers)s, with the support of %(supporters)s.") % {
            "organisers": and_list(organisers),
            "supporters": and_list(supporters),
        }
    return _("Organized by %(organisers)s.") % {"organisers": and_list(organisers)}


@register.filter
def marker_meaning(event):
    return MARKER_MEANINGS.get(event.participation_level, "")


@register.simple_tag
def marker_legend():
    """[(marker, meaning)] in Annex 1's order."""
    return [(level.marker, MARKER_MEANINGS[level]) for level in ParticipationLevel]


@register.filter
def annex_number(event):
    """1 or 2 when the event is listed in that annex of its year's report, else None.

    Mirrors EventQuerySet.high_level() and .virtual_forums() for one loaded event.
    """
    if event.participation_level:
        return 1
    if (
        event.kind in EventKind.virtual_forums()
        and event.secretariat_role in SecretariatRole.organising()
    ):
        return 2
    return None
