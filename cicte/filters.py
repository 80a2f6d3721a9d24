"""What the site's FilterSets share: invalid input selects nothing, and says what is applied."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict


@dataclass(frozen=True)
class AppliedFilter:
    name: str
    label: str
    value: str
    # The query string of the same list without this filter (and back on page 1).
    remove_query: str


class Select(forms.Select):
    """Django's Select, its options written in one template (templates/includes/select.html)."""

    template_name = "includes/select.html"


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose `qs` is empty when the input is invalid (never half-applied). Its
    choice filters render with `Select`."""

    # Filters the form folds under "More filters" unless one of them is in use.
    secondary_filters: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ChoiceFilter):
                filter_.extra.setdefault("widget", Select)

    def secondary_in_use(self):
        return any(self.data.get(name) for name in self.secondary_filters)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            if self.is_bound and not self.is_valid():
                self._qs = self.queryset.none()
            else:
                self._qs = super().qs
        return self._qs

    def applied(self):
        """[AppliedFilter] in force, for the "Filtered by" list with its remove links."""
        if not self.is_valid():
            return []
        applied = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form[name]
            choices = getattr(field.field, "choices", None)
            if hasattr(value, "isoformat"):
                shown = value.isoformat()
            elif choices is not None:
                shown = str(dict(choices).get(value, value)).removeprefix("— ")
            else:
                shown = value
            rest = QueryDict(mutable=True)
            rest.update(self.data)
            for key in (name, "page"):
                rest.pop(key, None)
            applied.append(AppliedFilter(name, str(field.label), str(shown), rest.urlencode()))
        return applied
