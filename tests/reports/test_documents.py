"""The report as documents, opened as their readers would: the annexes with python-docx, the
PDF's text with pypdf. Both must say what the annex pages say."""

import io
import itertools
from contextlib import contextmanager

import docx
import psycopg
import pypdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cicte.data_version import read_data_version
from cicte.models import StoredDocument
from reports.documents import BUILD_LOCK
from tests.factories.cicte import ReportingYearFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_2020(db):
    call_command("loaddata", "report_2020", verbosity=0)


# The entries of annexes 1 to 4 of the 2020 report (fixtures/report_2020.json).
ANNEX_LENGTHS_2020 = [14, 20, 5, 54]


def annex_page_entries(client, number):
    page = parse(client.get(reverse("reports:annex", args=[2020, number])))
    return [li.text for ul in page.select(class_=f"annex-{number}") for li in ul.select("li")]


def paragraphs(document, style=None):
    return [p.text for p in document.paragraphs if style is None or p.style.name == style]


def sections(document):
    """{annex heading: [its bulleted entries]}."""
    result, current = {}, None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            current = result.setdefault(paragraph.text, [])
        elif paragraph.style.name == "List Bullet" and current is not None:
            current.append(paragraph.text)
    return result


def test_annexes_docx_lists_every_annex_as_its_page_does(client, report_2020):
    response = client.get(reverse("reports:annexes-docx", args=[2020]))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="cicte-annual-report-2020-annexes.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    annexes = sections(document)
    assert list(annexes) == [
        "Annex 1: Consolidated list of high-level international meetings",
        "Annex 2: Consolidated list of webinars or virtual forums conducted",
        "Annex 3: Consolidated list of publications",
        "Annex 4: Consolidated list of donors and major institutional partners",
    ]
    # The lengths first: two empty lists would be equal.
    assert [len(entries) for entries in annexes.values()] == ANNEX_LENGTHS_2020
    for number, entries in enumerate(annexes.values(), start=1):
        assert entries == annex_page_entries(client, number), f"Annex {number}"


def test_annexes_docx_keeps_annex_1_order_markers_and_legend(client, report_2020):
    response = client.get(reverse("reports:annexes-docx", args=[2020]))

    document = docx.Document(io.BytesIO(response.content))
    annex_1 = sections(document)["Annex 1: Consolidated list of high-level international meetings"]
    assert annex_1[0] == (
        "III Hemispheric Ministerial Conference on Combating Terrorism. Bogotá, Colombia. "
        "January 19-20, 2020. *"
    )
    assert [entry.rsplit(" ", 1)[-1] for entry in annex_1] == [
        "*", "*", "***", "***", "***", "***", "*", "***", "***", "***", "***", "***", "**", "*",
    ]  # fmt: skip
    entry = next(p for p in document.paragraphs if p.text == annex_1[0])
    assert [(run.text, run.bold) for run in entry.runs][-1] == ("*", True)
    texts = paragraphs(document)
    assert "(in chronological order)" in texts
    assert "(in alphabetical order)" in texts
    legend = texts.index("* Participation of the Executive Secretary of CICTE")
    assert texts[legend : legend + 3] == [
        "* Participation of the Executive Secretary of CICTE",
        "** Participation of the Deputy Executive Secretary of CICTE",
        "*** Participation of CICTE Secretariat officials",
    ]


def test_annexes_docx_groups_annex_4_by_category_with_stars(client, report_2020):
    response = client.get(reverse("reports:annexes-docx", args=[2020]))

    document = docx.Document(io.BytesIO(response.content))
    categories, current = {}, None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 2":
            current = categories.setdefault(paragraph.text, [])
        elif paragraph.style.name == "List Bullet" and current is not None:
            current.append(paragraph.text)
    assert list(categories) == [
        "Member States",
        "Permanent Observers",
        "International organizations, regional bodies, and international forums",
        "Academic sector",
        "Private sector",
        "Civil society",
        "Others",
    ]
    assert categories["Permanent Observers"] == [
        "Estonia *",
        "European Union *",
        "Israel *",
        "Spain",
        "The Netherlands *",
        "United Kingdom *",
    ]


def test_annexes_docx_of_an_empty_year_says_so_in_each_annex(client):
    ReportingYearFactory(year=2021, title="Annual Report 2021")

    response = client.get(reverse("reports:annexes-docx", args=[2021]))

    texts = paragraphs(docx.Document(io.BytesIO(response.content)))
    assert texts[0] == "Annual Report 2021"
    assert "No high-level meetings are recorded for this year." in texts
    assert "No webinars or virtual forums are recorded for this year." in texts
    assert "No publications are recorded for this year." in texts
    assert "No donors or partners are recorded for this year." in texts


@pytest.mark.parametrize("name", ["reports:annexes-docx", "reports:pdf"])
def test_documents_of_a_draft_year_are_not_found(client, name):
    ReportingYearFactory(year=2021, status="draft")

    response = client.get(reverse(name, args=[2021]))

    assert response.status_code == 404


def test_report_pdf_has_the_whole_report_with_page_numbers(client, report_2020):
    response = client.get(reverse("reports:pdf", args=[2020]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="cicte-annual-report-2020.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert pages[0].startswith("Annual report 2020 Annual Report 2020 of the Inter-American")
    # Lines break anywhere (after a hyphen too): compare the text without its white space.
    text = "".join("".join(pages).split())
    for heading in ["I. Introduction", "III. Main programs", "IV. Major donors", "VI. Annexes"]:
        assert "".join(heading.split()) in text
    entries = [annex_page_entries(client, number) for number in range(1, 5)]
    assert [len(annex) for annex in entries] == ANNEX_LENGTHS_2020
    for entry in itertools.chain.from_iterable(entries):
        assert "".join(entry.split()) in text, entry
    # Every page after the cover ends with its number.
    assert [page.rsplit(" ", 1)[-1] for page in pages[1:]] == [
        str(number) for number in range(2, len(pages) + 1)
    ]


@pytest.mark.parametrize("page", ["reports:detail", "reports:annex"])
def test_report_pages_link_to_the_documents(client, page):
    ReportingYearFactory(year=2020)
    args = [2020] if page == "reports:detail" else [2020, 3]

    nav = parse(client.get(reverse(page, args=args))).one("nav", class_="document-links")

    assert [(a.text, a.attrs["href"]) for a in nav.select("a")] == [
        ("Download Word (annexes)", reverse("reports:annexes-docx", args=[2020])),
        ("Download PDF", reverse("reports:pdf", args=[2020])),
    ]


# -- Built once, kept for every worker, one build at a time ------------------------------------


def stored():
    return list(
        StoredDocument.objects.order_by("kind", "language").values_list(
            "kind", "year", "language", "origin", "version"
        )
    )


def test_a_document_is_built_once_whatever_the_query_string(client, django_assert_num_queries):
    ReportingYearFactory(year=2021, title="Annual Report 2021")
    first = client.get(reverse("reports:annexes-docx", args=[2021]), {"cb": "1"})

    # The data version and the stored document (the year is kept): no build's queries.
    with django_assert_num_queries(2):
        again = client.get(reverse("reports:annexes-docx", args=[2021]), {"cb": "2"})

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content
    assert stored() == [("docx", 2021, "en", "http://testserver", read_data_version())]


def test_a_document_is_kept_per_language_and_site(client):
    ReportingYearFactory(year=2021, title="Annual Report 2021")
    url = "/{}/reports/2021/annexes.docx"

    client.get(url.format("en"))
    client.get(url.format("es"))
    client.get(url.format("en"), headers={"host": "localhost"})

    version = read_data_version()
    assert sorted(stored()) == [
        ("docx", 2021, "en", "http://localhost", version),
        ("docx", 2021, "en", "http://testserver", version),
        ("docx", 2021, "es", "http://testserver", version),
    ]


def test_a_write_has_the_document_built_again_and_the_old_one_removed(client):
    year = ReportingYearFactory(year=2021, title="Annual Report 2021")
    before = client.get(reverse("reports:annexes-docx", args=[2021]))
    year.title = "Annual Report 2021 (revised)"
    year.save()

    after = client.get(reverse("reports:annexes-docx", args=[2021]))

    assert paragraphs(docx.Document(io.BytesIO(before.content)))[0] == "Annual Report 2021"
    assert paragraphs(docx.Document(io.BytesIO(after.content)))[0] == (
        "Annual Report 2021 (revised)"
    )
    assert stored() == [("docx", 2021, "en", "http://testserver", read_data_version())]


@contextmanager
def building_elsewhere():
    """Another server's connection, building a document: it holds the build lock."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    ) as elsewhere:
        elsewhere.execute("SELECT pg_advisory_lock(%s)", [BUILD_LOCK])
        yield
        elsewhere.execute("SELECT pg_advisory_unlock(%s)", [BUILD_LOCK])


def test_a_document_asked_for_while_another_is_built_answers_503_and_builds_nothing(client):
    ReportingYearFactory(year=2021, title="Annual Report 2021")

    with building_elsewhere():
        response = client.get(reverse("reports:pdf", args=[2021]))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The document is being prepared. Try again in a few seconds."
    )
    assert stored() == []


def test_a_document_built_already_is_served_while_another_is_built(client):
    ReportingYearFactory(year=2021, title="Annual Report 2021")
    StoredDocument.objects.create(
        kind="docx",
        year=2021,
        language="en",
        origin="http://testserver",
        version=read_data_version(),
        content=b"as built by another worker",
    )

    with building_elsewhere():
        response = client.get(reverse("reports:annexes-docx", args=[2021]), {"cb": "3"})

    assert (response.status_code, response.content) == (200, b"as built by another worker")
