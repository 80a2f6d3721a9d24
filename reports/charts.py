"""Bar charts drawn on the server as SVG geometry; templates/includes/chart_*.html render them.

No script and no inline style: bars carry x/y/width/height attributes and a series class that
static/css/site.css colours. Each chart also carries the same figures as table rows, for screen
readers and for print.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

# The palette in site.css has this many series colours; the rest are summed into "Other".
SERIES_COLOURS = 6


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    css_class: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str

    @property
    def label_x(self):
        """Where a value written after the bar starts."""
        return round(self.x + self.width + 6, 1)

    @property
    def label_y(self):
        return round(self.y + self.height - 3, 1)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    """What a chart template needs: geometry, legend and the table of the same figures."""

    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    # [(row label, [value per series], row total)]
    rows: list[tuple[str, list[int], int]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: int = 0
    width: int = 720
    height: int = 280
    plot_left: int = 40
    plot_top: int = 12
    plot_right: int = 712
    plot_bottom: int = 244

    @property
    def is_empty(self):
        return self.total == 0


def _series(counts_by_key, labels):
    """The biggest series keep a colour of their own; the others become one "Other" series."""
    ranked = sorted(counts_by_key, key=lambda key: (-counts_by_key[key], str(labels.get(key, key))))
    if len(ranked) > SERIES_COLOURS:
        kept, merged = ranked[: SERIES_COLOURS - 1], set(ranked[SERIES_COLOURS - 1 :])
    else:
        kept, merged = ranked, set()
    series = [
        Series(key, str(labels.get(key, key)), f"series-{number}")
        for number, key in enumerate(kept, start=1)
    ]
    if merged:
        series.append(Series("", str(_("Other")), f"series-{SERIES_COLOURS}"))
    return series, merged


def _step(maximum):
    """A round tick step giving at most five gridlines."""
    step = 1
    while maximum / step > 5:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if maximum / step <= 5:
                break
    return step


def events_per_month(counts, *, year, labels):
    """Stacked bars of events per month of `year`, one colour per series.

    counts: rows {"month": date, "kind": key, "count": n} (EventQuerySet.counts_by_month_and_kind);
    labels: {key: label}, e.g. dict(EventKind.choices).
    """
    by_month = {month: Counter() for month in range(1, 13)}
    by_key = Counter()
    for row in counts:
        if row["month"].year != year:
            continue
        by_month[row["month"].month][row["kind"]] += row["count"]
        by_key[row["kind"]] += row["count"]
    series, merged = _series(by_key, labels)
    chart = Chart(series=series)

    def values(counter):
        other = sum(counter[key] for key in merged)
        return [other if not s.key else counter[s.key] for s in series]

    monthly = {month: values(counter) for month, counter in by_month.items()}
    chart.total = sum(by_key.values())
    chart.totals = values(by_key)
    peak = max((sum(v) for v in monthly.values()), default=0)
    step = _step(max(peak, 1))
    top = step * -(-max(peak, 1) // step)
    plot_height = chart.plot_bottom - chart.plot_top
    slot = (chart.plot_right - chart.plot_left) / 12
    bar_width = slot * 0.62
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        x = chart.plot_left + slot * (month - 1) + (slot - bar_width) / 2
        chart.x_ticks.append(Tick(round(x + bar_width / 2, 1), format_date(first, "M")))
        chart.rows.append((format_date(first, "F"), monthly[month], sum(monthly[month])))
        base = chart.plot_bottom
        for serie, value in zip(series, monthly[month], strict=True):
            if not value:
                continue
            height = plot_height * value / top
            base -= height
            chart.bars.append(
                Bar(
                    round(x, 1),
                    round(base, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    serie.css_class,
                    f"{format_date(first, 'F')}: {serie.label}, {value}",
                )
            )
    chart.y_ticks = [
        Tick(round(chart.plot_bottom - plot_height * value / top, 1), str(value))
        for value in range(0, top + 1, step)
    ]
    return chart


def bars_by_label(items):
    """Horizontal bars, one per (label, value), each under its label: events by program."""
    items = list(items)
    row_height, width = 44, 720
    rows = max(len(items), 1)
    chart = Chart(
        series=[Series("", "", "series-1")],
        width=width,
        height=row_height * rows + 4,
        plot_left=0,
        plot_top=0,
        plot_right=width - 48,
        plot_bottom=row_height * rows,
    )
    chart.total = sum(value for _, value in items)
    peak = max((value for _, value in items), default=0) or 1
    for index, (label, value) in enumerate(items):
        top = row_height * index
        chart.rows.append((str(label), [value], value))
        chart.y_ticks.append(Tick(top + 15, str(label)))
        chart.bars.append(
            Bar(0, top + 22, round(chart.plot_right * value / peak, 1), 16, "series-1", str(value))
        )
    return chart


def events_per_year(years):
    """Bars of the events of each year, oldest first, from reports.figures.years_with_figures()."""
    return bars_by_label((year.year, year.event_count) for year in years)
