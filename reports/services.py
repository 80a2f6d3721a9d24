"""Reporting-year writes that take several steps: starting a year, loading a year's fixture."""

import dataclasses
import json
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import (
    M2MDeserializationError,
    deserialize_fk_value,
    deserialize_m2m_values,
)
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, models, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from cicte import history, i18n
from cicte.enums import YearStatus
from cicte.models import ReportingYear
from cicte.roles import REPORT_MODEL_LABELS
from events.models import Event, EventDate
from programs.models import Program, ProgramYear


def reporting_year_start(*, year: int, allow_gap: bool = False) -> ReportingYear:
    """Create `year` as a draft that follows the last year.

    The programs of the last year get an empty ProgramYear each; the chair and vice chair are the
    ones the last year elected. Nothing that belongs to one year only (events, activities,
    publications, partners' yearly standing) is copied. Raises ValidationError when `year`
    exists already or is not after the last year, and (code "gap") when it would skip a year,
    unless `allow_gap`.
    """
    with transaction.atomic():
        last = ReportingYear.objects.select_for_update().order_by("-year").first()
        if ReportingYear.objects.filter(year=year).exists():
            raise ValidationError(
                {"year": _("The reporting year %(year)d exists already.") % {"year": year}}
            )
        if last is not None and year <= last.year:
            raise ValidationError(
                {
                    "year": _("A new reporting year must come after the last one, %(last)d.")
                    % {"last": last.year}
                }
            )
        if last is not None and year > last.year + 1 and not allow_gap:
            raise ValidationError(
                {
                    "year": ValidationError(
                        _("%(year)d would skip the years after %(last)d.")
                        % {"year": year, "last": last.year},
                        code="gap",
                    )
                }
            )
        programs = Program.objects.order_by("position", "name")
        if last is not None:
            programs = programs.filter(years__year=last)

        new_year = ReportingYear(
            year=year,
            title=f"Annual Report {year} of the Inter-American Committee against Terrorism (CICTE)",
            status=YearStatus.DRAFT,
            chair=last.elected_chair if last else "",
            vice_chair=last.elected_vice_chair if last else "",
        )
        new_year.full_clean()
        new_year.save()
        for program in programs:
            program_year = ProgramYear(program=program, year=new_year, funded=True)
            program_year.full_clean()
            program_year.save()
    return new_year


def reporting_year_skeleton(*, year: ReportingYear) -> str:
    """A fixture (JSON) of `year` and its program years, with natural keys, for staff to fill.

    Translated fields appear once per language (`narrative_en`, `narrative_es`…), as the loader
    takes them, and not under their plain name.
    """
    objects = [year, *ProgramYear.objects.filter(year=year).select_related("program", "year")]
    records = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    for record, obj in zip(records, objects, strict=True):
        for name in i18n.translated_fields(type(obj)):
            record["fields"].pop(name, None)
    return json.dumps(records, indent=2, cls=DjangoJSONEncoder, ensure_ascii=False)


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message names the file, the object and the field."""


# The models a reporting year's fixture may hold (cicte.roles.REPORT_MODEL_LABELS): the year's own
# records, found by following these attributes to the year, and the records every year shares.
YEAR_OF = {
    "cicte.reportingyear": "year",
    "cicte.reporttext": "year.year",
    "cicte.editorialnote": "year.year",
    "partners.partneryear": "year.year",
    "programs.programyear": "year.year",
    "programs.programpartner": "program_year.year.year",
    "programs.activity": "year.year",
    "programs.activitypartner": "activity.year.year",
    "events.event": "year.year",
    "events.eventdate": "event.year.year",
    "events.eventpartner": "event.year.year",
    "publications.publication": "year.year",
    "publications.copublisher": "publication.year.year",
    "publications.edition": "publication.year.year",
}
SHARED = {"partners.partner", "programs.program"}


@dataclasses.dataclass
class FixtureLoad:
    """What loading a fixture did: objects added, changed and found as they were, and each change
    outside the year that --update-shared allowed ("partners.partner 'canada': name_en")."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    outside_the_year: list[str] = dataclasses.field(default_factory=list)

    @property
    def count(self) -> int:
        return self.added + self.changed + self.unchanged


def report_fixture_load(*, path: Path, year: int, update_shared: bool = False) -> FixtureLoad:
    """Load `year`'s fixture all or nothing, validating every object as the admin would.

    The file is data, not code: it may hold only the report's models (REPORT_MODEL_LABELS,
    checked before anything is written) and set no relation to anything else (no program
    officers). It adds and changes `year`'s records and adds shared records (partners,
    programs) that do not exist yet; an object that would change a shared record, or add or
    change a record of another year, is refused unless `update_shared`, and then listed in the
    result. An object that is already in the database as the file gives it changes nothing, so
    loading the same file again is idempotent. Each record of the file that has no history yet
    gets one entry, as loaded ("Loaded from report_2020.json"), and none of the changes made
    while loading is recorded, so loading again writes no history either.

    Unlike loaddata, every object goes through full_clean() (choices, constraints, dates), so a
    bad value is refused instead of stored. Any error rolls the whole file back and raises
    FixtureError naming the file, the object (by its natural key) and the field.
    """
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise FixtureError(f"{path.name}: not a readable JSON fixture ({error}).") from None
    if not isinstance(records, list):
        raise FixtureError(f"{path.name}: a fixture is a JSON list of objects.")
    loaders = [
        _RecordLoader(path.name, number, len(records), record, year=year)
        for number, record in enumerate(records, start=1)
    ]
    for loader in loaders:
        loader.check_model()

    result = FixtureLoad()
    loaded_events = set()
    seen = set()
    with transaction.atomic():
        with _history_off():
            for loader in loaders:
                instance, outcome = loader.load(update_shared=update_shared)
                # A second object with the same natural key would silently overwrite the first.
                if (loader.label, instance.pk) in seen:
                    raise loader.error(None, "appears twice in the file.")
                seen.add((loader.label, instance.pk))
                setattr(result, outcome, getattr(result, outcome) + 1)
                if loader.outside_the_year:
                    result.outside_the_year.append(loader.outside_the_year)
                if isinstance(instance, Event):
                    loaded_events.add(instance.pk)
                elif isinstance(instance, EventDate):
                    loaded_events.add(instance.event_id)
            _refresh_event_spans(loaded_events)
        _write_baselines(seen, reason=f"Loaded from {path.name}")
    return result


def _write_baselines(loaded, *, reason):
    # Records the file loaded that have no history yet (new ones, or ones loaded before
    # baselines were written) get one entry as loaded, so that their first change in the admin
    # lists its fields; loading the file again finds them all with one and writes nothing.
    pks = defaultdict(set)
    for label, pk in loaded:
        pks[label].add(pk)
    for label, model_pks in sorted(pks.items()):
        history.record_as_created(apps.get_model(label), model_pks, reason=reason)


@contextmanager
def _history_off():
    # As in our loaddata: a fixture is a copy of records, not a change staff made. Raw saves write
    # no history anyway, but simple-history would record every many-to-many set.
    enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = enabled


def _refresh_event_spans(event_ids):
    # events.signals keeps the span in step as each date is saved, but a fixture that lists an
    # event after its dates would save the event last, with an empty span: recompute once here.
    for event_id in event_ids:
        span = EventDate.objects.filter(event_id=event_id).aggregate(
            starts_on=Min("start"), ends_on=Max("end")
        )
        Event.objects.filter(pk=event_id).update(**span)


class _RecordLoader:
    """Checks, validates and saves one fixture object; every error names where it happened."""

    def __init__(self, filename, number, total, record, *, year):
        self.filename = filename
        self.number = number
        self.total = total
        self.record = record
        self.year = year
        self.label = "object"
        self.identity = ""
        self.outside_the_year = ""

    def check_model(self):
        """The model is one of the report's, before anything of the file is written."""
        model = self._model()
        self.label = model._meta.label_lower
        self.identity = self._identity(model)
        if self.label not in REPORT_MODEL_LABELS:
            raise self.error(
                None,
                "not part of a report: a reporting year's fixture holds only "
                f"{', '.join(sorted(REPORT_MODEL_LABELS))}.",
            )

    def load(self, *, update_shared):
        """Save the object; (instance, "added", "changed" or "unchanged")."""
        model = self._model()
        if "pk" in self.record:
            raise self.error(None, 'use natural keys (slugs), not "pk".')
        self._check_fields(model)
        try:
            deserialized = next(serializers.deserialize("python", [self.record]))
        except Exception as error:  # Fields were checked one by one; this is the natural key.
            raise self.error(None, _describe(error)) from None
        instance = deserialized.object
        # The deserializer found an existing row by natural key: validate it as an update.
        instance._state.adding = instance.pk is None
        self._check_required_m2m(model, deserialized.m2m_data, instance)
        computed = [field.name for field in model._meta.concrete_fields if not field.editable]
        try:
            instance.full_clean(exclude=computed)
        except ValidationError as error:
            field, message = _first_error(error)
            raise self.error(field, message) from None
        outcome = self._check_scope(instance, deserialized.m2m_data, update_shared)
        if outcome == "unchanged":
            return instance, outcome
        try:
            with transaction.atomic():
                deserialized.save()
        except DatabaseError as error:
            raise self.error(None, str(error).strip()) from None
        return instance, outcome

    def _check_scope(self, instance, m2m_data, update_shared) -> str:
        """ "added", "changed" or "unchanged"; a FixtureError for what the year may not write."""
        existing = (
            type(instance)._base_manager.filter(pk=instance.pk).first() if instance.pk else None
        )
        if existing is not None:
            changed = _changed_fields(existing, instance, m2m_data)
            if not changed:
                return "unchanged"
            was, will_be = _year_of(existing), _year_of(instance)
            if was == will_be == self.year:
                return "changed"
            fields = ", ".join(changed)
            if was is None:
                reason = f"a shared record that exists with other values ({fields})"
            elif was != self.year:
                reason = (
                    f"a record of {was}, which a fixture of {self.year} may not change ({fields})"
                )
            else:
                reason = f"would move to {will_be}, which a fixture of {self.year} may not do"
            outside, outcome = f"changed {fields}", "changed"
        else:
            will_be = _year_of(instance)
            if will_be in (None, self.year):
                return "added"
            reason = f"a record of {will_be}, which a fixture of {self.year} may not add"
            outside, outcome = f"added to {will_be}", "added"
        if not update_shared:
            raise self.error(None, f"{reason}. Give --update-shared to write it anyway.")
        self.outside_the_year = f"{self.label} {self.identity!r}: {outside}"
        return outcome

    def error(self, field, message):
        where = f"{self.label} {self.identity!r}" if self.identity else self.label
        if field:
            where += f" field {field!r}"
        return FixtureError(
            f"{self.filename}: {where}: {message} (object {self.number} of {self.total})"
        )

    def _model(self):
        record = self.record
        if not isinstance(record, dict) or not isinstance(record.get("fields"), dict):
            raise self.error(None, 'each object needs "model" and "fields".')
        try:
            return apps.get_model(record.get("model", ""))
        except (LookupError, ValueError, TypeError):
            raise self.error(None, f"unknown model {record.get('model')!r}.") from None

    def _identity(self, model):
        """The natural key as the file writes it, e.g. 'slug' or 'event-slug/2020-06-17'."""
        opts = model._meta
        key = [f.name for f in opts.concrete_fields if f.unique and not f.primary_key]
        if not key:
            unique = [c for c in opts.constraints if isinstance(c, models.UniqueConstraint)]
            key = list(unique[0].fields) if unique else []
        fields = self.record["fields"]
        parts = []
        for name in key:
            value = fields.get(name)
            if isinstance(value, list):
                value = ",".join(str(part) for part in value)
            parts.append(str(value))
        return "/".join(parts)

    def _check_fields(self, model):
        """Convert each value as the deserializer will, so that a bad one names its field."""
        translated = i18n.translated_fields(model)
        for name, value in self.record["fields"].items():
            if name in translated:
                # The plain name would be stored in no language at all.
                raise self.error(
                    name, f"translated: give {name}_en (and {name}_es, {name}_fr, {name}_pt)."
                )
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise self.error(name, "no such field.") from None
            if field.auto_created or not (field.concrete or field.many_to_many):
                raise self.error(name, "not a field of this model.")
            if not field.editable:
                raise self.error(name, "computed by the application; leave it out.")
            related = field.related_model and field.related_model._meta.label_lower
            if related and related not in REPORT_MODEL_LABELS:
                # Program officers, say: who may edit what is not report data.
                raise self.error(
                    name, f"refers to {related}, which a report's fixture may not set."
                )
            try:
                if field.many_to_many:
                    deserialize_m2m_values(field, value, DEFAULT_DB_ALIAS, False)
                elif field.many_to_one:
                    deserialize_fk_value(field, value, DEFAULT_DB_ALIAS, False)
                else:
                    field.to_python(value)
            except M2MDeserializationError as error:
                raise self.error(name, _missing(field, error.pk, error.original_exc)) from None
            except ObjectDoesNotExist as error:
                raise self.error(name, _missing(field, value, error)) from None
            except ValidationError as error:
                raise self.error(name, " ".join(error.messages)) from None
            except Exception as error:
                raise self.error(name, _describe(error)) from None

    def _check_required_m2m(self, model, m2m_data, instance):
        for field in model._meta.many_to_many:
            # Relations through a model of their own (event partners…) are rows of that model.
            if field.blank or not field.remote_field.through._meta.auto_created:
                continue
            given = m2m_data.get(field.name)
            if given == [] or (given is None and instance.pk is None):
                raise self.error(field.name, "at least one is required.")


def _missing(field, value, error):
    if isinstance(error, ObjectDoesNotExist):
        return f"no {field.related_model._meta.label_lower} with natural key {value!r}."
    return _describe(error)


def _describe(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or type(error).__name__


def _first_error(error):
    """(field or None, message) of a full_clean() error; constraint errors have no field."""
    if not hasattr(error, "error_dict"):
        return None, " ".join(error.messages)
    messages = error.message_dict
    field = sorted(messages, key=lambda name: name == "__all__")[0]
    return (None if field == "__all__" else field), " ".join(messages[field])


def _year_of(instance) -> int | None:
    """The reporting year a record belongs to; None for a shared one (a partner, a program)."""
    path = YEAR_OF.get(instance._meta.label_lower)
    if path is None:
        return None
    value = instance
    for name in path.split("."):
        value = getattr(value, name)
    return value


def _changed_fields(existing, instance, m2m_data) -> list[str]:
    """The fields a save of `instance` would change in `existing`: every field it writes (a
    fixture that leaves one out writes its default), and the many-to-many it gives."""
    translated = i18n.translated_fields(type(instance))
    changed = [
        field.name
        for field in type(instance)._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in translated
        and _comparable(field, existing) != _comparable(field, instance)
    ]
    for name, pks in m2m_data.items():
        current = getattr(existing, name).values_list("pk", flat=True)
        if set(current) != set(pks):
            changed.append(name)
    return changed


def _comparable(field, instance) -> str:
    # An empty translation is stored as NULL or "" depending on the way in: the same text.
    value = field.value_from_object(instance)
    return "" if value is None or value == "" else field.value_to_string(instance)
