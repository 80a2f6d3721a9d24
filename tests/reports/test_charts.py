import datetime

from reports.charts import SERIES_COLOURS, bars_by_label, events_per_month


def rows(*counts):
    return [
        {"month": datetime.date(2020, month, 1), "kind": kind, "count": count}
        for month, kind, count in counts
    ]


def test_events_per_month_stacks_series_by_size_and_tabulates_every_month():
    chart = events_per_month(
        rows((3, "webinar", 2), (3, "meeting", 1), (5, "webinar", 3), (7, "course", 1)),
        year=2020,
        labels={"webinar": "Webinar", "meeting": "Meeting", "course": "Course"},
    )

    assert [s.label for s in chart.series] == ["Webinar", "Course", "Meeting"]
    assert [(label, values, total) for label, values, total in chart.rows if total] == [
        ("March", [2, 0, 1], 3),
        ("May", [3, 0, 0], 3),
        ("July", [0, 1, 0], 1),
    ]
    assert len(chart.rows) == 12
    assert (chart.totals, chart.total) == ([5, 1, 1], 7)
    assert [bar.title for bar in chart.bars] == [
        "March: Webinar, 2",
        "March: Meeting, 1",
        "May: Webinar, 3",
        "July: Course, 1",
    ]
    assert [tick.label for tick in chart.y_ticks] == ["0", "1", "2", "3"]


def test_events_per_month_bar_heights_follow_the_counts():
    chart = events_per_month(rows((1, "webinar", 4), (2, "webinar", 2)), year=2020, labels={})

    january, february = chart.bars
    assert january.height == 2 * february.height
    assert january.y + january.height == chart.plot_bottom


def test_events_per_month_merges_small_series_into_other():
    kinds = [f"kind-{n}" for n in range(SERIES_COLOURS + 2)]
    chart = events_per_month(
        rows(*((1, kind, 10 - n) for n, kind in enumerate(kinds))), year=2020, labels={}
    )

    assert [s.label for s in chart.series] == [*kinds[: SERIES_COLOURS - 1], "Other"]
    assert chart.totals[-1] == sum(10 - n for n in range(SERIES_COLOURS - 1, len(kinds)))


def test_events_per_month_ignores_other_years_and_is_empty_without_events():
    chart = events_per_month(
        [{"month": datetime.date(2021, 1, 1), "kind": "webinar", "count": 3}],
        year=2020,
        labels={},
    )

    assert chart.is_empty
    assert chart.bars == []


def test_bars_by_label_scales_to_the_largest_value():
    chart = bars_by_label([("Cybersecurity", 15), ("Maritime security", 5)])

    assert [bar.width for bar in chart.bars] == [chart.plot_right, round(chart.plot_right / 3, 1)]
    assert chart.rows == [("Cybersecurity", [15], 15), ("Maritime security", [5], 5)]
