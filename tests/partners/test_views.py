import datetime

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from partners.enums import PartnerCategory
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import ActivityFactory, ActivityPartnerFactory, ProgramFactory
from tests.factories.publications import CoPublisherFactory, PublicationFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

LIST = reverse("partners:list")


def test_partner_list_groups_partners_by_category_in_annex_order(client):
    year = ReportingYearFactory(year=2020)
    for name, category, contributor in [
        ("Trend Micro", PartnerCategory.PRIVATE, False),
        ("Colombia", PartnerCategory.MEMBER_STATE, True),
        ("Chile", PartnerCategory.MEMBER_STATE, True),
        ("Estonia", PartnerCategory.PERMANENT_OBSERVER, True),
        ("Stimson Center", PartnerCategory.CIVIL_SOCIETY, False),
    ]:
        PartnerYearFactory(
            partner=PartnerFactory(name=name, category=category),
            year=year,
            financial_contributor=contributor,
        )

    response = client.get(LIST)

    page = parse(response)
    assert [h.text for h in page.select("h2") if h.attrs.get("id", "").startswith("category")] == [
        "Member States",
        "Permanent Observers",
        "Private sector",
        "Civil society",
    ]
    assert [li.text for li in page.select("ul", class_="partner-list")[0].select("li")] == [
        "Chile 2020 *",
        "Colombia 2020 *",
    ]
    assert [li.text for li in page.select("ul", class_="partner-list")[2].select("li")] == [
        "Trend Micro 2020"
    ]


def test_partner_list_leaves_out_partners_known_only_from_draft_content(client):
    draft_year = ReportingYearFactory(status=YearStatus.DRAFT)
    PartnerYearFactory(partner=PartnerFactory(name="Draft donor"), year=draft_year)
    EventPartnerFactory(
        partner=PartnerFactory(name="Draft co-organiser"),
        event=EventFactory(status=ContentStatus.DRAFT),
    )
    EventPartnerFactory(partner=PartnerFactory(name="Public co-organiser"))

    response = client.get(LIST)

    assert [
        li.text for li in parse(response).select("ul", class_="partner-list")[0].select("li")
    ] == ["Public co-organiser"]


@pytest.mark.parametrize("rows", [1, 25])
def test_partner_list_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for number in range(rows):
        partner = PartnerFactory(category=PartnerCategory.values[number % 7])
        PartnerYearFactory(partner=partner, year=year, financial_contributor=number % 2 == 0)
        PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2019))

    with django_assert_num_queries(2):
        response = client.get(LIST)

    lists = parse(response).select("ul", class_="partner-list")
    assert sum(len(partner_list.select("a")) for partner_list in lists) == rows


def test_partner_detail_shows_what_the_partner_did(client):
    year = ReportingYearFactory(year=2020)
    unicri = PartnerFactory(name="UNICRI Institute", acronym="UNICRI", slug="unicri")
    PartnerYearFactory(partner=unicri, year=year, financial_contributor=True)
    webinar = EventFactory(year=year, title="Major events webinar")
    EventDateFactory(event=webinar, start=datetime.date(2020, 7, 23))
    EventPartnerFactory(event=webinar, partner=unicri, role="co_organiser")
    EventPartnerFactory(event=webinar, partner=unicri, role="supporter")
    EventPartnerFactory(
        event=EventFactory(status=ContentStatus.DRAFT, title="Draft event"), partner=unicri
    )
    CoPublisherFactory(partner=unicri, publication=PublicationFactory(year=year, title="Guide"))
    ActivityPartnerFactory(
        partner=unicri,
        activity=ActivityFactory(year=year, title="Tourism protocols", program=ProgramFactory()),
        role="implementer",
    )

    response = client.get(unicri.get_absolute_url())

    page = parse(response)
    assert page.one("h1").text == "UNICRI Institute (UNICRI)"
    assert [tr.text for tr in page.one("table").one("tbody").select("tr")] == ["2020 Yes Yes"]
    assert texts(response, "h3", class_="summary-title") == [
        "Major events webinar",
        "Guide",
        "Tourism protocols",
    ]
    assert texts(response, "p", class_="role-note") == ["Co-organising, Supporting"]


def test_partner_detail_of_a_partner_known_only_from_drafts_is_404(client):
    partner = PartnerFactory()
    EventPartnerFactory(partner=partner, event=EventFactory(status=ContentStatus.DRAFT))

    assert client.get(partner.get_absolute_url()).status_code == 404


def test_partner_detail_unknown_slug_is_404(client):
    assert client.get(reverse("partners:detail", args=["no-such-partner"])).status_code == 404


@pytest.mark.parametrize("rows", [1, 15])
def test_partner_detail_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    partner = PartnerFactory()
    PartnerYearFactory(partner=partner, year=year)
    for number in range(rows):
        event = EventFactory(year=year)
        EventDateFactory(event=event, start=datetime.date(2020, 1, 1 + number))
        EventPartnerFactory(event=event, partner=partner)
        CoPublisherFactory(partner=partner, publication=PublicationFactory(year=year))
        ActivityPartnerFactory(partner=partner, activity=ActivityFactory(year=year))

    # The data version (the events' summaries are fragments); partner; event roles and their
    # dates; publications; activity roles; years.
    with django_assert_num_queries(7):
        response = client.get(partner.get_absolute_url())

    assert len(texts(response, "h3", class_="summary-title")) == 3 * rows
