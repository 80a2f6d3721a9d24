import re

from django import template
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy, pgettext

from cicte import i18n
from cicte.enums import ReportPart
from events.dates import DateRange, format_ranges

register = template.Library()

# A sentence already ends with one of these, perhaps inside closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


@register.filter
def full_stop(text):
    """The text ending as a sentence: 'Webinar "Women in cybersecurity"' gains a full stop,
    'Virtual Dialogue "… best practices."' does not."""
    text = str(text).strip()
    if not text or SENTENCE_END.search(text):
        return text
    return f"{text}."


@register.filter
def and_list(items):
    """["A", "B", "C"] → "A, B and C" ("A, B e INTERPOL" in Spanish)."""
    names = [str(item) for item in items]
    # Translators: joins the last two names of a list, e.g. "UNICRI, UNITAR and Save the Dream".
    conjunction = pgettext("names", "and")
    if names:
        conjunction = i18n.conjunction_before(names[-1], conjunction)
    return get_text_list(names, conjunction)


ANNEX_TITLES = {
    1: gettext_lazy("Consolidated list of high-level international meetings"),
    2: gettext_lazy("Consolidated list of webinars or virtual forums conducted"),
    3: gettext_lazy("Consolidated list of publications"),
    4: gettext_lazy("Consolidated list of donors and major institutional partners"),
}

ANNEX_ORDER_NOTES = {
    1: gettext_lazy("in chronological order"),
    2: gettext_lazy("in chronological order"),
    3: gettext_lazy("in chronological order"),
    4: gettext_lazy("in alphabetical order"),
}


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
