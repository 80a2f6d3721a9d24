"""What every spreadsheet resource of the back office shares (django-import-export), so that a
file reads the same whatever its model and whatever the language of the admin that imports it.

- Row numbers are the spreadsheet's own: its header is row 1, so the first record is row 2
  (`spreadsheet_row`), in the preview, in its errors and in the messages after an import.
- The preview shows every column as the export writes it (programs and dates included, which
  the resource reads and writes itself), with what changes marked by <ins> and <del> and no
  inline style (the Content-Security-Policy forbids them: cicte/admin/import.css styles them).
- An unknown value is refused with the values the column takes ("valid: …"), or the nearest
  ones where the list is long (`nearest`).
- A translated field is one column per language: `title` is the English text whatever the
  language of the admin (`english`), `title_es`, `title_fr`, `title_pt` the others
  (`in_every_language`); a choice is read by its code or its label in any of the site's
  languages, and exported as its label.
"""

import difflib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, resources, results, widgets
from modeltranslation.utils import get_translation_fields

from cicte.i18n import CONTENT_LANGUAGE
from cicte.models import ReportingYear

# A cell's words, spaces and signs: the preview marks the changed words and signs, not letters.
WORDS = re.compile(r"\w+|\s+|[^\w\s]")


def spreadsheet_row(number: int) -> int:
    """The spreadsheet's number of the file's `number`-th record (from 1): the header is row 1."""
    return number + 1


def blank(value) -> str:
    """A cell as text: an empty cell (None from Excel) is blank, never "None"."""
    return "" if value is None else str(value)


def valid(value, choices) -> ValueError:
    """The refusal of `value` that lists what the column takes."""
    return ValueError(
        _("Unknown value “%(value)s”; valid: %(choices)s.")
        % {"value": value, "choices": ", ".join(str(choice) for choice in choices)}
    )


def nearest(value, choices) -> ValueError:
    """The refusal of `value` among too many `choices` to list (partners, countries): the
    nearest ones, if any."""
    near = difflib.get_close_matches(str(value), list(choices), n=3, cutoff=0.6)
    if near:
        return ValueError(
            _("Unknown value “%(value)s”; did you mean %(choices)s?")
            % {"value": value, "choices": ", ".join(near)}
        )
    return ValueError(_("Unknown value “%(value)s”.") % {"value": value})


def english(name: str) -> fields.Field:
    """The column `name` for a translated field: its English text, whatever the language of the
    admin that imports or exports it."""
    return fields.Field(
        attribute=f"{name}_{CONTENT_LANGUAGE}", column_name=name, widget=widgets.CharWidget()
    )


def in_every_language(name: str) -> list[str]:
    """The columns of a translated field: ["title", "title_es", "title_fr", "title_pt"]."""
    return [name, *get_translation_fields(name)[1:]]


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in any of the site's languages, in any case; written
    as its label in the admin's language."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self.codes = None

    def clean(self, value, row=None, **kwargs):
        text = blank(value).strip()
        if not text:
            return ""
        if self.codes is None:  # worked out once per import
            self.codes = {code.casefold(): code for code in self.choices.values}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self.codes |= {
                        str(label).casefold(): code for code, label in self.choices.choices
                    }
        if text.casefold() not in self.codes:
            raise valid(text, self.choices.labels)
        return self.codes[text.casefold()]

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices.choices).get(value, value or ""))


class CountryWidget(widgets.Widget):
    """A country by its ISO code ("CO") or its name in any of the site's languages ("Colombia");
    written as its English name, which every admin reads back."""

    def clean(self, value, row=None, **kwargs):
        text = blank(value).strip()
        if not text or text.upper() in dict(countries):
            return text.upper()
        for language, _name in settings.LANGUAGES:
            if code := countries.by_name(text, language=language):
                return code
        raise nearest(text, [name for _code, name in countries])

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override(CONTENT_LANGUAGE):
            return str(value.name)


class CountriesWidget(CountryWidget):
    """Countries as CountryWidget reads each, separated by semicolons (an English name may hold
    a comma: "Bonaire, Sint Eustatius and Saba")."""

    def clean(self, value, row=None, **kwargs):
        parts = (super(CountriesWidget, self).clean(part) for part in blank(value).split(";"))
        return [part for part in parts if part]

    def render(self, value, obj=None, **kwargs):
        return "; ".join(super(CountriesWidget, self).render(country) for country in value or [])


class YearWidget(widgets.Widget):
    """A reporting year by its number (2020); the years are read once per import."""

    def __init__(self):
        super().__init__()
        self.years = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():  # 2020 read from a spreadsheet
            value = int(value)
        text = blank(value).strip()
        if not text:
            return None
        if self.years is None:
            self.years = {str(year.year): year for year in ReportingYear.objects.all()}
        if text not in self.years:
            raise valid(text, sorted(self.years))
        return self.years[text]

    def render(self, value, obj=None, **kwargs):
        return str(value.year) if value else ""


class SpreadsheetResult(results.Result):
    """An import's result, its rows numbered as the spreadsheet numbers them."""

    def append_invalid_row(self, number, row, validation_error):
        cells = {column: blank(value) for column, value in row.items()}
        super().append_invalid_row(spreadsheet_row(number), cells, validation_error)

    def row_errors(self):
        return [(spreadsheet_row(number), errors) for number, errors in super().row_errors()]


class ColumnDiff(resources.Diff):
    """Each column of a previewed row as the export writes it (its dehydrate method, if any),
    the words that change marked by <del> and <ins>. import-export's own reads each column's
    attribute only (a column that its resource reads and writes itself shows blank) and marks
    changes with inline styles."""

    def __init__(self, resource, instance, new):
        # Read before import-export's deep copy of the instance, which drops its prefetched
        # relations (SpreadsheetResource.after_init_instance): no query per row.
        self.left = instance._columns_before
        self.right, self.new = [], new

    def compare_with(self, resource, instance):
        # Always an instance: an import deletes no record (no column says so: for_delete).
        self.right = self.columns(resource, instance)

    @staticmethod
    def columns(resource, instance):
        return [resource.export_field(field, instance) for field in resource.get_import_fields()]

    def as_html(self):
        cells = []
        for before, after in zip(self.left, self.right, strict=True):
            words = WORDS.findall("" if self.new else blank(before)), WORDS.findall(blank(after))
            matcher = difflib.SequenceMatcher(None, *words, autojunk=False)
            cells.append(
                format_html_join(
                    "", "{}", ((self.part(*words, *opcode),) for opcode in matcher.get_opcodes())
                )
            )
        return cells

    @staticmethod
    def part(before, after, tag, i1, i2, j1, j2):
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            return added
        return format_html(
            "{}{}",
            format_html("<del>{}</del>", removed) if removed else "",
            format_html("<ins>{}</ins>", added) if added else "",
        )


class SpreadsheetResource(resources.ModelResource):
    """A model's records as spreadsheet rows (see the module's docstring)."""

    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    @classmethod
    def get_diff_class(cls):
        return ColumnDiff

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if not self._meta.skip_diff:
            instance._columns_before = ColumnDiff.columns(self, instance)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = spreadsheet_row(kwargs["row_number"])
        return row_result

    def by_column(self, errors: dict) -> ValidationError:
        """`errors` by field (title_en) as errors by the column that holds it (title)."""
        columns = {
            field.attribute: field.column_name for field in self.fields.values() if field.attribute
        }
        return ValidationError({columns.get(key, key): value for key, value in errors.items()})
