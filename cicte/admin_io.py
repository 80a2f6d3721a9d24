"""Spreadsheets in the back office (django-import-export).

- `ExportAdminMixin`: "Export" on every list, to CSV or Excel, of the records the list shows
  with its current filters and search. Needs the model's view permission
  (IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
- `ImportExportAdminMixin`: also "Import", for whoever may add records through this admin.
  The file is first tried in a transaction that is rolled back, and every row's errors are shown
  before anything is saved; a file with errors cannot be confirmed. The confirmed import runs
  in one transaction that is rolled back whole if any row fails then (the records may have
  changed in between), so a file is imported entirely or not at all.

Import-export's own export page offers field checkboxes driven by an inline event handler,
which the Content-Security-Policy blocks: the plain export form (format only) is used instead.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm


class ExportAdminMixin(ExportMixin):
    formats = [CSV, XLSX]
    export_form_class = ExportForm


class ImportExportAdminMixin(ImportMixin, ExportAdminMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_error_display = ("message", "row")

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
