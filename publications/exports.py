"""/publications.csv and /publications.json: the /publications/ list, with the same filters."""

from django.utils.translation import gettext_lazy

from cicte.exports import Column, FilteredExport
from publications.filters import PublicationFilterSet
from publications.models import Publication

COLUMNS = [
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
]


class PublicationExport(FilteredExport):
    """The list page's queryset, with the year and the programs that the page does not show
    (PublicationQuerySet.for_detail)."""

    filterset_class = PublicationFilterSet
    columns = COLUMNS
    filename = "cicte-publications"

    def get_queryset(self):
        return Publication.objects.published().newest_first().for_detail()


publication_csv = PublicationExport.as_view(format="csv")
publication_json = PublicationExport.as_view(format="json")
