"""What a visitor reads of an event, in each OAS language (see programs/translation.py)."""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from events.models import Event, EventPartner


class EventTranslation(TranslationOptions):
    fields = ("title", "description", "attendance_note", "initiative")


class EventPartnerTranslation(TranslationOptions):
    fields = ("name_as_printed",)


i18n.register(Event, EventTranslation, m2m_fields=["programs"])
i18n.register(EventPartner, EventPartnerTranslation)
