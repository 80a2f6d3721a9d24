import uuid
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cicte.enums import ContentStatus, ReportPart, YearStatus
from cicte.roles import sees_drafts


class NaturalKeyManager(models.Manager):
    """Finds a record by the natural key NaturalKeyModel.natural_key() gives it."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_lookups, key, strict=True)))


class NaturalKeyModel(models.Model):
    """A record fixtures and backups refer to by its natural key, so that they load into a
    database whose primary keys differ: the values of its `natural_key_lookups` (by default its
    slug; "year__year" reads the year of its `year`).

    No `natural_key.dependencies`: each key reads only the record's own fields and those of
    the records its foreign keys point at, and dumpdata already writes those first."""

    natural_key_lookups = ("slug",)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return tuple(
            reduce(getattr, lookup.split("__"), self) for lookup in self.natural_key_lookups
        )


class YearContentQuerySet(models.QuerySet):
    """The vocabulary of the records a year's report lists under its programs (events,
    publications): a `status`, a `year` and `programs`."""

    def published(self):
        """Records a visitor may see: published, in a public year."""
        return self.filter(status=ContentStatus.PUBLISHED, year__status__in=YearStatus.public())

    def of_programs(self, program_ids):
        """Records of any of these programs (EXISTS, so a record of two of them comes once)."""
        links = self.model.programs.through.objects.filter(
            **{f"{self.model._meta.model_name}_id": models.OuterRef("pk")},
            program_id__in=program_ids,
        )
        return self.filter(models.Exists(links))

    def visible_to(self, user):
        """Records `user` may read on the site: all of them for staff (drafts shown as such),
        the published ones for anyone else."""
        return self if sees_drafts(user) else self.published()

    def in_report(self, year):
        """The ones `year`'s report lists: published, whether or not the year is public yet
        (its preview for staff); the caller decides who may see the year."""
        return self.filter(year=year, status=ContentStatus.PUBLISHED)


class YearContent(NaturalKeyModel):
    """A record a year's report lists under its programs, published or not: an event, a
    publication. Each declares its own `year` and `programs` (their related names differ), and
    a manager from YearContentQuerySet."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ContentStatus, default=ContentStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_public(self):
        """Visitors see it: published, in a public year (else only staff, as a draft)."""
        return self.status == ContentStatus.PUBLISHED and self.year.is_public


class ReportingYearQuerySet(models.QuerySet):
    def public(self):
        """Years whose report is out: published, or closed after publication."""
        return self.filter(status__in=YearStatus.public())

    def visible_to(self, user):
        """The years `user` may read on the site: every year for staff (drafts shown as such),
        the public ones for anyone else."""
        return self if sees_drafts(user) else self.public()

    def current(self):
        """The latest public year, or None."""
        return self.public().order_by("-year").first()

    def closed(self):
        """Years whose report is closed: their records are no longer edited (cicte.admin.closed)."""
        return self.filter(status=YearStatus.CLOSED)

    def open(self):
        """The year staff are working on: the latest not yet published, else the latest
        public one; None before any year exists."""
        unpublished = self.exclude(status__in=YearStatus.public())
        return unpublished.order_by("-year").first() or self.current()


class ReportingYear(NaturalKeyModel):
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
        help_text=_(
            "The body that approved it, as it reads after 'Approved at the': "
            "'fourth plenary session'."
        ),
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
        help_text=_(
            "Only published and closed years are shown on the public site. Editors move a year "
            "from one status to the next with the buttons of its page."
        ),
    )
    publication_override = models.TextField(
        _("published despite blocking items"),
        blank=True,
        help_text=_(
            "Why an editor published the year while its checks still found blocking items."
        ),
    )

    objects = NaturalKeyManager.from_queryset(ReportingYearQuerySet)()
    natural_key_lookups = ("year",)
    # history: registered in cicte/translation.py, after the translated fields exist.

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

    @property
    def is_closed(self) -> bool:
        """Closed: published and no longer edited; its records are read-only in the admin."""
        return self.status == YearStatus.CLOSED

    @property
    def is_public(self):
        return self.status in YearStatus.public()


class ReportText(NaturalKeyModel):
    """A passage of a section of the year's report, in the report's words: Section II's
    "Annual Meeting", Section V's "Communications", the paragraphs that open Section III.
    (Section I is the year's introduction; the programs' own texts are their narratives.)"""

    year = models.ForeignKey(
        ReportingYear,
        on_delete=models.CASCADE,
        related_name="texts",
        verbose_name=_("reporting year"),
    )
    part = models.CharField(
        _("section"),
        max_length=20,
        choices=[(part.value, part.label) for part in ReportPart.sections()],
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order within the section, as the report prints it.")
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("The passage's subheading as printed, e.g. 'Annual Meeting'; may be empty."),
    )
    text = models.TextField(
        _("text"), help_text=_("The report's paragraphs, separated by an empty line.")
    )

    natural_key_lookups = ("year__year", "part", "position")
    # history: registered in cicte/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "part", "position"], name="reporttext_unique_position"
            ),
        ]

    def __str__(self):
        return self.heading or f"{self.get_part_display()} ({self.position})"


class EditorialNote(NaturalKeyModel):
    """Where the site departs from the printed report, what differs and why: shown with the
    section or annex it concerns, on its page and in the Word and PDF documents."""

    year = models.ForeignKey(
        ReportingYear,
        on_delete=models.CASCADE,
        related_name="editorial_notes",
        verbose_name=_("reporting year"),
    )
    part = models.CharField(
        _("applies to"),
        max_length=20,
        choices=ReportPart,
        help_text=_("The section or annex whose text departs from the printed report."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order among the notes of the same section.")
    )
    text = models.TextField(
        _("note"),
        help_text=_(
            "What differs from the printed report and why, e.g. 'The printed annex stars 13 "
            "financial contributors; this list follows Section IV, which names 19.'"
        ),
    )

    natural_key_lookups = ("year__year", "part", "position")
    # history: registered in cicte/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["part", "position", "pk"]
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "part", "position"], name="editorialnote_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.year} — {self.get_part_display()} ({self.position})"


class DataVersion(models.Model):
    """One row: a number that every write to the report's records increases (in the writing
    transaction, so readers see the new number exactly when they see the new data).

    The public page cache keys pages by it (cicte.page_cache), so that no page is ever served
    from before an edit; see cicte.data_version.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)
    # A new database (a restore, say) gets a new epoch, so its versions are new ones too.
    epoch = models.UUIDField(_("epoch"), default=uuid.uuid4, editable=False)
    # The oldest version whose pages may still be served while the current one's are built,
    # and when it stopped being the current one, by the database's clock (cicte.data_version,
    # cicte.page_cache).
    previous_number = models.PositiveBigIntegerField(_("previous number"), default=0)
    previous_until = models.DateTimeField(_("previous until"), null=True, editable=False)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return str(self.number)


class StoredDocument(models.Model):
    """A document of the report (the PDF, the annexes as Word) as built from one data version,
    in one language, its links to one site (reports.documents): every worker of every server
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


class OldSlug(models.Model):
    """A slug a record had before it was renamed, so that its old address answers with a
    permanent redirect to the new one (cicte.slugs). Points at the record itself: an address
    renamed twice leads straight to the latest."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    slug = models.SlugField(max_length=120)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="oldslug_one_per_slug"),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.slug}"
