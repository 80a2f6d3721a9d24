"""Child rows read in their parent's query: a JSON array per row instead of a prefetch query.

For the pages that show many kinds of rows at once (the whole report: events with their date
ranges, publications with their editions), where one query less per kind keeps the page
within its query budget. The children come as an ARRAY(SELECT json_build_object …) column;
`parent.<relation>.all()` then reads them without a query.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject


def _annotation(relation: str) -> str:
    return f"_{relation}_rows"


def with_children(queryset, relation: str, fields: tuple[str, ...]):
    """`queryset` with the `fields` of its `relation` (a reverse foreign key: "dates") in
    each row, in the children's default order; call attach_children() on the results."""
    rel = queryset.model._meta.get_field(relation)
    # A plain QuerySet: a translated model's (modeltranslation) would select all its fields.
    children = (
        QuerySet(rel.related_model)
        .filter(**{rel.field.name: OuterRef("pk")})
        .order_by(*rel.related_model._meta.ordering)
        .values(row=JSONObject(**{name: name for name in fields}))
    )
    return queryset.annotate(**{_annotation(relation): ArraySubquery(children)})


def attach_children(objects, relation: str):
    """Turn each object's JSON rows of `relation` (from with_children()) into model
    instances, preloaded as a prefetch would."""
    objects = list(objects)
    if not objects:
        return objects
    rel = type(objects[0])._meta.get_field(relation)
    model = rel.related_model
    fields = {}
    for obj in objects:
        rows = getattr(obj, _annotation(relation))
        children = []
        for row in rows:
            values = {}
            for name, value in row.items():
                if name not in fields:
                    fields[name] = model._meta.get_field(name)
                values[fields[name].attname] = fields[name].to_python(value)
            child = model(**{rel.field.attname: obj.pk}, **values)
            rel.field.set_cached_value(child, obj)
            children.append(child)
        manager = getattr(obj, relation)
        preloaded = manager.get_queryset()
        preloaded._result_cache = children
        preloaded._prefetch_done = True
        obj._prefetched_objects_cache = {
            **getattr(obj, "_prefetched_objects_cache", {}),
            rel.cache_name: preloaded,
        }
    return objects
