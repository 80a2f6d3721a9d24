import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.programs import (
    ActivityFactory,
    ActivityPartnerFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    ProgramYearFactory,
)
from tests.factories.publications import CoPublisherFactory, PublicationFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


def dated_event(start, **kwargs):
    event = EventFactory(**kwargs)
    EventDateFactory(event=event, start=start)
    return event


def test_program_list_shows_programs_with_their_sub_programs_and_public_counts(client):
    border = ProgramFactory(name="Border security", position=4)
    maritime = ProgramFactory(name="Maritime security", parent=border, position=5)
    cyber = ProgramFactory(name="Cybersecurity", position=1)
    dated_event(datetime.date(2020, 5, 19), programs=[maritime])
    EventFactory(programs=[maritime], status=ContentStatus.DRAFT)
    EventFactory(programs=[cyber], year=ReportingYearFactory(status=YearStatus.DRAFT))
    PublicationFactory(programs=[cyber])

    response = client.get(reverse("programs:list"))

    assert texts(response, "h2", class_="card-title") == ["Cybersecurity", "Border security"]
    border_card = parse(response).select("li", class_="card")[1]
    assert [li.text for li in border_card.one("ul", class_="plain").select("li")] == [
        "Maritime security 1 event · 0 publications"
    ]
    assert texts(response, "span", class_="counts")[0] == "0 events · 1 publication"


@pytest.mark.parametrize("rows", [1, 12])
def test_program_list_query_budget(client, django_assert_num_queries, rows):
    for _ in range(rows):
        program = ProgramFactory()
        ProgramFactory(parent=program)
        dated_event(datetime.date(2020, 1, 1), programs=[program])
        PublicationFactory(programs=[program])

    # The programs, their events and their publications counted.
    with django_assert_num_queries(3):
        response = client.get(reverse("programs:list"))

    assert len(texts(response, "h2", class_="card-title")) == rows


def test_program_detail_shows_each_year_with_narrative_activities_and_events(client):
    year = ReportingYearFactory(year=2020)
    program = ProgramFactory(name="Maritime security", slug="maritime-security")
    ProgramYearFactory(program=program, year=year, narrative="Completed an assessment.")
    ActivityFactory(
        program=program,
        year=year,
        title="Operational Assessment",
        participants=40,
        figures_note="7 national strategies",
        countries=["VC", "BB"],
    )
    dated_event(datetime.date(2020, 5, 19), year=year, programs=[program], title="Port webinar")
    dated_event(datetime.date(2020, 10, 26), year=year, programs=[program], title="Coast Guard")
    EventFactory(year=year, programs=[program], title="Draft", status=ContentStatus.DRAFT)

    response = client.get(program.get_absolute_url())

    page = parse(response)
    assert page.one("h1").text == "Maritime security"
    year_section = page.one("section", id="year-2020")
    assert "Completed an assessment." in year_section.one("div", class_="narrative").text
    activity = year_section.one("article", class_="activity")
    assert activity.one("h4").text == "Operational Assessment"
    assert activity.one("dl", class_="figures").text == (
        "Participants 40 As reported 7 national strategies"
    )
    assert activity.one("p", class_="countries").text == (
        "Beneficiary countries: Barbados, Saint Vincent and the Grenadines"
    )
    assert [h.text for h in year_section.select("h4", class_="summary-title")] == [
        "Port webinar",
        "Coast Guard",
    ]
    chart = year_section.one("figure", class_="chart")
    assert chart.one("table").select("tfoot")[0].text == "Total 2 2"


def test_program_detail_of_parent_gathers_its_sub_programs(client):
    year = ReportingYearFactory(year=2020)
    border = ProgramFactory(name="Border security", slug="border-security")
    maritime = ProgramFactory(name="Maritime security", parent=border)
    cargo = ProgramFactory(name="Cargo security", parent=border)
    ProgramYearFactory(program=maritime, year=year, narrative="Maritime work.")
    ProgramYearFactory(program=cargo, year=year, narrative="Cargo work.", funded=False)
    dated_event(datetime.date(2020, 5, 5), year=year, programs=[maritime, cargo], title="Shared")
    dated_event(datetime.date(2020, 7, 22), year=year, programs=[cargo], title="Cargo webinar")
    dated_event(datetime.date(2020, 7, 1), year=year, programs=[ProgramFactory()], title="Other")
    PublicationFactory(year=year, programs=[maritime], title="Port guide")

    response = client.get(border.get_absolute_url())

    page = parse(response)
    assert texts(response, "ul", class_="inline-list")[0] == "Maritime security Cargo security"
    assert [h.text for h in page.one("section", id="year-2020").select("h3")] == [
        "Maritime security",
        "Cargo security",
        "Events",
        "Where the work reached",
    ]
    assert texts(response, "p", class_="notice") == ["No funding this year."]
    assert texts(response, "h4", class_="summary-title") == ["Shared", "Cargo webinar"]
    assert texts(response, "h3", class_="summary-title") == ["Port guide"]


def test_program_detail_hides_unpublished_years(client):
    draft_year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    program = ProgramFactory()
    ProgramYearFactory(program=program, year=ReportingYearFactory(year=2020), narrative="")
    ProgramYearFactory(program=program, year=draft_year, narrative="Hidden plans.")
    ActivityFactory(program=program, year=draft_year, title="Hidden activity")

    response = client.get(program.get_absolute_url())
    draft = client.get(program.get_absolute_url(), {"year": "2021"})

    assert response.status_code == draft.status_code == 200
    assert b"Hidden" not in response.content
    assert b"Hidden" not in draft.content
    assert texts(response, "a", href="?year=2021") == []


def test_program_detail_of_a_program_known_only_from_a_draft_year_is_404(client):
    draft_year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    program = ProgramFactory(name="Quantum security")
    ProgramYearFactory(program=program, year=draft_year, narrative="Hidden plans.")
    ActivityFactory(program=program, year=draft_year, title="Hidden activity")

    response = client.get(program.get_absolute_url())

    assert response.status_code == 404
    assert b"Quantum" not in response.content


def test_program_detail_unknown_slug_is_404(client):
    assert client.get(reverse("programs:detail", args=["no-such-program"])).status_code == 404


@pytest.mark.parametrize("rows", [1, 10])
def test_program_detail_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    parent = ProgramFactory(slug="border-security")
    for number in range(rows):
        child = ProgramFactory(parent=parent)
        ProgramPartnerFactory(program_year=ProgramYearFactory(program=child, year=year))
        ActivityPartnerFactory(activity=ActivityFactory(program=child, year=year))
        event = dated_event(datetime.date(2020, 1 + number % 12, 1), year=year, programs=[child])
        EventPartnerFactory(event=event)
        CoPublisherFactory(publication=PublicationFactory(year=year, programs=[child]))

    # The family, narratives, their key partners, the public years with their events by
    # country and by month and their activities by country and first ones (the charts, the map
    # and the years' table), the year shown's latest events and their dates, latest
    # publications, first partners.
    with django_assert_num_queries(8):
        response = client.get(parent.get_absolute_url())

    assert len(texts(response, "h4", class_="summary-title")) == rows
    assert len(texts(response, "p", class_="key-partners")) == rows


def test_program_detail_shows_one_year_at_a_time(client):
    program = ProgramFactory(name="Maritime security", slug="maritime-security")
    for year in (2019, 2020):
        dated_event(
            datetime.date(year, 5, 19),
            year=ReportingYearFactory(year=year),
            programs=[program],
            title=f"Port webinar {year}",
        )

    def shown(query=""):
        response = client.get(program.get_absolute_url() + query)
        nav = parse(response).one("nav", class_="on-this-page")
        years = [(a.text, a.attrs.get("aria-current")) for a in nav.select("a")]
        return (
            years,
            texts(response, "h4", class_="summary-title"),
            texts(response, "p", class_="empty"),
        )

    # The year's map says that no country is recorded: the webinars name none.
    no_country = ["No country is recorded for this year's events or activities."]
    assert shown() == ([("2020", "true"), ("2019", None)], ["Port webinar 2020"], no_country)
    assert shown("?year=2019") == (
        [("2020", None), ("2019", "true")],
        ["Port webinar 2019"],
        no_country,
    )
    assert shown("?year=1999") == (
        [("2020", None), ("2019", None)],
        [],
        ["Nothing is published for this program in “1999”: choose one of the years above."],
    )


def test_program_detail_reads_the_events_of_the_year_shown_only(client):
    program = ProgramFactory(slug="maritime-security")
    for year in (2019, 2020):
        dated_event(
            datetime.date(year, 5, 19), year=ReportingYearFactory(year=year), programs=[program]
        )

    with CaptureQueriesContext(connection) as queries:
        client.get(program.get_absolute_url(), {"year": "2019"})

    # Numbering every year's events (a window function) read all of the program's.
    events_read = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "events_event"."id"')
    ]
    assert len(events_read) == 1
    assert "ROW_NUMBER" not in events_read[0]
    assert re.search(r'\."year" = 2019\b', events_read[0])


def test_program_page_maps_its_work_and_shows_its_years(client):
    earlier, year = ReportingYearFactory(year=2019), ReportingYearFactory(year=2020)
    border = ProgramFactory(name="Border security", slug="border-security")
    maritime = ProgramFactory(name="Maritime security", parent=border)
    cyber = ProgramFactory(name="Cybersecurity")
    served = ["CO", "PE"]
    dated_event(datetime.date(2020, 5, 19), year=year, programs=[maritime], countries_served=served)
    # A national workshop: held in the country it served, counted once there.
    dated_event(
        datetime.date(2020, 1, 28),
        year=year,
        programs=[border, maritime],
        country="PA",
        countries_served=["PA"],
    )
    dated_event(datetime.date(2019, 6, 1), year=earlier, programs=[maritime], country="CO")
    ActivityFactory(program=maritime, year=year, countries=["AG", "CO"])
    # Not this program's, or not public: not counted.
    dated_event(datetime.date(2020, 6, 1), year=year, programs=[cyber], country="MX")
    ActivityFactory(program=cyber, year=year, countries=["JM"])
    draft = ContentStatus.DRAFT
    EventFactory(year=year, programs=[maritime], countries_served=["BR"], status=draft)

    page = parse(client.get(border.get_absolute_url()))

    figure = page.one("figure", class_="country-map")
    assert figure.one("figcaption").text == "Where the work of Border security reached in 2020"
    assert [tr.text for tr in figure.one("tbody").select("tr")] == [
        "Antigua and Barbuda 0 1",
        "Colombia 1 1",
        "Panama 1 0",
        "Peru 1 0",
    ]
    links = [a.attrs["href"] for a in figure.one("tbody").select("a")]
    assert links == [
        f"/en/events/?country={code}&year=2020&program=border-security"
        for code in ("AG", "CO", "PA", "PE")
    ]
    assert sorted(a.attrs["href"] for a in figure.one("svg").select("a")) == links
    years = page.one("section", aria_labelledby="years-title")
    table = years.one("table", class_="years-table")
    assert table.one("caption").text == (
        "The work of Border security in each public year, with the year's report"
    )
    assert [tr.text for tr in table.one("tbody").select("tr")] == [
        "Annual report 2019 1 0 1",
        "Annual report 2020 2 1 4",
    ]
    chart = years.one("figure", aria_labelledby="events-per-year-caption")
    assert [tr.text for tr in chart.one("tbody").select("tr")] == ["2019 1", "2020 2"]


def test_program_page_maps_the_year_it_shows(client):
    program = ProgramFactory(name="Maritime security", slug="maritime-security")
    for number, country in ((2019, "CO"), (2020, "PE")):
        dated_event(
            datetime.date(number, 5, 19),
            year=ReportingYearFactory(year=number),
            programs=[program],
            countries_served=[country],
        )

    page = parse(client.get(program.get_absolute_url() + "?year=2019"))

    figure = page.one("figure", class_="country-map")
    assert [a.attrs["href"] for a in figure.one("tbody").select("a")] == [
        "/en/events/?country=CO&year=2019&program=maritime-security"
    ]


def test_program_page_map_reads_in_spanish(client):
    program = ProgramFactory(name="Maritime security", name_es="Seguridad marítima")
    dated_event(
        datetime.date(2020, 5, 19),
        year=ReportingYearFactory(year=2020),
        programs=[program],
        countries_served=["PE"],
    )

    page = parse(client.get(program.get_absolute_url().replace("/en/", "/es/")))

    figure = page.one("figure", class_="country-map")
    assert figure.one("figcaption").text == "Adónde llegó la labor de Seguridad marítima en 2020"
    headers = [th.text for th in figure.one("thead").select("th")]
    assert headers == ["País", "Eventos", "Actividades"]
    assert [tr.text for tr in figure.one("tbody").select("tr")] == ["Perú 1 0"]
