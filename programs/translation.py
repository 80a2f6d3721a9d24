"""What a visitor reads of programs and activities, in each OAS language (README "Languages").

Registering a field adds name_en, name_es, name_fr and name_pt to the model; `name` then reads
the active language, falling back to English. cicte.i18n.register also registers each model's
history here, after its translated fields exist, so that History and "Recover deleted" keep
every language.
"""

from modeltranslation.translator import TranslationOptions

from cicte import i18n
from programs.models import Activity, Program, ProgramYear


class ProgramTranslation(TranslationOptions):
    fields = ("name", "description")


class ProgramYearTranslation(TranslationOptions):
    fields = ("narrative",)


class ActivityTranslation(TranslationOptions):
    fields = ("title", "description", "figures_note")


i18n.register(Program, ProgramTranslation)
i18n.register(ProgramYear, ProgramYearTranslation)
i18n.register(Activity, ActivityTranslation)
