import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import translation

from cicte.enums import ContentStatus, YearStatus
from events.filters import EventFilterSet
from events.models import Event
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db


def dated_event(start, end=None, **kwargs):
    event = EventFactory(**kwargs)
    EventDateFactory(event=event, start=start, end=end or start)
    event.refresh_from_db()
    return event


def filtered(**data):
    """The filter bound to data as a query string brings it (a QueryDict)."""
    return EventFilterSet(
        QueryDict(urlencode(data)), queryset=Event.objects.published().chronological()
    )


def test_event_filter_program_selects_only_that_programs_events():
    maritime, cargo = ProgramFactory(slug="maritime-security"), ProgramFactory()
    port = dated_event(datetime.date(2020, 5, 19), programs=[maritime])
    shared = dated_event(datetime.date(2020, 5, 5), programs=[maritime, cargo])
    dated_event(datetime.date(2020, 7, 22), programs=[cargo])

    assert list(filtered(program="maritime-security").qs) == [shared, port]


def test_event_filter_parent_program_includes_its_sub_programs():
    border = ProgramFactory(slug="border-security")
    maritime = ProgramFactory(parent=border)
    cargo = ProgramFactory(parent=border)
    own = dated_event(datetime.date(2020, 3, 1), programs=[border])
    port = dated_event(datetime.date(2020, 5, 19), programs=[maritime])
    both = dated_event(datetime.date(2020, 7, 22), programs=[maritime, cargo])
    dated_event(datetime.date(2020, 8, 1), programs=[ProgramFactory()])

    assert list(filtered(program="border-security").qs) == [own, port, both]


def test_event_filter_unknown_program_is_an_error_and_selects_nothing():
    dated_event(datetime.date(2020, 5, 19), programs=[ProgramFactory()])

    filterset = filtered(program="no-such-program")

    assert list(filterset.qs) == []
    assert filterset.errors == {
        "program": ["Select a valid choice. no-such-program is not one of the available choices."]
    }


def test_event_filter_year_selects_that_reporting_year():
    year_2020 = ReportingYearFactory(year=2020)
    year_2021 = ReportingYearFactory(year=2021)
    in_2020 = dated_event(datetime.date(2020, 12, 30), year=year_2020)
    dated_event(datetime.date(2021, 1, 5), year=year_2021)

    assert list(filtered(year="2020").qs) == [in_2020]


def test_event_filter_year_of_an_unpublished_year_is_an_error():
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    filterset = filtered(year="2021")

    assert list(filterset.qs) == []
    assert "year" in filterset.errors


def test_event_filter_dates_select_events_overlapping_the_range():
    before = dated_event(datetime.date(2020, 1, 27), datetime.date(2020, 1, 31))
    across_start = dated_event(datetime.date(2020, 2, 27), datetime.date(2020, 3, 2))
    inside = dated_event(datetime.date(2020, 3, 10))
    across_end = dated_event(datetime.date(2020, 3, 30), datetime.date(2020, 4, 2))
    after = dated_event(datetime.date(2020, 4, 10))

    assert list(filtered(start="2020-03-01", end="2020-03-31").qs) == [
        across_start,
        inside,
        across_end,
    ]
    assert list(filtered(start="2020-04-01").qs) == [across_end, after]
    assert list(filtered(end="2020-01-31").qs) == [before]


def test_event_filter_end_before_start_is_an_error_and_selects_nothing():
    dated_event(datetime.date(2020, 3, 10))

    filterset = filtered(start="2020-03-31", end="2020-03-01")

    assert list(filterset.qs) == []
    assert filterset.errors == {"end": ["The end date is before the start date."]}


@pytest.mark.parametrize("value", ["2020-02-30", "31/03/2020", "yesterday", "99999-01-01"])
def test_event_filter_malformed_date_is_an_error(value):
    dated_event(datetime.date(2020, 3, 10))

    filterset = filtered(start=value)

    assert list(filterset.qs) == []
    assert filterset.errors == {"start": ["Enter a valid date."]}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("2020-03-01", "2020-03-01"), ("2020-02-30", None), ("2020-3-1", None), ("yesterday", None)],
)
def test_event_filter_date_field_shows_a_valid_date_or_nothing(typed, shown):
    """<input type="date"> may only hold a valid date (anything else is invalid HTML)."""
    field = filtered(start=typed).form["start"]

    assert field.field.widget.format_value(field.value()) == shown
    assert ('value="' in str(field)) == (shown is not None)


def test_event_filter_by_kind_format_role_level_and_country():
    conference = dated_event(
        datetime.date(2020, 1, 19),
        kind="conference",
        format="in_person",
        secretariat_role="participant",
        participation_level="executive_secretary",
        country="CO",
    )
    dated_event(datetime.date(2020, 1, 20), kind="webinar", format="virtual")
    dated_event(
        datetime.date(2020, 2, 10),
        kind="conference",
        format="in_person",
        secretariat_role="participant",
        participation_level="officials",
        country="US",
    )

    assert list(filtered(kind="conference", level="executive_secretary").qs) == [conference]
    assert list(filtered(format="in_person", country="CO").qs) == [conference]
    assert list(filtered(role="participant", country="CO").qs) == [conference]


def test_event_filter_partner_selects_events_with_that_partner_in_any_role():
    unicri = PartnerFactory(slug="unicri")
    with_unicri = dated_event(datetime.date(2020, 7, 23))
    EventPartnerFactory(event=with_unicri, partner=unicri, role="co_organiser")
    EventPartnerFactory(event=with_unicri, partner=unicri, role="supporter")
    other = dated_event(datetime.date(2020, 7, 24))
    EventPartnerFactory(event=other)

    assert list(filtered(partner="unicri").qs) == [with_unicri]


def test_event_filter_partner_choices_leave_out_partners_of_draft_events():
    public, hidden = PartnerFactory(name="Public partner"), PartnerFactory(name="Hidden")
    EventPartnerFactory(event=EventFactory(), partner=public)
    EventPartnerFactory(event=EventFactory(status=ContentStatus.DRAFT), partner=hidden)

    choices = list(filtered().form.fields["partner"].choices)

    assert choices == [("", "All partners"), (public.slug, "Public partner")]


def test_event_filter_partner_choices_are_in_the_visitors_alphabetical_order():
    for slug, name, spanish in [
        ("oas", "Organization of American States", "Organización de los Estados Americanos"),
        ("rhea", "Rhea", "Ñandú"),
        ("mexico", "Mexico", "México"),
        ("new-zealand", "New Zealand", "Nueva Zelandia"),
    ]:
        EventPartnerFactory(partner=PartnerFactory(slug=slug, name=name, name_es=spanish))

    with translation.override("es"):
        spanish = list(filtered().form.fields["partner"].choices)[1:]  # after "All partners"
    english = list(filtered().form.fields["partner"].choices)[1:]

    assert spanish == [
        ("mexico", "México"),
        ("new-zealand", "Nueva Zelandia"),
        ("rhea", "Ñandú"),
        ("oas", "Organización de los Estados Americanos"),
    ]
    assert english == [
        ("mexico", "Mexico"),
        ("new-zealand", "New Zealand"),
        ("oas", "Organization of American States"),
        ("rhea", "Rhea"),
    ]


def test_event_filter_text_searches_titles_and_descriptions():
    titled = dated_event(datetime.date(2020, 3, 19), title="Webinar “Telework”")
    described = dated_event(datetime.date(2020, 4, 1), description="Secure TELEWORK at home.")
    dated_event(datetime.date(2020, 5, 1), title="Cybersecurity and work")

    assert list(filtered(q=" telework ").qs) == [titled, described]


def test_event_filter_orders_a_search_by_relevance_only_when_asked():
    described = dated_event(datetime.date(2020, 3, 19), description="Secure telework at home.")
    titled = dated_event(datetime.date(2020, 4, 1), title="Webinar on telework")
    dated_event(datetime.date(2020, 5, 1), title="Cybersecurity and work")

    assert list(filtered(q="telework").qs) == [described, titled]
    assert list(filtered(q="telework", sort="relevance").qs) == [titled, described]


def test_event_filter_relevance_without_words_keeps_the_order_given():
    first = dated_event(datetime.date(2020, 3, 19), title="Webinar on telework")
    second = dated_event(datetime.date(2020, 4, 1), title="Cybersecurity and work")

    assert list(filtered(sort="relevance").qs) == [first, second]


def test_event_filter_unknown_order_is_an_error():
    dated_event(datetime.date(2020, 3, 19), title="Telework")

    filterset = filtered(q="telework", sort="oldest")

    assert list(filterset.qs) == []
    assert filterset.errors == {
        "sort": ["Select a valid choice. oldest is not one of the available choices."]
    }


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("tele\x00work", "Null characters are not allowed."),
        ("tele\ufffdwork", "The text contains characters that could not be read. Type it again."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_event_filter_unreadable_or_overlong_text_is_an_error(value, error):
    dated_event(datetime.date(2020, 3, 19), title="Telework")

    filterset = filtered(q=value)

    assert list(filterset.qs) == []
    assert filterset.errors == {"q": [error]}


def test_event_filter_combined_filters_narrow_the_result():
    cyber = ProgramFactory(slug="cybersecurity")
    spring_webinar = dated_event(datetime.date(2020, 4, 14), programs=[cyber], kind="webinar")
    dated_event(datetime.date(2020, 4, 14), programs=[cyber], kind="conference")
    dated_event(datetime.date(2020, 9, 18), programs=[cyber], kind="webinar")
    dated_event(datetime.date(2020, 4, 8), programs=[ProgramFactory()], kind="webinar")

    assert len(filtered(program="cybersecurity").qs) == 3
    assert len(filtered(program="cybersecurity", kind="webinar").qs) == 2
    assert list(
        filtered(program="cybersecurity", kind="webinar", start="2020-04-01", end="2020-06-30").qs
    ) == [spring_webinar]


def test_event_filter_without_data_selects_every_published_event():
    event = dated_event(datetime.date(2020, 3, 19))
    EventFactory(status=ContentStatus.DRAFT)
    EventFactory(year=ReportingYearFactory(status=YearStatus.DRAFT))

    assert list(filtered().qs) == [event]


def test_event_filter_applied_names_each_filter_with_a_link_without_it():
    EventFactory(programs=[ProgramFactory(slug="maritime-security", name="Maritime security")])

    applied = filtered(program="maritime-security", kind="webinar", page="2").applied()

    assert [(a.label, a.value, a.remove_query) for a in applied] == [
        ("Program", "Maritime security", "kind=webinar"),
        ("Kind", "Webinar", "program=maritime-security"),
    ]


def test_event_filter_partner_choices_are_the_busiest_partners_of_the_latest_events(
    monkeypatch,
):
    monkeypatch.setattr("events.filters.RECENT_EVENTS", 3)
    monkeypatch.setattr("events.filters.PARTNERS_LISTED", 2)
    busy, steady, once = (PartnerFactory(name=name) for name in ("Busy", "Steady", "Once"))
    old = PartnerFactory(name="Old")
    EventPartnerFactory(event=dated_event(datetime.date(2019, 1, 1)), partner=old)
    for day, partners in [(1, [busy, steady]), (2, [busy, steady]), (3, [busy, once])]:
        event = dated_event(datetime.date(2020, 6, day))
        for partner in partners:
            EventPartnerFactory(event=event, partner=partner)

    choices = list(filtered().form.fields["partner"].choices)

    # Old's only event is not among the latest three; Once has one of them, the others more.
    assert choices == [("", "All partners"), (busy.slug, "Busy"), (steady.slug, "Steady")]


def test_event_filter_partner_not_listed_is_accepted_and_offered_when_selected(monkeypatch):
    monkeypatch.setattr("events.filters.RECENT_EVENTS", 1)
    old, recent = PartnerFactory(name="Old"), PartnerFactory(name="Recent")
    with_old = dated_event(datetime.date(2019, 1, 1))
    EventPartnerFactory(event=with_old, partner=old)
    EventPartnerFactory(event=dated_event(datetime.date(2020, 1, 1)), partner=recent)

    filterset = filtered(partner=old.slug)

    assert list(filterset.form.fields["partner"].choices) == [
        ("", "All partners"),
        (old.slug, "Old"),
        (recent.slug, "Recent"),
    ]
    assert list(filterset.qs) == [with_old]


def test_event_filter_partner_of_draft_events_only_is_refused():
    hidden = PartnerFactory(slug="hidden")
    EventPartnerFactory(event=EventFactory(status=ContentStatus.DRAFT), partner=hidden)

    filterset = filtered(partner="hidden")

    assert filterset.errors["partner"] == [
        "Select a valid choice. hidden is not one of the available choices."
    ]
    assert list(filterset.qs) == []


def test_event_filter_country_selects_events_held_there_or_that_served_it():
    held = dated_event(datetime.date(2020, 1, 28), format="in_person", country="PY")
    served = dated_event(datetime.date(2020, 12, 15), countries_served=["AR", "BR", "PY"])
    dated_event(datetime.date(2020, 8, 24), countries_served=["PA"])
    dated_event(datetime.date(2020, 8, 25), country="BR", format="in_person")

    assert list(filtered(country="PY").qs) == [held, served]
    assert list(filtered(country="AR").qs) == [served]
    assert list(filtered(country="BR").qs) == [Event.objects.get(country="BR"), served]
