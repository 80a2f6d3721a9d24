"""The report as the secretariat files it: the four annexes as Word, the whole report as PDF.

Both are built from the annex and report reads the HTML pages use (reports.queries) and written
with the same filters as the annex templates (full_stop, organisers, place, date_ranges…), so
the three formats say the same thing.

- /reports/<year>/annexes.docx: python-docx, laid out as the printed annexes (a heading per
  annex, its order note, one paragraph per entry, Annex 1's markers and legend, Annex 4's
  categories and stars), page numbers in the footer.
- /reports/<year>.pdf: WeasyPrint renders templates/reports/report_print.html, which includes
  the report page's own body, with the site's print stylesheet and page numbers.

Building one takes seconds (the PDF) or a fifth of one (the Word file), so each is built once per
data version, language and site, whatever the query string, and kept in the database, where
every worker of every server reads it (`stored_document`, the one place documents are kept).
One document is built at a time across all of them, under a PostgreSQL advisory lock: a
request for a document not yet built while another is being built is answered 503 with
Retry-After, never with a second build, so a flood of document requests holds one worker at
most.
"""

import io

import docx
from django.contrib.staticfiles import finders
from django.db import connections, router, transaction
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from cicte.data_version import data_version, memoise
from cicte.enums import ReportPart
from cicte.models import StoredDocument
from cicte.text import full_stop
from events.templatetags.event_tags import date_ranges, marker_legend
from reports import queries
from reports.annexes import ANNEX_ORDER_NOTES, ANNEX_TITLES

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The print stylesheet the report page already has, and what only the PDF adds (page numbers).
PDF_STYLESHEETS = ["css/print.css", "css/report_pdf.css"]
# The PostgreSQL advisory lock held while a document is built ("CICTE" in ASCII).
BUILD_LOCK = 0x4349435445
# Seconds a request that found a document being built is told to wait (a build takes 1-3 s).
RETRY_AFTER_SECONDS = 5


# -- Word ------------------------------------------------------------------------------------


def annex_1_entry(event) -> tuple[str, str]:
    """(text, marker) as Annex 1 writes a meeting: title and credits, organisers, place,
    dates, the secretariat's capacity; marker."""
    parts = [full_stop(" ".join(part for part in (event.title, event.credits) if part))]
    if who := event.organisers:
        parts.append(full_stop(who))
    if where := event.place:
        parts.append(full_stop(where))
    parts.append(full_stop(date_ranges(event.dates.all())))
    if how := event.capacity:
        parts.append(how)
    return " ".join(parts), event.marker


def annex_2_entry(event) -> str:
    dates = full_stop(date_ranges(event.dates.all(), "no_year"))
    return f"{full_stop(event.title)} {event.organised_by} {dates}"


def annex_3_entry(publication) -> str:
    month = date_format(publication.published_on, "YEAR_MONTH_FORMAT")
    available = _("Available in %(languages)s.") % {"languages": publication.language_names}
    text = f"“{full_stop(publication.title)}” {month}. {full_stop(publication.publisher_names)} "
    text += available
    links = publication.linked_editions
    for edition in links:
        label = (
            _("Link (%(language)s):") % {"language": edition.get_language_display()}
            if len(links) > 1
            else _("Link:")
        )
        text += f" {label} {edition.url}"
    return text


def _page_number_field(paragraph):
    """A PAGE field: Word writes the page's number in its place."""
    run = paragraph.add_run()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run._r.append(field)


def _annex_heading(document, number, *, first):
    if not first:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title = _("Annex %(number)s: %(title)s") % {
        "number": number,
        "title": ANNEX_TITLES[number],
    }
    document.add_heading(title, level=1)
    note = document.add_paragraph()
    note.add_run(f"({ANNEX_ORDER_NOTES[number]})").italic = True


def _entry(document, text):
    return document.add_paragraph(text, style="List Bullet")


def _empty(document, text):
    document.add_paragraph(text).runs[0].italic = True


def _editorial_notes(document, year, number):
    """The notes on where annex `number` departs from the printed report, after its list."""
    part = ReportPart.annex(number)
    for note in year.editorial_notes.all():
        if note.part == part:
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Editorial note:")).bold = True
            paragraph.add_run(f" {note.text}").italic = True


def annexes_docx(year) -> bytes:
    """The four annexes of `year` (from queries.public_year: its editorial notes loaded) as a
    Word document (five queries)."""
    annex_1, annex_2 = queries.annexes_1_and_2(year)
    annex_3 = list(queries.annex_3(year))
    annex_4 = queries.annex_4(year)

    document = docx.Document()
    document.core_properties.title = _("Annexes to the annual report %(year)s") % {
        "year": year.year
    }
    document.core_properties.author = _("CICTE Secretariat")
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = 1  # centred
    _page_number_field(footer)

    document.add_heading(year.title, level=0)
    document.add_paragraph(
        _("Annexes to the annual report %(year)s") % {"year": year.year}, style="Subtitle"
    )

    _annex_heading(document, 1, first=True)
    document.add_paragraph(
        _(
            "The following is a selection of the main high-level international events in which "
            "the CICTE Secretariat participated during %(year)s. The list is in chronological "
            "order."
        )
        % {"year": year.year}
    )
    for event in annex_1:
        text, marker = annex_1_entry(event)
        paragraph = _entry(document, f"{text} ")
        paragraph.add_run(marker).bold = True
    if not annex_1:
        _empty(document, _("No high-level meetings are recorded for this year."))
    for marker, meaning in marker_legend():
        legend = document.add_paragraph()
        legend.add_run(marker).bold = True
        legend.add_run(f" {meaning}")
    _editorial_notes(document, year, 1)

    _annex_heading(document, 2, first=False)
    for event in annex_2:
        _entry(document, annex_2_entry(event))
    if not annex_2:
        _empty(document, _("No webinars or virtual forums are recorded for this year."))
    _editorial_notes(document, year, 2)

    _annex_heading(document, 3, first=False)
    for publication in annex_3:
        _entry(document, annex_3_entry(publication))
    if not annex_3:
        _empty(document, _("No publications are recorded for this year."))
    _editorial_notes(document, year, 3)

    _annex_heading(document, 4, first=False)
    legend = document.add_paragraph()
    legend.add_run("*").bold = True
    legend.add_run(
        " "
        + _(
            "Countries or institutions that made a financial contribution - specific funds for "
            "the implementation of the CICTE Secretariat's programs."
        )
    )
    for group in annex_4:
        document.add_heading(str(group.label), level=2)
        for entry in group.entries:
            paragraph = _entry(document, entry.printed_name)
            if entry.financial_contributor:
                paragraph.add_run(" ")
                paragraph.add_run("*").bold = True
    if not annex_4:
        _empty(document, _("No donors or partners are recorded for this year."))
    _editorial_notes(document, year, 4)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# -- PDF -------------------------------------------------------------------------------------


def report_pdf(request, year) -> bytes:
    """The whole report of `year` as a PDF, from the report page's own template body."""
    # Imported here: WeasyPrint loads Pango when imported, which only this view needs.
    import weasyprint

    html = render_to_string(
        "reports/report_print.html", queries.report_sections(year), request=request
    )
    stylesheets = []
    for name in PDF_STYLESHEETS:
        with open(finders.find(name), encoding="utf-8") as css:
            stylesheets.append(weasyprint.CSS(string=css.read()))
    # Nothing is fetched: the page has no images and the stylesheets are read above. Links stay
    # absolute links to the site.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=[])
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=no_fetching
    ).write_pdf(stylesheets=stylesheets)


# -- Store -----------------------------------------------------------------------------------


def stored_document(request, kind: str, year, version: str, build) -> bytes | None:
    """The document `kind` of `year` in the active language, for the request's site, as built
    by build() from data at least as new as `version` (the data version, read before the data
    as for the page cache): read from the store, else built now and kept there, the other
    versions' documents removed. None while another document is being built anywhere: the
    caller answers 503 rather than build a second one.

    Read and written on the primary database, where a document just kept is found by the next
    request.
    """
    database = router.db_for_write(StoredDocument)
    documents = StoredDocument.objects.using(database)
    key = {
        "kind": kind,
        "year": year.year,
        "language": get_language(),
        "origin": f"{request.scheme}://{request.get_host()}",
        "version": version,
    }
    content = documents.filter(**key).values_list("content", flat=True).first()
    if content is not None:
        return bytes(content)
    with transaction.atomic(using=database):
        if not _build_lock(database):
            return None
        # Built while this request waited for the lock?
        content = documents.filter(**key).values_list("content", flat=True).first()
        if content is None:
            content = build()
            documents.exclude(version=version).only("pk").delete()
            documents.create(**key, content=content)
    return bytes(content)


def _build_lock(database: str) -> bool:
    """Take the build lock for the current transaction, without waiting: False when another
    transaction holds it."""
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [BUILD_LOCK])
        return cursor.fetchone()[0]


def document_response(request, year, *, kind, build, content_type, disposition):
    """The stored document (200), or 503 with Retry-After while another is being built."""
    version = data_version()
    year = memoise(f"year:{year}:texts", lambda: queries.public_year(year, with_texts=True))
    if year is None:
        raise Http404
    content = stored_document(request, kind, year, version, lambda: build(year))
    if content is None:
        response = HttpResponse(
            _("The document is being prepared. Try again in a few seconds."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition % {"year": year.year}
    return response


# -- Views -----------------------------------------------------------------------------------


@require_safe
def annexes_docx_view(request, year):
    return document_response(
        request,
        year,
        kind="docx",
        build=annexes_docx,
        content_type=DOCX_CONTENT_TYPE,
        disposition='attachment; filename="cicte-annual-report-%(year)s-annexes.docx"',
    )


@require_safe
def report_pdf_view(request, year):
    return document_response(
        request,
        year,
        kind="pdf",
        build=lambda year: report_pdf(request, year),
        content_type="application/pdf",
        disposition='inline; filename="cicte-annual-report-%(year)s.pdf"',
    )
