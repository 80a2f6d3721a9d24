from django.contrib.admin.apps import AdminConfig


class CicteAdminConfig(AdminConfig):
    """The admin, with the back office's own site: cicte.admin.sites.BackOfficeSite, whose
    home page, the year at a glance, gathers every app and so lives in the report's layer
    (reports.admin_site, named here by a dotted string: cicte imports no app above it)."""

    default_site = "reports.admin_site.CicteAdminSite"
