from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cicte.models import NaturalKeyManager, NaturalKeyModel
from partners.models import PartnerInRole
from programs.enums import ActivityKind


class ProgramQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def family(self, slug):
        """The program with this slug and its sub-programs, in one query (parent preloaded)."""
        return self.filter(models.Q(slug=slug) | models.Q(parent__slug=slug)).select_related(
            "parent"
        )


class Program(NaturalKeyModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent program"),
        help_text=_("Set for a sub-program, e.g. maritime security under border security."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the report's Section III.")
    )
    description = models.TextField(_("description"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_programs",
        verbose_name=_("program officers"),
        help_text=_(
            "Program officers who may edit this program's activities, events and publications."
        ),
    )

    objects = NaturalKeyManager.from_queryset(ProgramQuerySet)()
    # history: registered in programs/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        permissions = [
            (
                "edit_all_programs",
                _("Can edit the activities, events and publications of every program"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="program_not_own_parent",
                violation_error_message=_("A program cannot be its own parent program."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:detail", args=[self.slug])


class ProgramYear(NaturalKeyModel):
    """What a program did in one reporting year, as Section III tells it."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="years", verbose_name=_("program")
    )
    year = models.ForeignKey(
        "cicte.ReportingYear",
        on_delete=models.PROTECT,
        related_name="program_years",
        verbose_name=_("year"),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    funded = models.BooleanField(
        _("funded"),
        default=True,
        help_text=_("Untick when the program had no funding this year (aviation security, 2020)."),
    )

    natural_key_lookups = ("program__slug", "year__year")
    # history: registered in programs/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["-year__year", "program__position"]
        verbose_name = _("program year")
        verbose_name_plural = _("program years")
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="programyear_one_per_year"),
        ]

    def __str__(self):
        return f"{self.program} — {self.year}"


class Activity(NaturalKeyModel):
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="activities", verbose_name=_("program")
    )
    year = models.ForeignKey(
        "cicte.ReportingYear",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("year"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    countries = CountryField(_("beneficiary countries"), multiple=True, blank=True)
    participants = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("People trained or certified, as the report counts them."),
    )
    countries_reached = models.PositiveSmallIntegerField(
        _("countries reached"), null=True, blank=True
    )
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    figures_note = models.CharField(
        _("figures as reported"),
        max_length=300,
        blank=True,
        help_text=_(
            "The figures in the report's words, e.g. 'more than 500 women from 10 countries'."
        ),
    )
    partners = models.ManyToManyField(
        "partners.Partner",
        through="ActivityPartner",
        related_name="activities",
        verbose_name=_("partners"),
    )

    # history: registered in programs/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["program__position", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.program.get_absolute_url()}#activity-{self.slug}"


class ActivityPartner(PartnerInRole, NaturalKeyModel):
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="partner_roles",
        verbose_name=_("activity"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="activity_roles",
        verbose_name=_("partner"),
    )

    history = HistoricalRecords()
    natural_key_lookups = ("activity__slug", "partner__slug", "role")

    class Meta:
        ordering = ["activity", "role", "partner__name"]
        verbose_name = _("activity partner")
        verbose_name_plural = _("activity partners")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "partner", "role"], name="activitypartner_unique_role"
            ),
        ]


class ProgramPartner(NaturalKeyModel):
    """An organisation the report names as a key partner of a program in a year ("Key
    institutional partners with whom the program worked closely during the year included …"),
    whether or not it took part in one of the program's events, activities or publications."""

    program_year = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="key_partner_links",
        verbose_name=_("program year"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="key_partner_links",
        verbose_name=_("partner"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in which the report names them.")
    )

    history = HistoricalRecords()
    natural_key_lookups = (
        "program_year__program__slug",
        "program_year__year__year",
        "partner__slug",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("key partner")
        verbose_name_plural = _("key partners")
        constraints = [
            models.UniqueConstraint(
                fields=["program_year", "partner"], name="programpartner_unique_partner"
            ),
        ]

    def __str__(self):
        return str(self.partner)
