"""The reporting year's status in the admin: the steps it may take next, as buttons on its page,
each confirmed on a page of its own (the approval's date and session, the reason to publish
despite blocking items), then taken by reports.workflow, which alone writes the status."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.admin.sites import admin_page
from cicte.enums import YearStatus
from cicte.models import ReportingYear
from cicte.roles import moves_years
from reports.report_checks import year_review
from reports.workflow import STEP_LABELS, next_steps, reporting_year_transition


class TransitionForm(forms.Form):
    """What a step asks for: nothing, the approval (date, session) or the reason to publish
    with blocking items."""

    approved_on = forms.DateField(
        label=gettext_lazy("Approved on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    approved_at = forms.CharField(
        label=gettext_lazy("Approved at the"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "The session that approved the report, e.g. 'fourth plenary session'."
        ),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason to publish despite the blocking items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the year and shown in its history."),
    )

    def __init__(self, *args, to: YearStatus, blocking: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if to != YearStatus.APPROVED:
            del self.fields["approved_on"], self.fields["approved_at"]
        if to != YearStatus.PUBLISHED or not blocking:
            del self.fields["override_reason"]


class YearWorkflowAdminMixin:
    """For ReportingYearAdmin: the buttons (change_view's `workflow_steps`) and their pages."""

    def get_urls(self):
        return [
            admin_page(
                self,
                "<path:object_id>/status/<str:to>/",
                self.transition_view,
                "cicte_reportingyear_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        year = self.get_object(request, unquote(object_id))
        steps = []
        if year is not None and moves_years(request.user):
            steps = [
                (
                    STEP_LABELS[to],
                    reverse("admin:cicte_reportingyear_transition", args=[year.pk, to.value]),
                )
                for to in next_steps(year)
            ]
        context = {"workflow_steps": steps, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def transition_view(self, request, object_id, to):
        if not moves_years(request.user):
            raise PermissionDenied
        year = self.get_object(request, unquote(object_id))
        if year is None or to not in YearStatus.values:
            raise Http404
        to = YearStatus(to)
        review = year_review(year) if to == YearStatus.PUBLISHED else None
        blocking = bool(review and review.blocking)
        data = request.POST if request.method == "POST" else None
        initial = {"approved_on": year.approved_on, "approved_at": year.approved_at}
        form = TransitionForm(data, initial=initial, to=to, blocking=blocking)
        status = 200
        if to not in next_steps(year):
            form.add_error(
                None,
                _("A year that is %(status)s cannot become %(to)s.")
                % {"status": year.get_status_display().lower(), "to": to.label.lower()},
            )
            status = 400
        elif data is not None and form.is_valid():
            try:
                reporting_year_transition(year=year, to=to, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                self.message_user(
                    request,
                    _("%(year)s is now %(status)s.") % {"year": year, "status": to.label.lower()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:cicte_reportingyear_change", args=[year.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(step)s: %(year)s") % {"step": STEP_LABELS[to], "year": year},
            "opts": self.opts,
            "original": year,
            "to": to,
            "step": STEP_LABELS[to],
            "form": form,
            "review": review,
        }
        return TemplateResponse(
            request, "admin/cicte/reportingyear/transition.html", context, status=status
        )


def keep_stored_status(year: ReportingYear) -> None:
    """The admin form (and a revert from history) never write the status or the override:
    put back what the database holds before saving."""
    stored = ReportingYear.objects.filter(pk=year.pk).values("status", "publication_override")
    for name, value in stored.get().items():
        setattr(year, name, value)
