"""The 2020 fixture against the report (/work/shared/seed: CICTE annual report 2020).

Each test loads fixtures/report_2020.json with `loaddata report_2020`, the command the README
documents, and compares what the database then holds with the report's own lists and figures.
"""

import datetime

import pytest
from django.core.management import call_command

from cicte.enums import YearStatus
from cicte.models import EditorialNote, ReportingYear, ReportText
from events.models import Event, EventDate, EventPartner
from partners.enums import PartnerCategory
from partners.models import Partner, PartnerYear
from programs.models import Activity, ActivityPartner, Program, ProgramPartner, ProgramYear
from publications.models import CoPublisher, Edition, Publication

pytestmark = pytest.mark.django_db

ES, DES, OFF = "executive_secretary", "deputy_executive_secretary", "officials"


@pytest.fixture
def report_2020():
    call_command("loaddata", "report_2020", verbosity=0)


def model_counts():
    models = [
        ReportingYear, ReportText, EditorialNote, Partner, PartnerYear, Program, ProgramYear,
        ProgramPartner, Activity, ActivityPartner, Event, EventDate, EventPartner, Publication,
        CoPublisher, Edition,
    ]  # fmt: skip
    return {model._meta.label_lower: model.objects.count() for model in models}


def test_report_2020_year_is_published_with_its_chairs(report_2020):
    year = ReportingYear.objects.get(year=2020)

    assert (
        year.status,
        year.approved_on,
        year.approved_at,
        year.general_assembly_session,
        year.chair.code,
        year.vice_chair.code,
        year.elected_chair.code,
        year.elected_vice_chair.code,
        year.elected_period,
    ) == (
        YearStatus.PUBLISHED,
        datetime.date(2021, 10, 8),
        "fourth plenary session",
        "Fifty-first regular session",
        "CA",
        "DO",
        "DO",
        "GY",
        "2020-2021",
    )
    assert ReportingYear.objects.current() == year


def test_report_2020_annex_1_lists_fourteen_meetings_in_date_order(report_2020):
    annex_1 = Event.objects.in_year(2020).high_level().chronological()

    # The printed annex has Virtual Week (July 10) before GAFILAT (June 17) and the expert
    # webinar (October 27) before the Coast Guard meeting (October 26): true date order here.
    assert list(annex_1.values_list("title", "participation_level")) == [
        ("III Hemispheric Ministerial Conference on Combating Terrorism", ES),
        (
            "Visit of policymakers from OAS Member States. Exchange of experiences and best "
            "practices in cybersecurity",
            ES,
        ),
        ("Second Substantive Session of the United Nations Open-ended Working Group (OEWG)", OFF),
        ("International Conference “Cybersecurity, emerging technologies and 5G networks”", OFF),
        (
            "Virtual meetings of the Global Partnership Working Group (GPWG), CBRN Working Group "
            "(CBRNWG), Chemical Security Working Group (CSWG), Biosecurity Sub-Working Group "
            "(BSWG), GP Nuclear Radiological Security Working Group (NRSWG)",
            OFF,
        ),
        ("GAFILAT Virtual Plenaries", OFF),
        ("Virtual Week against Terrorism - 2020", ES),
        (
            "Roundtable discussion on global implications of terrorist travelers in the maritime "
            "domain",
            OFF,
        ),
        ("Webinar on “Cyber threats in the maritime and port sector”", OFF),
        ("Coast Guard Virtual Regional Meeting", OFF),
        ("Expert Webinar on “Maritime Security and the fight against Terrorism”", OFF),
        ("Fifth Plenary Meeting of the Counter-Terrorism Committee of the Council of Europe", OFF),
        (
            "Roundtable to build strategic alliances between regions of entities in charge of "
            "counter-terrorism and preventing and countering violent extremism",
            DES,
        ),
        (
            "United Nations Counter-Terrorism Committee Virtual Open Briefing on “The Threat of "
            "Terrorism in Latin America and the Caribbean”",
            ES,
        ),
    ]
    assert [event.marker for event in annex_1] == [
        "*", "*", "***", "***", "***", "***", "*", "***", "***", "***", "***", "***", "**", "*",
    ]  # fmt: skip


def test_report_2020_annex_2_lists_twenty_webinars_and_forums_in_date_order(report_2020):
    annex_2 = Event.objects.in_year(2020).virtual_forums().chronological()

    assert list(annex_2.values_list("title", "starts_on")) == [
        (
            "Webinar “Telework - How to protect sensitive information and your digital life?”",
            datetime.date(2020, 3, 19),
        ),
        (
            "Webinar “How to protect our infrastructure and digital assets from cyber threats?”",
            datetime.date(2020, 3, 27),
        ),
        (
            "Webinar “How to stay protected on social networks and have control of our security?”",
            datetime.date(2020, 4, 8),
        ),
        ("Webinar “Tourism security in times of COVID-19”", datetime.date(2020, 4, 8)),
        ("Webinar “Basic concept of cybersecurity for work”", datetime.date(2020, 4, 14)),
        ("Webinar “Cybersecurity, privacy and digital rights”", datetime.date(2020, 4, 17)),
        ("Webinar “Pandemic: frontiers on the front line”", datetime.date(2020, 5, 5)),
        (
            "Webinar “Conversation with young people on digital adaptation”",
            datetime.date(2020, 5, 8),
        ),
        (
            "Webinar “Port security management in the face of the COVID-19 pandemic”",
            datetime.date(2020, 5, 19),
        ),
        ("Webinar “Cybersecurity and work”", datetime.date(2020, 6, 12)),
        (
            "Webinar “Biosafety protocols for the reactivation of tourism”",
            datetime.date(2020, 6, 19),
        ),
        ("Webinar “Women in cybersecurity”", datetime.date(2020, 6, 30)),
        (
            "Webinar “Border management and trade facilitation during times of pandemic”",
            datetime.date(2020, 7, 22),
        ),
        (
            "Webinar “Major events: redefining the way forward in the times of COVID-19”",
            datetime.date(2020, 7, 23),
        ),
        ("Virtual Dialogue “Prevention of violent extremism”", datetime.date(2020, 7, 30)),
        (
            "Webinars on terrorist financing and the implications of the fight against it in "
            "the new context of the pandemic",
            datetime.date(2020, 8, 24),
        ),
        (
            "Virtual Dialogue “The use of the Internet in the spread of violent extremism: "
            "challenges and best practices”",
            datetime.date(2020, 9, 18),
        ),
        ("Webinar “Border Security and Customs during the Pandemic”", datetime.date(2020, 10, 6)),
        (
            "Webinar “Preventing violent extremism: good practices in youth engagement through "
            "sport”",
            datetime.date(2020, 11, 12),
        ),
        ("Webinar “Cybersecurity for Women”", datetime.date(2020, 12, 9)),
    ]


def test_report_2020_other_dated_events_fall_in_neither_annex(report_2020):
    events = Event.objects.in_year(2020)
    others = (
        events.exclude(pk__in=events.high_level().values("pk"))
        .exclude(pk__in=events.virtual_forums().values("pk"))
        .chronological()
    )

    assert events.count() == 52
    assert list(others.values_list("title", flat=True)) == [
        "National workshop on combating the financing of terrorism: targeted financial "
        "sanctions and domestic lists, including special judicial investigation techniques",
        "National workshop on the fight against the financing of terrorism, legislative aspects "
        "and judicial investigation",
        "Signing ceremony of the Memorandum of Understanding with Parliamentarians for Global "
        "Action and coordination meeting",
        "Workshop on chemical safety and national plans of action",
        "First Inter-American Day against Terrorism",
        "Permanent Council meeting commemorating the first Inter-American Day against Terrorism",
        "Cybersecurity Summer Bootcamp",
        "Technical Table No. 17 on “Port Disruption Technologies”",
        "Twentieth Regular Session of CICTE",
        "Caribbean Basin Security Initiative: Financial Crimes Virtual Technical Working Group "
        "Caribbean 2020",
        "Cybersecurity Symposium",
        "Annual meeting of the National Maritime Industry Interagency Advisory Group",
        "National workshop on resolution 1540 (2004) and its status of implementation in Bolivia",
        "Informal meeting of the Working Group on Confidence Building Measures in Cyberspace",
        "Technical Table No. 19 on “Port Control”",
        "First virtual meeting of the focal points of the Inter-American Counter-Terrorism Network",
        "Virtual conferences for implementers of the Export Control and Related Border Security "
        "Program (EXBS), Office of Weapons of Mass Destruction Terrorism (WMDT) and Office of "
        "Non-proliferation and Disarmament Fund (NDF)",
        "Sub-regional webinar on international and legal cooperation on money laundering and "
        "terrorist financing in the Tri-Border area",
    ]


def test_report_2020_every_event_is_published_dated_and_in_a_program(report_2020):
    events = Event.objects.in_year(2020)

    assert list(events.exclude(status="published")) == []
    assert list(events.filter(starts_on__isnull=True)) == []
    assert list(events.filter(ends_on__isnull=True)) == []
    assert list(events.filter(programs__isnull=True)) == []
    assert list(events.filter(programs__slug="border-security")) == []


def test_report_2020_event_dates_keep_the_reports_ranges(report_2020):
    def ranges(slug):
        return list(
            EventDate.objects.filter(event__slug=slug).values_list("start", "end", "precision")
        )

    day = datetime.date

    assert ranges("gafilat-plenaries-2020") == [
        (day(2020, 6, 17), day(2020, 6, 17), "day"),
        (day(2020, 11, 30), day(2020, 12, 3), "day"),
    ]
    assert ranges("rss-coast-guard-regional-meeting-2020") == [
        (day(2020, 10, 26), day(2020, 10, 26), "day"),
        (day(2020, 10, 28), day(2020, 10, 28), "day"),
    ]
    assert ranges("gctf-maritime-terrorist-travelers-roundtable-2020") == [
        (day(2020, 7, 21), day(2020, 7, 21), "day"),
        (day(2020, 7, 28), day(2020, 7, 28), "day"),
    ]
    assert ranges("terrorist-financing-pandemic-webinars-2020") == [
        (day(2020, 8, 24), day(2020, 8, 24), "day"),
        (day(2020, 8, 26), day(2020, 8, 26), "day"),
        (day(2020, 8, 28), day(2020, 8, 28), "day"),
    ]
    assert ranges("global-partnership-working-groups-2020") == [
        (day(2020, 6, 1), day(2020, 12, 31), "month"),
    ]
    assert ranges("cybersecurity-symposium-2020") == [
        (day(2020, 9, 28), day(2020, 10, 9), "day"),
    ]
    gafilat = Event.objects.get(slug="gafilat-plenaries-2020")
    assert (gafilat.starts_on, gafilat.ends_on) == (day(2020, 6, 17), day(2020, 12, 3))


def test_report_2020_event_partners_follow_the_reports_order(report_2020):
    def partners(slug):
        return list(
            EventPartner.objects.filter(event__slug=slug).values_list("partner__slug", "role")
        )

    # "in collaboration with the World Customs Organization, the Pan American Health
    # Organization, the Spanish Tax Agency, and New Zealand Customs"
    assert partners("border-security-customs-webinar-2020") == [
        ("wco", "collaborator"),
        ("paho", "collaborator"),
        ("spanish-tax-agency", "collaborator"),
        ("new-zealand-customs", "collaborator"),
    ]
    # "in collaboration with the Government of Mexico, with the support of Canada and in
    # partnership with … (UNICRI), … (UNITAR) and Save the Dream"; UN CTED and UNOCT attended.
    assert partners("youth-sport-violent-extremism-webinar-2020") == [
        ("mexico", "collaborator"),
        ("canada", "supporter"),
        ("unicri", "in_partnership"),
        ("unitar", "in_partnership"),
        ("save-the-dream", "in_partnership"),
        ("cted", "participant"),
        ("unoct", "participant"),
    ]
    # "sponsored by the Governments of Spain and Estonia"
    assert partners("cybersecurity-exchange-visit-estonia-spain-2020") == [
        ("spain", "sponsor"),
        ("estonia", "sponsor"),
    ]
    assert partners("uncct-maritime-security-expert-webinar-2020") == [
        ("uncct", "organiser"),
        ("unoct", "organiser"),
        ("cted", "organiser"),
    ]
    assert partners("cybersecurity-symposium-2020") == [
        ("amazon-web-services", "participant"),
        ("citibanamex", "participant"),
        ("microsoft", "participant"),
        ("first", "participant"),
        ("interpol", "participant"),
        ("icann", "participant"),
        ("cyber4dev", "participant"),
    ]


def test_report_2020_multi_program_events(report_2020):
    def programs(slug):
        return sorted(Event.objects.get(slug=slug).programs.values_list("slug", flat=True))

    assert programs("pandemic-frontiers-webinar-2020") == [
        "cargo-container-security",
        "crowded-spaces",
        "maritime-security",
    ]
    assert programs("border-management-trade-facilitation-webinar-2020") == [
        "cargo-container-security",
        "supply-chain-security",
    ]
    assert programs("border-security-customs-webinar-2020") == [
        "cargo-container-security",
        "supply-chain-security",
    ]
    assert programs("youth-sport-violent-extremism-webinar-2020") == [
        "crowded-spaces",
        "violent-extremism",
    ]


def test_report_2020_places_and_attendance(report_2020):
    events = Event.objects.in_year(2020).chronological()

    in_person = events.filter(format="in_person").values_list("slug", "city", "country")
    attended = events.exclude(attendance=None).values_list("slug", "attendance")

    assert list(in_person) == [
        ("hemispheric-ministerial-conference-2020", "Bogotá", "CO"),
        ("cybersecurity-exchange-visit-estonia-spain-2020", "", ""),
        ("panama-terrorist-financing-workshop-2020", "Panama City", "PA"),
        ("oewg-second-substantive-session-2020", "New York", "US"),
        ("paraguay-terrorist-financing-workshop-2020", "Asunción", "PY"),
        ("cybersecurity-5g-conference-2020", "Santo Domingo", "DO"),
        ("pga-memorandum-signing-2020", "Washington, D.C.", "US"),
        ("stimson-chemical-safety-workshop-2020", "Washington, D.C.", "US"),
    ]
    assert list(attended) == [
        ("cybersecurity-exchange-visit-estonia-spain-2020", 17),
        ("pandemic-frontiers-webinar-2020", 150),
        ("port-security-covid-webinar-2020", 400),
        ("cybersecurity-summer-bootcamp-2020", 1000),
        ("border-management-trade-facilitation-webinar-2020", 150),
        ("cybersecurity-symposium-2020", 1500),
        ("border-security-customs-webinar-2020", 150),
    ]
    assert Event.objects.get(slug="cybersecurity-symposium-2020").attendance_note == (
        "more than 1,500 people in the open sessions and approximately 400 in the closed "
        "sessions, from 35 countries"
    )


def test_report_2020_tri_border_event_is_the_sub_regional_webinar_out_of_annex_2(report_2020):
    # "the program organized a sub-regional webinar on international and legal cooperation on
    # money laundering and terrorist financing in the Tri-Border area on December 15", which
    # the printed Annex 2 does not list.
    event = Event.objects.get(slug="tri-border-legal-cooperation-workshop-2020")

    assert (
        event.kind,
        event.format,
        event.secretariat_role,
        event.annex,
        event.starts_on,
        event.activity.slug,
    ) == (
        "webinar",
        "virtual",
        "organiser",
        "none",
        datetime.date(2020, 12, 15),
        "tri-border-project-2020",
    )


def test_report_2020_annex_3_lists_five_publications(report_2020):
    # In Annex 3's order: the two August publications as printed (their position).
    publications = Publication.objects.filter(year__year=2020).chronological()

    rows = [
        (
            publication.title,
            publication.published_on,
            list(publication.co_publisher_links.values_list("partner__slug", flat=True)),
            dict(publication.editions.values_list("language", "url")),
        )
        for publication in publications
    ]

    assert rows == [
        (
            "Cybersecurity Report 2020 - Risks, Progress and the Way Forward in Latin America "
            "and the Caribbean",
            datetime.date(2020, 7, 1),
            ["idb"],
            {
                "en": "https://publications.iadb.org/publications/english/document/"
                "2020-Cybersecurity-Report-Risks-Progress-and-the-Way-Forward-in-Latin-America-"
                "and-the-Caribbean.pdf",
                "es": "",
            },
        ),
        (
            "Cybersecurity Considerations of the Democratic Process for Latin America and the "
            "Caribbean",
            datetime.date(2020, 8, 1),
            ["uk-fco"],
            {
                "en": "http://www.oas.org/en/sms/cicte/docs/"
                "ENG-Cybersecurity-Democratic-Process-LAC.pdf",
                "es": "",
            },
        ),
        (
            "Cybersecurity Capacity Review Federative Republic of Brazil",
            datetime.date(2020, 8, 1),
            ["oxford-gcscc", "brazil-information-security", "united-kingdom"],
            {
                "en": "http://www.oas.org/en/sms/cicte/docs/"
                "ENG-CYBERSECURITY-CAPACITY-REVIEW-BRAZIL.pdf",
                "es": "",
                "pt": "",
            },
        ),
        (
            "Cybersecurity education - Planning for the Future Through Workforce Development",
            datetime.date(2020, 9, 1),
            ["amazon-web-services"],
            {
                "en": "http://www.oas.org/es/sms/cicte/docs/White-Paper-Cybersecurity-Education.pdf",
                "es": "",
                "fr": "",
                "pt": "",
            },
        ),
        (
            "State of Cybersecurity in the Colombian Financial System",
            datetime.date(2020, 10, 1),
            ["asobancaria"],
            {
                "es": "https://www.asobancaria.com/wp-content/uploads/2020/10/"
                "20201014-ASOBANCARIA-2020_compressed.pdf"
            },
        ),
    ]


def test_report_2020_annex_4_lists_every_organisation_in_its_category(report_2020):
    listed = PartnerYear.objects.filter(year__year=2020, listed_in_annex=True).select_related(
        "partner"
    )
    annex_4 = {category: [] for category in PartnerCategory.values}
    for row in sorted(listed, key=lambda row: row.partner.name.casefold()):
        annex_4[row.partner.category].append((row.partner.annex_name, row.financial_contributor))

    assert annex_4 == {
        "member_state": [
            ("Canada", True),
            ("Chile", True),
            ("Colombia", True),
            ("Dominican Republic", True),
            ("Mexico", True),
            ("Panama", True),
            ("United States", True),
            ("Uruguay", True),
        ],
        "permanent_observer": [
            ("Estonia", True),
            ("European Union", True),
            ("Israel", True),
            ("Netherlands", True),
            ("Spain", False),
            ("United Kingdom", True),
        ],
        "international": [
            (
                "1540 Committee of the United Nations Security Council and its Group of Experts",
                False,
            ),
            ("Andean Community of Nations (CAN for its acronym in Spanish)", False),
            ("Caribbean Development Bank (CDB)", True),
            ("CARICOM Implementation Agency for Crime and Security (CARICOM IMPACS)", False),
            (
                "Central American Economic Integration System (SG/SIECA for its acronym in "
                "Spanish)",
                False,
            ),
            ("Council of Europe", False),
            (
                "Financial Action Task Force of Latin America (GAFILAT for its acronym in Spanish)",
                False,
            ),
            ("Global Counter Terrorism Forum (GCTF)", False),
            ("Global Forum on Cyber Expertise", True),
            ("Inter-American Development Bank (IDB)", True),
            ("International Criminal Police Organization (INTERPOL)", False),
            ("International Maritime Organization (IMO)", False),
            ("Pan American Health Organization (PAHO)", False),
            ("Regional Security System (RSS)", False),
            ("United Nations Counter-Terrorism Committee Executive Directorate (CTED)", False),
            ("United Nations Institute for Training and Research (UNITAR)", False),
            ("United Nations Interregional Crime and Justice Research Institute (UNICRI)", False),
            ("United Nations Office for Disarmament Affairs (UNODA)", False),
            ("United Nations Office of Counter-Terrorism (UNOCT)", False),
            ("World Bank", False),
            ("World Customs Organization (WCO)", False),
            ("World Trade Organization (WTO)", False),
        ],
        "academic": [
            ("Florida International University (FIU)", False),
            ("International Maritime Business School (IMBS)", False),
            (
                "National Consortium for the Study of Terrorism and Responses to Terrorism of the "
                "University of Maryland (START)",
                False,
            ),
            ("University of Oxford - Center for Global Cybersecurity Capacity", False),
        ],
        "private": [
            ("Amazon Web Services", True),
            ("Association of Banking and Financial Institutions of Colombia", False),
            ("Cisco Systems", True),
            ("Citi Banamex", False),
            ("Citi Foundation", True),
            ("Forum of Incident Response and Security Teams (FIRST)", False),
            ("Internet Corporation for Assigned Names and Numbers (ICANN)", False),
            ("Microsoft", False),
            ("Trend Micro", False),
        ],
        "civil_society": [
            ("Global Partners Digital", False),
            ("Latin American Jewish Congress", False),
            ("Save the Dream", False),
            ("Stimson Center", False),
        ],
        "other": [("Parliamentarians for Global Action (PGA)", False)],
    }


def test_report_2020_body_only_partners_stay_out_of_annex_4(report_2020):
    body_only = Partner.objects.exclude(years__year__year=2020).order_by("slug")

    assert Partner.objects.count() == 89
    assert list(body_only.values_list("slug", "category", "country")) == [
        ("bolivia", "member_state", "BO"),
        ("brazil-information-security", "member_state", "BR"),
        ("bwc-isu", "international", ""),
        ("ccie", "international", ""),
        ("citizen-lab", "academic", ""),
        ("colombia-prosecutors-office", "member_state", "CO"),
        ("cyber4dev", "other", ""),
        ("european-commission", "permanent_observer", ""),
        ("facebook", "private", ""),
        ("gpwg", "international", ""),
        ("iachr-freedom-of-expression", "international", ""),
        ("incibe", "permanent_observer", "ES"),
        ("indotel", "member_state", "DO"),
        ("mundo-hacker-academy", "private", ""),
        ("national-center-for-state-courts", "civil_society", "US"),
        ("new-zealand-customs", "other", "NZ"),
        ("oas-permanent-council", "international", ""),
        ("oas-press", "international", ""),
        ("oas-sedi", "international", ""),
        ("panama-foreign-ministry", "member_state", "PA"),
        ("seprelad", "member_state", "PY"),
        ("spanish-tax-agency", "permanent_observer", "ES"),
        ("svg-port-authority", "member_state", "VC"),
        ("uk-fco", "permanent_observer", "GB"),
        ("un-counter-terrorism-committee", "international", ""),
        ("un-cybercrime-experts", "international", ""),
        ("un-oewg", "international", ""),
        ("uncct", "international", ""),
        ("united-nations", "international", ""),
        ("us-exbs", "member_state", "US"),
        ("us-inl", "member_state", "US"),
        ("us-ndf", "member_state", "US"),
        ("us-nmio", "member_state", "US"),
        ("us-wmdt", "member_state", "US"),
        ("usaid", "member_state", "US"),
    ]


def test_report_2020_partner_acronyms_in_spanish(report_2020):
    noted = Partner.objects.exclude(acronym_note="").order_by("acronym")

    assert [partner.annex_name for partner in noted] == [
        "Andean Community of Nations (CAN for its acronym in Spanish)",
        "Economic Integration Consultative Committee (CCIE for its acronym in Spanish)",
        "Financial Action Task Force of Latin America (GAFILAT for its acronym in Spanish)",
        "Dominican Institute of Telecommunications (INDOTEL for its acronym in Spanish)",
        "Secretariat for the Prevention of Money Laundering (SEPRELAD for its acronym in Spanish)",
        "Central American Economic Integration System (SG/SIECA for its acronym in Spanish)",
    ]


def test_report_2020_programs_and_their_funding(report_2020):
    years = ProgramYear.objects.filter(year__year=2020).order_by("program__position")

    assert list(years.values_list("program__slug", "program__parent__slug", "funded")) == [
        ("cybersecurity", None, True),
        ("resolution-1540", None, True),
        ("violent-extremism", None, True),
        ("border-security", None, True),
        ("maritime-security", "border-security", True),
        ("aviation-security", "border-security", False),
        ("cargo-container-security", "border-security", True),
        ("supply-chain-security", "border-security", False),
        ("crowded-spaces", None, True),
        ("terrorist-financing", None, True),
        ("counter-terrorism-network", None, True),
        ("committee", None, True),
    ]
    assert list(years.filter(narrative="")) == []


def test_report_2020_activity_figures(report_2020):
    def figures(slug):
        activity = Activity.objects.get(slug=slug)
        return (
            activity.kind,
            activity.participants,
            activity.countries_reached,
            activity.people_reached,
            activity.figures_note,
        )

    assert figures("cybersecurity-career-path-2020") == (
        "training",
        225,
        5,
        None,
        "225 students in five countries of the region",
    )
    assert figures("cyber-women-challenge-2020") == (
        "training",
        500,
        10,
        None,
        "more than 500 women from 10 countries in the region",
    )
    assert figures("cybersecurity-leadership-strategy-2020") == (
        "training",
        35,
        12,
        None,
        "35 participants from 12 OAS Member States certified",
    )
    assert figures("csirtamericas-2020") == (
        "network",
        None,
        18,
        None,
        "26 CSIRTs from 18 Member States",
    )
    assert figures("hague-course-2020")[:2] == ("training", 91)
    assert figures("targeted-financial-sanctions-training-2020")[:3] == ("training", 500, 2)
    assert figures("pve-virtual-dialogues-2020")[3] == 250


def test_report_2020_activity_beneficiary_countries(report_2020):
    def countries(slug):
        return [country.code for country in Activity.objects.get(slug=slug).countries]

    assert countries("biosecurity-1540-project-2020") == [
        "AR", "CL", "CO", "DO", "MX", "PA", "PY", "UY",
    ]  # fmt: skip
    assert countries("strategic-trade-project-2020") == ["DO", "PA"]
    assert countries("cyber-women-challenge-2020") == [
        "AR", "CL", "CO", "CR", "EC", "GT", "MX", "PA", "PY", "UY",
    ]  # fmt: skip
    assert countries("cybersecurity-career-path-2020") == ["AR", "CO", "CR", "DO", "PE"]
    assert countries("eastern-caribbean-maritime-strategies-2020") == [
        "AG", "BB", "DM", "GD", "KN", "LC", "VC",
    ]  # fmt: skip
    assert countries("tri-border-project-2020") == ["AR", "BR", "PY"]
    assert countries("targeted-financial-sanctions-project-2020") == ["PA", "PY"]
    assert countries("aeo-central-america-2020") == ["GT", "HN", "SV"]
    assert countries("andean-mutual-recognition-2020") == ["BO", "CO", "EC", "PE"]


def test_report_2020_events_tied_to_their_activity(report_2020):
    tied = Event.objects.filter(activity__slug="targeted-financial-sanctions-project-2020")

    assert list(tied.chronological().values_list("slug", flat=True)) == [
        "panama-terrorist-financing-workshop-2020",
        "paraguay-terrorist-financing-workshop-2020",
        "terrorist-financing-pandemic-webinars-2020",
    ]
    assert Event.objects.filter(activity__slug="pve-virtual-dialogues-2020").count() == 3


def test_report_2020_loading_twice_leaves_the_same_rows(report_2020, capsys):
    before = model_counts()
    spans = dict(Event.objects.values_list("slug", "starts_on"))

    # loaddata loads into an empty database only; loadreport finds every row as loaddata left it.
    call_command("loadreport", "2020")

    assert capsys.readouterr().out == (
        "Loaded 501 objects from report_2020.json: 0 added, 0 changed, 501 unchanged.\n"
    )
    assert model_counts() == before
    assert dict(Event.objects.values_list("slug", "starts_on")) == spans
    assert before == {
        "cicte.reportingyear": 1,
        "cicte.reporttext": 9,
        "cicte.editorialnote": 3,
        "partners.partner": 89,
        "partners.partneryear": 54,
        "programs.program": 12,
        "programs.programyear": 12,
        "programs.programpartner": 51,
        "programs.activity": 34,
        "programs.activitypartner": 34,
        "events.event": 52,
        "events.eventdate": 57,
        "events.eventpartner": 69,
        "publications.publication": 5,
        "publications.copublisher": 7,
        "publications.edition": 12,
    }


def test_report_2020_year_texts_are_in_english_and_spanish(report_2020):
    year = ReportingYear.objects.get(year=2020)

    assert (year.title_en, year.approved_at_en, year.general_assembly_session_en) == (
        "Annual Report 2020 of the Inter-American Committee against Terrorism (CICTE) to the "
        "Fifty-first Regular Session of the General Assembly",
        "fourth plenary session",
        "Fifty-first regular session",
    )
    assert (year.title_es, year.approved_at_es, year.general_assembly_session_es) == (
        "Informe Anual 2020 del Comité Interamericano contra el Terrorismo (CICTE) al "
        "Quincuagésimo Primer Período Ordinario de Sesiones de la Asamblea General",
        "cuarta sesión plenaria",
        "Quincuagésimo primer período ordinario de sesiones",
    )
    assert year.introduction_en.startswith(
        "The Inter-American Committee against Terrorism (CICTE for its acronym in Spanish) is "
        "an entity of the Organization of American States (OAS)"
    )
    assert year.introduction_es.startswith(
        "El Comité Interamericano contra el Terrorismo (CICTE) es una entidad de la "
        "Organización de los Estados Americanos (OEA)"
    )


def test_report_2020_sections_texts_and_editorial_notes(report_2020):
    texts = ReportText.objects.filter(year__year=2020).order_by("part", "position")
    notes = EditorialNote.objects.filter(year__year=2020).order_by("part", "position")

    assert list(texts.values_list("part", "position", "heading_en", "heading_es")) == [
        ("cooperation", 1, "Communications", "Comunicaciones"),
        ("cooperation", 2, "Consultations", "Consultas"),
        ("cooperation", 3, "Inter-institutional cooperation", "Cooperación interinstitucional"),
        ("donors", 1, "", ""),
        (
            "framework",
            1,
            "Implementation of the Inter-American Convention against Terrorism",
            "Implementación de la Convención Interamericana contra el Terrorismo",
        ),
        ("framework", 2, "Annual Meeting", "Reunión anual"),
        (
            "framework",
            3,
            "Meetings of OAS political bodies",
            "Reuniones de los órganos políticos de la OEA",
        ),
        (
            "framework",
            4,
            "Inter-American Day against Terrorism",
            "Día Interamericano contra el Terrorismo",
        ),
        ("programs", 1, "", ""),
    ]
    assert list(texts.filter(text_es="")) == []
    assert list(notes.values_list("part", "position")) == [
        ("annex-1", 1),
        ("annex-4", 1),
        ("annex-4", 2),
    ]
    assert list(notes.filter(text_es="")) == []


def test_report_2020_programs_name_their_key_partners_in_the_reports_order(report_2020):
    def key_partners(program):
        return list(
            ProgramPartner.objects.filter(
                program_year__program__slug=program, program_year__year__year=2020
            ).values_list("partner__slug", flat=True)
        )

    # "Key institutional partners with whom the program worked closely during the year
    # included the Open-ended Working Group on Cybersecurity Issues and the UN Group of
    # Experts, the Inter-American Development Bank, …"
    assert key_partners("cybersecurity") == [
        "un-oewg", "un-cybercrime-experts", "idb", "incibe", "interpol", "amazon-web-services",
        "citi-foundation", "cyber4dev", "cisco", "first", "global-partners-digital", "icann",
        "microsoft", "trend-micro", "fiu", "oxford-gcscc",
    ]  # fmt: skip
    assert key_partners("resolution-1540") == [
        "unoda", "un-1540-committee", "bwc-isu", "european-commission", "stimson-center", "pga",
        "start",
    ]  # fmt: skip
    assert key_partners("maritime-security") == [
        "imo", "rss", "gctf", "us-nmio", "uncct", "unoct", "cted", "caribbean-development-bank",
        "imbs",
    ]  # fmt: skip
    assert key_partners("cargo-container-security") == [
        "andean-community", "wto", "wco", "paho", "spanish-tax-agency", "new-zealand-customs",
        "sieca",
    ]  # fmt: skip
    assert key_partners("supply-chain-security") == ["sieca", "ccie", "usaid", "andean-community"]
    assert key_partners("crowded-spaces") == ["oas-sedi", "unicri", "caricom-impacs", "unitar"]
    assert key_partners("terrorist-financing") == ["gafilat", "interpol"]
    assert key_partners("counter-terrorism-network") == ["council-of-europe", "interpol"]


def test_report_2020_every_1540_result_with_a_figure_is_an_activity(report_2020):
    results = Activity.objects.filter(program__slug="resolution-1540").exclude(
        countries_reached=None
    )

    assert sorted(results.values_list("countries_reached", "figures_note_en")) == [
        (2, "2 beneficiary countries"),
        (5, "5 beneficiary countries"),
        (6, "6 beneficiary countries"),
        (6, "6 beneficiary countries"),
        (8, "8 beneficiary countries"),
        (8, "credentials of officials from 8 beneficiary countries renewed"),
    ]


def test_report_2020_entries_keep_the_printed_order_where_dates_tie(report_2020):
    april_8 = Event.objects.filter(starts_on=datetime.date(2020, 4, 8)).chronological()
    august = Publication.objects.filter(published_on=datetime.date(2020, 8, 1)).chronological()

    assert list(april_8.values_list("slug", "position")) == [
        ("social-networks-security-webinar-2020", 3),
        ("tourism-security-covid-webinar-2020", 4),
    ]
    assert list(august.values_list("slug", "position")) == [
        ("cybersecurity-democratic-process", 2),
        ("cybersecurity-capacity-review-brazil", 3),
    ]


def test_report_2020_annex_4_names_as_printed(report_2020):
    printed = PartnerYear.objects.filter(year__year=2020).exclude(name_as_printed_en="")

    assert dict(printed.values_list("partner__slug", "name_as_printed_en")) == {
        "netherlands": "The Netherlands",
        "caricom-impacs": "CARICOM IMPACS",
        "unoct": "United Nations Counter-Terrorism Office (UNOCT)",
        "oxford-gcscc": "Oxford University - Center for Global Cybersecurity Capacity",
        "start": "National Consortium for the Study of Terrorism and Responses to Terrorism "
        "(START) of the University of Maryland",
        "asobancaria": "Association of Banking and Financial Institutions of Colombia "
        "(Asociación de Entidades Bancarias y Financieras de Colombia)",
        "cisco": "Cisco Systems inc.",
        "first": "FIRST",
    }
