"""What a visitor reads of a publication, in each OAS language (see programs/translation.py)."""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from publications.models import CoPublisher, Publication


class PublicationTranslation(TranslationOptions):
    fields = ("title", "description")


class CoPublisherTranslation(TranslationOptions):
    fields = ("name_as_printed",)


i18n.register(Publication, PublicationTranslation, m2m_fields=["programs"])
i18n.register(CoPublisher, CoPublisherTranslation)
