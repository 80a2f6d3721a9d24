import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cicte.enums import YearStatus


class ReportingYearQuerySet(models.QuerySet):
    def public(self):
        """Years whose report is out: published, or closed after publication."""
        return self.filter(status__in=[YearStatus.PUBLISHED, YearStatus.CLOSED])

    def current(self):
        """The latest public year, or None."""
        return self.public().order_by("-year").first()


class ReportingYearManager(models.Manager.from_queryset(ReportingYearQuerySet)):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class ReportingYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(
        _("report title"),
        max_length=300,
        help_text=_("As it reads on the report's cover, e.g. 'Annual Report 2020 of the …'."),
    )
    general_assembly_session = models.CharField(
        _("General Assembly session"),
        max_length=200,
        blank=True,
        help_text=_("The session the report goes to, e.g. 'Fifty-first regular session'."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_at = models.CharField(
        _("approved at"),
        max_length=200,
        blank=True,
        help_text=_("The body that approved it, e.g. 'Fourth plenary session'."),
    )
    chair = CountryField(_("chair"), blank=True)
    vice_chair = CountryField(_("vice chair"), blank=True)
    elected_chair = CountryField(
        _("elected chair"), blank=True, help_text=_("Chair elected for the following period.")
    )
    elected_vice_chair = CountryField(
        _("elected vice chair"),
        blank=True,
        help_text=_("Vice chair elected for the following period."),
    )
    elected_period = models.CharField(
        _("elected for"), max_length=20, blank=True, help_text=_("e.g. '2020-2021'.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=YearStatus,
        default=YearStatus.DRAFT,
        help_text=_("Only published and closed years are shown on the public site."),
    )

    history = HistoricalRecords()
    objects = ReportingYearManager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1999),
                name="reportingyear_year_since_cicte",
                violation_error_message=_("CICTE was established in 1999: use 1999 or later."),
            ),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.year])

    def natural_key(self):
        return (self.year,)

    @property
    def is_public(self):
        return self.status in {YearStatus.PUBLISHED, YearStatus.CLOSED}


class DataVersion(models.Model):
    """One row: a number that every write to the report's records increases (in the writing
    transaction, so readers see the new number exactly when they see the new data).

    The public page cache keys pages by it (cicte.page_cache), so that no page is ever served
    from before an edit; see cicte.data_version.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    # A new database (a restore, say) gets a new epoch, so its versions are new ones too.
    epoch = models.UUIDField(_("epoch"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return str(self.number)


class StoredDocument(models.Model):
    """A document of the report (the PDF, the annexes as Word) as built from one data version,
    in one language, its links to one site (cicte.documents): every worker of every server
    reads it from here. Not report data: writing it changes no data version, and backups
    leave it out."""

    kind = models.CharField(_("kind"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=10)
    origin = models.CharField(_("site"), max_length=300)  # "https://example.org"
    version = models.CharField(_("data version"), max_length=50)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "language", "origin", "version"],
                name="storeddocument_one_per_version",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.year} ({self.language}, {self.origin}, {self.version})"
