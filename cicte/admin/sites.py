"""The back office's site, with what does not depend on any app: its titles and the reporting
year a page is about. Its home page and change log gather the apps and live in the report's
layer (reports.admin_site.CicteAdminSite, the admin's `default_site`)."""

import re

from django.contrib import admin
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cicte.models import ReportingYear


class BackOfficeSite(admin.AdminSite):
    site_header = _("CICTE back office")
    site_title = _("CICTE back office")

    def chosen_year(self, request) -> ReportingYear | None:
        """The year asked for (`?year=2020`), else the open one."""
        asked = request.GET.get("year")
        if asked is None:
            return ReportingYear.objects.open()
        year = None
        if re.fullmatch(r"[0-9]{4}", asked):
            year = ReportingYear.objects.filter(year=int(asked)).first()
        if year is None:
            raise Http404(_("There is no reporting year %(year)s.") % {"year": asked})
        return year


def admin_page(model_admin, route: str, view, name: str):
    """The URL of a page a model admin adds to its own (for its get_urls), behind the site's
    login and permission checks as the admin's own pages are."""
    return path(route, model_admin.admin_site.admin_view(view), name=name)
