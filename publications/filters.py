"""The publications filter. An invalid filter selects nothing and says why, as for events."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cicte.enums import Language
from cicte.filters import StrictFilterSet
from cicte.models import ReportingYear
from programs.queries import program_tree
from publications.models import Publication


class PublicationFilterSet(StrictFilterSet):
    program = django_filters.ChoiceFilter(
        label=_("Program"), method="filter_program", empty_label=_("All programs")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="year__year", empty_label=_("All years")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        method="filter_language",
        choices=Language.choices,
        empty_label=_("Any language"),
    )

    class Meta:
        model = Publication
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """Loads the program and year choices: two queries."""
        super().__init__(data, queryset, request=request, prefix=prefix)
        (choices, self.program_ids), years = publication_filter_choices()
        self.filters["program"].extra["choices"] = choices
        self.filters["year"].extra["choices"] = years

    def filter_program(self, queryset, name, value):
        return queryset.of_programs(self.program_ids[value])

    def filter_language(self, queryset, name, value):
        return queryset.in_language(value)


def publication_filter_choices():
    """(program_tree(), year choices), in two queries."""
    return (
        program_tree(),
        [(year, year) for year in ReportingYear.objects.public().values_list("year", flat=True)],
    )
