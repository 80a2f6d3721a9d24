from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CicteConfig(AppConfig):
    name = "cicte"
    verbose_name = _("Reporting")

    def ready(self):
        from cicte import data_version, history

        history.connect()
        data_version.connect()
