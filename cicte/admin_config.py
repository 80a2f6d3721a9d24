from django.contrib.admin.apps import AdminConfig


class CicteAdminConfig(AdminConfig):
    """The admin, with the back office's own site, whose home page is the year at a glance
    (cicte.admin_site)."""

    default_site = "cicte.admin_site.CicteAdminSite"
