from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CicteConfig(AppConfig):
    name = "cicte"
    verbose_name = _("Reporting")

    def ready(self):
        from modeltranslation.models import handle_translation_registrations

        from cicte import data_version, history, slugs

        # Each app's translation.py adds the translated fields and then registers the model's
        # history (so that History keeps every language). modeltranslation imports them in its
        # own ready(), which runs after this one: import them now, before history is wired.
        handle_translation_registrations()
        history.connect()
        data_version.connect()
        slugs.connect()
