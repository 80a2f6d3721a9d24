"""The events' QuerySet: the vocabulary every page, feed and export reads events with."""

from django.db import models
from django.db.models.functions import TruncMonth

from cicte.i18n import localized
from cicte.models import YearContentQuerySet
from cicte.search import full_text_search, ranked_search
from events.enums import EventAnnex

# The events list's order, newest first with undated events last, as its indexes store it.
NEWEST = (
    models.F("starts_on").desc(nulls_last=True),
    models.F("ends_on").desc(nulls_last=True),
)


class EventQuerySet(YearContentQuerySet):
    def _event_partners(self):
        """EventPartner's rows, through the events' relation: events.models, which defines
        EventPartner, imports this module."""
        return self.model._meta.get_field("partner_roles").related_model.objects.all()

    def high_level(self):
        """Annex 1: the high-level international meetings (Event.annex)."""
        return self.filter(annex=EventAnnex.HIGH_LEVEL)

    def virtual_forums(self):
        """Annex 2: the webinars and virtual forums the secretariat held (Event.annex)."""
        return self.filter(annex=EventAnnex.VIRTUAL_FORUM)

    def chronological(self):
        """Date order; where dates tie, the order the report printed them in (`position`)."""
        return self.order_by("starts_on", "ends_on", "position", localized("title"), "pk")

    def newest_first(self):
        """Latest first; events without dates yet go last, not first as NULLs would."""
        return self.order_by(*NEWEST, localized("title"), "pk")

    def in_country(self, code):
        """Events held in the country `code` ("PY") or that served it (countries_served)."""
        # The served countries are stored as "AR,BR,PY": two-letter codes between commas, so
        # a two-letter substring is a whole code.
        return self.filter(models.Q(country=code) | models.Q(countries_served__contains=code))

    def with_partner(self, partner_slug):
        return self.filter(
            models.Exists(
                self._event_partners().filter(
                    event_id=models.OuterRef("pk"), partner__slug=partner_slug
                )
            )
        )

    def overlapping(self, start=None, end=None):
        """Events with a day between start and end (either may be None: open-ended)."""
        queryset = self
        if start:
            queryset = queryset.filter(ends_on__gte=start)
        if end:
            queryset = queryset.filter(starts_on__lte=end)
        return queryset

    def search(self, text):
        """Events matching `text` in the visitor's language or in English, in the order
        already given: the list's newest first reads the newest matches only (cicte.search; the
        columns: events migration 0003)."""
        return full_text_search(self, text)

    def by_relevance(self, text):
        """search(text), best matches first, then in the order already given; ranks every
        match, so only when the visitor asks for it (cicte.search)."""
        return ranked_search(self, text)

    def counts_by_month_and_kind(self):
        """[{"month": date, "kind": …, "count": n}] for the events-per-month charts."""
        return (
            self.filter(starts_on__isnull=False)
            .annotate(month=TruncMonth("starts_on"))
            .order_by()
            .values("month", "kind")
            .annotate(count=models.Count("pk"))
            .order_by("month", "kind")
        )

    def counts_by_year_month_and_kind(self):
        """counts_by_month_and_kind with each row's reporting year ("year__year"), for the
        charts of several years at once (a program's page)."""
        return (
            self.filter(starts_on__isnull=False)
            .annotate(month=TruncMonth("starts_on"))
            .order_by()
            .values("year__year", "month", "kind")
            .annotate(count=models.Count("pk"))
            .order_by("year__year", "month", "kind")
        )

    def for_listing(self):
        """Feeds and exports: date ranges and programs preloaded."""
        return self.prefetch_related("dates", "programs")

    def for_detail(self):
        """The event page: year, activity (with its year: shown only when public), dates,
        programs and partners in their report order."""
        return self.select_related("year", "activity__program", "activity__year").prefetch_related(
            "dates",
            "programs",
            models.Prefetch("partner_roles", self._event_partners().select_related("partner")),
        )

    def for_annex(self):
        """Annex 1 and 2 entries: date ranges and organisers in the report's order."""
        return self.prefetch_related(
            "dates",
            models.Prefetch("partner_roles", self._event_partners().select_related("partner")),
        )
