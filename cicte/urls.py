from django.contrib import admin
from django.urls import include, path

from cicte import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The public site.
    path("", views.home, name="home"),
    path("programs/", include("programs.urls")),
    path("events/", include("events.urls")),
    path("partners/", include("partners.urls")),
    path("publications/", include("publications.urls")),
    path("reports/", include("cicte.report_urls")),
]
