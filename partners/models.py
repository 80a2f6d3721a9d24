from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cicte.i18n import CONTENT_LANGUAGE, active_language, alphabetical, text_language
from cicte.models import NaturalKeyManager, NaturalKeyModel
from partners.enums import PartnerCategory, PartnerRole

NAME_AS_PRINTED_HELP = _(
    "How the report prints the organisation here, where that differs from its name: "
    "'the Government of Mexico', 'CARICOM IMPACS'. Leave empty to show its name."
)


def category_order(field="category"):
    """SQL for Annex 4's order of categories, as PartnerCategory lists them."""
    return models.Case(
        *(
            models.When(**{field: category}, then=position)
            for position, category in enumerate(PartnerCategory.values)
        ),
        default=len(PartnerCategory.values),
    )


class PrintedName(models.Model):
    """The partner of a link (an event's partner, a co-publisher, a year's standing) named as
    the report prints it there (`name_as_printed`, translated), one record per organisation.

    In the visitor's language: the printed form written in it, else the partner's own name in
    it, else the English printed form, else the partner's English name.
    """

    name_as_printed = models.CharField(
        _("name as printed"),
        max_length=300,
        blank=True,
        help_text=NAME_AS_PRINTED_HELP,
    )

    class Meta:
        abstract = True

    def _printed(self) -> tuple[str, str]:
        language = active_language()
        own = getattr(self, f"name_as_printed_{language}", "")
        if own:
            return own, language
        if text_language(self.partner, "name") == language:
            return self.partner.annex_name, language
        english = getattr(self, f"name_as_printed_{CONTENT_LANGUAGE}", "")
        return (english or self.partner.annex_name), CONTENT_LANGUAGE

    @property
    def printed_name(self) -> str:
        return self._printed()[0]

    def language_of(self, field) -> str:
        """The language `printed_name` reads in (for {% translated %})."""
        return self._printed()[1]


class PartnerInRole(models.Model):
    """A partner in the role it had in an event or an activity: "Trend Micro (Sponsor)"."""

    role = models.CharField(_("role"), max_length=20, choices=PartnerRole)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.partner} ({self.get_role_display()})"


def printed_name_order(prefix=""):
    """SQL for ordering links by their printed names as the visitor reads them (PrintedName),
    by the partner's name where nothing else is printed; `prefix` is the path to the link."""
    language = active_language()

    def column(name):
        return NullIf(models.F(f"{prefix}{name}"), models.Value(""))

    candidates = [column(f"name_as_printed_{language}")]
    if language != CONTENT_LANGUAGE:
        candidates += [
            column(f"partner__name_{language}"),
            column(f"name_as_printed_{CONTENT_LANGUAGE}"),
        ]
    candidates.append(models.F(f"{prefix}partner__name_{CONTENT_LANGUAGE}"))
    return alphabetical(Coalesce(*candidates, output_field=models.CharField()))


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
        return self.order_by(category_order(), alphabetical("name"), "pk")


class Partner(NaturalKeyModel):
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

    objects = NaturalKeyManager.from_queryset(PartnerQuerySet)()
    # history: registered in partners/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.slug])

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


class PartnerYearQuerySet(models.QuerySet):
    def for_annex(self, year):
        """Annex 4 of `year`: its partners' standings in the annex's order (categories, then
        the names as printed, A to Z as the visitor reads them), each with its partner."""
        return (
            self.filter(year=year, listed_in_annex=True)
            .select_related("partner")
            .order_by(category_order("partner__category"), printed_name_order(), "pk")
        )


class PartnerYear(PrintedName, NaturalKeyModel):
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
    name_as_printed = models.CharField(
        _("name as printed in Annex 4"),
        max_length=300,
        blank=True,
        help_text=NAME_AS_PRINTED_HELP,
    )

    objects = NaturalKeyManager.from_queryset(PartnerYearQuerySet)()
    natural_key_lookups = ("partner__slug", "year__year")
    # history: registered in partners/translation.py, after the translated fields exist.

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
