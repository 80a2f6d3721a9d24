"""What the site's FilterSets share: invalid input selects nothing, and says what is applied."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django_filters.fields import ChoiceField, ChoiceIterator


@dataclass(frozen=True)
class AppliedFilter:
    name: str
    label: str
    value: str
    # The query string of the same list without this filter (and back on page 1).
    remove_query: str


class ChoicesSelect(forms.Select):
    """A <select> written in Python, the same HTML as Django's templates.

    The events filter offers every public partner: a couple of thousand options, which
    Django's one-template-per-option rendering would spend most of the request on.
    """

    def __init__(self, attrs=None, choices=(), *, only=None):
        """only: the values to offer (besides the empty one and the one selected), when the
        field accepts more than its drop-down should list."""
        super().__init__(attrs, choices)
        self.only = only

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html(self.offered())
        if options is None:
            return super().render(name, value, attrs, renderer)  # groups: Django's way
        selected = self.format_value(value)
        if selected:
            plain = f'<option value="{escape(selected[0])}">'
            if plain not in options and self.only is not None:
                options = self.with_selected(options, selected[0])
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        attributes = "".join(
            f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
            for name, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False and value is not None
        )
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}\n</select>')

    def offered(self):
        if self.only is None:
            return self.choices
        return [
            (value, label) for value, label in self.choices if value == "" or value in self.only
        ]

    def with_selected(self, options: str, selected: str) -> str:
        """`options` with the selected value's option after the first (empty) one."""
        for value, label in self.choices:
            if str(value) == selected:
                first_end = options.find("</option>") + len("</option>\n")
                added = self.options_html([(value, label)]) or ""
                return options[:first_end] + added + options[first_end:]
        return options

    @staticmethod
    def options_html(choices) -> str | None:
        """The options, none selected; None when there are groups (<optgroup>)."""
        html = []
        for value, label in choices:
            if isinstance(label, list | tuple):
                return None
            html.append(
                f'\n  <option value="{escape(str(value))}">{conditional_escape(str(label))}'
                "</option>\n"
            )
        return "".join(html)


class PairsIterator(ChoiceIterator):
    """The choices of a PairsChoiceField: already (value, label) pairs, read as they are
    rather than normalised pair by pair on every reading."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.choices


class PairsChoiceField(ChoiceField):
    """A filter's choice field that checks a value and finds its label in a dict, built the
    first time either is needed, instead of going through every choice each time."""

    iterator = PairsIterator

    @property
    def choices(self):
        return super().choices

    @choices.setter
    def choices(self, value):
        ChoiceField.choices.__set__(self, value)
        self._labels = None

    def __deepcopy__(self, memo):
        # A form copies its fields: share the pairs (never changed in place) instead of
        # copying thousands of them.
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = result.widget.choices = PairsIterator(result, self._choices.choices)
        return result

    def labels(self) -> dict:
        if getattr(self, "_labels", None) is None:
            self._labels = {str(value): label for value, label in self.choices}
        return self._labels

    def valid_value(self, value):
        return str(value) in self.labels()


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose `qs` is empty when the input is invalid (never half-applied).

    Its choice filters take their choices as (value, label) pairs (PairsChoiceField) and
    render with ChoicesSelect, keyed by the FilterSet and the filter.
    """

    # Filters the form folds under "More filters" unless one of them is in use.
    secondary_filters: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if type(filter_) is django_filters.ChoiceFilter and "widget" not in filter_.extra:
                filter_.field_class = PairsChoiceField
                filter_.extra["widget"] = ChoicesSelect()

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
            elif isinstance(field.field, PairsChoiceField):
                shown = str(field.field.labels().get(str(value), value)).removeprefix("— ")
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
