import datetime
import re

import pytest
from django.urls import reverse

from cicte.enums import ContentStatus, YearStatus
from partners.enums import PartnerCategory
from partners.filters import PartnerFilterSet
from partners.queries import partners_for_listing
from tests.factories.cicte import ReportingYearFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
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


def listed_names(response):
    """The partners' names on the page, in order (their year badges left out)."""
    return [
        a.text for ul in parse(response).select("ul", class_="partner-list") for a in ul.select("a")
    ]


def category_headings(response):
    return [
        h.text for h in parse(response).select("h2") if h.attrs.get("id", "").startswith("category")
    ]


def category_links(response):
    """(text, aria-current) of each link of the "Categories" nav."""
    nav = parse(response).one("nav", aria_label="Categories")
    return [(a.text, a.attrs.get("aria-current")) for a in nav.select("a")]


def make_states_and_companies():
    """60 Member States and 90 private companies, public through their 2020 row: 150 partners,
    a page and a half."""
    year = ReportingYearFactory(year=2020)
    for number in range(60):
        partner = PartnerFactory(name=f"State {number:03}", category=PartnerCategory.MEMBER_STATE)
        PartnerYearFactory(partner=partner, year=year)
    for number in range(90):
        partner = PartnerFactory(name=f"Company {number:03}", category=PartnerCategory.PRIVATE)
        PartnerYearFactory(partner=partner, year=year)


def test_partner_list_shows_100_partners_a_page_grouped_by_category(client):
    make_states_and_companies()

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    assert category_headings(first) == ["Member States", "Private sector"]
    assert listed_names(first) == [f"State {n:03}" for n in range(60)] + [
        f"Company {n:03}" for n in range(40)
    ]
    assert parse(first).one("p", class_="results-range").text == "Showing 1 to 100 of 150."
    assert parse(first).one("a", rel="next").attrs["href"] == "?page=2"
    assert category_headings(second) == ["Private sector"]
    assert listed_names(second) == [f"Company {n:03}" for n in range(40, 90)]
    assert parse(second).one("a", rel="prev").attrs["href"] == "?page=1"


def test_partner_list_filtered_by_category_lists_exactly_its_partners(client):
    make_states_and_companies()

    response = client.get(LIST, {"category": "member_state"})

    assert response.status_code == 200
    assert category_headings(response) == ["Member States"]
    assert listed_names(response) == [f"State {n:03}" for n in range(60)]
    assert parse(response).select("nav", class_="pagination") == []


def test_partner_filter_by_category_selects_exactly_its_partners():
    make_states_and_companies()

    private = PartnerFilterSet(data={"category": "private"}, queryset=partners_for_listing())
    unknown = PartnerFilterSet(data={"category": "donors"}, queryset=partners_for_listing())

    assert [partner.name for partner in private.qs] == [f"Company {n:03}" for n in range(90)]
    assert list(unknown.qs) == []
    assert unknown.errors == {
        "category": [
            "There is no partner category “donors”. Choose one of the categories listed, "
            "or all categories."
        ]
    }


def test_partner_list_categories_are_filter_links_marking_the_current_one(client):
    PartnerYearFactory(partner=PartnerFactory(category=PartnerCategory.ACADEMIC))

    everything = client.get(LIST)
    academia = client.get(LIST, {"category": "academic"})

    assert category_links(everything) == [
        ("All categories", "true"),
        ("Member States", None),
        ("Permanent Observers", None),
        ("International organizations, regional bodies, and international forums", None),
        ("Academic sector", None),
        ("Private sector", None),
        ("Civil society", None),
        ("Others", None),
    ]
    assert [
        a.attrs["href"] for a in parse(everything).one("nav", aria_label="Categories").select("a")
    ] == [LIST] + [f"{LIST}?category={value}" for value in PartnerCategory.values]
    assert [text for text, current in category_links(academia) if current] == ["Academic sector"]


def test_partner_list_pagination_keeps_the_category(client):
    make_states_and_companies()
    year = ReportingYearFactory(year=2019)
    for number in range(50):
        PartnerYearFactory(
            partner=PartnerFactory(name=f"Firm {number:03}", category=PartnerCategory.PRIVATE),
            year=year,
        )

    first = client.get(LIST, {"category": "private"})
    second = client.get(LIST, {"category": "private", "page": "2"})

    assert parse(first).one("a", rel="next").attrs["href"] == "?category=private&page=2"
    assert listed_names(second) == [f"Firm {n:03}" for n in range(10, 50)]


def test_partner_list_unknown_category_answers_400_with_the_reason(client):
    make_states_and_companies()

    response = client.get(LIST, {"category": "<b>donors</b>"})

    assert response.status_code == 400
    summary = parse(response).one("div", class_="error-summary")
    assert summary.one("h2").text == "Some filters could not be applied"
    assert [li.text for li in summary.select("li")] == [
        "There is no partner category “<b>donors</b>”. Choose one of the categories listed, "
        "or all categories."
    ]
    assert b"&lt;b&gt;donors&lt;/b&gt;" in response.content
    assert listed_names(response) == []
    assert [text for text, current in category_links(response) if current] == []


def test_partner_list_unknown_category_answers_400_in_spanish(client):
    response = client.get("/es/partners/", {"category": "donors"})

    assert response.status_code == 400
    assert [li.text for li in parse(response).one("div", class_="error-summary").select("li")] == [
        "No existe la categoría de socios “donors”. Elija una de las categorías de la lista, "
        "o todas las categorías."
    ]


def test_partner_list_page_past_the_end_shows_the_last_page_with_a_message(client):
    make_states_and_companies()

    response = client.get(LIST, {"page": "99999999999999999999"})

    assert response.status_code == 200
    assert listed_names(response) == [f"Company {n:03}" for n in range(40, 90)]
    assert parse(response).one("p", class_="notice").text == (
        "There are fewer pages than that; here is the last one."
    )


def test_partner_list_category_without_public_partners_says_so(client):
    make_states_and_companies()

    response = client.get(LIST, {"category": "civil_society"})

    assert response.status_code == 200
    assert listed_names(response) == []
    assert texts(response, "p", class_="empty") == [
        "No partners of this category have been published yet."
    ]


@pytest.mark.parametrize("rows", [1, 150])
def test_partner_list_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for number in range(rows):
        partner = PartnerFactory(category=PartnerCategory.values[number % 7])
        PartnerYearFactory(partner=partner, year=year, financial_contributor=number % 2 == 0)
        PartnerYearFactory(partner=partner, year=ReportingYearFactory(year=2019))

    # The data version and the public partners' ids (kept until the next write), the count,
    # the page, the years of the page's partners (and of no other).
    with django_assert_num_queries(5) as captured:
        response = client.get(LIST)
    with django_assert_num_queries(4):  # the ids kept
        client.get(LIST)

    assert len(listed_names(response)) == min(rows, 100)
    years_query = captured.captured_queries[-1]["sql"]
    assert "partners_partneryear" in years_query
    partner_ids = re.search(r'"partner_id" IN \(([^)]*)\)', years_query).group(1)
    assert len(partner_ids.split(", ")) == min(rows, 100)


@pytest.mark.parametrize("rows", [1, 150])
def test_partner_list_filtered_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for _number in range(rows):
        partner = PartnerFactory(category=PartnerCategory.PRIVATE)
        PartnerYearFactory(partner=partner, year=year)

    with django_assert_num_queries(5):
        response = client.get(LIST, {"category": "private", "page": "2"})

    assert len(listed_names(response)) == (50 if rows == 150 else 1)


def test_partner_list_unknown_category_query_budget(client, django_assert_num_queries):
    PartnerYearFactory()

    # An unknown category reads no partner.
    with django_assert_num_queries(0):
        response = client.get(LIST, {"category": "donors"})

    assert response.status_code == 400
    assert [li.text for li in parse(response).one("div", class_="error-summary").select("li")] == [
        "There is no partner category “donors”. Choose one of the categories listed, "
        "or all categories."
    ]
    assert listed_names(response) == []


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


def test_partner_named_only_as_a_key_partner_has_a_page_in_a_public_year_only(client):
    # "Key institutional partners … included the Open-ended Working Group on Cybersecurity
    # Issues and the UN Group of Experts": no event, activity or publication of theirs.
    oewg, drafted = PartnerFactory(name="Open-ended Working Group"), PartnerFactory()
    program_year = ProgramYearFactory(
        year=ReportingYearFactory(year=2020), program=ProgramFactory(name="Cybersecurity")
    )
    ProgramPartnerFactory(program_year=program_year, partner=oewg)
    ProgramPartnerFactory(
        program_year=ProgramYearFactory(year=ReportingYearFactory(status=YearStatus.DRAFT)),
        partner=drafted,
    )

    page = client.get(oewg.get_absolute_url())

    assert parse(page).one("section", aria_labelledby="key-partner-title").text == (
        "Key partner of Cybersecurity (2020)"
    )
    assert client.get(drafted.get_absolute_url()).status_code == 404


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
        ProgramPartnerFactory(partner=partner, program_year=ProgramYearFactory(year=year))

    # The data version (the events' summaries are fragments); partner; event roles and their
    # dates; publications; activity roles; the programs it is a key partner of; years.
    with django_assert_num_queries(8):
        response = client.get(partner.get_absolute_url())

    assert len(texts(response, "h3", class_="summary-title")) == 3 * rows
    assert len(
        parse(response).one("section", aria_labelledby="key-partner-title").select("li")
    ) == (rows)
