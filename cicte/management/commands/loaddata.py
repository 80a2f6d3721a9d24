from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.db import transaction

from cicte.roles import REPORT_MODEL_LABELS


def rows_held(models) -> list[str]:
    """What the database holds of `models`, as "3 auth.user", most rows first."""
    counts = [(-model._base_manager.count(), model._meta.label_lower) for model in models]
    return [f"{-count} {label}" for count, label in sorted(counts) if count]


class Command(loaddata.Command):
    """Django's loaddata for a reporting year's fixture into a database with no report yet.

    The file is data, not code: only the report's models (cicte.roles.REPORT_MODEL_LABELS),
    and no relation to anything else (no program officers). Into a database that already
    holds report records, `loadreport YEAR` loads a year: it checks what the file may change.
    A backup is restored with `restore`, which shares the rest of this command.

    It writes no change history for what it loads: a fixture or a backup is a copy of records
    that already have their history (a backup carries it with it); simple-history would
    otherwise add an entry for every many-to-many it sets, so that loading the same file twice,
    or restoring a backup, would not leave the database as the file describes it.
    """

    help = (
        "Load a reporting year's fixture (only the report's models) into a database that holds "
        "no report records yet; `loadreport YEAR` loads a year next to others."
    )

    # The labels of the models the file may hold and relate to (None: any).
    loadable_labels = REPORT_MODEL_LABELS
    # The error when the database holds rows of must_be_empty_of(), `%(held)s` naming them.
    refusal = (
        "The database already holds report records (%(held)s): loaddata loads a reporting year "
        "only into a database without one. Use `loadreport YEAR`, which checks what the file "
        "may change. Nothing was loaded."
    )

    def must_be_empty_of(self):
        """The models of which the database must hold no row before loading."""
        return [apps.get_model(label) for label in sorted(REPORT_MODEL_LABELS)]

    def may_load(self, model) -> bool:
        return self.loadable_labels is None or model._meta.label_lower in self.loadable_labels

    def handle(self, *fixture_labels, **options):
        with transaction.atomic(using=options["database"]):
            held = rows_held(self.must_be_empty_of())
            if held:
                raise CommandError(self.refusal % {"held": ", ".join(held)})
            enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
            settings.SIMPLE_HISTORY_ENABLED = False
            try:
                return super().handle(*fixture_labels, **options)
            finally:
                settings.SIMPLE_HISTORY_ENABLED = enabled

    def save_obj(self, obj):
        # Checked as each object is read, before it is saved; the whole load is one transaction.
        model = type(obj.object)
        where = f"{model._meta.label_lower} {str(obj.object)!r}"
        if not self.may_load(model):
            raise CommandError(
                f"{where}: not part of a report: a reporting year's fixture holds only "
                f"{', '.join(sorted(REPORT_MODEL_LABELS))}. Nothing was loaded."
            )
        for name in obj.m2m_data:
            related = model._meta.get_field(name).related_model
            if not self.may_load(related):
                raise CommandError(
                    f"{where} field {name!r}: refers to {related._meta.label_lower}, which a "
                    "report's fixture may not set. Nothing was loaded."
                )
        return super().save_obj(obj)
