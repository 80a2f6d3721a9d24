"""fixtures/CHECKLIST_2020.md against the site, with the 2020 report loaded.

Each line of the checklist quotes the printed report (/work/shared/seed: the CICTE annual
report 2020) and says where the site shows that passage. The `literal` lines are checked here,
page by page and document by document: every quoted part is there as printed (quotes,
apostrophes and white space aside). Every other line names the test that asserts it, and
that test must exist.
"""

import io
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from events.enums import EventAnnex
from events.models import Event
from tests.html import parse

CHECKLIST = Path(settings.BASE_DIR) / "fixtures" / "CHECKLIST_2020.md"
# The printed report, where this machine has it: the checklist quotes it word for word.
SEED = Path(os.environ.get("CICTE_SEED_2020", "/work/shared/seed/000_15ecd3afe40086c5.txt"))
LITERAL = "literal"
# Curly quotes, and the apostrophes the print sets as curly ones or acute accents, read as
# straight ones.
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00b4": "'"})


def normal(text: str) -> str:
    """Text as the checklist compares it: composed accents, straight quotes, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).translate(QUOTES).split())


def unspaced(text: str) -> str:
    """Without any white space: lines in a PDF break anywhere, after a hyphen too. Without
    list bullets either: the PDF's text may give one where a page breaks a paragraph."""
    return "".join(normal(text).replace("\u2022", "").split())


@dataclass(frozen=True)
class Line:
    number: str
    parts: tuple[str, ...]
    places: tuple[str, ...]
    test: str


def checklist() -> list[Line]:
    lines = []
    for row in CHECKLIST.read_text(encoding="utf-8").splitlines():
        if not re.match(r"^\| \d+ \|", row):
            continue
        number, passage, places, test = (cell.strip() for cell in row.strip("|").split(" | "))
        lines.append(
            Line(
                number=number,
                parts=tuple(re.findall(r"`([^`]+)`", passage)),
                places=tuple(place.strip() for place in places.split(",")),
                test=test.strip("`"),
            )
        )
    return lines


LINES = checklist()


@pytest.fixture
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


def main_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return normal(parse(response).one("main").text)


def annex_entries(client, number):
    page = parse(client.get(reverse("reports:annex", args=[2020, number])))
    return [
        normal(li.text) for ul in page.select(class_=f"annex-{number}") for li in ul.select("li")
    ]


def docx_text(client):
    response = client.get(reverse("reports:annexes-docx", args=[2020]))
    return normal(" ".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs))


def pdf_text(client):
    """The PDF's text without the page numbers, which would fall inside a passage that runs
    on to the next page."""
    response = client.get(reverse("reports:pdf", args=[2020]))
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    return " ".join(
        page.extract_text().strip().removesuffix(str(number))
        for number, page in enumerate(pages, start=1)
    )


def shown(client, place):
    """A check of one place: (texts to look in, how to compare). An annex's entries are
    looked at one by one (every part of a line in the same entry); a page or a document as
    a whole."""
    if match := re.fullmatch(r"annex-(\d)", place):
        return annex_entries(client, int(match[1])), normal
    if match := re.fullmatch(r"annex-(\d)-page", place):
        return [main_text(client, reverse("reports:annex", args=[2020, int(match[1])]))], normal
    if place == "report":
        return [main_text(client, reverse("reports:detail", args=[2020]))], normal
    if place == "docx":
        return [docx_text(client)], normal
    if place == "pdf":
        return [unspaced(pdf_text(client))], unspaced
    kind, _, slug = place.partition(":")
    url = {"program": "programs:detail", "event": "events:detail"}[kind]
    return [main_text(client, reverse(url, args=[slug]))], normal


def missing_at(client, places):
    """The literal lines shown at these places whose passage is not there, as (line, place)."""
    missing = []
    for place in places:
        texts, compare = shown(client, place)
        for line in LINES:
            if line.test != LITERAL or place not in line.places:
                continue
            if not any(all(compare(part) in text for part in line.parts) for text in texts):
                missing.append((line.number, place))
    return missing


def places_of(kind):
    places = {place for line in LINES if line.test == LITERAL for place in line.places}
    documents = {"docx", "pdf"}
    return sorted(places - documents) if kind == "pages" else sorted(places & {kind})


@pytest.mark.parametrize("kind", ["pages", "docx", "pdf"])
def test_seed_passages_are_shown_where_the_checklist_says(client, report_2020, kind):
    missing = missing_at(client, places_of(kind))

    assert not missing, f"Not shown (checklist line, place): {missing}"


def test_every_checklist_line_names_a_test_that_exists():
    root = Path(settings.BASE_DIR)
    unknown = []
    for line in LINES:
        if line.test == LITERAL:
            continue
        path, _, name = line.test.partition("::")
        if f"def {name}(" not in (root / path).read_text(encoding="utf-8"):
            unknown.append((line.number, line.test))

    assert len(LINES) > 300
    assert unknown == []


@pytest.mark.skipif(not SEED.exists(), reason=f"the printed report is not at {SEED}")
def test_checklist_quotes_the_printed_report_word_for_word():
    printed = normal(SEED.read_text(encoding="utf-8"))

    assert [
        (line.number, part) for line in LINES for part in line.parts if normal(part) not in printed
    ] == []


# -- Lines the site writes in its own way ------------------------------------------------------


def test_report_cover_reads_as_printed(client, report_2020):
    page = parse(client.get(reverse("reports:detail", args=[2020])))
    document = docx.Document(
        io.BytesIO(client.get(reverse("reports:annexes-docx", args=[2020])).content)
    )

    title = page.one("h1").text
    assert title.upper() == (
        "ANNUAL REPORT 2020 OF THE INTER-AMERICAN COMMITTEE AGAINST TERRORISM (CICTE) TO THE "
        "FIFTY-FIRST REGULAR SESSION OF THE GENERAL ASSEMBLY"
    )
    assert page.one("p", class_="report-approval").text == (
        "(Approved at the fourth plenary session held on October 8, 2021)"
    )
    assert document.paragraphs[0].text == title
    assert unspaced(title) in unspaced(pdf_text(client))


def test_report_page_names_each_programs_key_partners(client, report_2020):
    page = parse(client.get(reverse("reports:detail", args=[2020])))

    key_partners = {
        section.attrs["id"]: section.one("p", class_="key-partners").text
        for section in page.select("section", class_="report-program")
        if section.select("p", class_="key-partners")
    }
    assert key_partners == {
        "program-cybersecurity": "Key partners: United Nations Open-ended Working Group on "
        "cybersecurity (OEWG), United Nations Group of Experts on Cybercrime, Inter-American "
        "Development Bank (IDB), Instituto Nacional de Ciberseguridad de España (INCIBE), "
        "International Criminal Police Organization (INTERPOL), Amazon Web Services, Citi "
        "Foundation, Cyber4Dev, Cisco Systems, Forum of Incident Response and Security Teams "
        "(FIRST), Global Partners Digital, Internet Corporation for Assigned Names and Numbers "
        "(ICANN), Microsoft, Trend Micro, Florida International University (FIU) and "
        "University of Oxford - Center for Global Cybersecurity Capacity.",
        "program-resolution-1540": "Key partners: United Nations Office for Disarmament "
        "Affairs (UNODA), 1540 Committee of the United Nations Security Council and its Group "
        "of Experts, Biological Weapons Convention Implementation Support Unit (BWC ISU), "
        "European Commission, Stimson Center, Parliamentarians for Global Action (PGA) and "
        "National Consortium for the Study of Terrorism and Responses to Terrorism of the "
        "University of Maryland (START).",
        "program-maritime-security": "Key partners: International Maritime Organization (IMO), "
        "Regional Security System (RSS), Global Counter Terrorism Forum (GCTF), U.S. National "
        "Maritime Intelligence Office (NMIO), United Nations Counter-Terrorism Center (UNCCT), "
        "United Nations Office of Counter-Terrorism (UNOCT), United Nations Counter-Terrorism "
        "Committee Executive Directorate (CTED), Caribbean Development Bank (CDB) and "
        "International Maritime Business School (IMBS).",
        "program-cargo-container-security": "Key partners: Andean Community of Nations (CAN "
        "for its acronym in Spanish), World Trade Organization (WTO), World Customs "
        "Organization (WCO), Pan American Health Organization (PAHO), Spanish Tax Agency, New "
        "Zealand Customs and Central American Economic Integration System (SG/SIECA for its "
        "acronym in Spanish).",
        "program-supply-chain-security": "Key partners: Central American Economic Integration "
        "System (SG/SIECA for its acronym in Spanish), Economic Integration Consultative "
        "Committee (CCIE for its acronym in Spanish), U.S. Agency for International "
        "Development (USAID) and Andean Community of Nations (CAN for its acronym in Spanish).",
        "program-crowded-spaces": "Key partners: OAS Secretariat for Integral Development "
        "(SEDI), United Nations Interregional Crime and Justice Research Institute (UNICRI), "
        "CARICOM Implementation Agency for Crime and Security (CARICOM IMPACS) and United "
        "Nations Institute for Training and Research (UNITAR).",
        "program-terrorist-financing": "Key partners: Financial Action Task Force of Latin "
        "America (GAFILAT for its acronym in Spanish) and International Criminal Police "
        "Organization (INTERPOL).",
        "program-counter-terrorism-network": "Key partners: Council of Europe and "
        "International Criminal Police Organization (INTERPOL).",
    }


ANNEX_1_NOTE = (
    "Editorial note: The printed annex dates the Coast Guard Virtual Regional Meeting “October "
    "26- 28, 2020”; Section III gives “October 26 and 28”, two single days, which this list "
    "follows. The printed “(OWEG)” is corrected to OEWG, the acronym of the Open-ended Working "
    "Group."
)
ANNEX_4_NOTES = [
    "Editorial note: The printed annex stars 13 organizations as financial contributors, while "
    "Section IV of the same report names 19 as the main financial contributors of 2020. This "
    "list follows Section IV, so six organizations carry a star that the printed annex does "
    "not give them: Israel, the Caribbean Development Bank (CDB), the Inter-American "
    "Development Bank (IDB), the Global Forum on Cyber Expertise, Amazon Web Services and "
    "Cisco Systems.",
    "Editorial note: The printed annex lists “Civil Society” as an entry of the private "
    "sector; it heads the four organizations that follow it (Global Partners Digital, Latin "
    "American Jewish Congress, Save the Dream and Stimson Center), listed here under civil "
    "society.",
]


def notes(page):
    return [
        p.text
        for aside in page.select("aside", class_="editorial-notes")
        for p in aside.select("p")
    ]


def test_editorial_notes_say_where_the_site_departs_from_the_print(client, report_2020):
    annex_1 = parse(client.get(reverse("reports:annex", args=[2020, 1])))
    annex_4 = parse(client.get(reverse("reports:annex", args=[2020, 4])))
    report = parse(client.get(reverse("reports:detail", args=[2020])))
    document = docx_text(client)
    pdf = unspaced(pdf_text(client))

    assert notes(annex_1) == [ANNEX_1_NOTE]
    assert notes(annex_4) == ANNEX_4_NOTES
    assert [notes(parse(client.get(reverse("reports:annex", args=[2020, n])))) for n in (2, 3)] == [
        [],
        [],
    ]
    # On the report's page each note comes with its annex.
    assert {
        section.attrs["id"]: notes(section)
        for section in report.select("section", class_="annex")
        if notes(section)
    } == {"annex-1": [ANNEX_1_NOTE], "annex-4": ANNEX_4_NOTES}
    for note in [ANNEX_1_NOTE, *ANNEX_4_NOTES]:
        assert normal(note) in document
        assert unspaced(note) in pdf


def test_per_event_annex_choice_keeps_the_printed_annexes(client, report_2020):
    tri_border = Event.objects.get(slug="tri-border-legal-cooperation-workshop-2020")
    council = Event.objects.get(slug="permanent-council-inter-american-day-2020")

    # A webinar the secretariat organised would be in Annex 2, and a meeting with the
    # Executive Secretary in Annex 1, but the printed annexes list neither.
    assert (tri_border.kind, tri_border.secretariat_role, tri_border.annex) == (
        "webinar",
        "organiser",
        EventAnnex.NONE,
    )
    assert (council.participation_level, council.annex) == ("executive_secretary", EventAnnex.NONE)
    assert len(annex_entries(client, 1)) == 14
    assert len(annex_entries(client, 2)) == 20


# The countries each event served, as the report names them (fixtures/README.md decision 25).
# The report's map of 2020: events (held there or served), then activities.
EXPECTED_MAP_2020 = [
    "Antigua and Barbuda 0 1",
    "Argentina 1 4",
    "Barbados 0 1",
    "Belize 1 0",
    "Bolivia 1 1",
    "Brazil 2 1",
    "Chile 1 3",
    "Colombia 5 5",
    "Costa Rica 0 2",
    "Dominica 0 1",
    "Dominican Republic 1 3",
    "Ecuador 0 3",
    "El Salvador 1 1",
    "Grenada 0 1",
    "Guatemala 0 2",
    "Honduras 0 1",
    "Jamaica 0 1",
    "Mexico 1 3",
    "Nicaragua 1 0",
    "Panama 1 5",
    "Paraguay 4 6",
    "Peru 1 2",
    "Saint Kitts and Nevis 0 1",
    "Saint Lucia 0 1",
    "Saint Vincent and the Grenadines 0 2",
    "United States of America 4 0",
    "Uruguay 1 2",
]
SERVED_2020 = {
    "cybersecurity-exchange-visit-estonia-spain-2020": "Belize, Brazil, Chile, Colombia, El "
    "Salvador, Mexico, Nicaragua, Paraguay, United States of America, Uruguay",
    "bolivia-resolution-1540-workshop-2020": "Bolivia",
    "port-security-covid-webinar-2020": "Colombia, Peru",
    "port-disruption-technologies-technical-table-2020": "Colombia",
    "port-control-technical-table-2020": "Colombia",
    "panama-terrorist-financing-workshop-2020": "Panama",
    "paraguay-terrorist-financing-workshop-2020": "Paraguay",
    "terrorist-financing-pandemic-webinars-2020": "Paraguay",
    "tri-border-legal-cooperation-workshop-2020": "Argentina, Brazil, Paraguay",
}


def test_events_record_the_countries_the_report_says_they_served(client, report_2020):
    recorded = Event.objects.exclude(countries_served="").values_list("slug", flat=True)

    assert sorted(recorded) == sorted(SERVED_2020)
    for slug, countries in SERVED_2020.items():
        page = parse(client.get(reverse("events:detail", args=[slug])))
        terms = zip(page.select("dt"), page.select("dd"), strict=True)
        assert {dt.text: dd.text for dt, dd in terms}["Countries served"] == countries, slug


def test_report_2020_maps_where_the_work_reached(client, report_2020):
    page = parse(client.get(reverse("reports:detail", args=[2020])))

    rows = [tr.text for tr in page.one("figure", class_="country-map").one("tbody").select("tr")]
    # Paraguay: the Asunción workshop, the August webinars, the Tri-Border webinar and the
    # January visit; the Cyber Women Challenge, the biosecurity project, both targeted
    # financial sanctions activities, the Tri-Border project and the legislation.
    assert "Paraguay 4 6" in rows
    assert rows == EXPECTED_MAP_2020
