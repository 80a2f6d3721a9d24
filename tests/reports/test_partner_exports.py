"""/partners.csv and /partners.json: parsed back, compared with the /partners/ list."""

import csv
import io
import json

import pytest
from django.urls import reverse

from reports.public_partners import partners_for_listing
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory

pytestmark = pytest.mark.django_db

CSV = reverse("partners-csv")
JSON = reverse("partners-json")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_partner_csv_lists_public_partners_in_annex_order_with_their_years(client):
    year_2019 = ReportingYearFactory(year=2019)
    year_2020 = ReportingYearFactory(year=2020)
    canada = PartnerFactory(name="Canada", slug="canada", category="member_state", country="CA")
    PartnerYearFactory(partner=canada, year=year_2019, financial_contributor=False)
    PartnerYearFactory(partner=canada, year=year_2020, financial_contributor=True)
    unicri = PartnerFactory(
        name="United Nations Interregional Crime and Justice Research Institute",
        acronym="UNICRI",
        slug="unicri",
        website="https://unicri.it",
    )
    EventPartnerFactory(partner=unicri, event=EventFactory(year=year_2020))
    PartnerFactory(name="Known only from a draft", slug="draft-only")

    rows = csv_rows(client.get(CSV))

    assert rows == [
        {
            "Identifier": "canada",
            "Name": "Canada",
            "Acronym": "",
            "Name as in Annex 4": "Canada",
            "Category": "Member States",
            "Country": "Canada",
            "Website": "",
            "Listed in Annex 4 in": "2019; 2020",
            "Financial contributor in": "2020",
            "Link": "http://testserver/en/partners/canada/",
        },
        {
            "Identifier": "unicri",
            "Name": "United Nations Interregional Crime and Justice Research Institute",
            "Acronym": "UNICRI",
            "Name as in Annex 4": (
                "United Nations Interregional Crime and Justice Research Institute (UNICRI)"
            ),
            "Category": "International organizations, regional bodies, and international forums",
            "Country": "",
            "Website": "https://unicri.it",
            "Listed in Annex 4 in": "",
            "Financial contributor in": "",
            "Link": "http://testserver/en/partners/unicri/",
        },
    ]


def test_partner_json_rows_are_the_partners_list(client):
    year = ReportingYearFactory(year=2020)
    for number in range(5):
        PartnerYearFactory(partner=PartnerFactory(name=f"Partner {5 - number}"), year=year)

    rows = json.loads(body(client.get(JSON)))

    assert [row["slug"] for row in rows] == [p.slug for p in partners_for_listing()]
    assert [row["name"] for row in rows] == [f"Partner {n}" for n in range(1, 6)]
    assert rows[0]["annex_4_years"] == [2020]


def test_partner_exports_hold_every_public_partner_not_a_page_of_them(client):
    year = ReportingYearFactory(year=2020)
    for number in range(150):
        PartnerYearFactory(partner=PartnerFactory(name=f"Partner {number:03}"), year=year)

    rows = json.loads(body(client.get(JSON, {"page": "2", "category": "member_state"})))

    assert [row["name"] for row in rows] == [f"Partner {n:03}" for n in range(150)]


@pytest.mark.parametrize("url", [CSV, JSON])
@pytest.mark.parametrize("rows", [1, 30])
def test_partner_export_query_budget(client, django_assert_num_queries, url, rows):
    year = ReportingYearFactory(year=2020)
    for _number in range(rows):
        PartnerYearFactory(year=year)

    # Partners; then, per chunk of rows: their years of public reports.
    with django_assert_num_queries(2):
        content = body(client.get(url))

    if url == CSV:
        assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == rows
    else:
        assert len(json.loads(content)) == rows
