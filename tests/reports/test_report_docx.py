"""The whole report as a Word document (reports.report_docx), opened with python-docx as the
secretariat's editors open it: its sections in Word's heading styles, in order, their texts, and
the four annexes' entries as the annex pages list them, in English and in Spanish."""

import io

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn

from cicte.data_version import read_data_version
from cicte.enums import ReportPart
from cicte.models import ReportingYear, StoredDocument
from tests.factories.cicte import ReportingYearFactory, ReportTextFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

# The entries of annexes 1 to 4 of the 2020 report (fixtures/report_2020.json).
ANNEX_LENGTHS_2020 = [14, 20, 5, 54]

HEADINGS = {
    "en": [
        "I. Introduction",
        "II. Legal and political framework",
        "III. Main programs",
        "IV. Major donors",
        "V. Communications, consultations, and inter-institutional cooperation",
        "VI. Annexes",
    ],
    "es": [
        "I. Introducción",
        "II. Marco jurídico y político",
        "III. Principales programas",
        "IV. Principales donantes",
        "V. Comunicaciones, consultas y cooperación interinstitucional",
        "VI. Anexos",
    ],
}

ANNEX_HEADINGS = {
    "en": [
        "Annex 1: Consolidated list of high-level international meetings",
        "Annex 2: Consolidated list of webinars or virtual forums conducted",
        "Annex 3: Consolidated list of publications",
        "Annex 4: Consolidated list of donors and major institutional partners",
    ],
    "es": [
        "Anexo 1: Lista consolidada de reuniones internacionales de alto nivel",
        "Anexo 2: Lista consolidada de seminarios web o foros virtuales realizados",
        "Anexo 3: Lista consolidada de publicaciones",
        "Anexo 4: Lista consolidada de donantes y principales socios institucionales",
    ],
}


@pytest.fixture
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


def in_language(name, language, *args):
    return reverse(name, args=args).replace("/en/", f"/{language}/", 1)


def report_document(client, language="en", year=2020):
    response = client.get(in_language("reports:docx", language, year))
    return docx.Document(io.BytesIO(response.content))


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def annexes(document):
    """{annex heading: [its bulleted entries]}: the annexes are the Heading 2 after "VI.", the
    categories of Annex 4 Heading 3."""
    result, current, in_annexes = {}, None, False
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == "Heading 1":
            in_annexes = paragraph.text.startswith("VI.")
        elif style == "Heading 2" and in_annexes:
            current = result.setdefault(paragraph.text, [])
        elif style == "List Bullet" and current is not None:
            current.append(paragraph.text)
    return result


def annex_page_entries(client, language, number):
    page = parse(client.get(in_language("reports:annex", language, 2020, number)))
    return [li.text for ul in page.select(class_=f"annex-{number}") for li in ul.select("li")]


def section(document, heading):
    """The paragraphs (style, text) under the Heading 1 `heading`, up to the next one."""
    paragraphs, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            paragraphs.append((paragraph.style.name, paragraph.text))
    return paragraphs


@pytest.mark.parametrize("language", ["en", "es"])
def test_report_docx_has_the_sections_in_order_and_every_annex_entry(client, report_2020, language):
    response = client.get(in_language("reports:docx", language, 2020))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="cicte-annual-report-2020.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    assert headings(document, 1) == HEADINGS[language]
    found = annexes(document)
    assert list(found) == ANNEX_HEADINGS[language]
    # The lengths first: two empty lists would be equal.
    assert [len(entries) for entries in found.values()] == ANNEX_LENGTHS_2020
    for number, entries in enumerate(found.values(), start=1):
        assert entries == annex_page_entries(client, language, number), f"Annex {number}"


def test_report_docx_opens_with_the_title_the_approval_and_a_table_of_contents(client, report_2020):
    document = report_document(client)

    year = ReportingYear.objects.get(year=2020)
    assert [(p.style.name, p.text) for p in document.paragraphs[:3]] == [
        ("Title", year.title),
        ("Normal", "(Approved at the fourth plenary session held on October 8, 2021)"),
        ("TOC Heading", "Contents"),
    ]
    assert document.core_properties.title == year.title
    footer = document.sections[0].footer.paragraphs[0]._p
    assert [field.get(qn("w:instr")) for field in footer.iter(qn("w:fldSimple"))] == ["PAGE"]
    # Word's table of contents field, showing the headings of levels 1 and 2 until Word
    # updates it with their pages.
    body = document.element.body
    assert [text.text for text in body.iter(qn("w:instrText"))] == ['TOC \\o "1-2" \\h \\z \\u']
    contents = document.paragraphs[3 : 3 + len(headings(document, 1) + headings(document, 2))]
    levels = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert [p.text for p in contents] == levels
    assert [p.style.name for p in contents] == ["Normal"] * len(levels)


def test_report_docx_writes_each_sections_texts(client, report_2020):
    document = report_document(client)

    year = ReportingYear.objects.get(year=2020)
    assert section(document, "I. Introduction") == [("Normal", year.introduction)]
    framework = section(document, "II. Legal and political framework")
    assert [text for style, text in framework if style == "Heading 2"] == [
        "Implementation of the Inter-American Convention against Terrorism",
        "Annual Meeting",
        "Meetings of OAS political bodies",
        "Inter-American Day against Terrorism",
    ]
    # "Annual Meeting" has two paragraphs, each a paragraph of the Word file.
    meeting = year.texts.get(part=ReportPart.FRAMEWORK, heading="Annual Meeting").text
    start = framework.index(("Heading 2", "Annual Meeting"))
    assert [text for _style, text in framework[start + 1 : start + 3]] == meeting.split("\n\n")
    programs = section(document, "III. Main programs")
    assert [(style, text) for style, text in programs if style.startswith("Heading")][3:6] == [
        ("Heading 2", "Border security"),
        ("Heading 3", "Maritime security"),
        ("Heading 3", "Aviation security"),
    ]
    aviation = programs.index(("Heading 3", "Aviation security"))
    assert programs[aviation + 1] == ("Normal", "No funding this year.")
    donors = section(document, "IV. Major donors")
    assert [text for style, text in donors if style == "List Bullet"][:2] == [
        "Member States: Canada, Chile, Colombia, Dominican Republic, Mexico, Panama, "
        "United States and Uruguay.",
        "Permanent Observers: Estonia, European Union, Israel, The Netherlands and United Kingdom.",
    ]
    cooperation = section(
        document, "V. Communications, consultations, and inter-institutional cooperation"
    )
    assert [text for style, text in cooperation if style == "Heading 2"] == [
        "Communications",
        "Consultations",
        "Inter-institutional cooperation",
    ]


def test_report_docx_in_spanish_reads_the_spanish_texts_and_marks_the_english_ones(
    client, report_2020
):
    document = report_document(client, "es")

    year = ReportingYear.objects.get(year=2020)
    assert document.paragraphs[0].text == year.title_es
    assert document.paragraphs[1].text == (
        "(Aprobado en la cuarta sesión plenaria, celebrada el 8 de octubre de 2021)"
    )
    assert section(document, "I. Introducción") == [("Normal", year.introduction_es)]
    framework = section(document, "II. Marco jurídico y político")
    assert [text for style, text in framework if style == "Heading 2"][1] == "Reunión anual"
    # The programs' narratives have no Spanish translation yet: English, and said so.
    programs = section(document, "III. Principales programas")
    cybersecurity = programs.index(("Heading 2", "Ciberseguridad"))
    narrative = year.program_years.get(program__slug="cybersecurity").narrative_en
    last_paragraph = narrative.split("\n\n")[-1]
    assert programs[cybersecurity + 5] == ("Normal", f"{last_paragraph} (en inglés)")


def test_report_docx_keeps_annex_1_markers_legend_and_list_ends_together(client, report_2020):
    document = report_document(client)

    entries = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    annex_1 = [p for p in entries if p.text in annexes(document)[ANNEX_HEADINGS["en"][0]]]
    assert [(run.text, run.bold) for run in annex_1[0].runs][-1] == ("*", True)
    texts = [p.text for p in document.paragraphs]
    legend = texts.index("* Participation of the Executive Secretary of CICTE")
    assert texts[legend : legend + 3] == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]
    # As in the PDF, Word keeps the first two entries and the last two on one page, and
    # each entry whole.
    assert [p.paragraph_format.keep_with_next for p in annex_1] == (
        [True] + [None] * 11 + [True, None]
    )
    assert {p.paragraph_format.keep_together for p in annex_1} == {True}
    annex_headings = [p for p in document.paragraphs if p.style.name == "Heading 2"][-4:]
    assert [p.text for p in annex_headings] == ANNEX_HEADINGS["en"]
    assert [p.paragraph_format.page_break_before for p in annex_headings] == [True] * 4


def test_report_docx_of_a_year_without_texts_leaves_out_sections_ii_and_v(client):
    ReportingYearFactory(year=2021, title="Annual Report 2021")

    document = report_document(client, year=2021)

    assert headings(document, 1) == [
        "I. Introduction",
        "III. Main programs",
        "IV. Major donors",
        "VI. Annexes",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "No program narratives are recorded for this year." in texts
    assert "No financial contributions are recorded for this year." in texts
    assert "No high-level meetings are recorded for this year." in texts
    assert "No donors or partners are recorded for this year." in texts


def test_report_docx_shows_a_section_as_soon_as_it_has_a_text(client):
    year = ReportingYearFactory(year=2021, title="Annual Report 2021")
    ReportTextFactory(year=year, part=ReportPart.COOPERATION, heading="Communications")

    document = report_document(client, year=2021)

    cooperation = "V. Communications, consultations, and inter-institutional cooperation"
    assert section(document, cooperation) == [
        ("Heading 2", "Communications"),
        ("Normal", "What the report says."),
    ]


def test_report_docx_is_built_once_and_kept_apart_from_the_annexes(
    client, django_assert_num_queries
):
    ReportingYearFactory(year=2021, title="Annual Report 2021")
    first = client.get(reverse("reports:docx", args=[2021]), {"cb": "1"})
    client.get(reverse("reports:annexes-docx", args=[2021]))

    # The data version, the year's status and the stored document: no build's queries.
    with django_assert_num_queries(3):
        again = client.get(reverse("reports:docx", args=[2021]), {"cb": "2"})

    assert again.content == first.content
    assert sorted(StoredDocument.objects.values_list("kind", "year", "version")) == [
        ("docx", 2021, read_data_version()),
        ("docx-full", 2021, read_data_version()),
    ]
