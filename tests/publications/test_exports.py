"""/publications.csv and /publications.json: parsed back, compared with the list."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus
from publications.filters import PublicationFilterSet
from publications.models import Publication
from tests.factories.cicte import ReportingYearFactory
from tests.factories.partners import PartnerFactory
from tests.factories.programs import ProgramFactory
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory

pytestmark = pytest.mark.django_db

CSV = reverse("publications-csv")
JSON = reverse("publications-json")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def listed(data):
    filterset = PublicationFilterSet(data, queryset=Publication.objects.published().newest_first())
    return [publication.slug for publication in filterset.qs]


def make_publication(number, **kwargs):
    publication = PublicationFactory(
        published_on=datetime.date(2020, 1 + number % 12, 1),
        programs=[ProgramFactory()],
        **kwargs,
    )
    EditionFactory(publication=publication, language="en")
    EditionFactory(publication=publication, language="es", url="")
    CoPublisherFactory(publication=publication)
    return publication


def test_publication_csv_has_human_readable_columns(client):
    publication = PublicationFactory(
        title="Cybersecurity Report 2020",
        slug="cybersecurity-report-2020",
        published_on=datetime.date(2020, 7, 1),
        programs=[ProgramFactory(name="Cybersecurity")],
        year=ReportingYearFactory(year=2020),
    )
    EditionFactory(publication=publication, language="en", url="https://example.org/en.pdf")
    EditionFactory(publication=publication, language="es", url="")
    CoPublisherFactory(
        publication=publication,
        partner=PartnerFactory(name="Inter-American Development Bank", acronym="IDB"),
    )

    (row,) = csv_rows(client.get(CSV))

    assert row == {
        "Identifier": "cybersecurity-report-2020",
        "Title": "Cybersecurity Report 2020",
        "Kind": "Report",
        "Published": "2020-07",
        "Programs": "Cybersecurity",
        "Co-publishers": "Inter-American Development Bank (IDB)",
        "Languages": "English; Spanish",
        "Links": "https://example.org/en.pdf",
        "Reporting year": "2020",
        "Link": "http://testserver/en/publications/cybersecurity-report-2020/",
    }


def test_publication_json_rows_are_the_filtered_list_in_its_order(client):
    cyber = ProgramFactory(slug="cybersecurity")
    for number in range(4):
        make_publication(number).programs.add(cyber)
    make_publication(5)
    make_publication(6, status=ContentStatus.DRAFT).programs.add(cyber)
    query = {"program": "cybersecurity", "language": "es"}

    rows = json.loads(body(client.get(JSON, query)))

    assert [row["slug"] for row in rows] == listed(query)
    assert len(rows) == 4
    assert rows[0]["languages"] == ["English", "Spanish"]


def test_publication_csv_rows_are_the_filtered_list_in_its_order(client):
    for number in range(6):
        make_publication(number, year=ReportingYearFactory(year=2019 + number % 2))

    rows = csv_rows(client.get(CSV, {"year": "2020"}))

    assert [row["Identifier"] for row in rows] == listed({"year": "2020"})
    assert len(rows) == 3


@pytest.mark.parametrize("url", [CSV, JSON])
def test_publication_export_bad_filter_answers_400_in_plain_words(client, url):
    response = client.get(url, {"language": "xx"})

    assert response.status_code == 400
    assert response.content.decode().splitlines()[1].startswith("Language: Select a valid choice.")


@pytest.mark.parametrize("url", [CSV, JSON])
@pytest.mark.parametrize("rows", [1, 30])
def test_publication_export_query_budget(client, django_assert_num_queries, url, rows):
    for number in range(rows):
        make_publication(number)

    # Filter choices: programs, years; publications with their years; then, per chunk of
    # rows: co-publishers, editions, programs.
    with django_assert_num_queries(6):
        content = body(client.get(url))

    if url == CSV:
        assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == rows
    else:
        assert len(json.loads(content)) == rows
