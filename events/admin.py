from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from cicte.admin.base import HistoryAdmin, LastChangedFilter
from cicte.admin.checks import REPORT_CHECKS, ReportCheckFilter
from cicte.admin.inlines import LabelledInlineFormSet, LabelledTabularInline
from cicte.admin.io import ImportExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedTabularInline, in_every_language
from cicte.admin.publishing import PublishActionsMixin
from cicte.admin.scoping import ParentScopedInline, ProgramFilter, ProgramScopedAdmin
from cicte.models import ReportingYear
from events.models import Event, EventDate, EventPartner
from events.resources import EventResource
from partners.enums import PartnerRole

# An event's partners by role in the order Annex 2 credits them ("organized by … in
# collaboration with …, with the support of … and in partnership with …"), then the rest.
EVENT_ROLES = [
    PartnerRole.ORGANISER,
    PartnerRole.CO_ORGANISER,
    PartnerRole.COLLABORATOR,
    PartnerRole.SUPPORTER,
    PartnerRole.SPONSOR,
    PartnerRole.IN_PARTNERSHIP,
    PartnerRole.PARTICIPANT,
    PartnerRole.FUNDER,
    PartnerRole.IMPLEMENTER,
]


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

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------"), *((r.value, r.label) for r in EVENT_ROLES)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(
    ImportExportAdminMixin, ProgramScopedAdmin, PublishActionsMixin, TranslatedAdmin, HistoryAdmin
):
    resource_classes = [EventResource]
    # "Save as new": a copy with its dates, partners and programs, for a recurring event.
    save_as = True
    # Five columns, so that a title keeps its width at 1280 px beside the filters (kind, format,
    # annex and the rest are filters).
    list_display = ["title", "starts_on", "program_names", "status", "last_changed"]
    list_filter = [
        ProgramFilter,
        "year",
        LastChangedFilter,
        "status",
        "kind",
        "format",
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
    ]
    inlines = [EventDateInline, EventPartnerInline]
    # The date ranges come first, above the reporting year they decide.
    change_form_template = "admin/events/event/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("programs")

    def get_export_queryset(self, request):
        return (
            super().get_export_queryset(request).prefetch_related("dates", "partner_roles__partner")
        )

    def get_changeform_initial_data(self, request):
        # A new event belongs to the year staff are working on, unless the address says otherwise.
        initial = super().get_changeform_initial_data(request)
        if "year" not in initial and (year := ReportingYear.objects.open()) is not None:
            initial["year"] = year.pk
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The report's check of the year against the dates (set from the ranges just saved).
        outside = REPORT_CHECKS["events.Event"]["event-outside-year"].condition()
        event = form.instance
        if Event.objects.filter(outside, pk=event.pk).exists():
            self.message_user(
                request,
                _(
                    "The dates of “%(event)s” fall outside its reporting year %(year)s: check "
                    "the year or the dates. The year's report lists it as a blocking item."
                )
                % {"event": event, "year": event.year.year},
                messages.WARNING,
            )

    @admin.display(description=_("programs"))
    def program_names(self, event):
        return ", ".join(program.name for program in event.programs.all())
