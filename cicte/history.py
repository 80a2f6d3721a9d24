"""What django-simple-history does not do by itself.

Deletion rows that keep their many-to-many links, so that a deleted record comes back whole:
simple-history writes a deletion row after the record's links (an event's programs) are already
gone, so the row would hold none. The links are read just before the delete and added to that
row; `HistoryAdmin.restore` sets them again when the record is recovered.

"Created" entries written once a record is complete: for records that reached the database
without history (a loaded fixture), so that their first change in the admin is compared with
something and lists its fields; and for a record added in the admin, once its links are set, so
that adding it writes one entry and not "Created" plus "Changed: programs [] → […]".
"""

from django.apps import apps
from django.db.models.signals import pre_delete
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_m2m_records


def history_of(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def m2m_fields_with_history(model):
    history = getattr(model, getattr(model._meta, "simple_history_manager_attribute", ""), None)
    return getattr(getattr(history, "model", None), "_history_m2m_fields", [])


def remember_links(sender, instance, **kwargs):
    links = {}
    for field in m2m_fields_with_history(sender):
        through = field.remote_field.through
        fk_names = [f.name for f in through._meta.fields if f.is_relation]
        links[field.name] = list(
            through.objects.filter(**{field.m2m_field_name(): instance}).select_related(*fk_names)
        )
    instance._links_before_delete = links


def add_remembered_links(sender, rows, history_instance, instance, field, **kwargs):
    if history_instance.history_type != "-":
        return
    for link in getattr(instance, "_links_before_delete", {}).get(field.name, []):
        values = {f.name: getattr(link, f.name) for f in link._meta.fields}
        rows.append(sender(history=history_instance, **values))


def connect():
    for model in apps.get_models():
        if m2m_fields_with_history(model):
            pre_delete.connect(remember_links, sender=model, dispatch_uid=f"links:{model._meta}")
    pre_create_historical_m2m_records.connect(add_remembered_links, dispatch_uid="links")


def record_as_created(model, pks, *, reason: str = "", user=None) -> None:
    """A "Created" entry, as the records read now and with their many-to-many links, for each
    of `model`'s records in `pks` that has no history yet; records that have one keep it."""
    history = history_of(model)
    pk_name = model._meta.pk.attname
    records = list(
        model._base_manager.filter(pk__in=pks)
        .exclude(pk__in=history.values(pk_name))
        .order_by("pk")
    )
    rows = history.bulk_history_create(records, default_user=user, default_change_reason=reason)
    row_of = {getattr(row, pk_name): row for row in rows}
    for field in m2m_fields_with_history(model):
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        link_history = HistoricalRecords.m2m_models[field]
        link_history.objects.bulk_create(
            link_history(
                history=row_of[getattr(link, source)],
                **{f.attname: getattr(link, f.attname) for f in through._meta.fields},
            )
            for link in through.objects.filter(**{f"{source}__in": row_of})
        )
