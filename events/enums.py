from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    HIGH_LEVEL_MEETING = "high_level_meeting", _("High-level meeting")
    MEETING = "meeting", _("Meeting")
    REGULAR_SESSION = "regular_session", _("Regular session")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    VIRTUAL_DIALOGUE = "virtual_dialogue", _("Virtual dialogue")
    VIRTUAL_FORUM = "virtual_forum", _("Virtual forum")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "course", _("Course")
    ROUNDTABLE = "roundtable", _("Roundtable")
    PLENARY = "plenary", _("Plenary")
    SYMPOSIUM = "symposium", _("Symposium")
    BRIEFING = "briefing", _("Briefing")
    TECHNICAL_MEETING = "technical_meeting", _("Technical meeting")
    WORKING_GROUP = "working_group", _("Working group meeting")
    EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
    BOOTCAMP = "bootcamp", _("Bootcamp")
    COMPETITION = "competition", _("Competition")
    CEREMONY = "ceremony", _("Ceremony")
    COMMEMORATION = "commemoration", _("Commemoration")

    @classmethod
    def virtual_forums(cls):
        """The kinds Annex 2 lists when the secretariat (co-)organised them."""
        return [cls.WEBINAR, cls.VIRTUAL_DIALOGUE, cls.VIRTUAL_FORUM]


class EventFormat(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class SecretariatRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")

    @classmethod
    def organising(cls):
        return [cls.ORGANISER, cls.CO_ORGANISER]


class ParticipationLevel(models.TextChoices):
    """Who represented the secretariat at a high-level meeting: Annex 1's markers."""

    EXECUTIVE_SECRETARY = "executive_secretary", _("Executive Secretary of CICTE")
    DEPUTY_EXECUTIVE_SECRETARY = (
        "deputy_executive_secretary",
        _("Deputy Executive Secretary of CICTE"),
    )
    OFFICIALS = "officials", _("CICTE Secretariat officials")

    @property
    def marker(self):
        return {
            self.EXECUTIVE_SECRETARY: "*",
            self.DEPUTY_EXECUTIVE_SECRETARY: "**",
            self.OFFICIALS: "***",
        }[self]


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
