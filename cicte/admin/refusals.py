"""A refusal by the database (a unique or check constraint that validation did not catch,
e.g. two people saving at once), in plain words for the form instead of a server error."""

from django.apps import apps
from django.db import IntegrityError, models
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext_lazy as _


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
