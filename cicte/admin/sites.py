"""The back office's site, with what does not depend on any app: its titles and the reporting
year a page is about. Its home page and change log gather the apps and live in the report's
layer (reports.admin_site.CicteAdminSite, the admin's `default_site`)."""

import re

from django.contrib import admin
from django.http import Http404
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
