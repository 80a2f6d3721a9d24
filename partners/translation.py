"""What a visitor reads of a partner, in each OAS language (see programs/translation.py).

Many organisations are known by a Spanish name and acronym (GAFILAT, SG/SIECA): the Spanish
fields hold them, and the English ones the name the English report gives. A year's standing
holds the name as Annex 4 prints it, where that differs, in each language too.
"""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from partners.models import Partner, PartnerYear


class PartnerTranslation(TranslationOptions):
    fields = ("name", "acronym", "acronym_note", "description")


class PartnerYearTranslation(TranslationOptions):
    fields = ("name_as_printed",)


i18n.register(Partner, PartnerTranslation)
i18n.register(PartnerYear, PartnerYearTranslation)
