from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cicte.admin_io import ExportAdminMixin
from cicte.admin_mixins import HistoryAdmin
from cicte.models import ReportingYear


@admin.register(ReportingYear)
class ReportingYearAdmin(ExportAdminMixin, HistoryAdmin):
    list_display = ["year", "title", "status", "chair", "vice_chair", "approved_on"]
    list_display_links = ["year", "title"]
    list_filter = ["status"]
    search_fields = ["title", "introduction", "general_assembly_session"]
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
