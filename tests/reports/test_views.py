import datetime
from itertools import pairwise

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from cicte.enums import ContentStatus, Language, YearStatus
from events.enums import DatePrecision
from partners.enums import PartnerCategory
from tests.factories.cicte import EditorialNoteFactory, ReportingYearFactory, ReportTextFactory
from tests.factories.events import EventDateFactory, EventFactory, EventPartnerFactory
from tests.factories.partners import PartnerFactory, PartnerYearFactory
from tests.factories.programs import (
    ActivityFactory,
    ProgramFactory,
    ProgramPartnerFactory,
    ProgramYearFactory,
)
from tests.factories.publications import CoPublisherFactory, EditionFactory, PublicationFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


def dated_event(start, end=None, **kwargs):
    event = EventFactory(**kwargs)
    EventDateFactory(event=event, start=start, end=end or start)
    return event


def annex_url(year, number):
    return reverse("reports:annex", args=[year, number])


def annex_entries(response, number):
    """The text of each entry of the annex's list: one <li> each, marker included."""
    lists = parse(response).select(class_=f"annex-{number}")
    return [li.text for annex_list in lists for li in annex_list.select("li")]


# The site's frame: favicon and web app manifest


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Inter-American Committee against Terrorism (CICTE)"),
        ("es", "Comité Interamericano contra el Terrorismo (CICTE)"),
    ],
)
def test_web_manifest_names_the_site_and_its_icons_in_each_language(client, language, name):
    response = client.get(f"/{language}/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["name"], manifest["short_name"]) == (name, "CICTE")
    assert (manifest["lang"], manifest["start_url"], manifest["display"]) == (
        language,
        f"/{language}/",
        "standalone",
    )
    assert manifest["icons"] == [
        {"src": "/static/img/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
        {"src": "/static/img/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/img/icon-512.png", "sizes": "512x512", "type": "image/png"},
    ]
    assert all(finders.find(icon["src"].removeprefix("/static/")) for icon in manifest["icons"])


def test_every_page_links_its_manifest_and_icons(client):
    page = parse(client.get("/es/"))

    links = {link.attrs["rel"]: link.attrs["href"] for link in page.select("link")}
    assert links["manifest"] == "/es/manifest.webmanifest"
    assert links["apple-touch-icon"] == "/static/img/apple-touch-icon.png"
    assert [link.attrs["href"] for link in page.select("link", rel="icon")] == [
        "/favicon.ico",
        "/static/img/favicon.svg",
    ]


# Home


def test_home_shows_the_current_public_year_at_a_glance(client):
    ReportingYearFactory(year=2019)
    year = ReportingYearFactory(year=2020)
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    cyber = ProgramFactory(name="Cybersecurity")
    ProgramYearFactory(program=cyber, year=year)
    dated_event(datetime.date(2020, 3, 19), year=year, programs=[cyber], title="Telework")
    dated_event(
        datetime.date(2020, 3, 27), year=year, programs=[cyber], kind="meeting", title="Meeting"
    )
    EventFactory(year=year, status=ContentStatus.DRAFT, title="Draft")
    PartnerYearFactory(year=year, financial_contributor=True)
    PartnerYearFactory(year=year)
    PublicationFactory(year=year, title="Report")

    response = client.get(reverse("home"))

    page = parse(response)
    assert page.select("title")[0].text == "The Committee's work in 2020 · CICTE"
    assert [li.text for li in page.one("ul", class_="figures-grid").select("li")] == [
        "2 events",
        "1 programs and sub-programs",
        "0 activities",
        "2 donors and major partners",
        "1 financial contributors",
        "1 publications",
    ]
    month_chart, program_chart, _years_chart = page.select("figure", class_="chart")
    assert [tr.text for tr in month_chart.one("tbody").select("tr")][2] == "March 1 1 2"
    assert [s.text for s in month_chart.select("li")] == ["Meeting", "Webinar"]
    assert [tr.text for tr in program_chart.one("tbody").select("tr")] == ["Cybersecurity 2"]
    assert texts(response, "h3", class_="summary-title") == ["Meeting", "Telework", "Report"]
    assert [a.attrs["href"] for a in page.one("ul", class_="link-list").select("a")] == [
        "/en/reports/2020/",
        "/en/reports/2020/annex-1/",
        "/en/reports/2020/annex-2/",
        "/en/reports/2020/annex-3/",
        "/en/reports/2020/annex-4/",
    ]


def test_home_shows_the_work_across_the_public_years(client):
    for number in (2018, 2019, 2020):
        ReportingYearFactory(year=number)
    draft = ReportingYearFactory(year=2021, status=YearStatus.DRAFT)
    years = {year.year: year for year in ReportingYearFactory._meta.model.objects.all()}
    dated_event(datetime.date(2018, 3, 1), year=years[2018], country="PA")
    dated_event(datetime.date(2018, 4, 1), year=years[2018], country="PA")
    dated_event(datetime.date(2018, 5, 1), year=years[2018], country="CO")
    dated_event(datetime.date(2020, 5, 1), year=years[2020])  # virtual: no country
    EventFactory(year=years[2020], country="MX", status=ContentStatus.DRAFT)
    EventFactory(year=draft, country="MX")
    ActivityFactory(year=years[2018], countries=["CO", "JM"])
    ActivityFactory(year=years[2020], countries=["BB", "JM", "TT"])
    ActivityFactory(year=years[2020], countries=[])

    page = parse(client.get(reverse("home")))

    table = page.one("section", aria_labelledby="years-title").one("table", class_="data-table")
    assert [tr.text for tr in table.one("tbody").select("tr")] == [
        "Annual report 2018 3 1 3",
        "Annual report 2019 0 0 0",
        "Annual report 2020 1 2 3",
    ]
    assert [a.attrs["href"] for a in table.select("a")] == [
        "/en/reports/2018/",
        "/en/reports/2019/",
        "/en/reports/2020/",
    ]
    chart = page.one("figure", aria_labelledby="events-per-year-caption")
    assert [tr.text for tr in chart.one("tbody").select("tr")] == ["2018 3", "2019 0", "2020 1"]


def test_home_maps_the_countries_the_year_reached_each_leading_to_its_events(client):
    year = ReportingYearFactory(year=2020)
    dated_event(datetime.date(2020, 3, 1), year=year, country="PA")
    dated_event(datetime.date(2020, 3, 2), year=year, country="PA")
    EventFactory(year=year, country="MX", status=ContentStatus.DRAFT)
    ActivityFactory(year=year, countries=["LC", "PA"])

    page = parse(client.get(reverse("home")))

    figure = page.one("figure", class_="country-map")
    links = {a.attrs["href"]: a.one("title").text for a in figure.one("svg").select("a")}
    assert links == {
        "/en/events/?country=LC&year=2020": "Saint Lucia: 0 events, 1 activities",
        "/en/events/?country=PA&year=2020": "Panama: 2 events, 1 activities",
    }
    # The land, then each country reached in its shade, drawn from the one static drawing.
    assert [(use.attrs["class"], use.attrs["href"]) for use in figure.select("use")] == [
        ("map-land", "/static/img/americas-map.svg#land"),
        ("map-shade-2", "/static/img/americas-map.svg#LC"),
        ("map-shade-5", "/static/img/americas-map.svg#PA"),
    ]
    assert [circle.attrs["class"] for circle in figure.select("circle")] == ["map-shade-2 map-dot"]
    assert [tr.text for tr in figure.one("tbody").select("tr")] == ["Panama 2 1", "Saint Lucia 0 1"]
    assert [a.attrs["href"] for a in figure.one("tbody").select("a")] == list(links)[::-1]


def test_home_maps_an_event_once_in_each_country_it_took_place_in_or_served(client):
    year = ReportingYearFactory(year=2020)
    dated_event(datetime.date(2020, 1, 28), year=year, country="PA", countries_served=["PA"])
    dated_event(datetime.date(2020, 12, 15), year=year, countries_served=["AR", "BR", "PY"])
    ActivityFactory(year=year, countries=["PY"])

    page = parse(client.get(reverse("home")))

    figure = page.one("figure", class_="country-map")
    assert [tr.text for tr in figure.one("tbody").select("tr")] == [
        "Argentina 1 0",
        "Brazil 1 0",
        "Panama 1 0",
        "Paraguay 1 1",
    ]


def test_report_maps_the_year_and_shows_the_years(client):
    earlier, year = ReportingYearFactory(year=2019), ReportingYearFactory(year=2020)
    dated_event(datetime.date(2019, 3, 1), year=earlier, country="CO")
    dated_event(datetime.date(2020, 1, 27), year=year, countries_served=["BZ", "CO"])
    dated_event(datetime.date(2020, 10, 27), year=year, countries_served=["BO"])
    ActivityFactory(year=year, countries=["CO", "JM"])

    page = parse(client.get(year.get_absolute_url()))

    figure = page.one("figure", class_="country-map")
    assert figure.one("figcaption").text == "Where the work reached in 2020"
    assert [tr.text for tr in figure.one("tbody").select("tr")] == [
        "Belize 1 0",
        "Bolivia 1 0",
        "Colombia 1 1",
        "Jamaica 0 1",
    ]
    assert [a.attrs["href"] for a in figure.one("tbody").select("a")] == [
        f"/en/events/?country={code}&year=2020" for code in ("BZ", "BO", "CO", "JM")
    ]
    table = page.one("section", aria_labelledby="years-title").one("table", class_="years-table")
    assert [tr.text for tr in table.one("tbody").select("tr")] == [
        "Annual report 2019 1 0 1",
        "Annual report 2020 2 1 4",
    ]


def test_home_of_the_only_public_year_has_no_trends(client):
    ReportingYearFactory(year=2020)

    page = parse(client.get(reverse("home")))

    assert page.select("section", aria_labelledby="years-title") == []


def test_home_before_any_public_year_says_so(client):
    ReportingYearFactory(year=2020, status=YearStatus.DRAFT)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert texts(response, "p", class_="lede") == [
        "No annual report has been published yet. Programs and partners will appear here once "
        "the first report is out."
    ]


@pytest.mark.parametrize("rows", [1, 30])
def test_home_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for number in range(rows):
        program = ProgramFactory()
        ProgramYearFactory(program=program, year=year)
        dated_event(datetime.date(2020, 1 + number % 12, 1), year=year, programs=[program])
        PublicationFactory(year=year)
        PartnerYearFactory(year=year)

    for number in range(min(rows, 15)):  # public years since 2005
        earlier = ReportingYearFactory(year=2019 - number)
        dated_event(datetime.date(2019 - number, 5, 1), year=earlier, country="PA")
        ActivityFactory(year=earlier, countries=["JM", "BB"])

    # Year with its figures, programs with counts, month counts, the public years with their
    # events and activities by country, latest events and their dates, latest publications.
    with django_assert_num_queries(7):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    figures = parse(response).one("ul", class_="figures-grid").select("li")
    assert [li.text for li in figures] == [
        f"{rows} events",
        f"{rows} programs and sub-programs",
        "0 activities",
        f"{rows} donors and major partners",
        "0 financial contributors",
        f"{rows} publications",
    ]


# The report


def report_year_with_content():
    year = ReportingYearFactory(
        year=2020,
        title="Annual Report 2020 of CICTE",
        introduction="CICTE is the OAS entity.",
        approved_on=datetime.date(2021, 10, 8),
        approved_at="fourth plenary session",
        chair="CA",
    )
    border = ProgramFactory(name="Border security", position=4)
    maritime = ProgramFactory(name="Maritime security", parent=border, position=5)
    aviation = ProgramFactory(name="Aviation security", parent=border, position=6)
    cyber = ProgramFactory(name="Cybersecurity", position=1)
    ProgramYearFactory(program=cyber, year=year, narrative="Cyber narrative.")
    ProgramYearFactory(program=maritime, year=year, narrative="Maritime narrative.")
    ProgramYearFactory(program=aviation, year=year, narrative="No activities.", funded=False)
    ActivityFactory(program=cyber, year=year, title="Cyber Women Challenge", figures_note="500")
    for name, category, contributor in [
        ("Canada", PartnerCategory.MEMBER_STATE, True),
        ("Spain", PartnerCategory.PERMANENT_OBSERVER, False),
        ("Israel", PartnerCategory.PERMANENT_OBSERVER, True),
        ("Cisco Systems", PartnerCategory.PRIVATE, True),
        ("Amazon Web Services", PartnerCategory.PRIVATE, True),
    ]:
        PartnerYearFactory(
            partner=PartnerFactory(name=name, category=category),
            year=year,
            financial_contributor=contributor,
        )
    return year


def test_report_shows_its_sections_from_the_data(client):
    year = report_year_with_content()

    response = client.get(year.get_absolute_url())

    page = parse(response)
    assert page.one("h1").text == "Annual Report 2020 of CICTE"
    assert page.one("p", class_="report-approval").text == (
        "(Approved at the fourth plenary session held on October 8, 2021)"
    )
    assert [h.text for h in page.one("section", id="programs").select("h3")] == [
        "Cybersecurity",
        "Border security",
    ]
    assert [h.text for h in page.one("section", id="programs").select("h4")] == [
        "Maritime security",
        "Aviation security",
    ]
    assert texts(response, "ul", class_="report-activities") == ["Cyber Women Challenge — 500"]
    assert texts(response, "ul", class_="donor-list") == [
        "Member States: Canada. Permanent Observers: Israel. "
        "Private sector: Amazon Web Services and Cisco Systems."
    ]
    assert [h.text for h in page.one("section", id="annexes").select("h3")] == [
        "Annex 1: Consolidated list of high-level international meetings",
        "Annex 2: Consolidated list of webinars or virtual forums conducted",
        "Annex 3: Consolidated list of publications",
        "Annex 4: Consolidated list of donors and major institutional partners",
    ]


def test_report_shows_each_sections_own_texts_key_partners_and_editorial_notes(client):
    year = report_year_with_content()
    ReportTextFactory(
        year=year,
        part="framework",
        position=1,
        heading="Annual Meeting",
        text="The Twentieth Regular Session of CICTE was held.",
    )
    ReportTextFactory(year=year, part="programs", position=1, heading="", text="In 2020, …")
    ReportTextFactory(
        year=year,
        part="cooperation",
        position=2,
        heading="Consultations",
        text="Periodic consultations.",
    )
    ReportTextFactory(
        year=year,
        part="cooperation",
        position=1,
        heading="Communications",
        text="The webpage.\n\nSocial media.",
    )
    EditorialNoteFactory(year=year, part="annex-4", text="Six more stars than printed.")
    EditorialNoteFactory(year=year, part="donors", text="As Section IV names them.")
    program_year = ProgramYearFactory(year=year, program=ProgramFactory(name="Resolution 1540"))
    for name in ["UNODA", "Stimson Center"]:
        ProgramPartnerFactory(program_year=program_year, partner=PartnerFactory(name=name))

    page = parse(client.get(year.get_absolute_url()))

    assert [a.text for a in page.one("nav", class_="contents").select("a")][:6] == [
        "I. Introduction",
        "II. Legal and political framework",
        "III. Main programs",
        "IV. Major donors",
        "V. Communications, consultations, and inter-institutional cooperation",
        "VI. Annexes",
    ]
    assert page.one("section", id="framework").text == (
        "II. Legal and political framework Annual Meeting The Twentieth Regular Session of "
        "CICTE was held. Back to top"
    )
    assert page.one("section", id="cooperation").text == (
        "V. Communications, consultations, and inter-institutional cooperation Communications "
        "The webpage. Social media. Consultations Periodic consultations. Back to top"
    )
    assert page.one("section", id="programs").select("div", class_="report-text")[0].text == (
        "In 2020, …"
    )
    assert page.one("p", class_="key-partners").text == "Key partners: UNODA and Stimson Center."
    assert {
        section.attrs["id"]: [p.text for p in section.select("p") if p.parent.tag == "aside"]
        for section in page.select("section")
        if section.select("aside", class_="editorial-notes")
        and section.attrs.get("id") in {"donors", "annex-4"}
    } == {
        "donors": ["Editorial note: As Section IV names them."],
        "annex-4": ["Editorial note: Six more stars than printed."],
    }


def test_report_sections_and_annexes_each_lead_back_to_the_contents(client):
    year = report_year_with_content()

    page = parse(client.get(year.get_absolute_url()))

    contents = page.one("nav", class_="contents")
    assert contents.attrs["aria-labelledby"] == "contents-title"
    ends = {
        section.attrs["id"]: [(a.text, a.attrs["href"]) for a in section.select("a")][-1]
        for section in page.select("section")
        if section.attrs.get("id") in {"introduction", "programs", "donors"}
        or section.attrs.get("id", "").startswith("annex-")
    }
    assert ends == dict.fromkeys(
        ["introduction", "programs", "donors", "annex-1", "annex-2", "annex-3", "annex-4"],
        ("Back to top", "#contents-title"),
    )
    assert len(page.select("p", class_="back-to-top")) == 7  # I, III, IV and the four annexes


def test_report_without_sections_ii_and_v_leaves_them_out(client):
    year = ReportingYearFactory(year=2020)

    page = parse(client.get(year.get_absolute_url()))

    assert [a.text for a in page.one("nav", class_="contents").select("a")][:4] == [
        "I. Introduction",
        "III. Main programs",
        "IV. Major donors",
        "VI. Annexes",
    ]
    assert page.select("section", id="framework") == []
    assert page.select("aside", class_="editorial-notes") == []


@pytest.mark.parametrize("status", [YearStatus.DRAFT])
def test_report_of_an_unpublished_year_is_404(client, status):
    ReportingYearFactory(year=2021, status=status)

    assert client.get("/en/reports/2021/").status_code == 404
    assert client.get("/en/reports/2021/annex-1/").status_code == 404


def test_report_of_a_closed_year_is_public(client):
    ReportingYearFactory(year=2019, status=YearStatus.CLOSED)

    assert client.get("/en/reports/2019/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/en/reports/1850/",
        "/en/reports/99999999999/",
        "/en/reports/2020/annex-5/",
        "/en/reports/x/",
    ],
)
def test_report_unknown_year_or_annex_is_404(client, path):
    ReportingYearFactory(year=2020)

    assert client.get(path).status_code == 404


def make_report_rows(year, number):
    program = ProgramFactory()
    program_year = ProgramYearFactory(program=program, year=year)
    ProgramPartnerFactory(program_year=program_year)
    ActivityFactory(program=program, year=year)
    ReportTextFactory(year=year, part=["framework", "cooperation"][number % 2])
    EditorialNoteFactory(year=year, part=f"annex-{number % 4 + 1}")
    meeting = dated_event(
        datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        year=year,
        kind="conference",
        secretariat_role="participant",
        participation_level="officials",
    )
    EventPartnerFactory(event=meeting, role="organiser")
    webinar = dated_event(datetime.date(2020, 2, 1) + datetime.timedelta(days=number), year=year)
    EventPartnerFactory(event=webinar)
    publication = PublicationFactory(year=year)
    CoPublisherFactory(publication=publication)
    EditionFactory(publication=publication)
    PartnerYearFactory(year=year, financial_contributor=number % 2 == 0)


@pytest.mark.parametrize("rows", [1, 20])
def test_report_query_budget(client, django_assert_num_queries, rows):
    year = ReportingYearFactory(year=2020)
    for number in range(rows):
        make_report_rows(year, number)

    # Year with its sections' rows (activities, programs with their narratives, Annex 1 and 2
    # events, publications, Annex 4 partners) and every public year's events and activities by
    # country (the map and the years' table), its notes, its texts; the narratives' key
    # partners; the events' dates, their partners; the publications' editions, co-publishers.
    with django_assert_num_queries(8):
        response = client.get(year.get_absolute_url())

    assert len(annex_entries(response, 1)) == rows


# The year and its notes, then the annex's own rows and the public years (the year switcher).
@pytest.mark.parametrize(("number", "queries"), [(1, 6), (2, 6), (3, 6), (4, 4)])
@pytest.mark.parametrize("rows", [1, 20])
def test_annex_query_budget(client, django_assert_num_queries, rows, number, queries):
    year = ReportingYearFactory(year=2020)
    for row in range(rows):
        make_report_rows(year, row)

    with django_assert_num_queries(queries):
        response = client.get(annex_url(2020, number))

    assert len(annex_entries(response, number)) == rows


def test_annex_switches_to_the_same_annex_of_every_public_year(client):
    ReportingYearFactory(year=2019)
    ReportingYearFactory(year=2020)
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    page = parse(client.get(annex_url(2020, 3)))

    years = page.one("nav", aria_label="Years")
    assert [(a.text, a.attrs["href"]) for a in years.select("a")] == [
        ("2020", "/en/reports/2020/annex-3/"),
        ("2019", "/en/reports/2019/annex-3/"),
    ]
    assert years.one("a", aria_current="page").text == "2020"


def test_annex_of_the_only_public_year_has_no_year_switcher(client):
    ReportingYearFactory(year=2020)

    page = parse(client.get(annex_url(2020, 3)))

    assert page.select("nav", aria_label="Years") == []


# Annex 1


def test_annex_1_lists_high_level_meetings_in_date_order_with_markers(client):
    year = ReportingYearFactory(year=2020)
    plenaries = EventFactory(
        year=year,
        title="GAFILAT Virtual Plenaries",
        kind="plenary",
        secretariat_role="participant",
        participation_level="officials",
    )
    EventDateFactory(
        event=plenaries, start=datetime.date(2020, 11, 30), end=datetime.date(2020, 12, 3)
    )
    EventDateFactory(event=plenaries, start=datetime.date(2020, 6, 17))
    EventPartnerFactory(
        event=plenaries,
        partner=PartnerFactory(
            name="Financial Action Task Force of Latin America",
            acronym="GAFILAT",
            acronym_note="for its acronym in Spanish",
        ),
        role="organiser",
    )
    dated_event(
        datetime.date(2020, 1, 19),
        datetime.date(2020, 1, 20),
        year=year,
        title="III Hemispheric Ministerial Conference on Combating Terrorism",
        kind="conference",
        format="in_person",
        city="Bogotá",
        country="CO",
        secretariat_role="participant",
        participation_level="executive_secretary",
    )
    roundtable = dated_event(
        datetime.date(2020, 12, 8),
        datetime.date(2020, 12, 10),
        year=year,
        title="Roundtable to build strategic alliances",
        kind="roundtable",
        secretariat_role="participant",
        participation_level="deputy_executive_secretary",
    )
    EventFactory(year=year, title="A webinar the secretariat organised")
    EventFactory(year=year, participation_level="officials", status=ContentStatus.DRAFT)

    response = client.get(annex_url(2020, 1))

    assert annex_entries(response, 1) == [
        "III Hemispheric Ministerial Conference on Combating Terrorism. Bogotá, Colombia. "
        "January 19-20, 2020. *",
        "GAFILAT Virtual Plenaries. Financial Action Task Force of Latin America (GAFILAT for its "
        "acronym in Spanish). Virtual format. June 17 and November 30 to December 3, 2020. ***",
        "Roundtable to build strategic alliances. Virtual format. December 8-10, 2020. **",
    ]
    page = parse(response)
    assert [li.text for li in page.one("ul", class_="annex-legend").select("li")] == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]
    assert (
        page.one(
            "abbr",
            class_="marker",
            title="Participation of the Deputy Executive Secretary of CICTE",
        ).text
        == "**"
    )
    assert page.one("h1").text == "Annex 1: Consolidated list of high-level international meetings"
    assert roundtable.get_absolute_url() in [a.attrs["href"] for a in page.select("a")]


def test_annex_1_names_the_secretariat_with_the_partners_it_co_organised_with(client):
    year = ReportingYearFactory(year=2020)
    conference = dated_event(
        datetime.date(2020, 2, 20),
        datetime.date(2020, 2, 21),
        year=year,
        title="International Conference “Cybersecurity and 5G networks”",
        format="in_person",
        city="Santo Domingo",
        country="DO",
        secretariat_role="co_organiser",
        participation_level="officials",
    )
    EventPartnerFactory(
        event=conference, partner=PartnerFactory(name="INDOTEL"), role="co_organiser"
    )
    EventPartnerFactory(event=conference, partner=PartnerFactory(name="Sponsor"), role="funder")

    response = client.get(annex_url(2020, 1))

    assert annex_entries(response, 1) == [
        "International Conference “Cybersecurity and 5G networks” with the support of Sponsor. "
        "CICTE/OAS Secretariat and INDOTEL. Santo Domingo, Dominican Republic. "
        "February 20-21, 2020. ***"
    ]


# Annex 2


def test_annex_2_lists_webinars_and_forums_in_date_order_with_organisers(client):
    year = ReportingYearFactory(year=2020)
    dialogue = dated_event(
        datetime.date(2020, 7, 30),
        year=year,
        title="Virtual Dialogue “Prevention of violent extremism”",
        kind="virtual_dialogue",
        secretariat_role="co_organiser",
    )
    EventPartnerFactory(event=dialogue, partner=PartnerFactory(name="Mexico"), position=0)
    EventPartnerFactory(
        event=dialogue, partner=PartnerFactory(name="Canada"), role="supporter", position=1
    )
    EventPartnerFactory(
        event=dialogue, partner=PartnerFactory(name="UNOCT"), role="participant", position=2
    )
    financing = EventFactory(year=year, title="Webinars on terrorist financing", kind="webinar")
    for day in (28, 24, 26):
        EventDateFactory(event=financing, start=datetime.date(2020, 8, day))
    dated_event(
        datetime.date(2020, 3, 19),
        year=year,
        title="Webinar “Telework - How to protect your digital life?”",
    )
    dated_event(
        datetime.date(2020, 3, 20), year=year, kind="webinar", secretariat_role="participant"
    )
    dated_event(datetime.date(2020, 3, 21), year=year, kind="conference")
    dated_event(datetime.date(2020, 3, 22), year=year, participation_level="officials")

    response = client.get(annex_url(2020, 2))

    assert annex_entries(response, 2) == [
        "Webinar “Telework - How to protect your digital life?” Organized by the CICTE "
        "Secretariat. March 19.",
        "Virtual Dialogue “Prevention of violent extremism”. Organized by the CICTE Secretariat "
        "and Mexico with the support of Canada. July 30.",
        "Webinars on terrorist financing. Organized by the CICTE Secretariat. "
        "August 24, 26 and 28.",
    ]


# Annex 3


def test_annex_1_entry_gives_credits_initiative_and_the_secretariats_capacity(client):
    year = ReportingYearFactory(year=2020)
    visit = dated_event(
        datetime.date(2020, 1, 27),
        datetime.date(2020, 1, 31),
        year=year,
        title="Exchange of experiences and best practices in cybersecurity",
        kind="exchange_visit",
        format="in_person",
        participation_level="executive_secretary",
    )
    # One printed phrase for two organisations is printed once.
    for position, name in enumerate(["Spain", "Estonia"]):
        EventPartnerFactory(
            event=visit,
            partner=PartnerFactory(name=name),
            role="sponsor",
            position=position,
            name_as_printed="the Governments of Spain and Estonia",
        )
    roundtable = dated_event(
        datetime.date(2020, 7, 21),
        year=year,
        title="Roundtable on terrorist travelers",
        kind="roundtable",
        secretariat_role="participant",
        participation_level="officials",
        initiative="Maritime Security and Terrorist Travelers Initiative",
    )
    EventPartnerFactory(
        event=roundtable,
        partner=PartnerFactory(name="Global Counter Terrorism Forum", acronym="GCTF"),
        role="organiser",
    )
    dated_event(
        datetime.date(2020, 11, 17),
        year=year,
        title="Fifth Plenary Meeting",
        kind="plenary",
        secretariat_role="observer",
        participation_level="officials",
    )

    response = client.get(annex_url(2020, 1))

    assert annex_entries(response, 1) == [
        "Exchange of experiences and best practices in cybersecurity sponsored by the "
        "Governments of Spain and Estonia. January 27-31, 2020. *",
        "Roundtable on terrorist travelers. Global Counter Terrorism Forum (GCTF) - Maritime "
        "Security and Terrorist Travelers Initiative. Virtual format. July 21, 2020. ***",
        "Fifth Plenary Meeting. Virtual format. November 17, 2020. The CICTE Secretariat "
        "participated as an observer. ***",
    ]


def test_annex_2_credits_collaborators_supporters_and_partners_as_printed(client):
    year = ReportingYearFactory(year=2020)
    webinar = dated_event(datetime.date(2020, 11, 12), year=year, title="Webinar “Youth and sport”")
    for position, (name, role, printed) in enumerate(
        [
            ("Mexico", "collaborator", "the Government of Mexico"),
            ("Canada", "supporter", "Canada as Chair of the Committee"),
            ("UNICRI", "in_partnership", ""),
            ("Save the Dream", "in_partnership", ""),
            ("UNOCT", "participant", ""),
        ]
    ):
        EventPartnerFactory(
            event=webinar,
            partner=PartnerFactory(name=name),
            role=role,
            position=position,
            name_as_printed=printed,
        )

    response = client.get(annex_url(2020, 2))

    assert annex_entries(response, 2) == [
        "Webinar “Youth and sport”. Organized by the CICTE Secretariat in collaboration with "
        "the Government of Mexico, with the support of Canada as Chair of the Committee and in "
        "partnership with UNICRI and Save the Dream. November 12."
    ]


def test_annexes_keep_the_printed_order_where_dates_tie_and_follow_each_events_annex(client):
    year = ReportingYearFactory(year=2020)
    april_8 = datetime.date(2020, 4, 8)
    dated_event(april_8, year=year, title="Webinar “A: printed second”", position=2)
    dated_event(april_8, year=year, title="Webinar “B: printed first”", position=1)
    # Organised by the secretariat, but the report leaves it out of Annex 2.
    dated_event(april_8, year=year, title="Webinar “C: not in the annex”", annex="none")

    response = client.get(annex_url(2020, 2))

    assert annex_entries(response, 2) == [
        "Webinar “B: printed first”. Organized by the CICTE Secretariat. April 8.",
        "Webinar “A: printed second”. Organized by the CICTE Secretariat. April 8.",
    ]


def test_annex_3_lists_publications_in_date_order_with_publishers_languages_and_links(client):
    year = ReportingYearFactory(year=2020)
    brazil = PublicationFactory(
        year=year,
        title="Cybersecurity Capacity Review Federative Republic of Brazil",
        published_on=datetime.date(2020, 8, 1),
    )
    for position, name in enumerate(["University of Oxford", "Government of the United Kingdom"]):
        CoPublisherFactory(publication=brazil, partner=PartnerFactory(name=name), position=position)
    EditionFactory(publication=brazil, language=Language.PORTUGUESE, url="")
    EditionFactory(publication=brazil, language=Language.ENGLISH, url="http://oas.org/brazil.pdf")
    colombia = PublicationFactory(
        year=year,
        title="State of Cybersecurity in the Colombian Financial System",
        published_on=datetime.date(2020, 10, 1),
    )
    EditionFactory(publication=colombia, language=Language.SPANISH, url="https://a.com/es.pdf")
    EditionFactory(publication=colombia, language=Language.ENGLISH, url="https://a.com/en.pdf")
    PublicationFactory(year=year, status=ContentStatus.DRAFT)

    response = client.get(annex_url(2020, 3))

    assert annex_entries(response, 3) == [
        "“Cybersecurity Capacity Review Federative Republic of Brazil.” August 2020. CICTE/OAS "
        "Secretariat, University of Oxford and Government of the United Kingdom. Available in "
        "English and Portuguese. Link: http://oas.org/brazil.pdf",
        "“State of Cybersecurity in the Colombian Financial System.” October 2020. CICTE/OAS "
        "Secretariat. Available in English and Spanish. Link (English): https://a.com/en.pdf "
        "Link (Spanish): https://a.com/es.pdf",
    ]


def test_annex_3_names_co_publishers_as_printed_and_keeps_the_printed_order_in_a_month(client):
    year = ReportingYearFactory(year=2020)
    august = datetime.date(2020, 8, 1)
    idb = PartnerFactory(name="Inter-American Development Bank", acronym="IDB")
    second = PublicationFactory(year=year, title="A report", published_on=august, position=2)
    first = PublicationFactory(year=year, title="B report", published_on=august, position=1)
    CoPublisherFactory(publication=first, partner=idb, name_as_printed="the IDB")
    CoPublisherFactory(publication=second, partner=idb)

    response = client.get(annex_url(2020, 3))

    assert [entry.split(" Available")[0] for entry in annex_entries(response, 3)] == [
        "“B report.” August 2020. CICTE/OAS Secretariat and the IDB.",
        "“A report.” August 2020. CICTE/OAS Secretariat and Inter-American Development Bank (IDB).",
    ]


# Annex 4


def test_annex_4_lists_partners_by_category_alphabetically_with_stars(client):
    year = ReportingYearFactory(year=2020)
    for name, acronym, note, category, contributor in [
        ("Colombia", "", "", PartnerCategory.MEMBER_STATE, True),
        ("Chile", "", "", PartnerCategory.MEMBER_STATE, True),
        ("Panama", "", "", PartnerCategory.MEMBER_STATE, False),
        ("CARICOM IMPACS", "", "", PartnerCategory.INTERNATIONAL, False),
        ("Caribbean Development Bank", "CDB", "", PartnerCategory.INTERNATIONAL, True),
        ("Andean Community of Nations", "CAN", "for its acronym in Spanish",
         PartnerCategory.INTERNATIONAL, False),
        ("Parliamentarians for Global Action", "PGA", "", PartnerCategory.OTHER, False),
        ("Stimson Center", "", "", PartnerCategory.CIVIL_SOCIETY, False),
    ]:  # fmt: skip
        PartnerYearFactory(
            partner=PartnerFactory(
                name=name, acronym=acronym, acronym_note=note, category=category
            ),
            year=year,
            financial_contributor=contributor,
        )
    # Printed as Annex 4 prints it, and sorted so: "The Netherlands" under T.
    PartnerYearFactory(
        partner=PartnerFactory(name="Netherlands", category=PartnerCategory.MEMBER_STATE),
        year=year,
        name_as_printed="The Netherlands",
    )
    PartnerYearFactory(year=year, listed_in_annex=False, partner=PartnerFactory(name="Unlisted"))
    PartnerYearFactory(year=ReportingYearFactory(year=2019), partner=PartnerFactory(name="Old"))

    response = client.get(annex_url(2020, 4))

    page = parse(response)
    assert [
        h.text for h in page.select("h2") if h.parent.attrs.get("class") == "annex-category"
    ] == [
        "Member States",
        "International organizations, regional bodies, and international forums",
        "Civil society",
        "Others",
    ]
    assert annex_entries(response, 4) == [
        "Chile *",
        "Colombia *",
        "Panama",
        "The Netherlands",
        "Andean Community of Nations (CAN for its acronym in Spanish)",
        "Caribbean Development Bank (CDB) *",
        "CARICOM IMPACS",
        "Stimson Center",
        "Parliamentarians for Global Action (PGA)",
    ]
    assert texts(response, "p", class_="annex-legend-note") == [
        "* Countries or institutions that made a financial contribution - specific funds for the "
        "implementation of the CICTE Secretariat's programs."
    ]


def test_annex_of_a_year_without_entries_says_so(client):
    ReportingYearFactory(year=2020)

    response = client.get(annex_url(2020, 2))

    assert response.status_code == 200
    assert texts(response, "p", class_="empty") == [
        "No webinars or virtual forums are recorded for this year."
    ]


# Site furniture


@pytest.mark.parametrize(
    "name", ["home", "programs:list", "events:list", "partners:list", "publications:list"]
)
def test_every_page_has_landmarks_skip_link_and_one_h1(client, name):
    ReportingYearFactory(year=2020)

    page = parse(client.get(reverse(name)))

    assert page.one("a", class_="skip-link").attrs["href"] == "#main"
    assert page.one("main").attrs["id"] == "main"
    assert len(page.select("header", class_="site-header")) == 1
    assert len(page.select("footer")) == 1
    assert len(page.select("h1")) == 1
    assert page.one("meta", name="description").attrs["content"] != ""
    assert b"style=" not in client.get(reverse(name)).content
    assert b"<script" not in client.get(reverse(name)).content


def test_unknown_page_uses_the_site_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert parse(response).one("h1").text == "Page not found"


def test_server_error_page_renders_without_context_or_database():
    html = render_to_string("500.html")

    assert parse(html).one("h1").text == "Something went wrong"


def test_month_precision_event_reads_as_a_month_range_in_annex_1(client):
    year = ReportingYearFactory(year=2020)
    event = EventFactory(
        year=year, title="Working groups", secretariat_role="participant",
        participation_level="officials", kind="working_group",
    )  # fmt: skip
    EventDateFactory(
        event=event,
        start=datetime.date(2020, 6, 1),
        end=datetime.date(2020, 12, 31),
        precision=DatePrecision.MONTH,
    )

    response = client.get(annex_url(2020, 1))

    assert annex_entries(response, 1) == ["Working groups. Virtual format. June-December 2020. ***"]


def test_report_list_shows_public_years_newest_first(client):
    ReportingYearFactory(year=2019, status=YearStatus.CLOSED)
    ReportingYearFactory(year=2020)
    ReportingYearFactory(year=2021, status=YearStatus.DRAFT)

    response = client.get(reverse("reports:list"))

    assert texts(response, "h2", class_="card-title") == [
        "Annual report 2020",
        "Annual report 2019",
    ]


@pytest.mark.parametrize("rows", [1, 10])
def test_report_list_query_budget(client, django_assert_num_queries, rows):
    for number in range(rows):
        ReportingYearFactory(year=2000 + number)

    with django_assert_num_queries(1):
        response = client.get(reverse("reports:list"))

    assert len(texts(response, "h2", class_="card-title")) == rows


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/programs/", "/en/events/", "/en/partners/", "/en/publications/"]
    + ["/en/reports/2020/"]
    + [f"/en/reports/2020/annex-{number}/" for number in range(1, 5)],
)
def test_headings_go_down_one_level_at_a_time(client, path):
    year = report_year_with_content()
    make_report_rows(year, 1)

    page = parse(client.get(path))

    levels = [int(e.tag[1]) for e in page.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5"}]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in pairwise(levels))
