"""The base of every model admin."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    BadRequest,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cicte.admin.closed import ClosedYearAdmin, closed_year_message
from cicte.admin.locking import OptimisticLockMixin
from cicte.admin.recover import RecoverMixin
from cicte.admin.refusals import refusal_message
from cicte.admin.widgets import StaffFormFieldsMixin
from cicte.history import history_of, record_as_created


class HistoryAdmin(
    ClosedYearAdmin,
    RecoverMixin,
    OptimisticLockMixin,
    StaffFormFieldsMixin,
    SimpleHistoryAdmin,
):
    """The base of every model admin: "History" shows who changed what and when
    (django-simple-history), including the child rows edited inline, and reverting to a
    version is a change; database refusals show on the form; "Recover deleted" and optimistic
    locking come from their mixins; a closed year's records are read-only (ClosedYearAdmin)."""

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
        if change and obj is not None and not self.has_change_permission(request, obj):
            context["read_only_reason"] = self.read_only_reason(request, obj)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # "Save as new" copies the form's fields: a read-only page has none to copy.
        response.context_data["save_as"] = self.save_as and self.has_change_permission(request, obj)
        return response

    def read_only_reason(self, request, obj) -> str:
        """Why `obj` opens read-only for this user, in one sentence for the page's banner."""
        year = self.closed_year(obj)
        if year is not None:
            return closed_year_message(year)
        return _("Read-only: your role may view %(names)s but not change them.") % {
            "names": self.opts.verbose_name_plural
        }

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

    # -- "Last changed": a column and a filter of every list ---------------------------------

    def get_queryset(self, request):
        # The latest history row of each record, in the list's own query.
        history = history_of(self.model)
        latest = history.filter(**{self.opts.pk.attname: OuterRef("pk")}).order_by("-history_date")
        return (
            super()
            .get_queryset(request)
            .annotate(last_changed_at=Subquery(latest.values("history_date")[:1]))
        )

    @admin.display(description=_("last changed"), ordering="last_changed_at")
    def last_changed(self, obj):
        # The day is what staff look for; the record's history gives the time.
        return timezone.localdate(obj.last_changed_at) if obj.last_changed_at else None

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

    # -- Requests the database cannot answer ------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # PostgreSQL cannot hold or compare text with a NUL character: a filter or search with
        # one is a bad request, not a server error.
        if any("\x00" in text for key, values in request.GET.lists() for text in [key, *values]):
            raise BadRequest("A NUL character in the query string.")
        return super().changelist_view(request, extra_context)

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


class LastChangedFilter(admin.SimpleListFilter):
    """Records changed (created, edited, deleted and recovered) in a recent span of days."""

    title = _("last changed")
    parameter_name = "changed"

    def lookups(self, request, model_admin):
        return [("0", _("Today")), ("7", _("Past 7 days")), ("30", _("Past 30 days"))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in {"0", "7", "30"}:
            raise IncorrectLookupParameters(f"No span {self.value()!r}.")
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        since = today - timedelta(days=int(self.value()))
        pk_name = queryset.model._meta.pk.attname
        changed = history_of(queryset.model).filter(history_date__gte=since)
        return queryset.filter(pk__in=changed.values(pk_name))
