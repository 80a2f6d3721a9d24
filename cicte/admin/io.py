"""Spreadsheets in the back office (django-import-export).

- `ExportAdminMixin`: "Export" on every list, to CSV or Excel, of the records the list shows
  with its current filters and search. Needs the model's view permission
  (IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
- `ImportExportAdminMixin`: also "Import", for whoever may add records through this admin.
  The file is first tried in a transaction that is rolled back, and every row's errors are shown
  before anything is saved; a file with errors cannot be confirmed. The confirmed import runs
  in one transaction that is rolled back whole if any row fails then (the records may have
  changed in between), so a file is imported entirely or not at all. A file is at most
  IMPORT_MAX_ROWS rows and IMPORT_MAX_BYTES bytes, so that both steps answer well within a
  worker's timeout (README "Security and operations" gives the time measured).

Spreadsheets are data, not code: an exported cell that a spreadsheet program would read as a
formula starts with a single quote (cicte.exports.spreadsheet_cell), and the import takes
exactly that quote off again, so a file exported and imported back changes nothing. An Excel
file is read for its values only: a formula cell gives the value it last showed.

Import-export's own export page offers field checkboxes driven by an inline event handler,
which the Content-Security-Policy blocks: the plain export form (format only) is used instead.
"""

import io
import itertools

import openpyxl
import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm

from cicte.exports import from_spreadsheet_cell, spreadsheet_cell

# The largest file one import takes (README "Security and operations": the time it takes).
IMPORT_MAX_ROWS = 1000
IMPORT_MAX_BYTES = 2 * 1024 * 1024


def cells_mapped(dataset, function) -> tablib.Dataset:
    """A copy of `dataset` with `function` applied to each text cell."""
    rows = [[function(cell) if isinstance(cell, str) else cell for cell in row] for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class FileTooLarge(ValueError):
    """An import file with more rows than IMPORT_MAX_ROWS; its message says so to staff."""


def too_many_rows() -> FileTooLarge:
    return FileTooLarge(
        _(
            "This file has more than %(max)s rows: import at most %(max)s at a time (split the "
            "file into several)."
        )
        % {"max": number_format(IMPORT_MAX_ROWS, force_grouping=True)}
    )


class SpreadsheetCSV(CSV):
    """A CSV file to import: its cells as exported (quotes before formulas taken off)."""

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        if len(dataset) > IMPORT_MAX_ROWS:
            raise too_many_rows()
        return cells_mapped(dataset, from_spreadsheet_cell)


class SpreadsheetXLSX(XLSX):
    """An Excel file to import: the values of its first sheet, blank rows left out, read no
    further than one row past IMPORT_MAX_ROWS (a small file can unzip to millions of rows)."""

    def create_dataset(self, in_stream):
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)
        headers = list(next(rows, []))
        filled = (row for row in rows if any(cell not in (None, "") for cell in row))
        kept = list(itertools.islice(filled, IMPORT_MAX_ROWS + 1))
        book.close()
        if len(kept) > IMPORT_MAX_ROWS:
            raise too_many_rows()
        return cells_mapped(tablib.Dataset(*kept, headers=headers), from_spreadsheet_cell)


class SizedImportForm(ImportForm):
    def clean_import_file(self):
        file = self.cleaned_data["import_file"]
        if file.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _(
                    "This file is %(size)s: import at most %(max)s at a time (split the file "
                    "into several)."
                )
                % {"size": filesizeformat(file.size), "max": filesizeformat(IMPORT_MAX_BYTES)}
            )
        return file


class ExportAdminMixin(ExportMixin):
    export_formats = [CSV, XLSX]
    export_form_class = ExportForm

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        return cells_mapped(dataset, spreadsheet_cell)


class ImportExportAdminMixin(ImportMixin, ExportAdminMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_error_display = ("message", "row")
    import_formats = [SpreadsheetCSV, SpreadsheetXLSX]
    import_form_class = SizedImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileTooLarge):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def has_import_permission(self, request):
        """Whoever may add records here (a program officer: into their own programs only, which
        the resource checks row by row)."""
        return self.has_add_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        """The resource checks each row with this admin's rules for this user (e.g.
        events.resources.EventResource: the change form's program scope)."""
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "model_admin": self, "request": request}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            rows = sorted(
                {number for number, _errors in result.row_errors()}
                | {row.number for row in result.invalid_rows}
            )
            self.message_user(
                request,
                _(
                    "Nothing was imported: rows %(rows)s could not be saved. Upload the file "
                    "again to see why."
                )
                % {"rows": ", ".join(str(number) for number in rows)},
                messages.ERROR,
            )
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)
