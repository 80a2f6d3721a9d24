"""sitemap.xml (every public page) and robots.txt (which points to it)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from cicte.models import ReportingYear
from events.models import Event
from partners.queries import public_partners
from programs.queries import public_programs
from publications.models import Publication
from reports.annexes import ANNEX_TITLES


class PagesSitemap(Sitemap):
    """The home page and the lists."""

    def items(self):
        return [
            "home",
            "programs:list",
            "events:list",
            "partners:list",
            "publications:list",
            "reports:list",
        ]

    def location(self, item):
        return reverse(item)


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.published().order_by("pk").only("slug")


class PublicationSitemap(Sitemap):
    def items(self):
        return Publication.objects.published().order_by("pk").only("slug")


class PartnerSitemap(Sitemap):
    def items(self):
        return public_partners().order_by("pk").only("slug")


class ProgramSitemap(Sitemap):
    def items(self):
        return public_programs().order_by("position", "name").only("slug")


class ReportSitemap(Sitemap):
    def items(self):
        return ReportingYear.objects.public().order_by("year").only("year")


class AnnexSitemap(Sitemap):
    def items(self):
        years = ReportingYear.objects.public().order_by("year").values_list("year", flat=True)
        return [(year, number) for year in years for number in ANNEX_TITLES]

    def location(self, item):
        return reverse("reports:annex", args=item)


SITEMAPS = {
    "pages": PagesSitemap,
    "programs": ProgramSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
    "publications": PublicationSitemap,
    "reports": ReportSitemap,
    "annexes": AnnexSitemap,
}


@require_safe
def robots_txt(request):
    # The site search's pages are endless and hold nothing the sitemap's pages do not.
    searches = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            searches.append(f"Disallow: {reverse('search')}")
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        *searches,
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
