from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from cicte.admin.base import HistoryAdmin
from cicte.admin.checks import ReportCheckFilter
from cicte.admin.inlines import LabelledInlineFormSet, LabelledTabularInline
from cicte.admin.io import ImportExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedTabularInline, in_every_language
from cicte.admin.publishing import PublishActionsMixin
from cicte.admin.scoping import ParentScopedInline, ProgramScopedAdmin
from events.models import Event, EventDate, EventPartner
from events.resources import EventResource


class EventDateForm(forms.ModelForm):
    class Meta:
        model = EventDate
        fields = ["start", "end", "precision"]

    def clean(self):
        cleaned_data = super().clean()
        # Normalise before the formset compares rows, so that two ranges that both start on the
        # 1st of a month are caught as duplicates here rather than refused by the database.
        if cleaned_data.get("start"):
            date = EventDate(
                start=cleaned_data["start"],
                end=cleaned_data.get("end"),
                precision=cleaned_data.get("precision"),
            )
            date.normalise()
            cleaned_data["start"], cleaned_data["end"] = date.start, date.end
        return cleaned_data


class EventDateInline(ParentScopedInline, LabelledTabularInline):
    model = EventDate
    form = EventDateForm
    extra = 1


class EventPartnerInline(ParentScopedInline, TranslatedTabularInline):
    model = EventPartner
    formset = LabelledInlineFormSet
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["partner", "role", "position", "name_as_printed"]


@admin.register(Event)
class EventAdmin(
    ImportExportAdminMixin, ProgramScopedAdmin, PublishActionsMixin, TranslatedAdmin, HistoryAdmin
):
    resource_classes = [EventResource]
    # "Save as new": a copy with its dates, partners and programs, for a recurring event.
    save_as = True
    list_display = [
        "title",
        "starts_on",
        "kind",
        "format",
        "program_names",
        "secretariat_role",
        "annex",
        "annex_1_marker",
        "status",
    ]
    list_filter = [
        "programs",
        "year",
        "kind",
        "format",
        "status",
        "annex",
        "participation_level",
        "secretariat_role",
        ("country", CountryFilter),
        ReportCheckFilter,
    ]
    list_select_related = ["year"]
    search_fields = [*in_every_language("title", "description", "initiative"), "city"]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["activity"]
    readonly_fields = ["starts_on", "ends_on"]
    fieldsets = [
        (None, {"fields": ["year", "title", "slug", "kind", "format", "status"]}),
        (_("Where"), {"fields": ["city", "country", "countries_served"]}),
        (
            _("Who"),
            {
                "fields": [
                    "programs",
                    "activity",
                    "initiative",
                    "secretariat_role",
                    "participation_level",
                ]
            },
        ),
        (_("In the report"), {"fields": ["annex", "position"]}),
        (_("Attendance"), {"fields": ["attendance", "attendance_note"]}),
        (None, {"fields": ["description"]}),
        (
            _("Span of the date ranges"),
            {
                "fields": [("starts_on", "ends_on")],
                "description": _("Worked out from the date ranges below."),
            },
        ),
    ]
    inlines = [EventDateInline, EventPartnerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("programs")

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("dates")

    @admin.display(description=_("programs"))
    def program_names(self, event):
        return ", ".join(program.name for program in event.programs.all())

    @admin.display(description=_("Annex 1"), ordering="participation_level")
    def annex_1_marker(self, event):
        """Annex 1's marker of who represented the secretariat; empty outside Annex 1."""
        return event.marker
