import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from events.enums import DatePrecision
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ActivityFactory, ProgramFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


def dated_event(start, end=None, **kwargs):
    event = EventFactory(**kwargs)
    EventDateFactory(event=event, start=start, end=end or start)
    return event


def listed_titles(response):
    return texts(response, "h3", class_="summary-title")


def test_event_list_shows_published_events_newest_first(client):
    dated_event(datetime.date(2020, 3, 19), title="March webinar")
    dated_event(datetime.date(2020, 12, 9), title="December webinar")
    EventFactory(title="Undated meeting")
    EventFactory(title="Draft meeting", status=ContentStatus.DRAFT)
    EventFactory(title="Meeting of a draft year", year=ReportingYearFactory(status="draft"))

    response = client.get(LIST)

    assert response.status_code == 200
    assert listed_titles(response) == ["December webinar", "March webinar", "Undated meeting"]


def test_event_list_filtered_by_program_lists_exactly_its_events(client):
    maritime = ProgramFactory(slug="maritime-security")
    dated_event(datetime.date(2020, 5, 19), title="Port security", programs=[maritime])
    dated_event(datetime.date(2020, 3, 19), title="Telework", programs=[ProgramFactory()])

    response = client.get(LIST, {"program": "maritime-security"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Port security"]
    page = parse(response)
    assert page.one("option", value="maritime-security").attrs.keys() >= {"selected"}
    assert page.one("h2", id="results-title").text == "1 event"
    assert [li.text for li in page.one("section", class_="applied-filters").select("li")] == [
        f"Program: {maritime.name} Remove the filter “Program”"
    ]


def test_event_list_combined_filters_keep_their_values_in_the_form(client):
    cyber = ProgramFactory(slug="cybersecurity")
    dated_event(datetime.date(2020, 4, 14), title="Spring webinar", programs=[cyber])
    dated_event(datetime.date(2020, 9, 18), title="Autumn webinar", programs=[cyber])
    dated_event(datetime.date(2020, 4, 15), title="Spring course", programs=[cyber], kind="course")

    response = client.get(
        LIST, {"program": "cybersecurity", "kind": "webinar", "start": "2020-04-01", "q": "spring"}
    )

    assert listed_titles(response) == ["Spring webinar"]
    page = parse(response)
    assert page.one("input", name="start").attrs["value"] == "2020-04-01"
    assert page.one("form", class_="filters").one("input", name="q").attrs["value"] == "spring"
    assert page.one("option", value="webinar").attrs.keys() >= {"selected"}


def test_event_list_folds_its_filters_behind_their_count_and_opens_at_the_results(client):
    dated_event(datetime.date(2020, 4, 14), kind="webinar")

    unfiltered = parse(client.get(LIST))
    filtered = parse(client.get(LIST, {"kind": "webinar", "q": "", "format": "virtual"}))
    invalid = parse(client.get(LIST, {"start": "not-a-date"}))

    disclosure = filtered.one("details", class_="filters-disclosure")
    assert disclosure.one("summary", class_="filters-summary").text == "Filters (2)"
    assert "open" not in disclosure.attrs
    assert disclosure.one("form").attrs["action"] == "/en/events/#results-title"
    assert unfiltered.one("summary", class_="filters-summary").text == "Filters (0)"
    spanish = parse(client.get("/es/events/", {"kind": "webinar"}))
    assert spanish.one("summary", class_="filters-summary").text == "Filtros (1)"
    # A filter to correct: shown open, its error in view.
    assert "open" in invalid.one("details", class_="filters-disclosure").attrs


def test_event_list_shows_its_results_before_its_data_links(client):
    dated_event(datetime.date(2020, 4, 14), title="Spring webinar")

    results = parse(client.get(LIST)).one("section", class_="results")

    order = [
        element.tag if element.tag != "nav" else "data-links"
        for element in results.children
        if not isinstance(element, str)
    ]
    assert order == ["h2", "ol", "data-links", "details"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"program": "no-such-program"}, "Program", "Select a valid choice."),
        ({"start": "2020-02-30"}, "From", "Enter a valid date."),
        ({"start": "2020-03-31", "end": "2020-03-01"}, "To", "The end date is before the start"),
        ({"year": "99999999999999999999"}, "Year", "Select a valid choice."),
        ({"kind": "<script>"}, "Kind", "Select a valid choice."),
    ],
)
def test_event_list_bad_filter_answers_400_with_the_reason(client, query, field, message):
    dated_event(datetime.date(2020, 3, 19), title="Telework")

    response = client.get(LIST, query)

    assert response.status_code == 400
    summary = parse(response).one("div", class_="error-summary")
    assert summary.select("a")[0].text.startswith(f"{field}: {message}")
    assert listed_titles(response) == []


def test_event_list_echoes_bad_input_escaped(client):
    response = client.get(LIST, {"q": "<script>alert(1)</script>", "kind": "<b>"})

    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_event_list_undecodable_bytes_answer_400_with_a_message(client):
    dated_event(datetime.date(2020, 3, 19), title="Telework")

    response = client.get(f"{LIST}?q=%ff%fe")

    assert response.status_code == 400
    assert parse(response).one("div", class_="error-summary").select("a")[0].text == (
        "Search: The text contains characters that could not be read. Type it again."
    )


def test_event_list_nul_in_a_choice_answers_400(client):
    response = client.get(f"{LIST}?program=%00")

    assert response.status_code == 400
    assert listed_titles(response) == []


def test_event_list_page_past_the_end_shows_the_last_page_with_a_message(client):
    for day in range(1, 23):
        dated_event(datetime.date(2020, 1, day), title=f"Event of January {day:02}")

    response = client.get(LIST, {"page": "99999999999999999999999"})

    assert response.status_code == 200
    assert listed_titles(response) == ["Event of January 02", "Event of January 01"]
    assert parse(response).one("p", class_="notice").text == (
        "There are fewer pages than that; here is the last one."
    )


@pytest.mark.parametrize("page", ["abc", "1.5", "-3", "0"])
def test_event_list_page_that_is_not_a_page_number_shows_a_page_with_a_message(client, page):
    dated_event(datetime.date(2020, 1, 1), title="Only event")

    response = client.get(f"{LIST}?page={page}")

    assert response.status_code == 200
    assert listed_titles(response) == ["Only event"]
    assert parse(response).one("p", class_="notice").text != ""


def test_event_list_pagination_keeps_the_filters(client):
    for day in range(1, 23):
        dated_event(datetime.date(2020, 1, day), kind="webinar")

    response = client.get(LIST, {"kind": "webinar"})

    page = parse(response)
    assert page.one("a", rel="next").attrs["href"] == "?kind=webinar&page=2"


def make_listed_event(number):
    program = ProgramFactory()
    event = dated_event(datetime.date(2020, 1, 1) + datetime.timedelta(days=number))
    EventDateFactory(
        event=event, start=datetime.date(2020, 12, 1) + datetime.timedelta(days=number)
    )
    event.programs.set([program, ProgramFactory()])
    EventPartnerFactory(event=event)
    return event


@pytest.mark.parametrize("rows", [1, 30])
def test_event_list_query_budget(client, django_assert_num_queries, rows):
    for number in range(rows):
        make_listed_event(number)

    # Choices: programs, partners, years; then count, page, dates, programs.
    with django_assert_num_queries(7):
        response = client.get(LIST)

    assert len(listed_titles(response)) == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 30])
def test_event_list_filtered_query_budget(client, django_assert_num_queries, rows):
    for number in range(rows):
        make_listed_event(number)
    partner = PartnerFactory(slug="unicri")
    for event in EventFactory._meta.model.objects.all():
        EventPartnerFactory(event=event, partner=partner)

    with django_assert_num_queries(7):
        response = client.get(
            LIST, {"partner": "unicri", "start": "2020-01-01", "end": "2020-12-31", "q": "event"}
        )

    assert len(listed_titles(response)) == min(rows, 20)


def test_event_list_search_ranks_no_row_unless_relevance_is_asked(client):
    dated_event(datetime.date(2020, 3, 1), title="Security meeting")
    dated_event(
        datetime.date(2020, 3, 2), title="Regional meeting", description="On port security."
    )

    with CaptureQueriesContext(connection) as newest_first:
        newest_first_response = client.get(LIST, {"q": "security"})
    with CaptureQueriesContext(connection) as by_relevance:
        by_relevance_response = client.get(LIST, {"q": "security", "sort": "relevance"})

    # Ranking reads every match's text: only the page's query ranks, and only when asked.
    ranking = [
        sum("ts_rank" in query["sql"] for query in queries.captured_queries)
        for queries in (newest_first, by_relevance)
    ]
    assert ranking == [0, 1]
    assert listed_titles(newest_first_response) == ["Regional meeting", "Security meeting"]
    assert listed_titles(by_relevance_response) == ["Security meeting", "Regional meeting"]


def test_event_list_invalid_filter_query_budget(client, django_assert_num_queries):
    make_listed_event(1)

    # The choices only: an invalid filter runs no search.
    with django_assert_num_queries(3):
        response = client.get(LIST, {"start": "not-a-date"})

    assert response.status_code == 400
    summary = parse(response).one("div", class_="error-summary")
    assert summary.select("a")[0].text.startswith("From: Enter a valid date.")
    assert listed_titles(response) == []


def test_event_detail_shows_the_event_as_reported(client):
    program = ProgramFactory(name="Resolution 1540")
    activity = ActivityFactory(program=program, title="Biosecurity project")
    event = EventFactory(
        title="GAFILAT Virtual Plenaries",
        kind="plenary",
        secretariat_role="participant",
        participation_level="officials",
        attendance_note="more than 400 people",
        activity=activity,
        programs=[program],
    )
    EventDateFactory(event=event, start=datetime.date(2020, 6, 17))
    EventDateFactory(event=event, start=datetime.date(2020, 11, 30), end=datetime.date(2020, 12, 3))
    EventPartnerFactory(
        event=event, partner=PartnerFactory(name="GAFILAT"), role="organiser", position=0
    )

    response = client.get(event.get_absolute_url())

    page = parse(response)
    assert page.one("h1").text == "GAFILAT Virtual Plenaries"
    facts = dict(
        zip(
            [dt.text for dt in page.select("dt")],
            [dd.text for dd in page.select("dd")],
            strict=True,
        )
    )
    assert page.one("p", class_="lede").text == "June 17 and November 30 to December 3, 2020"
    assert list(facts) == [
        "Format",
        "The secretariat's role",
        "Represented by",
        "Attendance",
        "Programs",
        "Activity",
        "Reported in",
    ]
    assert facts["Format"] == "Virtual"
    assert facts["Represented by"] == (
        "CICTE Secretariat officials *** "
        "In Annex 1's legend, *** stands for “Participation of CICTE Secretariat officials”."
    )
    assert facts["Attendance"] == "more than 400 people"
    assert facts["Programs"] == "Resolution 1540"
    assert facts["Activity"] == "Biosecurity project"
    assert facts["Reported in"] == f"Annual report {event.year.year}, Annex 1"
    assert texts(response, "ul", class_="role-list") == ["GAFILAT Organising"]
    assert page.one("title").text == "GAFILAT Virtual Plenaries · CICTE"


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": ContentStatus.DRAFT},
        {"year__status": YearStatus.DRAFT},
    ],
)
def test_event_detail_of_unpublished_event_is_404(client, hidden):
    event = EventFactory(**hidden)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 404
    assert parse(response).one("h1").text == "Page not found"


def test_event_detail_unknown_slug_is_404(client):
    assert client.get(reverse("events:detail", args=["no-such-event"])).status_code == 404


def test_event_detail_states_a_venue_once(client):
    """The place is a fact of its own only where there is one: a virtual event's format
    already says it is virtual."""
    event = dated_event(datetime.date(2020, 3, 19), format="hybrid", city="Bogotá", country="CO")

    page = parse(client.get(event.get_absolute_url()))

    facts = {dt.text: dd.text for dt, dd in zip(page.select("dt"), page.select("dd"), strict=True)}
    assert (facts["Place"], facts["Format"]) == ("Bogotá, Colombia", "Hybrid")
    assert page.select("p", class_="marker-note") == []


def test_event_detail_names_the_countries_it_served_each_leading_to_its_events(client):
    event = dated_event(datetime.date(2020, 12, 15), countries_served=["PY", "AR", "BR"])

    page = parse(client.get(event.get_absolute_url()))

    facts = {dt.text: dd for dt, dd in zip(page.select("dt"), page.select("dd"), strict=True)}
    assert "Place" not in facts
    assert facts["Countries served"].text == "Argentina, Brazil, Paraguay"
    assert [a.attrs["href"] for a in facts["Countries served"].select("a")] == [
        "/en/events/?country=AR",
        "/en/events/?country=BR",
        "/en/events/?country=PY",
    ]


def test_event_detail_offers_its_calendar_file_once_it_has_dates(client):
    dated = dated_event(datetime.date(2020, 3, 19), slug="webinar")
    undated = EventFactory()

    link = parse(client.get(dated.get_absolute_url())).one("a", type="text/calendar")
    undated_page = parse(client.get(undated.get_absolute_url()))

    assert (link.text, link.attrs["href"]) == ("Add to calendar", "/events/webinar.ics")
    assert undated_page.select("a", type="text/calendar") == []


def test_event_detail_month_precision_dates(client):
    event = EventFactory()
    EventDateFactory(
        event=event,
        start=datetime.date(2020, 6, 1),
        end=datetime.date(2020, 12, 31),
        precision=DatePrecision.MONTH,
    )

    response = client.get(event.get_absolute_url())

    assert parse(response).one("p", class_="lede").text == "June-December 2020"


@pytest.mark.parametrize("rows", [1, 10])
def test_event_detail_query_budget(client, django_assert_num_queries, rows):
    event = EventFactory(activity=ActivityFactory())
    for number in range(rows):
        EventDateFactory(event=event, start=datetime.date(2020, 1, 1 + number * 2))
        EventPartnerFactory(event=event)
        event.programs.add(ProgramFactory())

    # The event with year and activity; dates; programs; partners.
    with django_assert_num_queries(4):
        response = client.get(event.get_absolute_url())

    assert response.status_code == 200


def crumbs(response):
    """Each crumb after Home: (text, the address it links to, whether it is the current page)."""
    items = []
    for item in parse(response).one("nav", class_="breadcrumbs").select("li")[1:]:
        links = item.select("a")
        current = bool(item.select("span", aria_current="page"))
        items.append((item.text, links[0].attrs["href"] if links else None, current))
    return items


def test_event_breadcrumbs_mark_the_list_current_on_the_list_and_link_it_below(client):
    event = EventFactory(title="Port security")

    on_list = crumbs(client.get(LIST, {"page": 1}))
    on_event = crumbs(client.get(event.get_absolute_url()))

    assert on_list == [("Events", None, True)]
    assert on_event == [("Events", LIST, False), ("Port security", None, True)]
