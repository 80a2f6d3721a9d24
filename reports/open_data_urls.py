"""Open data at the root, without a language prefix: feeds, exports and the files crawlers look
for (README "Open data")."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from events import exports as event_exports
from partners import exports as partner_exports
from publications import exports as publication_exports
from reports import feeds, sitemaps

urlpatterns = [
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
