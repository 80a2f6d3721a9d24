from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    REPORT = "report", _("Report")
    WHITE_PAPER = "white_paper", _("White paper")
    CAPACITY_REVIEW = "capacity_review", _("Capacity review")
    STUDY = "study", _("Study")
    GUIDE = "guide", _("Guide")
