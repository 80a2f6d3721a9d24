"""Form fields for staff: searchable countries, links that default to https."""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.utils.html import format_html
from django_countries.fields import CountryField


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
        return super().formfield_for_dbfield(db_field, request, **kwargs)
