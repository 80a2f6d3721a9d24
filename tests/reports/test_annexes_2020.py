"""The 2020 report's annexes and filters, with the 2020 fixtures loaded (fixtures/report_2020.json).

The expected lists are the seed document's annexes as printed, with the decisions of
fixtures/README.md: strict date order (the printed order where dates tie), the Coast Guard
meeting on "October 26 and 28", the GPWG meetings as "June-December 2020", Annex 4
alphabetical by the names as printed, and the stars of Section IV's contributors.
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


def test_annex_1_lists_the_14_meetings_in_date_order_with_their_printed_facts(client):
    response = client.get(reverse("reports:annex", args=[2020, 1]))

    # Each entry as printed, with what the data adds (the place "Virtual format", organisers
    # the printed entry leaves out) and true date order: Virtual Week (July 10) after the
    # GAFILAT plenaries (June 17), the Coast Guard meeting (October 26) before the expert
    # webinar (October 27).
    assert [li.text for li in entries(response, 1)] == [
        "III Hemispheric Ministerial Conference on Combating Terrorism. Bogotá, Colombia. "
        "January 19-20, 2020. *",
        "Visit of policymakers from OAS Member States. Exchange of experiences and best "
        "practices in cybersecurity sponsored by the Governments of Spain and Estonia. "
        "January 27-31, 2020. *",
        "Second Substantive Session of the United Nations Open-ended Working Group (OEWG). "
        "United Nations. New York, United States of America. February 10-14, 2020. ***",
        "International Conference “Cybersecurity, emerging technologies and 5G networks”. "
        "CICTE/OAS Secretariat and Dominican Institute of Telecommunications (INDOTEL for its "
        "acronym in Spanish). Santo Domingo, Dominican Republic. February 20-21, 2020. ***",
        "Virtual meetings of the Global Partnership Working Group (GPWG), CBRN Working Group "
        "(CBRNWG), Chemical Security Working Group (CSWG), Biosecurity Sub-Working Group "
        "(BSWG), GP Nuclear Radiological Security Working Group (NRSWG). Global Partnership "
        "Working Group (GPWG). Virtual format. June-December 2020. ***",
        "GAFILAT Virtual Plenaries. Financial Action Task Force of Latin America (GAFILAT for "
        "its acronym in Spanish). Virtual format. June 17 and November 30 to December 3, "
        "2020. ***",
        "Virtual Week against Terrorism - 2020. United Nations. Virtual format. July 10, 2020. *",
        "Roundtable discussion on global implications of terrorist travelers in the maritime "
        "domain. Global Counter Terrorism Forum (GCTF) - Maritime Security and Terrorist "
        "Travelers Initiative. Virtual format. July 21 and 28, 2020. ***",
        "Webinar on “Cyber threats in the maritime and port sector”. International Maritime "
        "Business School (IMBS). Virtual format. July 25, 2020. ***",
        "Coast Guard Virtual Regional Meeting. Regional Security System (RSS). Virtual format. "
        "October 26 and 28, 2020. ***",
        "Expert Webinar on “Maritime Security and the fight against Terrorism”. UNCCT, UNOCT "
        "and UN CTED. Virtual format. October 27, 2020. ***",
        "Fifth Plenary Meeting of the Counter-Terrorism Committee of the Council of Europe. "
        "Council of Europe. Virtual format. November 17-18, 2020. The CICTE Secretariat "
        "participated as an observer. ***",
        "Roundtable to build strategic alliances between regions of entities in charge of "
        "counter-terrorism and preventing and countering violent extremism. United Nations "
        "Counter-Terrorism Center. Virtual format. December 8-10, 2020. **",
        "United Nations Counter-Terrorism Committee Virtual Open Briefing on “The Threat of "
        "Terrorism in Latin America and the Caribbean”. United Nations Counter-Terrorism "
        "Committee. Virtual format. December 14, 2020. *",
    ]
    assert [li.text for li in parse(response).one("ul", class_="annex-legend").select("li")] == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]
    assert link_text(entries(response, 1)[1]) == (
        "Visit of policymakers from OAS Member States. Exchange of experiences and best "
        "practices in cybersecurity"
    )


def test_annex_2_lists_the_20_webinars_and_forums_with_who_organised_and_supported_them(client):
    response = client.get(reverse("reports:annex", args=[2020, 2]))

    # As printed, in date order; where two fall on April 8, in the printed order.
    assert [li.text for li in entries(response, 2)] == [
        "Webinar “Telework - How to protect sensitive information and your digital life?” "
        "Organized by the CICTE Secretariat and Trend Micro. March 19.",
        "Webinar “How to protect our infrastructure and digital assets from cyber threats?” "
        "Organized by the CICTE Secretariat and Mundo Hacker Academy. March 27.",
        "Webinar “How to stay protected on social networks and have control of our security?” "
        "Organized by the CICTE Secretariat and Facebook. April 8.",
        "Webinar “Tourism security in times of COVID-19”. Organized by the CICTE Secretariat. "
        "April 8.",
        "Webinar “Basic concept of cybersecurity for work”. Organized by the CICTE Secretariat "
        "and Amazon Web Services. April 14.",
        "Webinar “Cybersecurity, privacy and digital rights”. Organized by the CICTE "
        "Secretariat, the Rapporteurship on the Right to Freedom of Expression of the "
        "Inter-American Commission on Human Rights and Citizen Lab. April 17.",
        "Webinar “Pandemic: frontiers on the front line”. Organized by the CICTE Secretariat. "
        "May 5.",
        "Webinar “Conversation with young people on digital adaptation”. Organized by the "
        "CICTE Secretariat. May 8.",
        "Webinar “Port security management in the face of the COVID-19 pandemic”. Organized by "
        "the CICTE Secretariat. May 19.",
        "Webinar “Cybersecurity and work”. Organized by the CICTE Secretariat. June 12.",
        "Webinar “Biosafety protocols for the reactivation of tourism”. Organized by the CICTE "
        "Secretariat. June 19.",
        "Webinar “Women in cybersecurity”. Organized by the CICTE Secretariat. June 30.",
        "Webinar “Border management and trade facilitation during times of pandemic”. "
        "Organized by the CICTE Secretariat. July 22.",
        "Webinar “Major events: redefining the way forward in the times of COVID-19”. "
        "Organized by the CICTE Secretariat, UNICRI and UNITAR. July 23.",
        "Virtual Dialogue “Prevention of violent extremism”. Organized by the CICTE "
        "Secretariat in collaboration with the Government of Mexico and with the support of "
        "Canada as Chair of the Committee. July 30.",
        "Webinars on terrorist financing and the implications of the fight against it in the "
        "new context of the pandemic. Organized by the CICTE Secretariat with the support of "
        "SEPRELAD-Paraguay. August 24, 26 and 28.",
        "Virtual Dialogue “The use of the Internet in the spread of violent extremism: "
        "challenges and best practices”. Organized by the CICTE Secretariat in collaboration "
        "with the Government of Mexico and with the support of Canada as Chair of the "
        "Committee. September 18.",
        "Webinar “Border Security and Customs during the Pandemic”. Organized by the CICTE "
        "Secretariat in collaboration with the World Customs Organization, the Pan American "
        "Health Organization, the Spanish Tax Agency and New Zealand Customs. October 6.",
        "Webinar “Preventing violent extremism: good practices in youth engagement through "
        "sport”. Organized by the CICTE Secretariat in collaboration with the Government of "
        "Mexico, with the support of Canada and in partnership with the United Nations "
        "Interregional Crime and Justice Research Institute (UNICRI), the United Nations "
        "Institute for Training and Research (UNITAR) and Save the Dream. November 12.",
        "Webinar “Cybersecurity for Women”. Organized by the CICTE Secretariat. December 9.",
    ]


def test_annex_3_lists_the_5_publications_with_co_publishers_languages_and_links(client):
    response = client.get(reverse("reports:annex", args=[2020, 3]))

    listed = entries(response, 3)
    assert [li.text.split(" Link")[0] for li in listed] == [
        "“Cybersecurity Report 2020 - Risks, Progress and the Way Forward in Latin America and the "
        "Caribbean.” July 2020. CICTE/OAS Secretariat and Inter-American Development Bank. "
        "Available in English and Spanish.",
        "“Cybersecurity Considerations of the Democratic Process for Latin America and the "
        "Caribbean.” August 2020. CICTE/OAS Secretariat and the United Kingdom Foreign and "
        "Commonwealth Office. Available in English and Spanish.",
        "“Cybersecurity Capacity Review Federative Republic of Brazil.” August 2020. CICTE/OAS "
        "Secretariat, Center for Global Cybersecurity Capacity- University of Oxford, Department "
        "of Information Security of the Office of Institutional Security of the Presidency of the "
        "Republic of Brazil and Government of the United Kingdom. Available in English, Spanish "
        "and Portuguese.",
        "“Cybersecurity education - Planning for the Future Through Workforce Development.” "
        "September 2020. CICTE/OAS Secretariat and Amazon Web Services. Available in English, "
        "Spanish, French and Portuguese.",
        "“State of Cybersecurity in the Colombian Financial System.” October 2020. CICTE/OAS "
        "Secretariat and Asociación de Entidades Bancarias y Financieras de Colombia. "
        "Available in Spanish.",
    ]
    assert [[a.attrs["href"] for a in li.select("a", rel="external")] for li in listed] == [
        [
            "https://publications.iadb.org/publications/english/document/2020-Cybersecurity-"
            "Report-Risks-Progress-and-the-Way-Forward-in-Latin-America-and-the-Caribbean.pdf"
        ],
        ["http://www.oas.org/en/sms/cicte/docs/ENG-Cybersecurity-Democratic-Process-LAC.pdf"],
        ["http://www.oas.org/en/sms/cicte/docs/ENG-CYBERSECURITY-CAPACITY-REVIEW-BRAZIL.pdf"],
        ["http://www.oas.org/es/sms/cicte/docs/White-Paper-Cybersecurity-Education.pdf"],
        [
            "https://www.asobancaria.com/wp-content/uploads/2020/10/"
            "20201014-ASOBANCARIA-2020_compressed.pdf"
        ],
    ]


def test_annex_4_lists_every_category_alphabetically_by_the_printed_names(client):
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
            "Spain",
            "The Netherlands *",
            "United Kingdom *",
        ],
        "International organizations, regional bodies, and international forums": [
            "1540 Committee of the United Nations Security Council and its Group of Experts",
            "Andean Community of Nations (CAN for its acronym in Spanish)",
            "Caribbean Development Bank (CDB) *",
            "CARICOM IMPACS",
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
            "United Nations Counter-Terrorism Office (UNOCT)",
            "United Nations Institute for Training and Research (UNITAR)",
            "United Nations Interregional Crime and Justice Research Institute (UNICRI)",
            "United Nations Office for Disarmament Affairs (UNODA)",
            "World Bank",
            "World Customs Organization (WCO)",
            "World Trade Organization (WTO)",
        ],
        "Academic sector": [
            "Florida International University (FIU)",
            "International Maritime Business School (IMBS)",
            "National Consortium for the Study of Terrorism and Responses to Terrorism (START) of "
            "the University of Maryland",
            "Oxford University - Center for Global Cybersecurity Capacity",
        ],
        "Private sector": [
            "Amazon Web Services *",
            "Association of Banking and Financial Institutions of Colombia (Asociación de "
            "Entidades Bancarias y Financieras de Colombia)",
            "Cisco Systems inc. *",
            "Citi Banamex",
            "Citi Foundation *",
            "FIRST",
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
        "Permanent Observers: Estonia, European Union, Israel, The Netherlands and United Kingdom.",
        "International organizations, regional bodies, and international forums: Caribbean "
        "Development Bank (CDB), Global Forum on Cyber Expertise and Inter-American Development "
        "Bank (IDB).",
        "Private sector: Amazon Web Services, Cisco Systems inc. and Citi Foundation.",
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


# The number of queries of each public page with the whole 2020 report loaded, the page cache
# off (nothing is kept between requests): the same literal counts as the factory-built budgets
# at 1 and many rows in the pages' own tests.
BUDGETS_2020 = {
    "/en/": 7,
    "/en/programs/": 3,
    "/en/programs/border-security/": 8,
    "/en/events/": 7,
    "/en/events/?program=maritime-security&kind=webinar": 7,
    "/en/events/gafilat-plenaries-2020/": 4,
    "/en/partners/": 3,
    "/en/partners/mexico/": 7,
    "/en/publications/": 6,
    "/en/publications/cybersecurity-report-2020/": 4,
    "/en/reports/": 1,
    "/en/reports/2020/": 8,
    "/en/reports/2020/annex-1/": 6,
    "/en/reports/2020/annex-2/": 6,
    "/en/reports/2020/annex-3/": 6,
    "/en/reports/2020/annex-4/": 4,
    "/en/search/?q=maritime+security": 6,
}


def test_2020_pages_hold_their_query_budgets(client, django_assert_num_queries):
    statuses = {}
    for path, queries in BUDGETS_2020.items():
        with django_assert_num_queries(queries):
            statuses[path] = client.get(path).status_code

    assert set(statuses.values()) == {200}
