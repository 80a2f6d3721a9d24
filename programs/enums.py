from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    PROJECT = "project", _("Project")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
    LEGISLATIVE_ASSISTANCE = "legislative_assistance", _("Legislative assistance")
    TRAINING = "training", _("Training or course")
    ASSESSMENT = "assessment", _("Assessment")
    STRATEGY = "strategy", _("Strategy")
    NETWORK = "network", _("Network")
    AWARENESS = "awareness", _("Awareness")
    RESEARCH = "research", _("Research")
