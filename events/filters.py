"""The events filter: the /events/ page and, later, its exports share it.

An invalid filter (an unknown program, a malformed date, `end` before `start`, unreadable
bytes) selects nothing: `qs` is empty and `form.errors` says why, so no caller ever shows or
exports a half-applied filter.
"""

import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cicte.filters import StrictFilterSet
from cicte.i18n import alphabetical
from cicte.models import ReportingYear
from events.enums import EventFormat, EventKind, ParticipationLevel, SecretariatRole
from events.models import Event, EventPartner
from partners.models import Partner
from programs.queries import program_tree

# Longest search text accepted; longer input is a form error, not a slow query.
QUERY_MAX_LENGTH = 200


def validate_readable(value):
    """Bytes that are not UTF-8 arrive as U+FFFD: say so rather than search for them."""
    if "\ufffd" in value:
        raise ValidationError(
            _("The text contains characters that could not be read. Type it again."),
            code="unreadable",
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # ISO dates, as <input type="date"> sends them and as shareable URLs carry them.
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        """A date field shows a date or nothing: "2020-02-31" from a typed address is invalid
        HTML there (the browser would drop it anyway); the field's error says what is wrong."""
        value = super().format_value(value)
        if isinstance(value, str) and not is_html_date(value):
            return None
        return value


def is_html_date(value: str) -> bool:
    """True for a valid date as HTML writes one: YYYY-MM-DD."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned_data


# The partner filter's drop-down lists the partners of the latest public events, the busiest
# first (a site of many years has thousands of partners: a list of them all would serve no one,
# and choosing them by their events of every year would read all the partners of every event
# at each request). Any partner of a public event is still accepted: a partner's page links to
# its events with the filter set, which then lists that partner too.
PARTNERS_LISTED = 100
# The latest public events whose partners the drop-down offers (their links read by the
# events' index, newest first).
RECENT_EVENTS = 200


def partner_choices(selected: str = ""):
    """[(slug, name)] of the drop-down, A to Z as the visitor reads them, in one query: the
    PARTNERS_LISTED partners with most of the latest RECENT_EVENTS public events, and the
    `selected` one if it is a partner of any public event.

    Only partners of public events: a partner of a draft event would give it away.
    """
    public = Event.objects.published()
    recent = public.newest_first().values("pk")[:RECENT_EVENTS]
    busiest = (
        EventPartner.objects.filter(event__in=recent)
        .values("partner")
        .annotate(events=Count("event", distinct=True))
        .order_by("-events", "partner")
        .values("partner")[:PARTNERS_LISTED]
    )
    listed = Q(pk__in=busiest)
    if selected:
        # Uncorrelated, so read once: that partner's links (by their partner index) to a
        # public event.
        listed |= Q(
            pk__in=EventPartner.objects.filter(partner__slug=selected, event__in=public).values(
                "partner"
            )[:1]
        )
    return list(
        Partner.objects.filter(listed)
        .order_by(alphabetical("name"), "slug")
        .values_list("slug", "name")
    )


class EventFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=QUERY_MAX_LENGTH,
        validators=[validate_readable],
        help_text=_("Words in the title or description."),
    )
    program = django_filters.ChoiceFilter(
        label=_("Program"), method="filter_program", empty_label=_("All programs")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="year__year", empty_label=_("All years")
    )
    start = django_filters.DateFilter(
        label=_("From"), method="filter_start", widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    end = django_filters.DateFilter(
        label=_("To"), method="filter_end", widget=DateInput(), input_formats=["%Y-%m-%d"]
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=EventFormat.choices, empty_label=_("All formats")
    )
    role = django_filters.ChoiceFilter(
        label=_("Secretariat's role"),
        field_name="secretariat_role",
        choices=SecretariatRole.choices,
        empty_label=_("Any role"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Participation level"),
        field_name="participation_level",
        choices=ParticipationLevel.choices,
        empty_label=_("Any level"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=countries,
        empty_label=_("All countries"),
        method="filter_country",
        help_text=_("Where the event took place, or a country it served."),
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner"), method="filter_partner", empty_label=_("All partners")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("relevance", _("Best match first"))],
        empty_label=_("Newest first"),
        method="filter_sort",
    )

    secondary_filters = ("format", "role", "level", "country", "partner")

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """Loads the program, partner and year choices: three small queries."""
        super().__init__(data, queryset, request=request, prefix=prefix)
        programs, self.program_ids = program_tree()
        selected = self.data.get("partner", "") if self.data else ""
        self.filters["program"].extra["choices"] = programs
        self.filters["partner"].extra["choices"] = partner_choices(selected)
        self.filters["year"].extra["choices"] = [
            (year, year) for year in ReportingYear.objects.public().values_list("year", flat=True)
        ]

    def filter_q(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        if self.form.cleaned_data.get("sort") == "relevance":
            return queryset.by_relevance(words)
        return queryset.search(words)

    def filter_sort(self, queryset, name, value):
        return queryset  # read by filter_q: only a search has a relevance

    def filter_program(self, queryset, name, value):
        return queryset.of_programs(self.program_ids[value])

    def filter_start(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_end(self, queryset, name, value):
        return queryset.overlapping(end=value)

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

    def filter_partner(self, queryset, name, value):
        return queryset.with_partner(value)
