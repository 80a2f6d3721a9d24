"""The report as the secretariat files it: the whole report as Word and as PDF, the four
annexes alone as Word.

- /reports/<year>.docx and /reports/<year>/annexes.docx: python-docx (reports.report_docx), laid
  out as the printed report, from the same reads and filters as the HTML pages.
- /reports/<year>.pdf: WeasyPrint renders templates/reports/report_print.html, which includes
  the report page's own body, with the site's print stylesheet and page numbers.

Building one takes seconds (the PDF) or a fifth of one (a Word file), so each is built once per
data version, language and site, whatever the query string, and kept in the database, where
every worker of every server reads it (`stored_document`, the one place documents are kept).
One document is built at a time across all of them, under a PostgreSQL advisory lock: a
request for a document not yet built while another is being built is answered 503 with
Retry-After, never with a second build, so a flood of document requests holds one worker at
most.
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import NamedTuple

from django.contrib.staticfiles import finders
from django.db import connections, router, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cicte.data_version import read_data_version
from cicte.enums import YearStatus
from cicte.models import ReportingYear, StoredDocument
from reports import queries
from reports.report_docx import annexes_docx, report_docx

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The print stylesheet the report page already has, and what only the PDF adds (page numbers).
PDF_STYLESHEETS = ["css/print.css", "css/report_pdf.css"]
# The PostgreSQL advisory lock held while a document is built ("CICTE" in ASCII).
BUILD_LOCK = 0x4349435445
# Seconds a request that found a document being built is told to wait (a build takes 1-3 s).
RETRY_AFTER_SECONDS = 5


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


def stored_document(request, kind: str, year: int, version: str, build) -> bytes | None:
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
        "year": year,
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


class Document(NamedTuple):
    """A file a year's report is served as: its kind in the store (StoredDocument.kind), its
    file name (`%(year)s` for the year, the suffix for its format), and what builds it from the
    request and the report's data (queries.report_year)."""

    kind: str
    filename: str
    build: Callable[[HttpRequest, dict], bytes]


# How each format is served: its content type, and whether the browser opens or downloads it.
FORMATS = {".docx": (DOCX_CONTENT_TYPE, "attachment"), ".pdf": ("application/pdf", "inline")}
REPORT_DOCX = Document(
    "docx-full", "cicte-annual-report-%(year)s.docx", lambda request, report: report_docx(report)
)
ANNEXES_DOCX = Document(
    "docx",
    "cicte-annual-report-%(year)s-annexes.docx",
    lambda request, report: annexes_docx(report),
)
REPORT_PDF = Document("pdf", "cicte-annual-report-%(year)s.pdf", report_pdf)


@require_safe
def document_view(request, year, *, document: Document):
    """The stored `document` of `year` (200), or 503 with Retry-After while another is being
    built. The URLs name the document (reports.urls)."""
    version = read_data_version()
    status = (
        ReportingYear.objects.visible_to(request.user)
        .filter(year=year)
        .values_list("status", flat=True)
        .first()
    )
    if status is None:
        raise Http404

    def build_now():
        return document.build(request, queries.report_year(year, request.user, with_sections=True))

    if status in YearStatus.public():
        content = stored_document(request, document.kind, year, version, build_now)
    else:
        # A draft's preview, for staff: built each time, never kept for anyone.
        content = build_now()
    if content is None:
        response = HttpResponse(
            _("The document is being prepared. Try again in a few seconds."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    content_type, disposition = FORMATS[PurePath(document.filename).suffix]
    response = HttpResponse(content, content_type=content_type)
    filename = document.filename % {"year": year}
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
