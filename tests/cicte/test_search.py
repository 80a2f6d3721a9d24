"""The site search (/search/, reports.queries.site_search): events, publications, partners,
programs and the report's texts, with the events list's full-text search (cicte.search)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from reports.queries import SEARCH_RESULTS_SHOWN
from tests.factories.cicte import ReportingYearFactory, ReportTextFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ProgramFactory, ProgramYearFactory
from tests.factories.publications import PublicationFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def results(response):
    """{group heading: [result titles]} in the page's order."""
    page = parse(response)
    return {
        group.one("h3").text: [h4.text for h4 in group.select("h4")]
        for group in page.select("section", class_="search-group")
    }


def maritime_site():
    """One public record of each kind about maritime security, and draft ones that are not."""
    year = ReportingYearFactory(year=2020)
    draft_year = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    program = ProgramFactory(name="Maritime security", description="Ports and ships.")
    ProgramYearFactory(program=program, year=year)
    event = EventFactory(year=year, title="Maritime security workshop", kind="workshop")
    EventDateFactory(event=event, start=datetime.date(2020, 3, 19))
    EventFactory(year=year, title="Maritime draft", status=ContentStatus.DRAFT)
    EventFactory(year=draft_year, title="Maritime meeting of a draft year")
    PublicationFactory(year=year, title="Guide to maritime security")
    PublicationFactory(year=year, title="Maritime draft guide", status=ContentStatus.DRAFT)
    PartnerYearFactory(
        partner=PartnerFactory(name="International Maritime Organization"), year=year
    )
    # Known only from a draft event: hidden, it would give the draft away.
    EventPartnerFactory(
        event=EventFactory(year=draft_year), partner=PartnerFactory(name="Maritime Draft Agency")
    )
    ReportTextFactory(
        year=year, part="cooperation", heading="Consultations", text="On maritime security."
    )
    ReportTextFactory(year=draft_year, heading="Draft", text="On maritime routes.")
    return year


def test_search_finds_every_kind_of_public_record_grouped_by_kind(client):
    maritime_site()

    response = client.get(SEARCH, {"q": "maritime"})

    assert response.status_code == 200
    assert results(response) == {
        "Events (1)": ["Maritime security workshop"],
        "Publications (1)": ["Guide to maritime security"],
        "Partners (1)": ["International Maritime Organization"],
        "Programs (1)": ["Maritime security"],
        "Annual reports (1)": [
            "Annual report 2020, V. Communications, consultations, and inter-institutional "
            "cooperation: Consultations"
        ],
    }
    page = parse(response)
    report_link = page.one("section", id="results-report").one("h4").select("a")[0]
    assert report_link.attrs["href"] == "/en/reports/2020/#cooperation"
    assert [a.attrs["href"] for a in page.one("nav", class_="on-this-page").select("a")] == [
        "#results-events",
        "#results-publications",
        "#results-partners",
        "#results-programs",
        "#results-report",
    ]


def test_search_leaves_out_kinds_without_results(client):
    maritime_site()

    response = client.get(SEARCH, {"q": "ships"})

    assert results(response) == {"Programs (1)": ["Maritime security"]}


def test_search_in_spanish_finds_spanish_and_english_words(client):
    year = ReportingYearFactory(year=2020)
    PublicationFactory(
        year=year, title="Guide to port security", title_es="Guía de seguridad portuaria"
    )
    PartnerYearFactory(
        year=year,
        partner=PartnerFactory(
            name="Inter-American Drug Abuse Control Commission",
            name_es="Comisión Interamericana para el Control del Abuso de Drogas",
        ),
    )

    spanish = client.get(f"/es{SEARCH.removeprefix('/en')}", {"q": "guia portuaria"})
    english_words = client.get(f"/es{SEARCH.removeprefix('/en')}", {"q": "drug abuse"})
    english = client.get(SEARCH, {"q": "guia portuaria"})

    assert list(results(spanish).values()) == [["Guía de seguridad portuaria"]]
    assert list(results(english_words).values()) == [
        ["Comisión Interamericana para el Control del Abuso de Drogas"]
    ]
    assert results(english) == {}
    assert parse(english).one("p", class_="empty").text.startswith("Nothing matches")


def test_search_shows_the_best_matches_and_leads_to_every_matching_event(client):
    year = ReportingYearFactory(year=2020)
    for number in range(SEARCH_RESULTS_SHOWN + 1):
        EventFactory(year=year, title=f"Cyber drill {number}")
        PublicationFactory(year=year, title=f"Cyber guide {number}")

    page = parse(client.get(SEARCH, {"q": "cyber"}))

    assert [h3.text for h3 in page.select("h3")] == ["Events (10+)", "Publications (10+)"]
    events = page.one("section", id="results-events")
    assert events.select("a")[-1].attrs["href"] == "/en/events/?q=cyber"
    assert page.one("section", id="results-publications").one("p", class_="notice").text == (
        "Only the best matches are shown: add words to narrow the search."
    )


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("caf\ufffd", "The text contains characters that could not be read. Type it again."),
    ],
)
def test_search_bad_words_answer_400_with_the_reason(client, words, message):
    response = client.get(SEARCH, {"q": words})

    assert response.status_code == 400
    assert parse(response).one("ul", class_="errorlist").text == message
    assert parse(response).select("section", class_="results") == []


def test_search_without_words_shows_the_form_only(client, django_assert_num_queries):
    # Nothing to search: nothing read.
    with django_assert_num_queries(0):
        response = client.get(SEARCH, {"q": "  "})

    page = parse(response)
    assert page.one("input", id="search-q").attrs["name"] == "q"
    assert page.select("section", class_="results") == []


@pytest.mark.parametrize("rows", [1, 8])
def test_search_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for number in range(rows):
        event = EventFactory(year=year, title=f"Cyber drill {number}")
        EventDateFactory(event=event, start=datetime.date(2020, 3, 1 + number))
        EventDateFactory(event=event, start=datetime.date(2020, 4, 1 + number))
        PublicationFactory(year=year, title=f"Cyber guide {number}")
        PartnerYearFactory(year=year, partner=PartnerFactory(name=f"Cyber partner {number}"))
        ProgramYearFactory(year=year, program=ProgramFactory(name=f"Cyber program {number}"))
        ReportTextFactory(year=year, text=f"Cyber {number}")

    # Events and their dates; publications; partners; programs; the report's texts.
    with django_assert_num_queries(6):
        response = client.get(SEARCH, {"q": "cyber"})

    assert [h3.text for h3 in parse(response).select("h3")] == [
        f"Events ({rows})",
        f"Publications ({rows})",
        f"Partners ({rows})",
        f"Programs ({rows})",
        f"Annual reports ({rows})",
    ]


def test_every_page_has_the_site_search_in_its_header(client):
    page = parse(client.get("/es/events/"))

    form = page.one("header", class_="site-header").one("form", role="search")
    assert form.attrs["action"] == "/es/search/#results-title"
    assert form.one("input", id="site-search-q").attrs["name"] == "q"


def test_search_columns_are_generated_and_indexed_for_each_language():
    tables = [
        "cicte_reporttext",
        "partners_partner",
        "programs_program",
        "publications_publication",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, is_generated FROM information_schema.columns "
            "WHERE table_name = ANY(%s) AND column_name LIKE 'search_%%' "
            "ORDER BY table_name, column_name",
            [tables],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef LIKE '%%USING gin (search_%%' ORDER BY indexname",
            [tables],
        )
        indexes = [row[0] for row in cursor.fetchall()]

    languages = ("en", "es", "fr", "pt")
    assert columns == [(t, f"search_{code}", "ALWAYS") for t in tables for code in languages]
    assert indexes == [f"{t}_search_{code}_idx" for t in tables for code in languages]


def test_search_shows_the_latest_matching_events_without_ranking_them(client):
    year = ReportingYearFactory(year=2020)
    titled = EventFactory(year=year, title="Port security drill")
    EventDateFactory(event=titled, start=datetime.date(2020, 3, 1))
    described = EventFactory(year=year, title="Regional meeting", description="On port security.")
    EventDateFactory(event=described, start=datetime.date(2020, 9, 1))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": "port security"})

    # A common word matches most events: ranking them would read every match's text.
    events_queries = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "events_event"')
    ]
    assert [("ts_rank" in sql) for sql in events_queries] == [False]
    assert results(response)["Events (2)"] == ["Regional meeting", "Port security drill"]
