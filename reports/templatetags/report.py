from django import template

from cicte.enums import ReportPart
from cicte.text import and_list, full_stop
from events.dates import DateRange, format_ranges
from reports.annexes import ANNEX_ORDER_NOTES, ANNEX_TITLES

register = template.Library()
register.filter(full_stop)
register.filter(and_list)


@register.simple_tag
def annex_title(number):
    """The annex's title as the report prints it: "Consolidated list of publications"."""
    return ANNEX_TITLES[int(number)]


@register.simple_tag
def annex_order(number):
    return ANNEX_ORDER_NOTES[int(number)]


@register.simple_tag
def annex_part(number):
    """The report part of annex `number` ("annex-4"), as editorial notes name it."""
    return ReportPart.annex(int(number)).value


@register.simple_tag
def annexes():
    """[(number, title)] of the four annexes."""
    return list(ANNEX_TITLES.items())


@register.filter
def in_part(rows, part):
    """The report texts or editorial notes of one part of the report ("framework", "annex-4"),
    from rows already loaded: {% with notes=year.editorial_notes.all|in_part:"annex-4" %}."""
    return [row for row in rows if row.part == part]


@register.filter
def partner_names(links):
    """The partners of links (a program's key partners) by their names as lists show them."""
    return [link.partner.annex_name for link in links]


@register.filter
def long_date(day):
    """A date as the report writes it: "October 8, 2021" (not Django's "Oct. 8, 2021")."""
    return format_ranges([DateRange(day)]) if day else ""
