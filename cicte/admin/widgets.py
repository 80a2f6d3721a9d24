"""Form fields for staff: searchable countries, OAS member states first; links that default
to https."""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# The 35 member states of the Organization of American States, whom most records name: the
# country pickers list them first. (A report of any year may name each of them.)
OAS_MEMBER_STATES = {
    "AG", "AR", "BS", "BB", "BZ", "BO", "BR", "CA", "CL", "CO", "CR", "CU",
    "DM", "DO", "EC", "SV", "GD", "GT", "GY", "HT", "HN", "JM", "MX", "NI",
    "PA", "PY", "PE", "KN", "LC", "VC", "SR", "TT", "US", "UY", "VE",
}  # fmt: skip


def member_states_first(choices) -> tuple[list, list, list]:
    """(blank, OAS member states, other countries): a country field's choices, in three parts."""
    choices = list(choices)
    blank = [choice for choice in choices if not choice[0]]
    members = [choice for choice in choices if choice[0] in OAS_MEMBER_STATES]
    others = [choice for choice in choices if choice[0] and choice[0] not in OAS_MEMBER_STATES]
    return blank, members, others


class CountrySearchSelect(forms.Select):
    """The country list with a search box (the admin's own Select2); a plain select without JS."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "country-search", **(attrs or {})}, choices)

    @property
    def media(self):
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/vendor/select2/select2.full.js",
                "admin/js/jquery.init.js",
                "cicte/admin/country_search.js",
            ],
            css={"screen": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]},
        )


class CountriesSelectMultiple(FilteredSelectMultiple):
    """The filter box for several countries, wrapped so that the admin lays it out as it does
    for filter_horizontal (otherwise the label lands beside the box)."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<div>{}</div>", super().render(name, value, attrs, renderer))


class StaffFormFieldsMixin:
    """Form fields for staff: searchable countries (Select2 for one country, the filter box for
    several) and links that default to https when typed without a scheme."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        if isinstance(db_field, CountryField):
            kwargs["widget"] = (
                CountriesSelectMultiple(db_field.verbose_name, is_stacked=False)
                if db_field.multiple
                else CountrySearchSelect()
            )
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, CountryField) and formfield is not None:
            blank, members, others = member_states_first(formfield.choices)
            formfield.choices = (
                [*blank, *members, *others]
                if db_field.multiple
                else [*blank, (_("OAS member states"), members), (_("Other countries"), others)]
            )
        return formfield
