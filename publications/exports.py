"""/publications.csv and /publications.json: the /publications/ list, with the same filters."""

from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from cicte.exports import Column, bad_filter_response, csv_response, json_response, rows_of
from publications.filters import PublicationFilterSet
from publications.models import Publication


def filtered(request):
    """(filterset, publications): the list page's queryset, with the year and the programs that
    the page does not show (PublicationQuerySet.for_detail)."""
    filterset = PublicationFilterSet(
        request.GET, queryset=Publication.objects.published().newest_first().for_detail()
    )
    return filterset, filterset.qs


def columns(request) -> list[Column]:
    def url(publication):
        return request.build_absolute_uri(publication.get_absolute_url())

    return [
        Column("slug", gettext_lazy("Identifier"), lambda p: p.slug),
        Column("title", gettext_lazy("Title"), lambda p: p.title),
        Column("kind", gettext_lazy("Kind"), lambda p: p.get_kind_display()),
        Column("published", gettext_lazy("Published"), lambda p: f"{p.published_on:%Y-%m}"),
        Column(
            "programs",
            gettext_lazy("Programs"),
            lambda p: [program.name for program in p.programs.all()],
        ),
        Column(
            "co_publishers",
            gettext_lazy("Co-publishers"),
            lambda p: [link.partner.annex_name for link in p.co_publisher_links.all()],
        ),
        Column(
            "languages",
            gettext_lazy("Languages"),
            lambda p: [edition.get_language_display() for edition in p.editions.all()],
        ),
        Column(
            "links",
            gettext_lazy("Links"),
            lambda p: [edition.url for edition in p.editions.all() if edition.url],
        ),
        Column("year", gettext_lazy("Reporting year"), lambda p: p.year.year),
        Column("url", gettext_lazy("Link"), url),
    ]


@require_safe
def publication_csv(request):
    filterset, publications = filtered(request)
    if filterset.errors:
        return bad_filter_response(filterset)
    return csv_response(rows_of(publications), columns(request), filename="cicte-publications.csv")


@require_safe
def publication_json(request):
    filterset, publications = filtered(request)
    if filterset.errors:
        return bad_filter_response(filterset)
    return json_response(
        rows_of(publications), columns(request), filename="cicte-publications.json"
    )
