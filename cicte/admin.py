from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cicte.admin_io import ExportAdminMixin
from cicte.admin_languages import TranslatedAdmin, TranslatedStackedInline, in_every_language
from cicte.admin_mixins import HistoryAdmin, ReportCheckFilter
from cicte.models import EditorialNote, ReportingYear, ReportText


class ReportTextInline(TranslatedStackedInline):
    model = ReportText
    extra = 0
    fields = [("part", "position"), "heading", "text"]


class EditorialNoteInline(TranslatedStackedInline):
    model = EditorialNote
    extra = 0
    fields = [("part", "position"), "text"]


@admin.register(ReportingYear)
class ReportingYearAdmin(ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = ["year", "title", "status", "chair", "vice_chair", "approved_on"]
    list_display_links = ["year", "title"]
    list_filter = ["status", ReportCheckFilter]
    search_fields = in_every_language("title", "introduction", "general_assembly_session")
    date_hierarchy = "approved_on"
    fieldsets = [
        (None, {"fields": ["year", "title", "status"]}),
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
    inlines = [ReportTextInline, EditorialNoteInline]
