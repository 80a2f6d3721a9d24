"""A closed year's records are read-only for everyone, at every door of the admin.

A record belongs to a year through its foreign key to ReportingYear (`year`); a child row
(an event's dates, a publication's editions) follows its parent (ParentScopedInline), and a
row listed under a record that spans years (a partner's years, a program's years) is refused
by its inline's form. Loading a report (loadreport, loaddata) does not go through the admin.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from cicte.models import ReportingYear


def year_field(model):
    """The model's foreign key to ReportingYear, or None."""
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is ReportingYear:
            return field
    return None


def closed_year_of(obj):
    """The closed ReportingYear `obj` belongs to, or None (a year that is open, or no year)."""
    field = year_field(type(obj))
    if field is None or getattr(obj, field.attname) is None:
        return None
    try:
        year = getattr(obj, field.name)
    except ObjectDoesNotExist:
        return None  # a deleted record's year, deleted since: full_clean() refuses it
    return year if year.is_closed else None


def closed_year_message(year) -> str:
    return _(
        "Read-only: the %(year)s report is closed (published and no longer edited), so its "
        "records cannot be changed, deleted or added to."
    ) % {"year": year.year}


def refuse_closed_year(obj):
    """A ValidationError on the year field when `obj` is in a closed year."""
    if year := closed_year_of(obj):
        raise ValidationError({year_field(type(obj)).name: closed_year_message(year)})


class ClosedYearFormMixin:
    """A model form that refuses a record of a closed year: one being added, or moved into
    or out of a closed year (the year field's error)."""

    def clean(self):
        cleaned_data = super().clean()
        field = year_field(self._meta.model)
        if field is None or field.name not in self.fields:
            return cleaned_data
        stored = None
        if self.instance.pk is not None:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is not None and closed_year_of(stored) and not self.has_changed():
            return cleaned_data  # An untouched row of an inline.
        year = cleaned_data.get(field.name)
        closed = year if year is not None and year.is_closed else None
        closed = closed or (stored is not None and closed_year_of(stored))
        if closed:
            self.add_error(field.name, closed_year_message(closed))
        return cleaned_data


class ClosedYearFormSetMixin:
    """An inline formset that refuses deleting a row of a closed year."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            year = form.instance.pk is not None and closed_year_of(form.instance)
            if year:
                raise ValidationError(closed_year_message(year))


def with_closed_year_check(form_class):
    return type(form_class.__name__, (ClosedYearFormMixin, form_class), {})


class ClosedYearAdmin:
    """The rule for a model admin (part of HistoryAdmin): a record of a closed year may not be
    changed or deleted (`may_edit`, `editable`, used by the change form, the actions, the
    import, history's revert), nor added or recovered into one (the form's year field)."""

    def closed_year(self, obj):
        return closed_year_of(obj)

    def may_edit(self, request, obj) -> bool:
        return self.closed_year(obj) is None

    def editable(self, request, queryset):
        """`queryset` narrowed to the records the user may change."""
        field = year_field(self.model)
        if field is None:
            return queryset
        return queryset.exclude(**{f"{field.name}__in": ReportingYear.objects.closed()})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_closed_year_check(super().get_form(request, obj, change, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield (
                type(
                    formset.__name__,
                    (ClosedYearFormSetMixin, formset),
                    {"form": with_closed_year_check(formset.form)},
                ),
                inline,
            )
