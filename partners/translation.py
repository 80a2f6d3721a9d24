"""What a visitor reads of a partner, in each OAS language (see programs/translation.py).

Many organisations are known by a Spanish name and acronym (GAFILAT, SG/SIECA): the Spanish
fields hold them, and the English ones the name the English report gives.
"""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from partners.models import Partner


class PartnerTranslation(TranslationOptions):
    fields = ("name", "acronym", "acronym_note", "description")


i18n.register(Partner, PartnerTranslation)
