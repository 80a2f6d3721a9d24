from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.enums import PartnerRole


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
    GUEST_EXPERT = "guest_expert", _("Guest expert")


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


class EventAnnex(models.TextChoices):
    """The annex of the year's report that lists the event, if any."""

    HIGH_LEVEL = "annex-1", _("Annex 1: high-level international meetings")
    VIRTUAL_FORUM = "annex-2", _("Annex 2: webinars and virtual forums")
    NONE = "none", _("Neither annex")

    @classmethod
    def default_for(cls, *, kind, secretariat_role, participation_level):
        """The annex an event belongs in unless staff choose otherwise: Annex 1 where the
        secretariat's participation level is recorded (its marker), Annex 2 for a webinar,
        virtual dialogue or forum the secretariat (co-)organised, else neither."""
        if participation_level:
            return cls.HIGH_LEVEL
        if kind in EventKind.virtual_forums() and secretariat_role in PartnerRole.organising():
            return cls.VIRTUAL_FORUM
        return cls.NONE


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
