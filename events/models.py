import calendar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cicte.enums import ContentStatus
from cicte.models import NaturalKeyManager, NaturalKeyModel, YearContent
from cicte.text import and_list
from events.enums import (
    DatePrecision,
    EventAnnex,
    EventFormat,
    EventKind,
    ParticipationLevel,
    SecretariatRole,
)
from events.querysets import NEWEST, EventQuerySet
from partners.enums import PartnerRole
from partners.models import PartnerInRole, PrintedName

# How the report credits those who made an event with the secretariat, in this order:
# "in collaboration with …, sponsored by …, with the support of … and in partnership with …".
CREDITS = [
    ({PartnerRole.COLLABORATOR}, _("in collaboration with %(names)s")),
    ({PartnerRole.SPONSOR}, _("sponsored by %(names)s")),
    ({PartnerRole.SUPPORTER, PartnerRole.FUNDER}, _("with the support of %(names)s")),
    ({PartnerRole.IN_PARTNERSHIP}, _("in partnership with %(names)s")),
]


def _names(roles, wanted):
    """The partners in these roles as the report prints them here, in its order. Partners
    that share one printed phrase ("the Governments of Spain and Estonia") print it once."""
    names = []
    for role in roles:
        if role.role in wanted and (not names or names[-1] != role.printed_name):
            names.append(role.printed_name)
    return names


# The capacity in which the secretariat took part, where it was neither organiser nor an
# ordinary participant: the report says so in the entry.
CAPACITIES = {
    SecretariatRole.OBSERVER: _("The CICTE Secretariat participated as an observer."),
    SecretariatRole.GUEST_EXPERT: _("The CICTE Secretariat participated as a guest expert."),
}


class Event(YearContent):
    year = models.ForeignKey(
        "cicte.ReportingYear",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("reporting year"),
    )
    title = models.CharField(
        _("title"), max_length=400, help_text=_("As it should read in the annexes.")
    )
    # The slug the event was created with, set once by events.signals: its calendar entries'
    # UIDs (events.exports.vevents) stay the same when the slug changes.
    calendar_id = models.CharField(max_length=120, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind)
    format = models.CharField(_("format"), max_length=20, choices=EventFormat)
    # YearContent's status, explained on the event form.
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContentStatus,
        default=ContentStatus.DRAFT,
        help_text=_("Only published events of a published year are public."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    countries_served = CountryField(
        _("countries served"),
        multiple=True,
        blank=True,
        help_text=_(
            "The countries the event was for, where the report names them (a national "
            "workshop, a sub-regional webinar), whether or not it took place there. The map "
            "counts them with the venue's country."
        ),
    )
    programs = models.ManyToManyField(
        "programs.Program", related_name="events", verbose_name=_("programs")
    )
    activity = models.ForeignKey(
        "programs.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("activity"),
    )
    partners = models.ManyToManyField(
        "partners.Partner",
        through="EventPartner",
        related_name="events",
        verbose_name=_("partners"),
    )
    secretariat_role = models.CharField(
        _("secretariat's role"), max_length=20, choices=SecretariatRole
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=30,
        choices=ParticipationLevel,
        blank=True,
        help_text=_(
            "Set only for high-level international meetings: an event with a "
            "participation level is listed in Annex 1 with its marker."
        ),
    )
    annex = models.CharField(
        _("annex"),
        max_length=10,
        choices=EventAnnex,
        blank=True,
        help_text=_(
            "The annex of the report that lists the event. Left empty, it follows from the "
            "participation level (Annex 1), or from the kind and the secretariat's role (a "
            "webinar, dialogue or forum it organised: Annex 2); choose otherwise where the "
            "report does."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_(
            "Order in which the report prints it among events of the same dates (two webinars "
            "on April 8); the dates decide otherwise."
        ),
    )
    initiative = models.CharField(
        _("initiative"),
        max_length=300,
        blank=True,
        help_text=_(
            "The initiative the event belonged to, as the report names it, e.g. 'Maritime "
            "Security and Terrorist Travelers Initiative'."
        ),
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    attendance_note = models.CharField(
        _("attendance as reported"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'more than 400 people'."),
    )
    # Kept in step with the date ranges by events.signals; lists sort and filter on them.
    starts_on = models.DateField(_("starts on"), null=True, editable=False)
    ends_on = models.DateField(_("ends on"), null=True, editable=False)

    objects = NaturalKeyManager.from_queryset(EventQuerySet)()
    # history: registered in events/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # The annexes and a program's page sort on the first date.
            models.Index(fields=["starts_on", "ends_on"], name="event_span_idx"),
            # The events list, newest first (EventQuerySet.newest_first): unfiltered, by date
            # range, and the first rows of any filter that matches many events.
            models.Index(*NEWEST, name="event_newest_idx"),
            # The events list by kind (`kind`), newest first.
            models.Index("kind", *NEWEST, name="event_kind_newest_idx"),
            # The events list of a year (`year`), newest first.
            models.Index("year", *NEWEST, name="event_year_newest_idx"),
            # The home page's figures: public events per year and per venue country, counted
            # from the index alone (the table read whole was 0.2 s at 100,000 events).
            models.Index(
                fields=["year", "status", "country"], include=["id"], name="event_year_status_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annex__in=EventAnnex.values),
                name="event_annex_chosen",
                violation_error_message=_("Choose the annex that lists the event, or neither."),
            ),
            models.CheckConstraint(
                condition=~models.Q(annex=EventAnnex.HIGH_LEVEL)
                | ~models.Q(participation_level=""),
                name="event_annex_1_has_level",
                violation_error_message=_(
                    "An Annex 1 meeting needs its participation level: Annex 1 marks who "
                    "represented the secretariat."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.choose_annex()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        self.choose_annex()

    @property
    def place(self):
        """ "Bogotá, Colombia", "Washington, D.C., United States", or "Virtual format": as the
        pages, Annex 1, the feeds, the exports and the calendar write where it took place."""
        parts = [part for part in (self.city, self.country.name if self.country else "") if part]
        if parts:
            return ", ".join(parts)
        if self.format == EventFormat.VIRTUAL:
            return _("Virtual format")
        return ""

    @property
    def annex_number(self):
        """1 or 2 when the event is listed in that annex of its year's report, else None."""
        return {EventAnnex.HIGH_LEVEL: 1, EventAnnex.VIRTUAL_FORUM: 2}.get(self.annex)

    @property
    def credits(self):
        """Who else made the event, and how: "in collaboration with the Government of Mexico and
        with the support of Canada as Chair of the Committee"; "" when nobody is credited."""
        roles = self.partner_roles.all()
        return and_list(
            [
                phrase % {"names": and_list(names)}
                for wanted, phrase in CREDITS
                if (names := _names(roles, wanted))
            ]
        )

    @property
    def organisers(self):
        """Annex 1: who organised the meeting ("United Nations"), led by "CICTE/OAS Secretariat
        and" when the secretariat co-organised it, and the initiative it belonged to ("Global
        Counter Terrorism Forum (GCTF) - Maritime Security and Terrorist Travelers Initiative");
        "" when the report names neither."""
        names = _names(self.partner_roles.all(), PartnerRole.organising())
        if names and self.secretariat_role in PartnerRole.organising():
            names.insert(0, gettext("CICTE/OAS Secretariat"))
        return " - ".join(part for part in (and_list(names), self.initiative) if part)

    @property
    def capacity(self):
        """Annex 1: "The CICTE Secretariat participated as an observer.", or ""."""
        return str(CAPACITIES.get(self.secretariat_role, ""))

    @property
    def organised_by(self):
        """Annex 2: "Organized by the CICTE Secretariat and Trend Micro.", "Organized by the
        CICTE Secretariat in collaboration with the Government of Mexico and with the support of
        Canada as Chair of the Committee."."""
        organisers = and_list(
            [
                gettext("the CICTE Secretariat"),
                *_names(self.partner_roles.all(), PartnerRole.organising()),
            ]
        )
        if others := self.credits:
            return gettext("Organized by %(organisers)s %(credits)s.") % {
                "organisers": organisers,
                "credits": others,
            }
        return gettext("Organized by %(organisers)s.") % {"organisers": organisers}

    def choose_annex(self):
        """An annex left empty follows from the kind, role and participation level."""
        if not self.annex:
            self.annex = EventAnnex.default_for(
                kind=self.kind,
                secretariat_role=self.secretariat_role,
                participation_level=self.participation_level,
            )

    @property
    def marker(self):
        return (
            ParticipationLevel(self.participation_level).marker if self.participation_level else ""
        )


class EventDate(NaturalKeyModel):
    """One date range of an event ("June 17 and November 30 to December 3" is two)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="dates", verbose_name=_("event")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), blank=True, help_text=_("Leave empty for a single day."))
    precision = models.CharField(
        _("precision"),
        max_length=10,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("'Month' when the report gives only months (June-December 2020)."),
    )

    history = HistoricalRecords()
    natural_key_lookups = ("event__slug", "start")

    class Meta:
        ordering = ["start"]
        verbose_name = _("date range")
        verbose_name_plural = _("date ranges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="eventdate_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(precision=DatePrecision.MONTH) | models.Q(start__day=1),
                name="eventdate_month_starts_on_first",
                violation_error_message=_("A month-precision range starts on the 1st."),
            ),
            models.UniqueConstraint(fields=["event", "start"], name="eventdate_unique_start"),
        ]

    def __str__(self):
        return f"{self.start} to {self.end}" if self.end != self.start else str(self.start)

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def clean(self):
        self.normalise()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})

    def normalise(self):
        """A single day ends when it starts; a month range covers whole months."""
        if self.start is None:
            return
        if self.precision == DatePrecision.MONTH:
            self.start = self.start.replace(day=1)
            last = self.end or self.start
            self.end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        elif self.end is None:
            self.end = self.start


class EventPartner(PartnerInRole, PrintedName, NaturalKeyModel):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="partner_roles", verbose_name=_("event")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="event_roles",
        verbose_name=_("partner"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in which the report names them.")
    )

    natural_key_lookups = ("event__slug", "partner__slug", "role")
    # history: registered in events/translation.py, after the translated fields exist.

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("event partner")
        verbose_name_plural = _("event partners")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partner", "role"], name="eventpartner_unique_role"
            ),
        ]
