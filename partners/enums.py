from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerCategory(models.TextChoices):
    """Annex 4's categories, in the order the annex lists them."""

    MEMBER_STATE = "member_state", _("Member States")
    PERMANENT_OBSERVER = "permanent_observer", _("Permanent Observers")
    INTERNATIONAL = (
        "international",
        _("International organizations, regional bodies, and international forums"),
    )
    ACADEMIC = "academic", _("Academic sector")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Others")


class PartnerRole(models.TextChoices):
    """What a partner did in an activity, an event or a publication."""

    FUNDER = "funder", _("Funding")
    IMPLEMENTER = "implementer", _("Implementing")
    ORGANISER = "organiser", _("Organising")
    CO_ORGANISER = "co_organiser", _("Co-organising")
    SUPPORTER = "supporter", _("Supporting")
    PARTICIPANT = "participant", _("Participating")
    # How the report credits the others who made an event (Annex 2: "Organized by the CICTE
    # Secretariat in collaboration with …, with the support of … and in partnership with …").
    COLLABORATOR = "collaborator", _("In collaboration")
    SPONSOR = "sponsor", _("Sponsoring")
    IN_PARTNERSHIP = "in_partnership", _("In partnership")

    @classmethod
    def organising(cls):
        """The roles of those who organised an event: a partner's, and the secretariat's
        (events.enums.SecretariatRole spells them with the same values)."""
        return {cls.ORGANISER, cls.CO_ORGANISER}
