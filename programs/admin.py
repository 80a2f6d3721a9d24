from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cicte.admin.base import HistoryAdmin, LastChangedFilter
from cicte.admin.checks import ReportCheckFilter
from cicte.admin.inlines import LabelledTabularInline
from cicte.admin.io import ExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedStackedInline, in_every_language
from cicte.admin.scoping import ParentScopedInline, ProgramFilter, ProgramScopedAdmin
from programs.models import Activity, ActivityPartner, Program, ProgramPartner, ProgramYear


class ProgramYearInline(TranslatedStackedInline):
    model = ProgramYear
    extra = 0
    fields = ["year", "funded", "narrative"]


@admin.register(Program)
class ProgramAdmin(ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = ["name", "parent", "position", "officer_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter), "years__year", ReportCheckFilter]
    list_select_related = ["parent"]
    search_fields = in_every_language("name", "description")
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "position", "description", "officers"]
    filter_horizontal = ["officers"]
    inlines = [ProgramYearInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(officer_count=Count("officers"))

    @admin.display(description=_("program officers"), ordering="officer_count")
    def officer_count(self, program):
        return program.officer_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Sub-programs sit under a top-level program; there is no third level.
            kwargs["queryset"] = Program.objects.top_level()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "officers":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ProgramPartnerInline(ParentScopedInline, LabelledTabularInline):
    model = ProgramPartner
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["partner", "position"]
    verbose_name_plural = _("key partners (as the report names them for the program's year)")


@admin.register(ProgramYear)
class ProgramYearAdmin(ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = ["program", "year", "funded"]
    list_filter = ["year", "program", "funded", ReportCheckFilter]
    list_select_related = ["program", "year"]
    search_fields = in_every_language("program__name", "narrative")
    fields = ["program", "year", "narrative", "funded"]
    inlines = [ProgramPartnerInline]


class ActivityPartnerInline(ParentScopedInline, LabelledTabularInline):
    model = ActivityPartner
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["partner", "role"]


@admin.register(Activity)
class ActivityAdmin(ExportAdminMixin, ProgramScopedAdmin, TranslatedAdmin, HistoryAdmin):
    program_field = "program"
    list_display = [
        "title",
        "program",
        "year",
        "kind",
        "start_date",
        "participants",
        "last_changed",
    ]
    # "Save as new": a copy with its partners, for next year's run of the same activity.
    save_as = True
    list_filter = [ProgramFilter, "year", LastChangedFilter, "kind", ReportCheckFilter]
    list_select_related = ["program", "year"]
    search_fields = in_every_language("title", "description", "figures_note")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["program", "year", "kind", "title", "slug", "description"]}),
        (_("When and where"), {"fields": [("start_date", "end_date"), "countries"]}),
        (
            _("Figures"),
            {"fields": ["participants", "countries_reached", "people_reached", "figures_note"]},
        ),
    ]
    inlines = [ActivityPartnerInline]
