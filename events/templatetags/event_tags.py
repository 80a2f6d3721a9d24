"""How events read on the public pages and in Annexes 1 and 2.

The filters only read what the views and EventQuerySet.for_listing/for_annex preload.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.templatetags.report import and_list
from events.dates import format_ranges
from events.enums import EventAnnex, EventFormat, ParticipationLevel, SecretariatRole
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
def summarised(events, show_programs=False):
    """The events, for events/includes/event_summary.html: their date ranges (and with
    show_programs, their programs) loaded in one query (two).

    {% summarised page.object_list show_programs=True as events %}
    """
    events = list(events)
    prefetch_related_objects(events, "dates", *(["programs"] if show_programs else []))
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


# How the report credits those who made an event with the secretariat, in this order:
# "in collaboration with …, sponsored by …, with the support of … and in partnership with …".
CREDITS = [
    ({PartnerRole.COLLABORATOR}, gettext_lazy("in collaboration with %(names)s")),
    ({PartnerRole.SPONSOR}, gettext_lazy("sponsored by %(names)s")),
    ({PartnerRole.SUPPORTER, PartnerRole.FUNDER}, gettext_lazy("with the support of %(names)s")),
    ({PartnerRole.IN_PARTNERSHIP}, gettext_lazy("in partnership with %(names)s")),
]


def _names(roles, wanted):
    """The partners in these roles as the report prints them here, in its order. Partners
    that share one printed phrase ("the Governments of Spain and Estonia") print it once."""
    names = []
    for role in roles:
        if role.role in wanted and (not names or names[-1] != role.printed_name):
            names.append(role.printed_name)
    return names


@register.filter
def credits(event):
    """Who else made the event, and how: "in collaboration with the Government of Mexico and
    with the support of Canada as Chair of the Committee"; "" when nobody is credited."""
    roles = event.partner_roles.all()
    return and_list(
        [
            phrase % {"names": and_list(names)}
            for wanted, phrase in CREDITS
            if (names := _names(roles, wanted))
        ]
    )


@register.filter
def organisers(event):
    """Annex 1: who organised the meeting ("United Nations"), led by "CICTE/OAS Secretariat and"
    when the secretariat co-organised it, and the initiative it belonged to ("Global Counter
    Terrorism Forum (GCTF) - Maritime Security and Terrorist Travelers Initiative"); "" when
    the report names neither."""
    names = _names(event.partner_roles.all(), ORGANISING_ROLES)
    if names and event.secretariat_role in SecretariatRole.organising():
        names.insert(0, _("CICTE/OAS Secretariat"))
    return " - ".join(part for part in (and_list(names), event.initiative) if part)


# The capacity in which the secretariat took part, where it was neither organiser nor an
# ordinary participant: the report says so in the entry.
CAPACITIES = {
    SecretariatRole.OBSERVER: gettext_lazy("The CICTE Secretariat participated as an observer."),
    SecretariatRole.GUEST_EXPERT: gettext_lazy(
        "The CICTE Secretariat participated as a guest expert."
    ),
}


@register.filter
def capacity(event):
    """Annex 1: "The CICTE Secretariat participated as an observer.", or ""."""
    return str(CAPACITIES.get(event.secretariat_role, ""))


@register.filter
def organised_by(event):
    """Annex 2: "Organized by the CICTE Secretariat and Trend Micro.", "Organized by the CICTE
    Secretariat in collaboration with the Government of Mexico and with the support of Canada
    as Chair of the Committee."."""
    roles = event.partner_roles.all()
    organisers = and_list([_("the CICTE Secretariat"), *_names(roles, ORGANISING_ROLES)])
    if others := credits(event):
        return _("Organized by %(organisers)s %(credits)s.") % {
            "organisers": organisers,
            "credits": others,
        }
    return _("Organized by %(organisers)s.") % {"organisers": organisers}


@register.filter
def marker_meaning(event):
    return MARKER_MEANINGS.get(event.participation_level, "")


@register.simple_tag
def marker_legend():
    """[(marker, meaning)] in Annex 1's order."""
    return [(level.marker, MARKER_MEANINGS[level]) for level in ParticipationLevel]


@register.filter
def annex_number(event):
    """1 or 2 when the event is listed in that annex of its year's report, else None."""
    return {EventAnnex.HIGH_LEVEL: 1, EventAnnex.VIRTUAL_FORUM: 2}.get(event.annex)


@register.filter
def webcal(url):
    """ "https://…/events.ics" → "webcal://…/events.ics": the scheme that opens a calendar
    app's subscription dialog instead of downloading the file."""
    return "webcal://" + url.split("://", 1)[1]
