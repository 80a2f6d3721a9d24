import datetime
import json

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus, Language, YearStatus
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

LIST = reverse("publications:list")


def test_publication_list_newest_first_without_drafts(client):
    PublicationFactory(title="July report", published_on=datetime.date(2020, 7, 1))
    PublicationFactory(title="October report", published_on=datetime.date(2020, 10, 1))
    PublicationFactory(title="Draft report", status=ContentStatus.DRAFT)
    PublicationFactory(title="Next year's", year=ReportingYearFactory(status=YearStatus.DRAFT))

    response = client.get(LIST)

    assert texts(response, "h3", class_="summary-title") == ["October report", "July report"]


def test_publication_list_filters_by_language(client):
    portuguese = PublicationFactory(title="Brazil review")
    EditionFactory(publication=portuguese, language=Language.PORTUGUESE)
    EditionFactory(publication=PublicationFactory(title="English only"))

    response = client.get(LIST, {"language": "pt"})

    assert texts(response, "h3", class_="summary-title") == ["Brazil review"]
    assert texts(response, "section", class_="applied-filters") == [
        "Filtered by Language: Portuguese Remove the filter “Language”"
    ]


@pytest.mark.parametrize("query", [{"language": "klingon"}, {"program": "%ff"}, {"year": "x"}])
def test_publication_list_bad_filter_answers_400_with_a_message(client, query):
    PublicationFactory()

    response = client.get(LIST, query)

    assert response.status_code == 400
    assert texts(response, "h2", id="error-summary-title") == ["Some filters could not be applied"]
    assert texts(response, "h3", class_="summary-title") == []


@pytest.mark.parametrize("rows", [1, 25])
def test_publication_list_query_budget(client, django_assert_num_queries, rows):
    for _ in range(rows):
        publication = PublicationFactory(programs=[ProgramFactory()])
        CoPublisherFactory(publication=publication)
        EditionFactory(publication=publication, language=Language.ENGLISH)
        EditionFactory(publication=publication, language=Language.SPANISH)

    # Choices: programs, years; then count, page, co-publishers, editions.
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(texts(response, "h3", class_="summary-title")) == min(rows, 20)


def test_publication_detail_links_each_language(client):
    publication = PublicationFactory(
        title="Cybersecurity Report 2020", published_on=datetime.date(2020, 7, 1)
    )
    CoPublisherFactory(
        publication=publication,
        partner=PartnerFactory(name="Inter-American Development Bank", acronym="IDB"),
    )
    EditionFactory(publication=publication, language=Language.ENGLISH, url="https://e.org/en.pdf")
    EditionFactory(publication=publication, language=Language.SPANISH, url="")

    response = client.get(publication.get_absolute_url())

    page = parse(response)
    assert page.one("h1").text == "Cybersecurity Report 2020"
    assert [li.text for li in page.one("ul", class_="edition-list").select("li")] == [
        "Read it in English",
        "Spanish (no link available)",
    ]
    editions = page.one("ul", class_="edition-list")
    assert editions.one("a", hreflang="en").attrs["href"] == "https://e.org/en.pdf"
    assert "Inter-American Development Bank (IDB)" in page.one("dl", class_="facts").text


def test_publication_detail_of_a_draft_is_404(client):
    publication = PublicationFactory(status=ContentStatus.DRAFT)

    assert client.get(publication.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_publication_detail_query_budget(client, django_assert_num_queries, rows):
    publication = PublicationFactory(programs=[ProgramFactory() for _ in range(rows)])
    for language in list(Language)[:rows]:
        EditionFactory(publication=publication, language=language)
    for _ in range(rows):
        CoPublisherFactory(publication=publication)

    # The publication with its year; co-publishers; editions; programs.
    with django_assert_num_queries(4):
        response = client.get(publication.get_absolute_url())

    assert response.status_code == 200


@pytest.fixture
def report():
    publication = PublicationFactory(
        title="Cybersecurity Report 2020",
        title_es="Informe de ciberseguridad 2020",
        slug="cybersecurity-report-2020",
        published_on=datetime.date(2020, 7, 1),
    )
    EditionFactory(publication=publication, language=Language.ENGLISH, url="https://e.org/en.pdf")
    return publication


def meta_description(response):
    return parse(response).one("meta", name="description").attrs["content"]


def test_publication_detail_shows_title_description_and_editions(client, report):
    response = client.get(report.get_absolute_url())

    page = parse(response)
    assert (page.one("head").one("title").text, page.one("h1").text) == (
        "Cybersecurity Report 2020 · CICTE",
        "Cybersecurity Report 2020",
    )
    assert meta_description(response) == (
        "Cybersecurity Report 2020 (July 2020), available in English."
    )
    assert texts(response, "ul", class_="edition-list") == ["Read it in English"]


def test_publication_detail_in_spanish(client, report):
    response = client.get(report.get_absolute_url().replace("/en/", "/es/"))

    page = parse(response)
    assert (page.one("head").one("title").text, page.one("h1").text) == (
        "Informe de ciberseguridad 2020 · CICTE",
        "Informe de ciberseguridad 2020",
    )
    assert texts(response, "nav", class_="breadcrumbs")[0].endswith(
        "Informe de ciberseguridad 2020"
    )


def test_publication_detail_shows_a_new_edition(client, report):
    client.get(report.get_absolute_url())

    EditionFactory(publication=report, language=Language.SPANISH, url="")

    response = client.get(report.get_absolute_url())
    assert meta_description(response) == (
        "Cybersecurity Report 2020 (July 2020), available in English and Spanish."
    )
    assert texts(response, "ul", class_="edition-list") == [
        "Read it in English Spanish (no link available)"
    ]


def test_publication_detail_json_ld_has_the_requests_scheme(client, report):
    response = client.get(report.get_absolute_url(), secure=True)

    (script,) = parse(response).select("script", type="application/ld+json")
    assert json.loads(script.text)["url"] == (
        "https://testserver/en/publications/cybersecurity-report-2020/"
    )
