"""Date ranges as a person writes them: "January 27-31, 2020", "June-December 2020".

The order of month, day and year comes from the active language's MONTH_DAY_FORMAT and
YEAR_MONTH_FORMAT (so Spanish reads "27-31 de enero de 2020"), month names from Django's
translated month names, and the connective words ("and", "to") and the year suffix through
gettext.
"""

import datetime
from collections.abc import Iterable
from typing import NamedTuple, Protocol

from django.utils.dateformat import format as format_date
from django.utils.formats import date_format, get_format
from django.utils.text import get_text_list
from django.utils.translation import gettext, pgettext

from events.enums import DatePrecision


class DateRangeLike(Protocol):
    start: datetime.date
    end: datetime.date | None
    precision: str


class DateRange(NamedTuple):
    """A plain range, for callers without EventDate rows (and for tests)."""

    start: datetime.date
    end: datetime.date | None = None
    precision: str = DatePrecision.DAY


def format_ranges(ranges: Iterable[DateRangeLike], *, with_year: bool = True) -> str:
    """The ranges in one phrase; "" for none.

    with_year=False leaves the year out when every range falls in one year (Annex 2 writes
    "August 24, 26 and 28"); ranges in several years always keep their years.
    """
    spans = sorted(
        (r.start, r.end or r.start, r.precision == DatePrecision.MONTH) for r in ranges if r.start
    )
    if not spans:
        return ""
    # Ranges within one calendar year share its year; a range across New Year stands alone.
    groups = []
    for span in spans:
        start, end, _ = span
        if groups and start.year == end.year == groups[-1][-1][1].year == groups[-1][0][0].year:
            groups[-1].append(span)
        else:
            groups.append([span])
    if len(groups) == 1 and not with_year and spans[0][0].year == spans[-1][1].year:
        return _and(_segments(spans))
    return _and(_with_year(group) for group in groups)


def _with_year(spans):
    start, end, by_month = spans[0]
    if start.year != end.year:
        if by_month:
            return (
                f"{date_format(start, 'YEAR_MONTH_FORMAT')}-{date_format(end, 'YEAR_MONTH_FORMAT')}"
            )
        return _to(_full(start), _full(end))
    if all(by_month for _, _, by_month in spans):
        return _year_month(start, _and(_segments(spans)))
    # Translators: a date phrase and its year, e.g. "January 27-31, 2020".
    return gettext("%(dates)s, %(year)s") % {"dates": _and(_segments(spans)), "year": start.year}


def _year_month(day, months):
    """`months` ("June-December") placed as the language places a month before its year."""
    return format_date(day, _replace_token(get_format("YEAR_MONTH_FORMAT"), "FMNbE", months))


def _segments(spans):
    """Phrases to join with "and"; consecutive days in one month share its name.

    "August 24, 26 and 28" when alone; "August 24, 28 and September 3" with others, so that
    "and" comes once.
    """
    parts = []  # phrases, or [first day of the month, [day phrases]] being collected
    for start, end, by_month in spans:
        if by_month:
            parts.append(_months(start, end))
        elif (start.year, start.month) == (end.year, end.month):
            days = str(start.day) if start == end else f"{start.day}-{end.day}"
            if parts and isinstance(parts[-1], list) and parts[-1][0] == start.replace(day=1):
                parts[-1][1].append(days)
            else:
                parts.append([start.replace(day=1), [days]])
        else:
            parts.append(_to(_month_day(start, str(start.day)), _month_day(end, str(end.day))))
    join_days = _and if len(parts) == 1 else gettext(", ").join
    return [
        _month_day(part[0], join_days(part[1])) if isinstance(part, list) else part
        for part in parts
    ]


def _month_day(month, days):
    """`days` ("24, 26 and 28") placed as the language places a day next to its month."""
    return format_date(month, _replace_token(get_format("MONTH_DAY_FORMAT"), "jd", days))


def _full(day):
    return gettext("%(dates)s, %(year)s") % {
        "dates": _month_day(day, str(day.day)),
        "year": day.year,
    }


def _months(start, end):
    first = format_date(start, "F")
    if (start.year, start.month) == (end.year, end.month):
        return first
    return f"{first}-{format_date(end, 'F')}"


def _and(items):
    # Translators: joins the last two dates of a list, e.g. "August 24, 26 and 28".
    return str(get_text_list(list(items), pgettext("dates", "and")))


def _to(start, end):
    # Translators: a range across months, e.g. "November 30 to December 3".
    return gettext("%(start)s to %(end)s") % {"start": start, "end": end}


def _replace_token(pattern, tokens, text):
    """A date format with its (unescaped) `tokens` characters replaced by literal text.

    An English ordinal suffix ("S") goes too: "27-31th" is not a date.
    """
    literal = "".join(f"\\{char}" for char in text)
    out = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(char + next(chars, ""))
        elif char in tokens:
            out.append(literal)
        elif char != "S":
            out.append(char)
    return "".join(out)
