from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cicte.admin.base import HistoryAdmin
from cicte.admin.checks import ReportCheckFilter
from cicte.admin.io import ExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedStackedInline, in_every_language
from cicte.admin.sites import admin_page
from cicte.models import EditorialNote, ReportingYear, ReportText
from reports.admin_workflow import YearWorkflowAdminMixin, keep_stored_status
from reports.services import reporting_year_start


class ReportTextInline(TranslatedStackedInline):
    model = ReportText
    extra = 0
    fields = [("part", "position"), "heading", "text"]


class EditorialNoteInline(TranslatedStackedInline):
    model = EditorialNote
    extra = 0
    fields = [("part", "position"), "text"]


class StartYearForm(forms.Form):
    # The model field's bounds: a year the database cannot hold is refused before anything else.
    year = forms.IntegerField(
        label=_("New year"), validators=ReportingYear._meta.get_field("year").validators
    )
    # Sent by the confirmation page of a year that skips others.
    confirm_gap = forms.BooleanField(required=False, widget=forms.HiddenInput)


@admin.register(ReportingYear)
class ReportingYearAdmin(YearWorkflowAdminMixin, ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = ["year", "title", "status", "chair", "vice_chair", "approved_on"]
    list_display_links = ["year", "title"]
    list_filter = ["status", ReportCheckFilter]
    search_fields = in_every_language("title", "introduction", "general_assembly_session")
    date_hierarchy = "approved_on"
    fieldsets = [
        (None, {"fields": ["year", "title", "status", "publication_override"]}),
        (
            _("Approval"),
            {"fields": ["general_assembly_session", "approved_on", "approved_at"]},
        ),
        (
            _("Officers of the Committee"),
            {
                "fields": [
                    ("chair", "vice_chair"),
                    ("elected_chair", "elected_vice_chair"),
                    "elected_period",
                ]
            },
        ),
        (_("Section I"), {"fields": ["introduction"]}),
    ]
    readonly_fields = ["status", "publication_override"]
    inlines = [ReportTextInline, EditorialNoteInline]
    change_list_template = "admin/cicte/reportingyear/change_list.html"
    change_form_template = "admin/cicte/reportingyear/change_form.html"

    def save_model(self, request, obj, form, change):
        if change:
            keep_stored_status(obj)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            admin_page(self, "start/", self.start_view, "cicte_reportingyear_start"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"has_start_permission": self.has_add_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def start_view(self, request):
        """Start a new year as `manage.py startyear` does; a year that skips others only once
        the editor confirms it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        last = ReportingYear.objects.order_by("-year").first()
        gap = []
        if request.method == "POST":
            form = StartYearForm(request.POST)
            if form.is_valid():
                year = form.cleaned_data["year"]
                try:
                    new_year = reporting_year_start(
                        year=year, allow_gap=form.cleaned_data["confirm_gap"]
                    )
                except ValidationError as error:
                    # A constraint's refusal has no field: only the year's errors may be a gap.
                    if "gap" in {item.code for item in error.error_dict.get("year", [])}:
                        gap = range(last.year + 1, year)
                    else:
                        form.add_error(None, error)
                else:
                    return self.started(request, new_year)
        else:
            form = StartYearForm(initial={"year": last.year + 1 if last else None})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Start a new reporting year"),
            "opts": self.opts,
            "form": form,
            "last": last,
            "gap": gap,
        }
        return TemplateResponse(request, "admin/cicte/reportingyear/start.html", context)

    def started(self, request, new_year):
        self.log_addition(request, new_year, [{"added": {}}])
        self.message_user(
            request,
            _("Started %(year)d as a draft with %(programs)d programs.")
            % {"year": new_year.year, "programs": new_year.program_years.count()},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:cicte_reportingyear_change", args=[new_year.pk]))
