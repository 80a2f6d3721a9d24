"""Every type of public page, on the 2020 data, for the accessibility and HTML checks.

Addresses come from reverse() inside a test, so that they follow the site's URL scheme (its
language prefix included). Machine-readable exports (CSV, JSON, iCalendar, feeds, PDF, Word)
are not pages and are left out.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200


def with_query(path: str, **query) -> str:
    return f"{path}?{urlencode(query)}"


def public_pages() -> list[PublicPage]:
    events = reverse("events:list")
    publications = reverse("publications:list")
    return [
        PublicPage("home", reverse("home")),
        PublicPage("events", events),
        PublicPage("events-page-2", with_query(events, page=2)),
        PublicPage("events-by-program", with_query(events, program="maritime-security")),
        PublicPage(
            "events-by-program-dates-kind",
            with_query(
                events,
                program="cybersecurity",
                start="2020-04-01",
                end="2020-09-30",
                kind="webinar",
            ),
        ),
        PublicPage("events-by-partner", with_query(events, partner="unoct", format="virtual")),
        PublicPage("events-bad-filter", with_query(events, start="2020-02-31"), status=400),
        PublicPage("event", reverse("events:detail", args=["uncct-interregional-roundtable-2020"])),
        PublicPage("programs", reverse("programs:list")),
        PublicPage("program-parent", reverse("programs:detail", args=["border-security"])),
        PublicPage("program-leaf", reverse("programs:detail", args=["maritime-security"])),
        PublicPage("program-map", reverse("programs:detail", args=["terrorist-financing"])),
        PublicPage("partners", reverse("partners:list")),
        PublicPage("partner", reverse("partners:detail", args=["unoct"])),
        PublicPage("publications", publications),
        PublicPage(
            "publications-by-program-language",
            with_query(publications, program="cybersecurity", language="es"),
        ),
        PublicPage(
            "publication", reverse("publications:detail", args=["cybersecurity-report-2020"])
        ),
        PublicPage("search", with_query(reverse("search"), q="maritime security")),
        PublicPage("search-nothing", with_query(reverse("search"), q="zzyzx")),
        PublicPage("search-too-long", with_query(reverse("search"), q="x" * 201), status=400),
        PublicPage("reports", reverse("reports:list")),
        PublicPage("report-2020", reverse("reports:detail", args=[2020])),
        *(
            PublicPage(f"annex-{number}", reverse("reports:annex", args=[2020, number]))
            for number in (1, 2, 3, 4)
        ),
        PublicPage("not-found", reverse("events:detail", args=["no-such-event"]), status=404),
        *spanish_pages(),
    ]


def spanish_pages() -> list[PublicPage]:
    """A few pages in another language of the site (its language switcher, translated text
    and English fallbacks marked with their language)."""
    with translation.override("es"):
        return [
            PublicPage("es-home", reverse("home")),
            PublicPage("es-events", with_query(reverse("events:list"), program="cybersecurity")),
            PublicPage(
                "es-event", reverse("events:detail", args=["uncct-interregional-roundtable-2020"])
            ),
            PublicPage("es-annex-1", reverse("reports:annex", args=[2020, 1])),
            PublicPage("es-report-2020", reverse("reports:detail", args=[2020])),
            PublicPage("es-program", reverse("programs:detail", args=["terrorist-financing"])),
            PublicPage("es-search", with_query(reverse("search"), q="unión europea")),
        ]
