"""/reports/: the annual reports and their annexes (namespace "reports")."""

from django.urls import path, register_converter

from reports import views
from reports.documents import ANNEXES_DOCX, REPORT_DOCX, REPORT_PDF, document_view


class YearConverter:
    """Four digits: /reports/99999999999/ is a plain 404, not a database error."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class AnnexConverter:
    regex = "[1-4]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "year")
register_converter(AnnexConverter, "annex")

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<year:year>/", views.report_detail, name="detail"),
    path("<year:year>/annex-<annex:number>/", views.annex, name="annex"),
    # The report as the secretariat files it (reports.documents).
    path("<year:year>.pdf", document_view, {"document": REPORT_PDF}, name="pdf"),
    path("<year:year>.docx", document_view, {"document": REPORT_DOCX}, name="docx"),
    path(
        "<year:year>/annexes.docx", document_view, {"document": ANNEXES_DOCX}, name="annexes-docx"
    ),
]
