from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cicte.i18n import alphabetical, text_language
from partners.enums import PartnerCategory


class SlugManager(models.Manager):
    """Natural keys by slug, so that fixtures can refer to records that already exist."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PartnerQuerySet(models.QuerySet):
    def in_annex(self, year):
        """The donors and major partners Annex 4 of `year` lists."""
        return self.filter(years__year=year, years__listed_in_annex=True)

    def alphabetical(self):
        """Names A to Z as the visitor reads them (in Spanish, by the Spanish names)."""
        return self.order_by(alphabetical("name"), "pk")

    def in_annex_order(self):
        """Annex 4's order: categories as PartnerCategory lists them, then names A to Z as the
        visitor reads them (in Spanish, by the Spanish names)."""
        return self.order_by(
            models.Case(
                *(
                    models.When(category=category, then=position)
                    for position, category in enumerate(PartnerCategory.values)
                ),
                default=len(PartnerCategory.values),
            ),
            alphabetical("name"),
            "pk",
        )

    def for_annex(self, year):
        """Annex 4 of `year` in its order, each partner with `financial_contributor` (the *)."""
        return (
            self.in_annex(year)
            .in_annex_order()
            .annotate(
                financial_contributor=models.Exists(
                    PartnerYear.objects.filter(
                        partner=models.OuterRef("pk"), year=year, financial_contributor=True
                    )
                )
            )
        )


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    acronym_note = models.CharField(
        _("acronym note"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown after the acronym, e.g. 'for its acronym in Spanish'. Only in the language "
            "it is written in: leave it empty where the acronym needs no explanation."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=PartnerCategory)
    country = CountryField(
        _("country"), blank=True, help_text=_("For states and national institutions.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = SlugManager.from_queryset(PartnerQuerySet)()
    # history: registered in partners/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def annex_name(self):
        """The name as Annex 4 writes it: 'Andean Community of Nations (CAN for its acronym…)'.

        The acronym's note is the one written in the language the name reads in, never
        another's: in Spanish, "Comunidad Andina (CAN)" needs no note.
        """
        if not self.acronym:
            return self.name
        note = getattr(self, f"acronym_note_{text_language(self, 'name')}", "")
        suffix = f" {note}" if note else ""
        return f"{self.name} ({self.acronym}{suffix})"


class PartnerYearManager(models.Manager):
    def get_by_natural_key(self, partner_slug, year):
        return self.get(partner__slug=partner_slug, year__year=year)


class PartnerYear(models.Model):
    """A partner's standing in one reporting year: donor, and listed in Annex 4."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="years", verbose_name=_("partner")
    )
    year = models.ForeignKey(
        "cicte.ReportingYear",
        on_delete=models.PROTECT,
        related_name="partner_years",
        verbose_name=_("year"),
    )
    financial_contributor = models.BooleanField(
        _("financial contributor"),
        default=False,
        help_text=_("Gave specific funds this year: starred in Annex 4 and named in Section IV."),
    )
    listed_in_annex = models.BooleanField(
        _("listed in Annex 4"),
        default=True,
        help_text=_("A donor or major institutional partner of the year."),
    )

    history = HistoricalRecords()
    objects = PartnerYearManager()

    class Meta:
        ordering = ["-year__year", "partner__name"]
        verbose_name = _("partner's year")
        verbose_name_plural = _("partner's years")
        constraints = [
            models.UniqueConstraint(fields=["partner", "year"], name="partneryear_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(financial_contributor=False) | models.Q(listed_in_annex=True),
                name="partneryear_donor_listed_in_annex",
                violation_error_message=_("A financial contributor is always listed in Annex 4."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} — {self.year}"

    def natural_key(self):
        return (self.partner.slug, self.year.year)

    natural_key.dependencies = ["partners.partner", "cicte.reportingyear"]
