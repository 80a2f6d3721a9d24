"""Atom feeds of the latest public events and publications (/events.atom, /publications.atom).

Entries carry their summaries as plain text (`type="text"`): descriptions are text staff type,
which a feed reader must show as it is, never run as HTML.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cicte.exports import plain_text
from events.dates import format_ranges
from events.models import Event
from publications.models import Publication

# Entries per feed: a feed reader keeps what it has already read.
FEED_LENGTH = 50


class TextAtomFeed(Atom1Feed):
    """Atom with each entry's summary as text. Django's Atom1Feed declares it HTML: a
    description holding "<script>" or a javascript: link would be live in a feed reader.
    Staff text loses the control characters XML cannot carry (plain_text)."""

    def add_item_elements(self, handler, item):
        item = {
            **item,
            "title": plain_text(item["title"]),
            "categories": [plain_text(category) for category in item["categories"]],
        }
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", plain_text(item["description"]), {"type": "text"})


def _midnight(day):
    """A date as the start of that day in the secretariat's time zone (Atom needs a time)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LatestFeed(Feed):
    """The newest public records of one kind: each entry is dated by its `date_field` and
    filed under its programs; its summary (`summary`) comes before its description."""

    feed_type = TextAtomFeed
    date_field: str

    def item_title(self, item):
        return item.title

    def summary(self, item) -> str:
        raise NotImplementedError

    def item_description(self, item):
        summary = self.summary(item)
        return f"{summary}\n\n{item.description}" if item.description else summary

    def item_pubdate(self, item):
        return _midnight(getattr(item, self.date_field))

    def item_updateddate(self, item):
        return self.item_pubdate(item)

    def item_categories(self, item):
        return [program.name for program in item.programs.all()]


class LatestEventsFeed(LatestFeed):
    title = _("CICTE: latest events")
    subtitle = _(
        "Meetings, webinars, workshops and courses the CICTE Secretariat organised or took "
        "part in, newest first."
    )
    date_field = "starts_on"

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.published().newest_first().for_listing()[:FEED_LENGTH]

    def summary(self, item):
        facts = [
            format_ranges(item.dates.all()) or str(_("Dates to be confirmed")),
            item.get_kind_display(),
            str(item.place),
        ]
        return " · ".join(fact for fact in facts if fact)


class LatestPublicationsFeed(LatestFeed):
    title = _("CICTE: latest publications")
    subtitle = _("Reports, white papers and reviews the CICTE Secretariat published.")
    date_field = "published_on"

    def link(self):
        return reverse("publications:list")

    def items(self):
        return (
            Publication.objects.published()
            .newest_first()
            .for_listing()
            .prefetch_related("programs")[:FEED_LENGTH]
        )

    def summary(self, item):
        available = _("Available in %(languages)s.") % {"languages": item.language_names}
        return " · ".join([item.get_kind_display(), item.publisher_names, available])
