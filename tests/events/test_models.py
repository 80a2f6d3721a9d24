import datetime

import pytest
from django.db import IntegrityError

from events.enums import DatePrecision
from events.models import Event
from tests.factories.events import EventDateFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_event_span_follows_its_date_ranges():
    event = EventFactory()
    EventDateFactory(event=event, start=datetime.date(2020, 11, 30), end=datetime.date(2020, 12, 3))
    june = EventDateFactory(event=event, start=datetime.date(2020, 6, 17))

    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2020, 6, 17),
        datetime.date(2020, 12, 3),
    )

    june.delete()
    event.refresh_from_db()
    assert (event.starts_on, event.ends_on) == (
        datetime.date(2020, 11, 30),
        datetime.date(2020, 12, 3),
    )


def test_event_date_single_day_ends_when_it_starts():
    date = EventDateFactory(start=datetime.date(2020, 7, 10), end=None)

    assert date.end == datetime.date(2020, 7, 10)


def test_event_date_month_precision_covers_whole_months():
    date = EventDateFactory(
        start=datetime.date(2020, 6, 15),
        end=datetime.date(2020, 12, 2),
        precision=DatePrecision.MONTH,
    )

    assert (date.start, date.end) == (datetime.date(2020, 6, 1), datetime.date(2020, 12, 31))


def test_database_refuses_event_date_ending_before_it_starts():
    date = EventDateFactory(start=datetime.date(2020, 7, 10))

    with pytest.raises(IntegrityError, match="eventdate_end_not_before_start"):
        type(date).objects.filter(pk=date.pk).update(end=datetime.date(2020, 7, 9))


def test_event_queryset_splits_annex_1_and_annex_2():
    meeting = EventFactory(
        kind="conference", secretariat_role="participant", participation_level="officials"
    )
    webinar = EventFactory(kind="webinar", secretariat_role="organiser")
    EventFactory(kind="webinar", secretariat_role="participant")

    assert list(Event.objects.high_level()) == [meeting]
    assert list(Event.objects.virtual_forums()) == [webinar]
