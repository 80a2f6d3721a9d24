import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.enums import DatePrecision
from events.models import Event, EventDate, EventPartner
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory

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


def test_event_date_validation_rejects_ending_before_it_starts_in_plain_words():
    date = EventDate(
        event=EventFactory(), start=datetime.date(2020, 7, 10), end=datetime.date(2020, 7, 9)
    )

    with pytest.raises(ValidationError) as excinfo:
        date.full_clean()

    assert excinfo.value.message_dict == {"end": ["The end date is before the start date."]}


def test_database_refuses_a_month_range_not_starting_on_the_first():
    date = EventDateFactory(start=datetime.date(2020, 6, 1), precision=DatePrecision.MONTH)

    with pytest.raises(IntegrityError, match="eventdate_month_starts_on_first"):
        EventDate.objects.filter(pk=date.pk).update(start=datetime.date(2020, 6, 15))


def test_event_date_validation_moves_a_month_range_to_the_first():
    date = EventDate(
        event=EventFactory(), start=datetime.date(2020, 6, 15), precision=DatePrecision.MONTH
    )

    date.full_clean()

    assert (date.start, date.end) == (datetime.date(2020, 6, 1), datetime.date(2020, 6, 30))


def test_database_refuses_two_date_ranges_starting_the_same_day():
    existing = EventDateFactory(start=datetime.date(2020, 6, 17))

    with pytest.raises(IntegrityError, match="eventdate_unique_start"):
        EventDate.objects.create(event=existing.event, start=datetime.date(2020, 6, 17))


def test_event_date_validation_rejects_two_ranges_starting_the_same_day():
    existing = EventDateFactory(start=datetime.date(2020, 6, 17))
    duplicate = EventDate(event=existing.event, start=datetime.date(2020, 6, 17))

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Date range with this Event and Start already exists."]
    }


def test_database_refuses_the_same_partner_role_twice_in_an_event():
    existing = EventPartnerFactory()

    with pytest.raises(IntegrityError, match="eventpartner_unique_role"):
        EventPartner.objects.create(
            event=existing.event, partner=existing.partner, role=existing.role
        )


def test_event_partner_validation_rejects_the_same_role_twice():
    existing = EventPartnerFactory()
    duplicate = EventPartner(event=existing.event, partner=existing.partner, role=existing.role)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Event partner with this Event, Partner and Role already exists."]
    }


def test_event_marker_follows_the_participation_level():
    events = [
        EventFactory.build(participation_level=level)
        for level in ["executive_secretary", "deputy_executive_secretary", "officials", ""]
    ]

    assert [event.marker for event in events] == ["*", "**", "***", ""]


@pytest.mark.parametrize(
    ("kind", "role", "level", "annex"),
    [
        ("conference", "participant", "officials", "annex-1"),
        ("webinar", "participant", "executive_secretary", "annex-1"),
        ("webinar", "organiser", "", "annex-2"),
        ("virtual_dialogue", "co_organiser", "", "annex-2"),
        ("webinar", "participant", "", "none"),
        ("workshop", "organiser", "", "none"),
    ],
)
def test_event_annex_left_empty_follows_kind_role_and_level(kind, role, level, annex):
    event = EventFactory(kind=kind, secretariat_role=role, participation_level=level)

    event.refresh_from_db()
    assert event.annex == annex


def test_event_annex_chosen_by_staff_is_kept():
    # The Tri-Border webinar: organised by the secretariat, left out of Annex 2 as printed.
    event = EventFactory(kind="webinar", secretariat_role="organiser", annex="none")

    event.kind = "virtual_forum"
    event.full_clean()
    event.save()

    event.refresh_from_db()
    assert event.annex == "none"
    assert list(Event.objects.virtual_forums()) == []


def test_event_validation_refuses_annex_1_without_a_participation_level():
    event = EventFactory.build(year=EventFactory().year, annex="annex-1", participation_level="")

    with pytest.raises(ValidationError) as raised:
        event.full_clean(exclude=["slug"])

    assert raised.value.messages == [
        "An Annex 1 meeting needs its participation level: Annex 1 marks who represented the "
        "secretariat."
    ]


def test_database_refuses_an_event_without_its_annex():
    event = EventFactory()

    with pytest.raises(IntegrityError, match="event_annex_chosen"):
        Event.objects.filter(pk=event.pk).update(annex="")


def test_events_of_the_same_dates_keep_the_printed_order():
    day = datetime.date(2020, 4, 8)
    second = EventFactory(title="A webinar", position=2)
    first = EventFactory(title="B webinar", position=1)
    for event in (second, first):
        EventDateFactory(event=event, start=day)

    assert list(Event.objects.chronological()) == [first, second]
