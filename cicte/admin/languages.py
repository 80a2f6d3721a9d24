"""Translated fields in the back office: every language of a field side by side.

A model admin with translated fields (see each app's translation.py) puts `TranslatedAdmin`
before `HistoryAdmin`; an inline uses `TranslatedTabularInline` or `TranslatedStackedInline`.
Fields and fieldsets keep naming the field ("title"): each becomes one row with its English,
Spanish, French and Portuguese boxes, English required where the field is. No tabs: they need
jQuery UI from a CDN, which the Content-Security-Policy (and a closed network) forbids.
"""

from django import forms
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from modeltranslation.utils import get_translation_fields


def in_every_language(*fields: str) -> list[str]:
    """search_fields that find a record by its text in any language: in_every_language("title",
    "program__name") → ["title_en", "title_es", …, "program__name_en", …]."""
    names = []
    for field in fields:
        path, _, name = field.rpartition("__")
        prefix = f"{path}__" if path else ""
        names += [f"{prefix}{translation}" for translation in get_translation_fields(name)]
    return names


class SideBySideLanguages:
    """Declared fields and fieldsets with each translated field as one row of its languages."""

    def _get_declared_fieldsets(self, request, obj=None):
        if self.fieldsets:
            fieldsets = self.fieldsets
        elif self.fields:
            fieldsets = [(None, {"fields": self.fields})]
        else:
            return None
        return [
            (name, {**options, "fields": self.side_by_side(options["fields"])})
            for name, options in fieldsets
        ]

    def side_by_side(self, fields):
        rows = []
        for entry in fields:
            names = entry if isinstance(entry, list | tuple) else [entry]
            if not any(name in self.trans_opts.all_fields for name in names):
                rows.append(entry)
                continue
            # A row that mixes fields ("acronym", "acronym_note") becomes a row per field.
            for name in names:
                in_fields = name in self.trans_opts.all_fields
                rows.append(tuple(get_translation_fields(name)) if in_fields else name)
        return rows

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["cicte/admin/languages.css"]})


class TranslatedAdmin(SideBySideLanguages, TranslationAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        # modeltranslation's get_form takes `change` by keyword only; our mixins pass it on.
        return super().get_form(request, obj, change=change, **kwargs)


class TranslatedTabularInline(SideBySideLanguages, TranslationTabularInline):
    pass


class TranslatedStackedInline(SideBySideLanguages, TranslationStackedInline):
    pass
