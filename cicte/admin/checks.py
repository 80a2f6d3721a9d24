"""The year's report checks offered as a filter in each model's admin list."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

# The checks of a year's report by model label ({"events.Event": {slug: check}}): defined
# above the apps (reports.report_checks registers them), offered in each model's admin list.
REPORT_CHECKS = {}


class ReportCheckFilter(admin.SimpleListFilter):
    """The records one check of the year's report lists (`?check=<slug>`): the links of the
    back office's home page, and a filter staff can pick."""

    title = _("report check")
    parameter_name = "check"

    def lookups(self, request, model_admin):
        checks = REPORT_CHECKS.get(model_admin.opts.label, {})
        return [(slug, check.label) for slug, check in checks.items()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        check = REPORT_CHECKS.get(queryset.model._meta.label, {}).get(self.value())
        if check is None:
            raise IncorrectLookupParameters(f"No report check {self.value()!r}.")
        return queryset.filter(check.condition())
