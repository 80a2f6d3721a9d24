"""The map of the countries the work reached (reports.maps) and its shapes (the drawing
static/img/americas-map.svg and reports/americas_map.json, built by scripts/build_map.py from
world-atlas's 1:50m Natural Earth boundaries)."""

from collections import Counter
from xml.etree import ElementTree

from django.conf import settings
from django_countries import countries

from reports.maps import country_map, shapes

EASTERN_CARIBBEAN = ["AG", "DM", "GD", "KN", "LC", "VC"]


def test_shapes_hold_the_americas_with_a_dot_for_each_small_state():
    by_code = {shape["code"]: shape for shape in shapes()["countries"]}

    assert {"CA", "US", "MX", "PA", "CO", "BR", "AR", "CL", *EASTERN_CARIBBEAN} <= set(by_code)
    assert [code for code in EASTERN_CARIBBEAN if by_code[code]["small"]] == EASTERN_CARIBBEAN
    assert not by_code["BR"]["small"]
    assert all(code in dict(countries) for code in by_code)


def test_the_drawing_holds_the_land_with_a_shape_for_each_country_on_the_map():
    drawing = ElementTree.parse(settings.BASE_DIR / "static" / "img" / "americas-map.svg")
    svg = "{http://www.w3.org/2000/svg}"

    land = drawing.getroot().find(f"{svg}g[@id='land']")
    # Each country under its code; shapes without one (disputed territories) are unlabelled.
    paths = land.iter(f"{svg}path")
    shapes_drawn = {path.get("id"): path.get("d") for path in paths if path.get("id")}
    assert sorted(shapes_drawn) == sorted(shape["code"] for shape in shapes()["countries"])
    assert all(d.startswith("M") and d.endswith("z") for d in shapes_drawn.values())


def test_country_map_shades_each_country_by_its_events_and_activities():
    events = Counter({"PA": 4, "ES": 1})
    activities = Counter({"PA": 1, "CO": 2, "LC": 1})

    drawn = country_map(events, activities)

    shaded = {shape.code: shape.reached.shade for shape in drawn.reached_shapes}
    assert shaded == {"PA": 5, "CO": 2, "LC": 1}
    assert [(row.name, row.events, row.activities) for row in drawn.rows] == [
        ("Colombia", 0, 2),
        ("Panama", 4, 1),
        ("Saint Lucia", 0, 1),
        ("Spain", 1, 0),
    ]
    # Spain is not on the map of the Americas: the table still lists it.
    assert "ES" not in {shape.code for shape in drawn.shapes}
    assert [shape.code for shape in drawn.reached_shapes if shape.small] == ["LC"]


def test_country_map_of_nothing_is_empty():
    assert country_map(Counter(), Counter()).is_empty
