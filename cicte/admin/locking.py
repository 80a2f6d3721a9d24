"""Optimistic locking: a change form saved after someone else saved the same record is
refused, with what they changed, instead of silently undoing their work."""

import json

from django.core import serializers, signing
from django.core.exceptions import (
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import _get_foreign_key
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator, capfirst, get_text_list
from django.utils.translation import gettext_lazy as _

from cicte import i18n
from cicte.history import history_of

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
        # Only the links a fixture holds reach here (no `through` model's), each in m2m_data.
        pks = instance.m2m_data[field.name]
        names = [str(o) for o in field.related_model._base_manager.filter(pk__in=pks)]
        text = ", ".join(names)
    elif field.is_relation:
        try:
            text = str(getattr(instance, field.name) or "")
        except ObjectDoesNotExist:
            text = str(getattr(instance, field.attname))
    else:
        # Several countries (django-countries' CountryField(multiple=True)) are not a list:
        # their str() is their names, as below.
        value = getattr(instance, field.attname)
        if field.flatchoices:
            text = str(dict(field.flatchoices).get(value, value) if value else "")
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
