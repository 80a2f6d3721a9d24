from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cicte import feeds, sitemaps, views
from events import exports as event_exports
from partners import exports as partner_exports
from publications import exports as publication_exports

# Routes without a language prefix: machines and staff. The admin speaks the language of the
# browser (or of the language cookie).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Open data at the root: feeds, exports and the files crawlers look for (README "Open data").
urlpatterns += [
    path("events.ics", event_exports.event_calendar, name="events-ics"),
    path("events/<slug:slug>.ics", event_exports.event_ics, name="event-ics"),
    path("events.csv", event_exports.event_csv, name="events-csv"),
    path("events.json", event_exports.event_json, name="events-json"),
    path("events.atom", feeds.LatestEventsFeed(), name="events-atom"),
    path("publications.csv", publication_exports.publication_csv, name="publications-csv"),
    path("publications.json", publication_exports.publication_json, name="publications-json"),
    path("publications.atom", feeds.LatestPublicationsFeed(), name="publications-atom"),
    path("partners.csv", partner_exports.partner_csv, name="partners-csv"),
    path("partners.json", partner_exports.partner_json, name="partners-json"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
]

# The public site, under a language prefix: /en/events/, /es/events/ (README "Languages").
# The same paths without a prefix redirect to the visitor's language, query string kept
# (LocaleMiddleware); a path that exists in no language stays a 404.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    path("search/", views.search, name="search"),
    path("programs/", include("programs.urls")),
    path("events/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path("publications/", include("publications.urls")),
    path("reports/", include("cicte.report_urls")),
    prefix_default_language=True,
)
