"""Where the work reached, on a map of the Americas drawn on the server.

The shapes are the static file static/img/americas-map.svg, built by scripts/build_map.py from
Natural Earth's 1:50m boundaries (npm's world-atlas) with reports/americas_map.json, the map's
size and its countries' dots: the site draws them itself, offline, with no tiles and no script.
A page draws all the land in grey from that file, then each country the work reached in the
shade of its count, linking to its events; a state too small to find gets a dot. Shapes without
an ISO 3166 code (disputed territories) are land like the rest, never shaded or labelled. The
same figures come as a table (templates/includes/country_map.html), which also lists the
countries beyond the map.
"""

import json
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django_countries import countries

SHAPES = Path(__file__).with_name("americas_map.json")
SHADES = 5
DOT_RADIUS = 5


def alphabetical_key(name: str) -> str:
    """A name as the alphabetical order reads it: accents and capitals ignored."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def shapes() -> dict:
    return json.loads(SHAPES.read_text())


@dataclass(frozen=True)
class Reached:
    """A country the work reached: its events, its activities, its shade (1 to SHADES)."""

    code: str
    events: int
    activities: int
    shade: int

    @property
    def name(self) -> str:
        return countries.name(self.code)

    @property
    def count(self) -> int:
        return self.events + self.activities


@dataclass(frozen=True)
class MapShape:
    code: str
    x: float
    y: float
    small: bool
    reached: Reached | None


@dataclass(frozen=True)
class CountryMap:
    width: int
    height: int
    shapes: list[MapShape]
    # Every country reached, on the map or not, in the visitor's alphabetical order.
    rows: list[Reached]
    dot_radius: int = DOT_RADIUS

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def reached_shapes(self) -> list[MapShape]:
        return [shape for shape in self.shapes if shape.reached]


def country_map(events_by_country, activities_by_country) -> CountryMap:
    """The map of these counts ({"PA": 3}), each country shaded by its events and activities
    together, in SHADES steps of the largest count."""
    codes = set(events_by_country) | set(activities_by_country)
    counts = {code: events_by_country[code] + activities_by_country[code] for code in codes}
    peak = max(counts.values(), default=0)
    reached = {
        code: Reached(
            code,
            events_by_country[code],
            activities_by_country[code],
            math.ceil(SHADES * counts[code] / peak),
        )
        for code in codes
    }
    data = shapes()
    return CountryMap(
        width=data["width"],
        height=data["height"],
        shapes=[
            MapShape(
                item["code"],
                item["x"],
                item["y"],
                item["small"],
                reached.get(item["code"]),
            )
            for item in data["countries"]
        ],
        rows=sorted(reached.values(), key=lambda row: alphabetical_key(row.name)),
    )


def year_map(years, number: int) -> CountryMap:
    """The map of the year `number` among reports.figures.years_with_figures()'s years; empty
    for a year not among them."""
    year = next((year for year in years if year.year == number), None)
    if year is None:
        return country_map(Counter(), Counter())
    return country_map(year.events_by_country, year.activities_by_country)
