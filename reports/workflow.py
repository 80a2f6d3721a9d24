"""A reporting year's statuses and the steps between them, taken by editors only.

    draft → in review → approved → published → closed
    in review, approved → draft (sent back for more work)

Approving records the date and the plenary session that approved the report; publishing
makes the year public, and with it every record of the year already marked published, in
one transaction (its drafts stay drafts, and stay blocking items of its checks). A year is
published only when its blocking checks (reports.report_checks, as `manage.py checkyear`) find
nothing, or when an editor gives the reason to publish it anyway, which the year keeps
(`publication_override`) and its history shows. Each step is one history entry, its user and
its reason.

`reporting_year_transition` is the only writer of a year's status: the admin form does not
show it and keeps it as stored (cicte.admin), the admin's buttons call this.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cicte.enums import YearStatus
from cicte.models import ReportingYear
from cicte.roles import moves_years
from reports.report_checks import year_review

# {from: [to, …]}: the steps a year may take, forward first.
STEPS = {
    YearStatus.DRAFT: [YearStatus.IN_REVIEW],
    YearStatus.IN_REVIEW: [YearStatus.APPROVED, YearStatus.DRAFT],
    YearStatus.APPROVED: [YearStatus.PUBLISHED, YearStatus.DRAFT],
    YearStatus.PUBLISHED: [YearStatus.CLOSED],
    YearStatus.CLOSED: [],
}

# What each step's button says.
STEP_LABELS = {
    YearStatus.DRAFT: gettext_lazy("Send back to draft"),
    YearStatus.IN_REVIEW: gettext_lazy("Send for review"),
    YearStatus.APPROVED: gettext_lazy("Record the approval"),
    YearStatus.PUBLISHED: gettext_lazy("Publish"),
    YearStatus.CLOSED: gettext_lazy("Close"),
}


def next_steps(year: ReportingYear) -> list[YearStatus]:
    return STEPS[YearStatus(year.status)]


def reporting_year_transition(
    *,
    year: ReportingYear,
    to: str,
    user,
    approved_on: datetime.date | None = None,
    approved_at: str = "",
    override_reason: str = "",
) -> ReportingYear:
    """Move `year` to the status `to` as `user`, in one transaction.

    Raises PermissionDenied unless `user` is an editor (cicte.roles.moves_years), and
    ValidationError when the step is not one the year may take (another editor moved it
    meanwhile, say), when approving without `approved_on` and `approved_at` (the plenary
    session, in the active language), and when publishing while blocking items remain and
    no `override_reason` is given (code "blocking", its message listing them).
    """
    if not moves_years(user):
        raise PermissionDenied(_("Only editors move a reporting year from one status to another."))
    to = YearStatus(to)
    with transaction.atomic():
        year = ReportingYear.objects.select_for_update().get(pk=year.pk)
        if to not in next_steps(year):
            raise ValidationError(
                _("A year that is %(status)s cannot become %(to)s.")
                % {"status": year.get_status_display().lower(), "to": to.label.lower()},
                code="step",
            )
        reason = STEP_LABELS[to]
        if to == YearStatus.APPROVED:
            approve(year, approved_on, approved_at.strip())
        if to == YearStatus.PUBLISHED:
            override_reason = override_reason.strip()
            blocking = year_review(year).blocking
            if blocking and not override_reason:
                raise ValidationError(
                    _(
                        "The year's checks still find blocking items (%(items)s): fix them, or "
                        "give the reason to publish it anyway."
                    )
                    % {
                        "items": "; ".join(
                            f"{finding.check.label}: {finding.count}" for finding in blocking
                        )
                    },
                    code="blocking",
                )
            year.publication_override = override_reason if blocking else ""
            if blocking:
                reason = _("Published despite blocking items: %(reason)s") % {
                    "reason": override_reason
                }
        year.status = to
        year.full_clean()
        year._history_user = user
        year._change_reason = str(reason)
        year.save()
    return year


def approve(year: ReportingYear, approved_on, approved_at: str) -> None:
    errors = {}
    if approved_on is None:
        errors["approved_on"] = _("Give the date the report was approved.")
    if not approved_at:
        errors["approved_at"] = _(
            "Give the session that approved it, e.g. 'fourth plenary session'."
        )
    if errors:
        raise ValidationError(errors)
    year.approved_on = approved_on
    year.approved_at = approved_at
