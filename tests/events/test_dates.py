import datetime

import pytest
from django.utils import translation

from events.dates import DateRange, format_ranges
from events.enums import DatePrecision

MONTH = DatePrecision.MONTH


def day(month, number, year=2020):
    return datetime.date(year, month, number)


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([DateRange(day(7, 10))], "July 10, 2020"),
        ([DateRange(day(1, 27), day(1, 31))], "January 27-31, 2020"),
        ([DateRange(day(11, 30), day(12, 3))], "November 30 to December 3, 2020"),
        (
            [DateRange(day(6, 17)), DateRange(day(11, 30), day(12, 3))],
            "June 17 and November 30 to December 3, 2020",
        ),
        (
            [DateRange(day(8, 24)), DateRange(day(8, 26)), DateRange(day(8, 28))],
            "August 24, 26 and 28, 2020",
        ),
        ([DateRange(day(7, 21)), DateRange(day(7, 28))], "July 21 and 28, 2020"),
        ([DateRange(day(10, 26)), DateRange(day(10, 28))], "October 26 and 28, 2020"),
        (
            [DateRange(day(11, 17)), DateRange(day(11, 18), day(11, 20))],
            "November 17 and 18-20, 2020",
        ),
        (
            [DateRange(day(8, 24)), DateRange(day(8, 28)), DateRange(day(9, 3))],
            "August 24, 28 and September 3, 2020",
        ),
        ([DateRange(day(6, 1), day(12, 31), MONTH)], "June-December 2020"),
        ([DateRange(day(12, 1), day(12, 31), MONTH)], "December 2020"),
        (
            [DateRange(day(3, 1), day(3, 31), MONTH), DateRange(day(6, 1), day(12, 31), MONTH)],
            "March and June-December 2020",
        ),
        (
            [DateRange(day(12, 30), day(1, 2, year=2021))],
            "December 30, 2020 to January 2, 2021",
        ),
        (
            [DateRange(day(12, 14)), DateRange(day(12, 16)), DateRange(day(1, 5, year=2021))],
            "December 14 and 16, 2020 and January 5, 2021",
        ),
        (
            [DateRange(day(11, 1), day(1, 31, year=2021), MONTH)],
            "November 2020-January 2021",
        ),
        ([], ""),
    ],
)
def test_format_ranges_reads_as_written(ranges, expected):
    assert format_ranges(ranges) == expected


def test_format_ranges_sorts_ranges_by_start():
    ranges = [DateRange(day(11, 30), day(12, 3)), DateRange(day(6, 17))]

    assert format_ranges(ranges) == "June 17 and November 30 to December 3, 2020"


def test_format_ranges_single_day_without_end():
    assert format_ranges([DateRange(day(3, 19), None)]) == "March 19, 2020"


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([DateRange(day(3, 19))], "March 19"),
        (
            [DateRange(day(8, 24)), DateRange(day(8, 26)), DateRange(day(8, 28))],
            "August 24, 26 and 28",
        ),
        ([DateRange(day(6, 1), day(12, 31), MONTH)], "June-December"),
        (
            [DateRange(day(12, 30), day(1, 2, year=2021))],
            "December 30, 2020 to January 2, 2021",
        ),
    ],
)
def test_format_ranges_without_year_keeps_years_only_across_years(ranges, expected):
    assert format_ranges(ranges, with_year=False) == expected


def test_format_ranges_follows_the_language_order_and_month_names():
    with translation.override("es"):
        days = format_ranges([DateRange(day(1, 27), day(1, 31))], with_year=False)
        months = format_ranges([DateRange(day(6, 1), day(12, 31), MONTH)])

    assert (days, months) == ("27-31 de enero", "junio-diciembre de 2020")
