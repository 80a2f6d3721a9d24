from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cicte.enums import Language
from cicte.i18n import localized
from cicte.models import NaturalKeyManager, NaturalKeyModel, YearContent, YearContentQuerySet
from cicte.text import and_list
from partners.models import PrintedName
from publications.enums import PublicationKind


class PublicationQuerySet(YearContentQuerySet):
    def chronological(self):
        """Month order; within a month, the order Annex 3 printed them in (`position`)."""
        return self.order_by("published_on", "position", localized("title"), "pk")

    def newest_first(self):
        return self.order_by("-published_on", localized("title"), "pk")

    def in_language(self, language):
        return self.filter(
            models.Exists(
                Edition.objects.filter(publication_id=models.OuterRef("pk"), language=language)
            )
        )

    def for_listing(self):
        """Publication lists and Annex 3: co-publishers in the report's order and editions."""
        return self.prefetch_related(
            models.Prefetch("co_publisher_links", CoPublisher.objects.select_related("partner")),
            "editions",
        )

    def for_detail(self):
        """The publication page: its list preloads, its year and its programs."""
        return self.for_listing().select_related("year").prefetch_related("programs")


class Publication(YearContent):
    year = models.ForeignKey(
        "cicte.ReportingYear",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("reporting year"),
    )
    title = models.CharField(
        _("title"), max_length=400, help_text=_("As it should read in Annex 3.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind)
    published_on = models.DateField(
        _("publication month"),
        help_text=_("The report gives months only: use the first day of the month."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_(
            "Order in which Annex 3 prints it among the publications of the same month; the "
            "months decide otherwise."
        ),
    )
    programs = models.ManyToManyField(
        "programs.Program", related_name="publications", verbose_name=_("programs")
    )
    co_publishers = models.ManyToManyField(
        "partners.Partner",
        through="CoPublisher",
        related_name="publications",
        verbose_name=_("co-publishers"),
    )

    objects = NaturalKeyManager.from_queryset(PublicationQuerySet)()
    # history: registered in publications/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_on__day=1),
                name="publication_month_precision",
                violation_error_message=_("Use the first day of the publication month."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:detail", args=[self.slug])

    @property
    def publisher_names(self):
        """ "CICTE/OAS Secretariat and Inter-American Development Bank", in the report's order,
        each co-publisher named as Annex 3 prints it (read from for_listing's prefetch)."""
        names = [link.printed_name for link in self.co_publisher_links.all()]
        return and_list([gettext("CICTE/OAS Secretariat"), *names])

    @property
    def language_names(self):
        """ "English, Spanish and Portuguese"."""
        return and_list([edition.get_language_display() for edition in self.editions.all()])

    @property
    def linked_editions(self):
        return [edition for edition in self.editions.all() if edition.url]


class CoPublisher(PrintedName, NaturalKeyModel):
    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="co_publisher_links",
        verbose_name=_("publication"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="co_publications",
        verbose_name=_("partner"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in which Annex 3 names them.")
    )

    natural_key_lookups = ("publication__slug", "partner__slug")
    # history: registered in publications/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("co-publisher")
        verbose_name_plural = _("co-publishers")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "partner"], name="copublisher_unique_partner"
            ),
        ]

    def __str__(self):
        return str(self.partner)


class Edition(NaturalKeyModel):
    """A language the publication is available in, with its link where there is one."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="editions",
        verbose_name=_("publication"),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    url = models.URLField(_("link"), max_length=500, blank=True)

    history = HistoricalRecords()
    natural_key_lookups = ("publication__slug", "language")

    class Meta:
        ordering = ["language"]
        verbose_name = _("language edition")
        verbose_name_plural = _("language editions")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"], name="edition_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.publication} ({self.get_language_display()})"
