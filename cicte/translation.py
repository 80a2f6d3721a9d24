"""The reporting year's own texts, in each OAS language (see programs/translation.py): its
title and approval as the cover prints them, its introduction, its sections' passages and the
editorial notes, so that the Spanish report reads in Spanish from its cover on."""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from cicte.models import EditorialNote, ReportingYear, ReportText


class ReportingYearTranslation(TranslationOptions):
    fields = ("title", "general_assembly_session", "approved_at", "introduction")


class ReportTextTranslation(TranslationOptions):
    fields = ("heading", "text")


class EditorialNoteTranslation(TranslationOptions):
    fields = ("text",)


i18n.register(ReportingYear, ReportingYearTranslation)
i18n.register(ReportText, ReportTextTranslation)
i18n.register(EditorialNote, EditorialNoteTranslation)
