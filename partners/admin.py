from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from cicte.admin.base import HistoryAdmin
from cicte.admin.checks import ReportCheckFilter
from cicte.admin.inlines import LabelledInlineFormSet
from cicte.admin.io import ExportAdminMixin
from cicte.admin.languages import TranslatedAdmin, TranslatedTabularInline, in_every_language
from partners.models import Partner, PartnerYear


class PartnerYearInline(TranslatedTabularInline):
    model = PartnerYear
    formset = LabelledInlineFormSet
    extra = 0
    fields = ["year", "financial_contributor", "listed_in_annex", "name_as_printed"]


@admin.register(Partner)
class PartnerAdmin(ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = ["name", "acronym", "category", "country", "annex_years"]
    list_filter = ["category", ("country", CountryFilter), "years__year", ReportCheckFilter]
    search_fields = in_every_language("name", "acronym", "description")
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        ("acronym", "acronym_note"),
        "slug",
        "category",
        "country",
        "website",
        "description",
    ]
    inlines = [PartnerYearInline]

    def get_queryset(self, request):
        years = PartnerYear.objects.filter(listed_in_annex=True).select_related("year")
        return super().get_queryset(request).prefetch_related(Prefetch("years", queryset=years))

    @admin.display(description=_("in Annex 4"))
    def annex_years(self, partner):
        """The years the partner is listed in, a star marking a financial contributor."""
        return ", ".join(
            f"{entry.year}{'*' if entry.financial_contributor else ''}"
            for entry in sorted(partner.years.all(), key=lambda entry: entry.year.year)
        )


@admin.register(PartnerYear)
class PartnerYearAdmin(ExportAdminMixin, TranslatedAdmin, HistoryAdmin):
    list_display = [
        "partner",
        "year",
        "financial_contributor",
        "listed_in_annex",
        "name_as_printed",
    ]
    list_filter = [
        "year",
        "financial_contributor",
        "listed_in_annex",
        "partner__category",
        ReportCheckFilter,
    ]
    list_select_related = ["partner", "year"]
    search_fields = in_every_language("partner__name", "partner__acronym", "name_as_printed")
    autocomplete_fields = ["partner"]
    fields = ["partner", "year", "financial_contributor", "listed_in_annex", "name_as_printed"]
