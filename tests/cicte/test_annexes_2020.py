"""The 2020 report's annexes and filters, with the 2020 fixtures loaded (fixtures/report_2020.json).

The expected lists are the seed document's annexes, with the lead's decisions: strict date
order, the Coast Guard meeting on "October 26 and 28", the GPWG meetings as "June-December
2020", Annex 4 truly alphabetical, and the stars of Section IV's contributors.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


def entries(response, number):
    lists = parse(response).select(class_=f"annex-{number}")
    return [li for annex_list in lists for li in annex_list.select("li")]


def link_text(entry):
    return entry.select("a")[0].text


def test_annex_1_lists_the_14_meetings_in_date_order_with_their_markers(client):
    response = client.get(reverse("reports:annex", args=[2020, 1]))

    listed = entries(response, 1)
    assert [link_text(li) for li in listed] == [
        "III Hemispheric Ministerial Conference on Combating Terrorism.",
        "Visit of policymakers from OAS Member States. Exchange of experiences and best practices "
        "in cybersecurity.",
        "Second Substantive Session of the United Nations Open-ended Working Group (OEWG).",
        "International Conference “Cybersecurity, emerging technologies and 5G networks”.",
        "Virtual meetings of the Global Partnership Working Group (GPWG), CBRN Working Group "
        "(CBRNWG), Chemical Security Working Group (CSWG), Biosecurity Sub-Working Group (BSWG), "
        "GP Nuclear Radiological Security Working Group (NRSWG).",
        "GAFILAT Virtual Plenaries.",
        "Virtual Week against Terrorism - 2020.",
        "Roundtable discussion on global implications of terrorist travelers in the maritime "
        "domain.",
        "Webinar on “Cyber threats in the maritime and port sector”.",
        "Coast Guard Virtual Regional Meeting.",
        "Expert Webinar on “Maritime Security and the fight against Terrorism”.",
        "Fifth Plenary Meeting of the Counter-Terrorism Committee of the Council of Europe.",
        "Roundtable to build strategic alliances between regions of entities in charge of "
        "counter-terrorism and preventing and countering violent extremism.",
        "United Nations Counter-Terrorism Committee Virtual Open Briefing on “The Threat of "
        "Terrorism in Latin America and the Caribbean”.",
    ]
    endings = [li.text.rsplit(". ", 2)[-2:] for li in listed]
    assert endings == [
        ["January 19-20, 2020", "*"],
        ["January 27-31, 2020", "*"],
        ["February 10-14, 2020", "***"],
        ["February 20-21, 2020", "***"],
        ["June-December 2020", "***"],
        ["June 17 and November 30 to December 3, 2020", "***"],
        ["July 10, 2020", "*"],
        ["July 21 and 28, 2020", "***"],
        ["July 25, 2020", "***"],
        ["October 26 and 28, 2020", "***"],
        ["October 27, 2020", "***"],
        ["November 17-18, 2020", "***"],
        ["December 8-10, 2020", "**"],
        ["December 14, 2020", "*"],
    ]
    assert listed[0].text == (
        "III Hemispheric Ministerial Conference on Combating Terrorism. Bogotá, Colombia. "
        "January 19-20, 2020. *"
    )
    assert [li.text for li in parse(response).one("ul", class_="annex-legend").select("li")] == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]


def test_annex_2_lists_the_webinars_and_forums_in_date_order_with_organisers(client):
    response = client.get(reverse("reports:annex", args=[2020, 2]))

    listed = entries(response, 2)
    assert [(link_text(li), li.text.rsplit(". ", 1)[-1]) for li in listed] == [
        ("Webinar “Telework - How to protect sensitive information and your digital life?”",
         "March 19."),
        ("Webinar “How to protect our infrastructure and digital assets from cyber threats?”",
         "March 27."),
        ("Webinar “How to stay protected on social networks and have control of our security?”",
         "April 8."),
        ("Webinar “Tourism security in times of COVID-19”.", "April 8."),
        ("Webinar “Basic concept of cybersecurity for work”.", "April 14."),
        ("Webinar “Cybersecurity, privacy and digital rights”.", "April 17."),
        ("Webinar “Pandemic: frontiers on the front line”.", "May 5."),
        ("Webinar “Conversation with young people on digital adaptation”.", "May 8."),
        ("Webinar “Port security management in the face of the COVID-19 pandemic”.", "May 19."),
        ("Webinar “Cybersecurity and work”.", "June 12."),
        ("Webinar “Biosafety protocols for the reactivation of tourism”.", "June 19."),
        ("Webinar “Women in cybersecurity”.", "June 30."),
        ("Webinar “Border management and trade facilitation during times of pandemic”.",
         "July 22."),
        ("Webinar “Major events: redefining the way forward in the times of COVID-19”.",
         "July 23."),
        ("Virtual Dialogue “Prevention of violent extremism”.", "July 30."),
        ("Webinars on terrorist financing and the implications of the fight against it in the new "
         "context of the pandemic.", "August 24, 26 and 28."),
        ("Virtual Dialogue “The use of the Internet in the spread of violent extremism: challenges "
         "and best practices”.", "September 18."),
        ("Webinar “Border Security and Customs during the Pandemic”.", "October 6."),
        ("Webinar “Preventing violent extremism: good practices in youth engagement through "
         "sport”.", "November 12."),
        ("Webinar “Cybersecurity for Women”.", "December 9."),
    ]  # fmt: skip
    assert listed[0].text == (
        "Webinar “Telework - How to protect sensitive information and your digital life?” "
        "Organized by the CICTE Secretariat and Trend Micro. March 19."
    )
    assert "Organized by the CICTE Secretariat and Mexico, with the support of Canada." in (
        listed[14].text
    )


def test_annex_3_lists_the_5_publications_with_co_publishers_languages_and_links(client):
    response = client.get(reverse("reports:annex", args=[2020, 3]))

    listed = entries(response, 3)
    assert [li.text.split(" Link")[0] for li in listed] == [
        "“Cybersecurity Report 2020 - Risks, Progress and the Way Forward in Latin America and the "
        "Caribbean.” July 2020. CICTE/OAS Secretariat and Inter-American Development Bank (IDB). "
        "Available in English and Spanish.",
        "“Cybersecurity Capacity Review Federative Republic of Brazil.” August 2020. CICTE/OAS "
        "Secretariat, University of Oxford - Center for Global Cybersecurity Capacity, Department "
        "of Information Security of the Office of Institutional Security of the Presidency of the "
        "Republic of Brazil and United Kingdom. Available in English, Spanish and Portuguese.",
        "“Cybersecurity Considerations of the Democratic Process for Latin America and the "
        "Caribbean.” August 2020. CICTE/OAS Secretariat and United Kingdom Foreign and "
        "Commonwealth Office. Available in English and Spanish.",
        "“Cybersecurity education - Planning for the Future Through Workforce Development.” "
        "September 2020. CICTE/OAS Secretariat and Amazon Web Services. Available in English, "
        "Spanish, French and Portuguese.",
        "“State of Cybersecurity in the Colombian Financial System.” October 2020. CICTE/OAS "
        "Secretariat and Association of Banking and Financial Institutions of Colombia. "
        "Available in Spanish.",
    ]
    assert [[a.attrs["href"] for a in li.select("a", rel="external")] for li in listed] == [
        [
            "https://publications.iadb.org/publications/english/document/2020-Cybersecurity-"
            "Report-Risks-Progress-and-the-Way-Forward-in-Latin-America-and-the-Caribbean.pdf"
        ],
        ["http://www.oas.org/en/sms/cicte/docs/ENG-CYBERSECURITY-CAPACITY-REVIEW-BRAZIL.pdf"],
        ["http://www.oas.org/en/sms/cicte/docs/ENG-Cybersecurity-Democratic-Process-LAC.pdf"],
        ["http://www.oas.org/es/sms/cicte/docs/White-Paper-Cybersecurity-Education.pdf"],
        [
            "https://www.asobancaria.com/wp-content/uploads/2020/10/"
            "20201014-ASOBANCARIA-2020_compressed.pdf"
        ],
    ]


def test_annex_4_lists_every_category_alphabetically_with_the_right_stars(client):
    response = client.get(reverse("reports:annex", args=[2020, 4]))

    page = parse(response)
    assert {
        section.select("h2")[0].text: [li.text for li in section.select("li")]
        for section in page.select("section", class_="annex-category")
    } == {
        "Member States": [
            "Canada *",
            "Chile *",
            "Colombia *",
            "Dominican Republic *",
            "Mexico *",
            "Panama *",
            "United States *",
            "Uruguay *",
        ],
        "Permanent Observers": [
            "Estonia *",
            "European Union *",
            "Israel *",
            "Netherlands *",
            "Spain",
            "United Kingdom *",
        ],
        "International organizations, regional bodies, and international forums": [
            "1540 Committee of the United Nations Security Council and its Group of Experts",
            "Andean Community of Nations (CAN for its acronym in Spanish)",
            "Caribbean Development Bank (CDB) *",
            "CARICOM Implementation Agency for Crime and Security (CARICOM IMPACS)",
            "Central American Economic Integration System (SG/SIECA for its acronym in Spanish)",
            "Council of Europe",
            "Financial Action Task Force of Latin America (GAFILAT for its acronym in Spanish)",
            "Global Counter Terrorism Forum (GCTF)",
            "Global Forum on Cyber Expertise *",
            "Inter-American Development Bank (IDB) *",
            "International Criminal Police Organization (INTERPOL)",
            "International Maritime Organization (IMO)",
            "Pan American Health Organization (PAHO)",
            "Regional Security System (RSS)",
            "United Nations Counter-Terrorism Committee Executive Directorate (CTED)",
            "United Nations Institute for Training and Research (UNITAR)",
            "United Nations Interregional Crime and Justice Research Institute (UNICRI)",
            "United Nations Office for Disarmament Affairs (UNODA)",
            "United Nations Office of Counter-Terrorism (UNOCT)",
            "World Bank",
            "World Customs Organization (WCO)",
            "World Trade Organization (WTO)",
        ],
        "Academic sector": [
            "Florida International University (FIU)",
            "International Maritime Business School (IMBS)",
            "National Consortium for the Study of Terrorism and Responses to Terrorism of the "
            "University of Maryland (START)",
            "University of Oxford - Center for Global Cybersecurity Capacity",
        ],
        "Private sector": [
            "Amazon Web Services *",
            "Association of Banking and Financial Institutions of Colombia",
            "Cisco Systems *",
            "Citi Banamex",
            "Citi Foundation *",
            "Forum of Incident Response and Security Teams (FIRST)",
            "Internet Corporation for Assigned Names and Numbers (ICANN)",
            "Microsoft",
            "Trend Micro",
        ],
        "Civil society": [
            "Global Partners Digital",
            "Latin American Jewish Congress",
            "Save the Dream",
            "Stimson Center",
        ],
        "Others": ["Parliamentarians for Global Action (PGA)"],
    }


def test_report_2020_section_iv_names_the_financial_contributors(client):
    response = client.get(reverse("reports:detail", args=[2020]))

    assert [li.text for li in parse(response).one("ul", class_="donor-list").select("li")] == [
        "Member States: Canada, Chile, Colombia, Dominican Republic, Mexico, Panama, "
        "United States and Uruguay.",
        "Permanent Observers: Estonia, European Union, Israel, Netherlands and United Kingdom.",
        "International organizations, regional bodies, and international forums: Caribbean "
        "Development Bank (CDB), Global Forum on Cyber Expertise and Inter-American Development "
        "Bank (IDB).",
        "Private sector: Amazon Web Services, Cisco Systems and Citi Foundation.",
    ]


MARITIME_EVENTS_NEWEST_FIRST = [
    "Technical Table No. 19 on “Port Control”",
    "Expert Webinar on “Maritime Security and the fight against Terrorism”",
    "Coast Guard Virtual Regional Meeting",
    "Annual meeting of the National Maritime Industry Interagency Advisory Group",
    "Technical Table No. 17 on “Port Disruption Technologies”",
    "Webinar on “Cyber threats in the maritime and port sector”",
    "Roundtable discussion on global implications of terrorist travelers in the maritime domain",
    "Webinar “Port security management in the face of the COVID-19 pandemic”",
    "Webinar “Pandemic: frontiers on the front line”",
]


def listed_titles(response):
    return [h.text for h in parse(response).select("h3", class_="summary-title")]


def test_events_filtered_by_maritime_security_are_exactly_its_events(client):
    response = client.get(reverse("events:list"), {"program": "maritime-security"})

    assert response.status_code == 200
    assert listed_titles(response) == MARITIME_EVENTS_NEWEST_FIRST


def test_events_filtered_by_border_security_include_its_sub_programs(client):
    response = client.get(reverse("events:list"), {"program": "border-security"})

    titles = listed_titles(response)
    assert set(MARITIME_EVENTS_NEWEST_FIRST) < set(titles)
    assert [t for t in titles if t not in MARITIME_EVENTS_NEWEST_FIRST] == [
        "Webinar “Border Security and Customs during the Pandemic”",
        "Webinar “Border management and trade facilitation during times of pandemic”",
    ]


def test_events_combined_filters_narrow_the_2020_events(client):
    url = reverse("events:list")

    webinars = listed_titles(client.get(url, {"program": "maritime-security", "kind": "webinar"}))
    as_officials = listed_titles(
        client.get(url, {"program": "maritime-security", "kind": "webinar", "level": "officials"})
    )
    in_autumn = listed_titles(
        client.get(
            url,
            {
                "program": "maritime-security",
                "kind": "webinar",
                "level": "officials",
                "start": "2020-09-01",
                "end": "2020-12-31",
            },
        )
    )

    assert webinars == [
        "Expert Webinar on “Maritime Security and the fight against Terrorism”",
        "Webinar on “Cyber threats in the maritime and port sector”",
        "Webinar “Port security management in the face of the COVID-19 pandemic”",
        "Webinar “Pandemic: frontiers on the front line”",
    ]
    assert as_officials == webinars[:2]
    assert in_autumn == webinars[:1]


# The number of queries of each public page with the whole 2020 report loaded, in this order:
# the same literal counts as the factory-built budgets at 1 and many rows in the pages' own
# tests, but for the second events list, whose filter choices the first one memoised (the data
# version, then the list itself), and for annexes 2 to 4, whose year the first one looked up.
BUDGETS_2020 = {
    "/en/": 7,
    "/en/programs/": 4,
    "/en/programs/border-security/": 8,
    "/en/events/": 8,
    "/en/events/?program=maritime-security&kind=webinar": 5,
    "/en/events/gafilat-plenaries-2020/": 6,
    "/en/partners/": 5,
    "/en/partners/mexico/": 7,
    "/en/publications/": 7,
    "/en/publications/cybersecurity-report-2020/": 6,
    "/en/reports/": 1,
    "/en/reports/2020/": 8,
    "/en/reports/2020/annex-1/": 5,
    "/en/reports/2020/annex-2/": 4,
    "/en/reports/2020/annex-3/": 4,
    "/en/reports/2020/annex-4/": 2,
}


def test_2020_pages_hold_their_query_budgets(client, django_assert_num_queries):
    statuses = {}
    for path, queries in BUDGETS_2020.items():
        with django_assert_num_queries(queries):
            statuses[path] = client.get(path).status_code

    assert set(statuses.values()) == {200}
