from importlib import import_module

from django.contrib.admin.apps import AdminConfig


class CicteAdminConfig(AdminConfig):
    """The admin, with the back office's own site, whose home page is the year at a glance
    (cicte.admin.site)."""

    default_site = "cicte.admin.site.CicteAdminSite"

    def ready(self):
        super().ready()  # Autodiscovery: each app's admin module.
        # The cicte app's admin module is this package, imported with the settings (before the
        # models, so it cannot register them): its model admins are registered here.
        import_module("cicte.admin.years")
