"""/partners.csv and /partners.json: the /partners/ list (it has no filters), in its order."""

from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cicte.exports import Column, csv_response, json_response, rows_of
from reports.public_partners import partners_for_listing


def columns(request) -> list[Column]:
    def url(partner):
        return request.build_absolute_uri(partner.get_absolute_url())

    return [
        Column("slug", gettext_lazy("Identifier"), lambda p: p.slug),
        Column("name", gettext_lazy("Name"), lambda p: p.name),
        Column("acronym", gettext_lazy("Acronym"), lambda p: p.acronym),
        Column("name_in_annex", gettext_lazy("Name as in Annex 4"), lambda p: p.annex_name),
        Column("category", gettext_lazy("Category"), lambda p: p.get_category_display()),
        Column("country", gettext_lazy("Country"), lambda p: str(p.country.name)),
        Column("website", gettext_lazy("Website"), lambda p: p.website),
        Column(
            "annex_4_years",
            gettext_lazy("Listed in Annex 4 in"),
            lambda p: [py.year.year for py in p.public_years if py.listed_in_annex],
        ),
        Column(
            "contributor_years",
            gettext_lazy("Financial contributor in"),
            lambda p: [py.year.year for py in p.public_years if py.financial_contributor],
        ),
        Column("url", gettext_lazy("Link"), url),
    ]


@require_safe
def partner_csv(request):
    return csv_response(
        rows_of(partners_for_listing()), columns(request), filename="cicte-partners.csv"
    )


@require_safe
def partner_json(request):
    return json_response(
        rows_of(partners_for_listing()), columns(request), filename="cicte-partners.json"
    )
