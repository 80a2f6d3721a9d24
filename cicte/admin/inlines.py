"""Tabular inlines whose form controls have a name a screen reader can announce.

Django's tabular inline heads each column with the field's label, but the inputs in its rows
have no <label>: a screen reader says "edit text" or "combo box" and nothing more, and axe-core
counts it as a critical violation (tests/browser/test_accessibility.py). Each control gets the
label of its column as its accessible name.
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


def drawing_widget(widget):
    """The widget that draws the control: the admin wraps a relation's widget in one that adds
    the add/change/view links (RelatedFieldWidgetWrapper)."""
    while hasattr(widget, "widget"):
        widget = widget.widget
    return widget


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # Adds the "Delete" box too.
        for field in form.fields.values():
            widget = drawing_widget(field.widget)
            if not widget.is_hidden:
                widget.attrs.setdefault("aria-label", capfirst(field.label))


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
