"""Deletion rows that keep their many-to-many links, so that a deleted record comes back whole.

django-simple-history writes a deletion row after the record's links (an event's programs) are
already gone, so the row would hold none. The links are read just before the delete and added to
that row; `HistoryAdmin.restore` sets them again when the record is recovered.
"""

from django.apps import apps
from django.db.models.signals import pre_delete
from simple_history.signals import pre_create_historical_m2m_records


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
