"""The root URLs: each app's pages included by dotted string, so that this bottom layer
imports none of the apps (README "Layers")."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from cicte import site_views

# Routes without a language prefix: machines and staff. The admin speaks the language of the
# browser (or of the language cookie).
urlpatterns = [
    path("healthz", site_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Open data at the root: feeds, exports, sitemap.xml and robots.txt (README "Open data").
    path("", include("reports.open_data_urls")),
]

# The public site, under a language prefix: /en/events/, /es/events/ (README "Languages").
# The same paths without a prefix redirect to the visitor's language, query string kept
# (LocaleMiddleware); a path that exists in no language stays a 404.
urlpatterns += i18n_patterns(
    path("manifest.webmanifest", site_views.web_manifest, name="web-manifest"),
    path("", include("reports.site_urls")),
    path("programs/", include("reports.program_urls")),
    path("events/", include("events.urls")),
    path("partners/", include("reports.partner_urls")),
    path("publications/", include("publications.urls")),
    path("reports/", include("reports.urls")),
    prefix_default_language=True,
)
