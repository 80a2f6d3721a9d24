"""Recover deleted records, with the child rows deleted with them."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cicte.admin.closed import refuse_closed_year
from cicte.admin.sites import admin_page
from cicte.history import history_of

# Child rows deleted this long before their parent count as deleted with it (a cascade takes
# milliseconds); the recovery page lists them before anything is restored.
DELETED_WITH_PARENT_WITHIN = timedelta(minutes=1)


class RecoverMixin:
    """ "Recover deleted": brings a deleted record back with the child rows that were deleted
    with it, for whoever may add and delete such records. Needs `child_relations()` (HistoryAdmin).
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            admin_page(self, "recover/", self.recover_list_view, "{}_{}_recoverlist".format(*info)),
            admin_page(
                self, "recover/<int:history_id>/", self.recover_view, "{}_{}_recover".format(*info)
            ),
            *super().get_urls(),
        ]

    def has_recover_permission(self, request):
        """Whoever may delete records may bring them back."""
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

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
            refuse_closed_year(obj)
            obj.full_clean()
            obj._history_user = request.user
            obj.save()
            # The deletion row keeps the links the record had (see cicte.history); simple-history
            # gives every historical model the list of its many-to-many fields.
            for field in record._history_m2m_fields:
                target = f"{field.m2m_reverse_field_name()}_id"
                links = getattr(record, field.name).values_list(target, flat=True)
                getattr(obj, field.name).set(list(links))
            for _model, rows in children:
                for row in rows:
                    child = row.instance
                    refuse_closed_year(child)
                    child.full_clean()
                    child._history_user = request.user
                    child.save()
        return obj


def with_parent(child, foreign_key, parent):
    setattr(child, foreign_key.name, parent)
    return child
