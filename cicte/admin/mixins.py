"""What every page of the back office shares.

- `HistoryAdmin`: the base of every model admin. "History" shows who changed what and when
  (django-simple-history), including the child rows edited inline, and "Recover deleted" brings a
  deleted record back with the child rows that were deleted with it.
- `ProgramScopedAdmin` and `ParentScopedInline`: program officers edit only the activities,
  events and publications of the programs they are assigned to, and see the rest read-only.
- A refusal by the database (a unique or check constraint that validation did not catch, e.g.
  two people saving at once) is shown on the form in plain words instead of a server error.
- `OptimisticLockMixin` (part of `HistoryAdmin`): a change form saved after someone else saved
  the same record is refused, with what they changed, instead of silently undoing their work.
"""

import json
from datetime import timedelta

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core import serializers, signing
from django.core.exceptions import (
    BadRequest,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import _get_foreign_key
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.text import Truncator, capfirst, get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from simple_history.admin import SimpleHistoryAdmin

from cicte import i18n
from cicte.enums import ContentStatus
from cicte.history import history_of, record_as_created

# Child rows deleted this long before their parent count as deleted with it (a cascade takes
# milliseconds); the recovery page lists them before anything is restored.
DELETED_WITH_PARENT_WITHIN = timedelta(minutes=1)


# The checks of a year's report by model label ({"events.Event": {slug: check}}): defined
# above the apps (cicte.report_checks registers them), offered in each model's admin list.
REPORT_CHECKS = {}


class ReportCheckFilter(admin.SimpleListFilter):
    """The records one check of the year's report lists (`?check=<slug>`): the links of the
    back office's home page, and a filter staff can pick."""

    title = _("report check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        checks = REPORT_CHECKS.get(model_admin.opts.label, {})
        return [(slug, check.label) for slug, check in checks.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        check = REPORT_CHECKS.get(queryset.model._meta.label, {}).get(self.value())
        if check is None:
            raise IncorrectLookupParameters(f"No report check {self.value()!r}.")
        return queryset.filter(check.condition())


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


def refusal_message(error: IntegrityError) -> str:
    """The database's refusal in the words of the constraint it names."""
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name != name:
                continue
            if (
                isinstance(constraint, models.UniqueConstraint)
                and constraint.fields
                and constraint.violation_error_message == constraint.default_violation_error_message
            ):
                return unique_message(model, constraint.fields)
            return str(constraint.get_violation_error_message())
        for field in model._meta.local_fields:
            if field.unique and name == f"{model._meta.db_table}_{field.column}_key":
                return unique_message(model, [field.name])
    return str(
        _(
            "The database refused this change because it conflicts with another record. "
            "Nothing was saved: check the values and save again."
        )
    )


def unique_message(model, field_names) -> str:
    labels = [capfirst(model._meta.get_field(name).verbose_name) for name in field_names]
    return str(
        _("%(model)s with this %(fields)s already exists.")
        % {
            "model": capfirst(model._meta.verbose_name),
            "fields": get_text_list(labels, _("and")),
        }
    )


# The change form's hidden field that carries the record as the user opened it.
LOADED_VERSION = "_loaded_version"


class OptimisticLockMixin:
    """Two people editing one record: the second save of a stale form is refused.

    The change form carries, signed, the record as the user opened it (its fields, its
    many-to-many links and its inline rows: no model change, and it works for records loaded from
    fixtures, which have no history). On save, inside the admin's transaction, the row is locked
    (`select_for_update`) and read again; if it differs from what the user opened, nothing is
    saved and the form lists each difference, its value now and the value the user opened, and
    who saved in between. A POST without the field (a script, an old tab) is not checked.
    """

    change_form_template = "admin/cicte/change_form.html"

    def inline_relations(self):
        """(inline model, its foreign key to this model) for each inline, in form order."""
        for inline in self.inlines:
            yield inline.model, _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)

    def record_state(self, obj) -> dict:
        """`obj` as a change form shows it, as JSON-safe data (serialised like a fixture)."""
        state = {
            "record": serialized(obj)[0],
            "inlines": {
                model._meta.label_lower: serialized(
                    *model._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
                )
                for model, fk in self.inline_relations()
            },
        }
        # Dates become strings, as they come back from the signed form field.
        return json.loads(json.dumps(state, cls=DjangoJSONEncoder))

    def version_salt(self, obj) -> str:
        # A version signed for one record cannot be replayed on another.
        return f"cicte.admin.version:{self.opts.label_lower}:{obj.pk}"

    def sign_version(self, obj) -> str:
        payload = {"opened": timezone.now().isoformat(), "state": self.record_state(obj)}
        return signing.dumps(payload, salt=self.version_salt(obj), compress=True)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            submitted = request.POST.get(LOADED_VERSION) if request.method == "POST" else None
            # A form shown again (errors) keeps the version first opened, so that a save after
            # someone else's is still caught.
            context[LOADED_VERSION.lstrip("_")] = submitted or self.sign_version(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or request.method != "POST" or LOADED_VERSION not in request.POST:
            return form
        model_admin = self

        class VersionCheckedForm(form):
            def clean(self):
                cleaned_data = super().clean()
                model_admin.refuse_stale_save(obj, request.POST[LOADED_VERSION])
                return cleaned_data

        return VersionCheckedForm

    def refuse_stale_save(self, obj, version: str) -> None:
        """Raise a ValidationError listing what changed since `version` was signed.

        Runs inside the admin's save transaction: the row lock is held until the save commits,
        so a concurrent save of the same record waits, then sees this one and is refused.
        """
        name = self.opts.verbose_name
        try:
            opened = signing.loads(version, salt=self.version_salt(obj))
        except signing.BadSignature:
            raise ValidationError(
                _(
                    "This form's copy of the %(name)s could not be read. Nothing was saved: "
                    "open the %(name)s again and make your changes there."
                )
                % {"name": name},
                code="stale",
            ) from None
        manager = self.model._base_manager
        list(manager.select_for_update().filter(pk=obj.pk).order_by().values_list("pk"))
        current = manager.filter(pk=obj.pk).first()
        now = self.record_state(current) if current is not None else None
        if now == opened["state"]:
            return
        changes = self.describe_changes(opened["state"], now) if now is not None else []
        savers = self.saved_by_since(obj, parse_datetime(opened["opened"]))
        refusal = [
            _(
                "Someone else saved this %(name)s after you opened it. Nothing was saved, so "
                "that their changes are not lost."
            )
            % {"name": name},
            *changes,
        ]
        if savers:
            refusal.append(_("Saved meanwhile by %(users)s.") % {"users": savers})
        refusal.append(
            _("Open the %(name)s again to see it as it is now, then make your changes there.")
            % {"name": name}
        )
        raise ValidationError([ValidationError(m, code="stale") for m in refusal])

    def describe_changes(self, opened: dict, now: dict) -> list[str]:
        """One line per field, and per inline row, that differs: its value now and as opened."""
        lines = field_changes(opened["record"], now["record"])
        for model, _fk in self.inline_relations():
            name = capfirst(model._meta.verbose_name)
            then_rows = {
                row["pk"]: row for row in opened["inlines"].get(model._meta.label_lower, [])
            }
            now_rows = {row["pk"]: row for row in now["inlines"][model._meta.label_lower]}
            for pk, row in now_rows.items():
                if pk not in then_rows:
                    lines.append(
                        _("%(name)s “%(row)s” was added.")
                        % {"name": name, "row": deserialized(row)}
                    )
                    continue
                lines += [
                    _("%(name)s “%(row)s”: %(change)s")
                    % {"name": name, "row": deserialized(row), "change": change}
                    for change in field_changes(then_rows[pk], row)
                ]
            lines += [
                _("%(name)s “%(row)s” was removed.") % {"name": name, "row": deserialized(row)}
                for pk, row in then_rows.items()
                if pk not in now_rows
            ]
        return lines

    def saved_by_since(self, obj, opened_at) -> str:
        """Who saved the record or its inline rows after `opened_at`, as "maria and juan"."""
        histories = [history_of(self.model).filter(**{self.opts.pk.attname: obj.pk})]
        for model, fk in self.inline_relations():
            if hasattr(model._meta, "simple_history_manager_attribute"):
                histories.append(history_of(model).filter(**{fk.attname: obj.pk}))
        names = []
        for history in histories:
            rows = history.filter(history_date__gt=opened_at, history_user__isnull=False)
            for row in rows.select_related("history_user").order_by("history_date"):
                if row.history_user.get_username() not in names:
                    names.append(row.history_user.get_username())
        return get_text_list(names, _("and"))


def serialized(*objs) -> list[dict]:
    """Records as a fixture holds them, with only what a form edits (not `Event.starts_on`,
    which follows the date ranges, nor `title`, edited as `title_en`, `title_es`…)."""
    if not objs:
        return []
    opts = objs[0]._meta
    translated = i18n.translated_fields(opts.model)
    editable = [
        f.name
        for f in [*opts.fields, *opts.many_to_many]
        if f.editable and not f.primary_key and f.name not in translated
    ]
    return serializers.serialize("python", objs, fields=editable)


def deserialized(data: dict):
    """A model instance (with `m2m_data`) from one serialised record, not saved."""
    wrapped = next(serializers.deserialize("python", [data], ignorenonexistent=True))
    instance = wrapped.object
    instance.m2m_data = wrapped.m2m_data
    return instance


SHOWN_LENGTH = 80


def shown_value(instance, field) -> str:
    """A field's value as staff read it: labels, names, dates; long text shortened."""
    if field.many_to_many:
        pks = instance.m2m_data.get(field.name, [])
        names = [str(o) for o in field.related_model._base_manager.filter(pk__in=pks)]
        text = ", ".join(names)
    elif field.is_relation:
        try:
            text = str(getattr(instance, field.name) or "")
        except ObjectDoesNotExist:
            text = str(getattr(instance, field.attname))
    else:
        value = getattr(instance, field.attname)
        if field.flatchoices and not isinstance(value, list | tuple):
            text = str(dict(field.flatchoices).get(value, value) if value else "")
        elif isinstance(value, list | tuple):
            text = ", ".join(str(getattr(item, "name", item)) for item in value)
        elif isinstance(value, bool):
            text = str(_("yes") if value else _("no"))
        elif value is None:
            text = ""
        else:
            text = str(formats.localize(value))
    return Truncator(text).chars(SHOWN_LENGTH) if text else str(_("(empty)"))


def field_changes(then: dict, now: dict) -> list[str]:
    """ "Title is now “…”; you opened “…”." for each field of one record that differs."""
    then_record, now_record = deserialized(then), deserialized(now)
    return [
        str(
            _("%(field)s is now “%(now)s”; you opened “%(then)s”.")
            % {
                "field": capfirst(field.verbose_name),
                "now": shown_value(now_record, field),
                "then": shown_value(then_record, field),
            }
        )
        for field in (now_record._meta.get_field(name) for name in now["fields"])
        if then["fields"].get(field.name) != now["fields"][field.name]
    ]


class HistoryAdmin(OptimisticLockMixin, StaffFormFieldsMixin, SimpleHistoryAdmin):
    change_list_template = "admin/cicte/change_list.html"
    object_history_template = "admin/cicte/object_history.html"
    # simple-history's list, without the inline style the Content-Security-Policy blocks.
    object_history_list_template = "admin/cicte/object_history_list.html"

    # -- Database refusals as form errors ---------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if request.method != "POST":
                raise
            # The transaction is rolled back; show the same form again with the refusal on it.
            request._database_refusal = refusal_message(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # "Save as new" copies the form's fields: a read-only page has none to copy.
        response.context_data["save_as"] = self.save_as and self.has_change_permission(request, obj)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_database_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self):
                super().clean()
                raise ValidationError(refusal, code="database_refusal")

        return RefusedForm

    # -- History: the parent's own rows and its inline children -----------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            # An added record's entry is written once its links are set (save_related).
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            del form.instance.skip_history_when_saving
            record_as_created(self.model, [form.instance.pk], user=request.user)

    def child_relations(self):
        """(inline model, its foreign key to this model) for each inline with a history."""
        for model, fk in self.inline_relations():
            if hasattr(model._meta, "simple_history_manager_attribute"):
                yield model, fk

    def history_view(self, request, object_id, extra_context=None):
        pk = unquote(object_id)
        child_histories = []
        for model, fk in self.child_relations():
            records = (
                history_of(model)
                .filter(**{fk.attname: pk})
                .select_related("history_user")
                .order_by("-history_date")[:100]
            )
            child_histories.append(
                {"verbose_name_plural": model._meta.verbose_name_plural, "records": records}
            )
        context = {"child_histories": child_histories, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history lets anyone who may view a record revert it; reverting is a change.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- Recover deleted ---------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "recover/",
                self.admin_site.admin_view(self.recover_list_view),
                name="{}_{}_recoverlist".format(*info),
            ),
            path(
                "recover/<int:history_id>/",
                self.admin_site.admin_view(self.recover_view),
                name="{}_{}_recover".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_recover_permission(self, request):
        """Whoever may delete records may bring them back."""
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        # PostgreSQL cannot hold or compare text with a NUL character: a filter or search with
        # one is a bad request, not a server error.
        if any("\x00" in text for key, values in request.GET.lists() for text in [key, *values]):
            raise BadRequest("A NUL character in the query string.")
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def to_field_allowed(self, request, to_field):
        # `?_to_field=+` names a reverse relation of simple-history's (related_name="+"), which
        # Django's check reads as a field and fails on (a 500). A reverse relation is never a
        # field that a form may refer to: refuse it (Django answers 400).
        try:
            field = self.opts.get_field(to_field)
        except FieldDoesNotExist:
            return False
        return field.concrete and super().to_field_allowed(request, to_field)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            # Typing in an autocomplete box: nothing can contain a NUL, so nothing matches.
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def deleted_records(self):
        """The last history row of each record that is deleted now, latest deletion first."""
        history = history_of(self.model)
        pk_name = self.opts.pk.attname
        latest = history.filter(**{pk_name: OuterRef(pk_name)}).order_by("-history_date")
        return (
            history.filter(history_type="-", history_id=Subquery(latest.values("history_id")[:1]))
            .exclude(**{f"{pk_name}__in": self.model._default_manager.values("pk")})
            .select_related("history_user")
            .order_by("-history_date")
        )

    def deleted_children(self, record):
        """The child rows deleted together with `record` (a deletion row of this model)."""
        pk = getattr(record, self.opts.pk.attname)
        children = []
        for model, fk in self.child_relations():
            history = history_of(model)
            pk_name = model._meta.pk.attname
            latest = history.filter(**{pk_name: OuterRef(pk_name)}).order_by("-history_date")
            rows = (
                history.filter(
                    **{fk.attname: pk},
                    history_type="-",
                    history_user_id=record.history_user_id,
                    history_date__gte=record.history_date - DELETED_WITH_PARENT_WITHIN,
                    history_date__lte=record.history_date,
                    history_id=Subquery(latest.values("history_id")[:1]),
                )
                .exclude(**{f"{pk_name}__in": model._default_manager.values("pk")})
                .order_by(pk_name)
            )
            children.append((model, list(rows)))
        return children

    def recover_list_view(self, request):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": self.deleted_records()[:200],
        }
        return TemplateResponse(request, "admin/cicte/recover_list.html", context)

    def recover_view(self, request, history_id):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        record = get_object_or_404(self.deleted_records(), history_id=history_id)
        children = self.deleted_children(record)
        if request.method == "POST":
            try:
                obj = self.restore(request, record, children)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(name)s “%(obj)s” could not be recovered: %(reasons)s")
                    % {
                        "name": capfirst(self.opts.verbose_name),
                        "obj": record.instance,
                        "reasons": " ".join(error.messages),
                    },
                    messages.ERROR,
                )
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recoverlist")
                )
            self.message_user(
                request,
                _("%(name)s “%(obj)s” was recovered.")
                % {"name": capfirst(self.opts.verbose_name), "obj": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        parent, foreign_keys = record.instance, dict(self.child_relations())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover %(name)s “%(obj)s”")
            % {"name": self.opts.verbose_name, "obj": parent},
            "opts": self.opts,
            "record": record,
            "children": [
                {
                    "verbose_name_plural": model._meta.verbose_name_plural,
                    # Each row names its parent (a partner's year, an edition), which is gone
                    # from the database until recovered: hand it the deleted one.
                    "rows": [
                        with_parent(row.instance, foreign_keys[model], parent) for row in rows
                    ],
                }
                for model, rows in children
                if rows
            ],
        }
        return TemplateResponse(request, "admin/cicte/recover_confirm.html", context)

    def restore(self, request, record, children):
        """Save the record as it was deleted, with its many-to-many links and the child rows
        deleted with it; all or nothing, each row validated first."""
        with transaction.atomic():
            obj = record.instance
            obj.full_clean()
            obj._history_user = request.user
            obj.save()
            # The deletion row keeps the links the record had (see cicte.history).
            for field in getattr(record, "_history_m2m_fields", []):
                target = f"{field.m2m_reverse_field_name()}_id"
                links = getattr(record, field.name).values_list(target, flat=True)
                getattr(obj, field.name).set(list(links))
            for _model, rows in children:
                for row in rows:
                    child = row.instance
                    child.full_clean()
                    child._history_user = request.user
                    child.save()
        return obj


def with_parent(child, foreign_key, parent):
    setattr(child, foreign_key.name, parent)
    return child


class ProgramScopedAdmin:
    """Program officers add and change only the records of their programs.

    Editors (and superusers) hold `programs.edit_all_programs` and are not limited. Everyone
    else may change or delete a record only when it belongs to one of their assigned programs;
    the form offers only those programs, so a crafted POST naming another program is refused,
    and the programs of a joint record that are not theirs are kept as they are.
    """

    program_field = "programs"  # "program" for a foreign key

    def can_edit_every_program(self, request) -> bool:
        return request.user.has_perm("programs.edit_all_programs")

    def officer_program_ids(self, request) -> frozenset:
        if not hasattr(request, "_officer_program_ids"):
            request._officer_program_ids = frozenset(
                request.user.assigned_programs.values_list("pk", flat=True)
            )
        return request._officer_program_ids

    def program_ids_of(self, obj) -> frozenset:
        field = self.opts.get_field(self.program_field)
        if not field.many_to_many:
            return frozenset({getattr(obj, field.attname)} - {None})
        if obj.pk is None:
            return frozenset()
        # all(): the programs prefetched with the record where they were (an import's events).
        return frozenset(program.pk for program in getattr(obj, self.program_field).all())

    def may_edit(self, request, obj) -> bool:
        if self.can_edit_every_program(request):
            return True
        cache = request.__dict__.setdefault("_program_scope", {})
        key = (self.opts.label, obj.pk)
        if key not in cache:
            cache[key] = bool(self.program_ids_of(obj) & self.officer_program_ids(request))
        return cache[key]

    def editable(self, request, queryset):
        """`queryset` narrowed to the records the user may change."""
        if self.can_edit_every_program(request):
            return queryset
        return queryset.filter(
            **{f"{self.program_field}__in": self.officer_program_ids(request)}
        ).distinct()

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            self.can_edit_every_program(request) or bool(self.officer_program_ids(request))
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def officer_programs(self, request):
        from programs.models import Program

        return Program.objects.filter(pk__in=self.officer_program_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.program_field and not self.can_edit_every_program(request):
            kwargs["queryset"] = self.officer_programs(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == self.program_field:
            kwargs["widget"] = forms.CheckboxSelectMultiple
            if not self.can_edit_every_program(request):
                kwargs["queryset"] = self.officer_programs(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field_name = self.program_field
        if (
            self.can_edit_every_program(request)
            or field_name not in form.base_fields
            or not self.opts.get_field(field_name).many_to_many
        ):
            return form
        kept = (self.program_ids_of(obj) if obj is not None else frozenset()) - (
            self.officer_program_ids(request)
        )
        if not kept:
            return form
        from programs.models import Program

        kept_names = get_text_list([str(p) for p in Program.objects.filter(pk__in=kept)], _("and"))

        class JointRecordForm(form):
            """A joint record keeps the other programs, which only an editor may change."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # The admin renders help texts as HTML: program names are text.
                self.fields[field_name].help_text = escape(
                    _("Also belongs to %(programs)s, which stays as it is.")
                    % {"programs": kept_names}
                )

            def clean(self):
                cleaned_data = super().clean()
                chosen = cleaned_data.get(field_name)
                if chosen is not None:
                    cleaned_data[field_name] = Program.objects.filter(
                        pk__in={program.pk for program in chosen} | kept
                    )
                return cleaned_data

        return JointRecordForm


class ParentScopedInline:
    """Child rows follow their parent: read-only wherever the parent is read-only."""

    def parent_editable(self, request, obj):
        parent_admin = self.admin_site._registry[self.parent_model]
        return obj is None or parent_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.parent_editable(request, obj)


class PublishActionsMixin:
    """ "Publish selected" and "Unpublish selected" for models with a ContentStatus `status`."""

    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=_("Publish selected %(verbose_name_plural)s"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self.set_status(request, queryset, ContentStatus.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        permissions=["change"],
    )
    def unpublish_selected(self, request, queryset):
        self.set_status(request, queryset, ContentStatus.DRAFT)

    def set_status(self, request, queryset, status):
        editable = self.editable(request, queryset) if hasattr(self, "editable") else queryset
        changed = 0
        for obj in editable.exclude(status=status):
            # One save per record, so that History tells who published what.
            obj.status = status
            obj._history_user = request.user
            obj.save(update_fields=["status"])
            changed += 1
        skipped = queryset.count() - editable.count()
        self.message_user(
            request,
            ngettext(
                "%(count)d %(name)s is now %(status)s.",
                "%(count)d %(names)s are now %(status)s.",
                changed,
            )
            % {
                "count": changed,
                "name": self.opts.verbose_name,
                "names": self.opts.verbose_name_plural,
                "status": status.label.lower(),
            },
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d was left as it is: it belongs to a program you are not assigned to.",
                    "%(count)d were left as they are: they belong to programs you are not "
                    "assigned to.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
