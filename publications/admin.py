from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cicte.admin.base import HistoryAdmin
from cicte.admin.checks import ReportCheckFilter
from cicte.admin.inlines import LabelledInlineFormSet, LabelledTabularInline
from cicte.admin.io import ExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedTabularInline, in_every_language
from cicte.admin.publishing import PublishActionsMixin
from cicte.admin.scoping import ParentScopedInline, ProgramScopedAdmin
from cicte.admin.widgets import StaffFormFieldsMixin
from publications.models import CoPublisher, Edition, Publication


class CoPublisherInline(ParentScopedInline, TranslatedTabularInline):
    model = CoPublisher
    formset = LabelledInlineFormSet
    extra = 0
    autocomplete_fields = ["partner"]
    fields = ["partner", "position", "name_as_printed"]


class EditionInline(StaffFormFieldsMixin, ParentScopedInline, LabelledTabularInline):
    model = Edition
    extra = 1
    fields = ["language", "url"]


@admin.register(Publication)
class PublicationAdmin(
    ExportAdminMixin, ProgramScopedAdmin, PublishActionsMixin, TranslatedAdmin, HistoryAdmin
):
    list_display = ["title", "published_on", "kind", "program_names", "languages", "status"]
    list_filter = [
        "programs",
        "year",
        "kind",
        "status",
        "editions__language",
        ReportCheckFilter,
    ]
    list_select_related = ["year"]
    search_fields = in_every_language("title", "description")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "year",
        "title",
        "slug",
        "kind",
        "published_on",
        "position",
        "status",
        "programs",
        "description",
    ]
    inlines = [EditionInline, CoPublisherInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("programs", "editions")

    @admin.display(description=_("programs"))
    def program_names(self, publication):
        return ", ".join(program.name for program in publication.programs.all())

    @admin.display(description=_("languages"))
    def languages(self, publication):
        return ", ".join(edition.get_language_display() for edition in publication.editions.all())
