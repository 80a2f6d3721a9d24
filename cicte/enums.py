from django.db import models
from django.utils.translation import gettext_lazy as _


class YearStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")

    @classmethod
    def public(cls):
        """The statuses of the years whose report is out, which the public site shows."""
        return [cls.PUBLISHED, cls.CLOSED]


class ContentStatus(models.TextChoices):
    """Whether one record (an event, a publication) is ready for the public site."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Language(models.TextChoices):
    """The four official languages of the OAS."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")


class ReportPart(models.TextChoices):
    """The parts of a year's report that carry text of their own or an editorial note: its
    sections, in the report's order, then its four annexes."""

    INTRODUCTION = "introduction", _("I. Introduction")
    FRAMEWORK = "framework", _("II. Legal and political framework")
    PROGRAMS = "programs", _("III. Main programs")
    DONORS = "donors", _("IV. Major donors")
    COOPERATION = (
        "cooperation",
        _("V. Communications, consultations, and inter-institutional cooperation"),
    )
    ANNEX_1 = "annex-1", _("Annex 1")
    ANNEX_2 = "annex-2", _("Annex 2")
    ANNEX_3 = "annex-3", _("Annex 3")
    ANNEX_4 = "annex-4", _("Annex 4")

    @classmethod
    def sections(cls):
        return [cls.INTRODUCTION, cls.FRAMEWORK, cls.PROGRAMS, cls.DONORS, cls.COOPERATION]

    @classmethod
    def annex(cls, number):
        return cls(f"annex-{number}")
