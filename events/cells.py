"""The cells of an events spreadsheet that hold several values, as staff type them
(events.resources): an event's date ranges and its partners with their roles. Each `parse_`
function refuses anything else in plain words (ValueError); each `format_` one writes what its
`parse_` reads.
"""

import calendar
import datetime
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

from cicte.resources import ChoiceWidget, blank
from events.enums import DatePrecision
from partners.enums import PartnerRole

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Range(NamedTuple):
    start: datetime.date
    end: datetime.date
    precision: str


def _day(text: str) -> tuple[datetime.date, bool]:
    """(date, whole month?) from "2020-01-27" or "2020-06"."""
    try:
        if match := MONTH.match(text):
            return datetime.date(int(match[1]), int(match[2]), 1), True
        return datetime.date.fromisoformat(text), False
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date: write 2020-01-27, or 2020-06 for a whole month.")
            % {"value": text}
        ) from None


def parse_dates(value) -> list[Range]:
    """The date ranges of a "dates" cell; ValueError in plain words for anything else."""
    if isinstance(value, datetime.datetime):  # a spreadsheet cell typed as a date
        value = value.date()
    if isinstance(value, datetime.date):
        return [Range(value, value, DatePrecision.DAY)]
    ranges = []
    for part in (part.strip() for part in str(value or "").split(";")):
        if not part:
            continue
        first, _slash, last = part.partition("/")
        start, start_by_month = _day(first.strip())
        end, end_by_month = _day(last.strip()) if last.strip() else (start, start_by_month)
        if start_by_month != end_by_month:
            raise ValueError(
                _("“%(value)s” mixes a day and a month: write both as days or both as months.")
                % {"value": part}
            )
        if end_by_month:
            end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        if end < start:
            raise ValueError(
                _("“%(value)s” ends before it starts.") % {"value": part},
            )
        precision = DatePrecision.MONTH if start_by_month else DatePrecision.DAY
        ranges.append(Range(start, end, precision))
    starts = [r.start for r in ranges]
    if len(set(starts)) != len(starts):
        raise ValueError(_("Two date ranges start on the same day."))
    return ranges


def format_dates(dates) -> str:
    """The "dates" cell of an event: the inverse of parse_dates."""
    parts = []
    for date in dates:
        if date.precision == DatePrecision.MONTH:
            first, last = f"{date.start:%Y-%m}", f"{date.end:%Y-%m}"
        else:
            first, last = date.start.isoformat(), date.end.isoformat()
        parts.append(first if first == last else f"{first}/{last}")
    return "; ".join(parts)


def format_partners(pairs) -> str:
    """The "partners" cell: (slug, role) pairs as "oas:organiser; microsoft:sponsor"."""
    return "; ".join(f"{slug}:{role}" for slug, role in pairs)


def parse_partners(value) -> list[tuple[str, str]]:
    """The (slug, role code) pairs of a "partners" cell, in its order; ValueError in plain
    words for anything else. A role is its code or its label ("sponsor" or "Sponsoring")."""
    roles = ChoiceWidget(PartnerRole)
    pairs = []
    for part in (part.strip() for part in blank(value).split(";")):
        if not part:
            continue
        slug, colon, role = (text.strip() for text in part.partition(":"))
        if not (slug and colon and role):
            raise ValueError(
                _("“%(value)s”: write each partner as slug:role, e.g. “oas:organiser”.")
                % {"value": part}
            )
        pair = (slug, roles.clean(role))
        if pair in pairs:
            raise ValueError(_("“%(value)s” is there twice.") % {"value": part})
        pairs.append(pair)
    return pairs
