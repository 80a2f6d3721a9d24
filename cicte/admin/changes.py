"""The site-wide change log (/admin/changes/): every change to the report's records, newest
first, with the fields each one changed (old → new), filterable by date, person, type of
record, reporting year and program. Staff see the changes of the records they may view, as in
the rest of the admin. Built on django-simple-history's tables: one query lists a page of all
of them together, then a few per type of record on the page, however many rows it shows."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied
from django.db.models import CharField, Field, OuterRef, Q, Subquery, Value
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cicte import i18n
from cicte.admin.locking import SHOWN_LENGTH
from cicte.history import history_of
from cicte.models import ReportingYear
from cicte.pagination import requested_number
from programs.models import Program

PER_PAGE = 50

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_models(user) -> list:
    """The models with a history whose records `user` may view, by name."""
    models = [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    return sorted(models, key=lambda model: str(model._meta.verbose_name_plural))


class ChangeLogForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    user = forms.ModelChoiceField(
        get_user_model().objects.filter(is_staff=True).order_by("username"),
        label=_("By"),
        required=False,
        to_field_name="username",
        empty_label=_("Anyone"),
    )
    model = forms.ChoiceField(label=_("Type of record"), required=False)
    year = forms.ModelChoiceField(
        ReportingYear.objects.order_by("-year"),
        label=_("Reporting year"),
        required=False,
        to_field_name="year",
        empty_label=_("Any year"),
    )
    program = forms.ModelChoiceField(
        Program.objects.all(),
        label=_("Program"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any program"),
    )

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.models = {model._meta.label_lower: model for model in models}
        self.fields["model"].choices = [
            ("", _("Any")),
            *((label, capfirst(m._meta.verbose_name_plural)) for label, m in self.models.items()),
        ]

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since and until and until < since:
            raise forms.ValidationError(_("The end date is before the start date."))
        return cleaned_data


def relation(model, name: str, target) -> Field | None:
    """`model`'s field `name` where it leads to `target` (a foreign key or many-to-many)."""
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if found.concrete and found.related_model is target else None


def of_year(model, year) -> Q | None:
    if model is ReportingYear:
        return Q(id=year.pk)
    return Q(year_id=year.pk) if relation(model, "year", ReportingYear) else None


def of_program(model, program) -> Q | None:
    if model is Program:
        return Q(id=program.pk)
    if relation(model, "program", Program):
        return Q(program_id=program.pk)
    if relation(model, "programs", Program):
        return Q(id__in=model._base_manager.filter(programs=program).values("pk"))
    return None


def belonging(model, own: Callable) -> Q | None:
    """History rows of `model` whose record matches `own(model)` (its year, its program), or
    whose parent record does (an event's dates, through the event); None where neither can:
    a partner belongs to no year."""
    condition = own(model)
    if condition is not None:
        return condition
    for fk in model._meta.fields:
        if fk.many_to_one and (parents := own(fk.related_model)) is not None:
            pks = fk.related_model._base_manager.filter(parents).values("pk")
            return Q(**{f"{fk.attname}__in": pks})
    return None


def filters(model, data: dict) -> Q | None:
    """The form's filters as a condition on `model`'s history rows; None where no row of it can
    match them (a partner's, for a year)."""
    condition = Q()
    if data.get("since"):
        condition &= Q(history_date__date__gte=data["since"])
    if data.get("until"):
        condition &= Q(history_date__date__lte=data["until"])
    if data.get("user"):
        condition &= Q(history_user=data["user"])
    for name, own in [("year", of_year), ("program", of_program)]:
        if data.get(name):
            belongs = belonging(model, partial(own, **{name: data[name]}))
            if belongs is None:
                return None
            condition &= belongs
    return condition


def rows_of(form: ChangeLogForm):
    """(date, history id, model label) of every change the filters keep, newest first: one
    UNION of the history tables."""
    data = form.cleaned_data
    models = [form.models[data["model"]]] if data.get("model") else form.models.values()
    parts = []
    for model in models:
        condition = filters(model, data)
        if condition is None:
            continue
        parts.append(
            history_of(model)
            .filter(condition)
            .order_by()
            .annotate(label=Value(model._meta.label_lower, output_field=CharField()))
            .values_list("history_date", "history_id", "label")
        )
    if not parts:
        return []
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def foreign_keys(model) -> list[str]:
    """What a record's name may read (a program year's program and year), to read with it."""
    return [f.name for f in model._meta.fields if f.many_to_one]


def described(model, record) -> str:
    """The record as it was then, named as the admin names it; its foreign keys come from the
    history row (read with it), so that naming it costs no query."""
    instance = record.instance
    for name in foreign_keys(model):
        related = getattr(record, name)  # None where that record is gone
        if related is not None:
            setattr(instance, name, related)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{capfirst(model._meta.verbose_name)} {instance.pk}"


@dataclass
class Change:
    when: datetime
    user: object
    action: str
    model_name: str
    record: str
    parent: str  # the record a child row belongs to ("" for a record of its own)
    record_url: str | None
    history_url: str | None
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    note: str = ""  # why a change lists no field


class ChangeBuilder:
    """The page's changes, read in a few queries per type of record."""

    def __init__(self, site):
        self.site = site
        # Child rows (an event's dates) link to the record they are edited with.
        self.parents = {
            child: fk
            for model_admin in site._registry.values()
            if hasattr(model_admin, "child_relations")
            for child, fk in model_admin.child_relations()
        }
        self.names = {}  # {(model, pk): str}

    def build(self, rows) -> list[Change]:
        ids = defaultdict(list)
        for _date, history_id, label in rows:
            ids[label].append(history_id)
        pending, wanted = [], defaultdict(set)
        for label, history_ids in ids.items():
            model = apps.get_model(label)
            records, previous, links = self.read(model, history_ids)
            for record in records:
                changed = self.changed_fields(model, record, previous, links)
                for model_field, old, new in changed:
                    if model_field.is_relation:
                        values = (*old, *new) if model_field.many_to_many else (old, new)
                        wanted[model_field.related_model].update(values)
                owner, owner_pk = self.owner(model, record)
                if owner is not model:
                    wanted[owner].add(owner_pk)
                pending.append((model, record, changed, owner, owner_pk))
        self.read_names(wanted)
        existing = self.existing((owner, owner_pk) for *_rest, owner, owner_pk in pending)
        changes = {
            (model._meta.label_lower, record.history_id): self.change(
                model, record, changed, owner, owner_pk, existing
            )
            for model, record, changed, owner, owner_pk in pending
        }
        return [changes[label, history_id] for _date, history_id, label in rows]

    def owner(self, model, record):
        """(model, pk) of the record a change opens in the admin: the record itself, or the
        one a child row is edited with (an event's date range: the event)."""
        if not self.site.is_registered(model) and model in self.parents:
            fk = self.parents[model]
            return fk.related_model, getattr(record, fk.attname)
        return model, getattr(record, model._meta.pk.attname)

    def read(self, model, history_ids):
        history = history_of(model)
        pk = model._meta.pk.attname
        earlier = history.filter(
            **{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date")
        ).order_by("-history_date")
        records = list(
            history.filter(history_id__in=history_ids)
            .select_related(*foreign_keys(history.model))
            .annotate(previous_id=Subquery(earlier.values("history_id")[:1]))
        )
        previous_ids = [r.previous_id for r in records if r.previous_id is not None]
        previous = {r.history_id: r for r in history.filter(history_id__in=previous_ids)}
        links = {}
        for m2m in getattr(history.model, "_history_m2m_fields", []):
            rows = HistoricalRecords.m2m_models[m2m].objects.filter(
                history_id__in=[*history_ids, *previous_ids]
            )
            target = f"{m2m.m2m_reverse_field_name()}_id"
            linked = defaultdict(set)
            for history_id, target_id in rows.values_list("history_id", target):
                linked[history_id].add(target_id)
            links[m2m.name] = linked
        return records, previous, links

    def changed_fields(self, model, record, previous, links):
        """(field, old, new) for each field a change altered; none for a creation or a
        deletion, or where the record had no earlier history."""
        before = previous.get(record.previous_id)
        if record.history_type != "~" or before is None:
            return []
        translated = i18n.translated_fields(model)
        changed = []
        for model_field in model._meta.fields:
            if model_field.primary_key or model_field.name in translated:
                continue
            old = getattr(before, model_field.attname)
            new = getattr(record, model_field.attname)
            if old != new:
                changed.append((model_field, old, new))
        for name, linked in links.items():
            old, new = linked[before.history_id], linked[record.history_id]
            if old != new:
                changed.append((model._meta.get_field(name), old, new))
        return changed

    def read_names(self, wanted):
        for model, pks in wanted.items():
            pks.discard(None)
            for obj in model._base_manager.filter(pk__in=pks).select_related(*foreign_keys(model)):
                self.names[model, obj.pk] = str(obj)

    def existing(self, records) -> set:
        """Those of the (model, pk) `records` that still exist."""
        pks = defaultdict(set)
        for model, pk in records:
            pks[model].add(pk)
        return {
            (model, pk)
            for model, ids in pks.items()
            for pk in model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)
        }

    def change(self, model, record, changed, owner, owner_pk, existing) -> Change:
        record_url = history_url = None
        if self.site.is_registered(owner):
            info = owner._meta.app_label, owner._meta.model_name
            if (owner, owner_pk) in existing:
                record_url = reverse("admin:{}_{}_change".format(*info), args=[owner_pk])
            history_url = reverse("admin:{}_{}_history".format(*info), args=[owner_pk])
        note = ""
        if record.history_type == "~" and not changed:
            note = (
                _("Saved without a change.")
                if record.previous_id is not None
                else _("No earlier version to compare with.")
            )
        return Change(
            note=note,
            when=record.history_date,
            user=record.history_user,
            action=ACTIONS.get(record.history_type, record.history_type),
            model_name=capfirst(model._meta.verbose_name),
            record=described(model, record),
            parent=self.names.get((owner, owner_pk), "") if owner is not model else "",
            record_url=record_url,
            history_url=history_url,
            fields=[
                (capfirst(f.verbose_name), self.shown(f, old), self.shown(f, new))
                for f, old, new in changed
            ],
        )

    def shown(self, model_field, value) -> str:
        """A value as staff read it: names, labels, dates; long text shortened."""
        if model_field.many_to_many:
            names = sorted(self.names.get((model_field.related_model, pk), str(pk)) for pk in value)
            text = ", ".join(names)
        elif value is None or value == "":
            text = ""
        elif model_field.is_relation:
            text = self.names.get((model_field.related_model, value), str(value))
        elif isinstance(value, bool):
            text = str(_("yes") if value else _("no"))
        elif model_field.flatchoices and not isinstance(value, list | tuple):
            text = str(dict(model_field.flatchoices).get(value, value))
        elif isinstance(value, list | tuple):
            text = ", ".join(str(getattr(item, "name", item)) for item in value)
        else:
            text = str(formats.localize(value))
        return Truncator(text).chars(SHOWN_LENGTH) if text else str(_("(empty)"))


def change_log_view(request, site):
    models = history_models(request.user)
    if not models:
        raise PermissionDenied
    # Every filter is optional: without any, the form is valid and lists every change.
    form = ChangeLogForm(request.GET, models=models)
    number = requested_number(request.GET.get("page", ""))
    changes, more = [], False
    if form.is_valid():
        start = (number - 1) * PER_PAGE
        rows = list(rows_of(form)[start : start + PER_PAGE + 1])
        more = len(rows) > PER_PAGE
        changes = ChangeBuilder(site).build(rows[:PER_PAGE])
    context = {
        **site.each_context(request),
        "title": _("Changes"),
        "form": form,
        "changes": changes,
        "newer": page_query(request, number - 1) if number > 1 else None,
        "older": page_query(request, number + 1) if more else None,
    }
    return TemplateResponse(request, "admin/cicte/change_log.html", context)


def page_query(request, number: int) -> str:
    """The query string of another page of the same filters."""
    query = request.GET.copy()
    query["page"] = number
    return query.urlencode()
