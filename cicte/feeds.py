"""Atom feeds of the latest public events and publications (/events.atom, /publications.atom)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from events.dates import format_ranges
from events.models import Event
from events.templatetags.event_tags import place
from publications.models import Publication
from publications.templatetags.publication_tags import languages, publishers

# Entries per feed: a feed reader keeps what it has already read.
FEED_LENGTH = 50


def _midnight(day):
    """A date as the start of that day in the secretariat's time zone (Atom needs a time)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("CICTE: latest events")
    subtitle = _(
        "Meetings, webinars, workshops and courses the CICTE Secretariat organised or took "
        "part in, newest first."
    )

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.published().newest_first().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        facts = [
            format_ranges(item.dates.all()) or str(_("Dates to be confirmed")),
            item.get_kind_display(),
            str(place(item)),
        ]
        summary = " · ".join(fact for fact in facts if fact)
        return f"{summary}\n\n{item.description}" if item.description else summary

    def item_updateddate(self, item):
        return _midnight(item.starts_on)

    def item_pubdate(self, item):
        return _midnight(item.starts_on)

    def item_categories(self, item):
        return [program.name for program in item.programs.all()]


class LatestPublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = _("CICTE: latest publications")
    subtitle = _("Reports, white papers and reviews the CICTE Secretariat published.")

    def link(self):
        return reverse("publications:list")

    def items(self):
        return (
            Publication.objects.published()
            .newest_first()
            .for_listing()
            .prefetch_related("programs")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        available = _("Available in %(languages)s.") % {"languages": languages(item)}
        summary = " · ".join([item.get_kind_display(), publishers(item), available])
        return f"{summary}\n\n{item.description}" if item.description else summary

    def item_updateddate(self, item):
        return _midnight(item.published_on)

    def item_pubdate(self, item):
        return _midnight(item.published_on)

    def item_categories(self, item):
        return [program.name for program in item.programs.all()]
