"""Builds the map of the countries reached (reports.maps) from Natural Earth's 1:50m country
boundaries (public domain) as npm's world-atlas ships them:

    npm ci --ignore-scripts && .venv/bin/python scripts/build_map.py

It writes two files. static/img/americas-map.svg is the drawing: the group "land", each country
in it a path under its ISO 3166 code. Pages draw "land" and then each country they shade with
<use>, so the shapes (35 KB) reach a browser once, as a static file, rather than in every page.
reports/americas_map.json is what the server needs: the map's size and, for each country on it,
where its dot goes and whether it needs one.

The 1:50m scale, not 1:110m: the smaller one has no shape for the Eastern Caribbean states.
The Americas in a Mercator projection, each country's rings thinned to a point every MIN_STEP
units and written in whole units (the map is drawn MAP_WIDTH units wide), islets left out; a
shape too small to find is marked `small` (reports.maps draws a dot for it). Shapes without an
ISO 3166 code (disputed or unrecognised territories) are kept apart, to be drawn neutrally.
"""

import itertools
import json
import math
from pathlib import Path

from django.conf import settings

settings.configure(USE_I18N=False)  # django-countries reads its settings; no project needed

from django_countries import countries  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOPOLOGY = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
OUTPUT = ROOT / "reports" / "americas_map.json"
DRAWING = ROOT / "static" / "img" / "americas-map.svg"

WEST, EAST, SOUTH, NORTH = -170.0, -25.0, -57.0, 72.0
MAP_WIDTH = 600
MIN_STEP = 2.0
SMALL_AREA = 12.0  # square units: smaller than a 3.5-unit square
ISLET_AREA = 4.0  # rings smaller than this are left out, but for a country's largest


def mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


SCALE = MAP_WIDTH / math.radians(EAST - WEST)
MAP_HEIGHT = round((mercator(NORTH) - mercator(SOUTH)) * SCALE)


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    return (
        round(math.radians(lon - WEST) * SCALE, 1),
        round((mercator(NORTH) - mercator(lat)) * SCALE, 1),
    )


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def in_frame(ring) -> bool:
    lons = [lon for lon, _lat in ring]
    lats = [lat for _lon, lat in ring]
    lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    return WEST <= lon <= EAST and SOUTH <= lat <= NORTH + 15


def thinned(points):
    """The ring with a point every MIN_STEP units at most; a ring that would keep fewer than
    three points (an islet) keeps them all."""
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(point, kept[-1]) >= MIN_STEP:
            kept.append(point)
    kept.append(points[-1])
    return kept if len(kept) >= 4 else points


def relative_path(points) -> str:
    """ "M12,40l3,-1l2,0…z" in whole units: each point from the one before, repeats dropped."""
    whole = [(round(x), round(y)) for x, y in points]
    steps = [(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in itertools.pairwise(whole)]
    moves = "".join(f"l{dx},{dy}" for dx, dy in steps if dx or dy)
    return f"M{whole[0][0]},{whole[0][1]}{moves}z"


def area(points) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
            )
        )
        / 2
    )


def shape(geometry, arcs):
    """(SVG path, projected area, centre of the largest ring) of the rings in the frame; islets
    left out but for the largest ring."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        for number, indexes in enumerate(polygon):
            ring = ring_points(indexes, arcs)
            if in_frame(ring):
                points = thinned([project(lon, lat) for lon, lat in ring])
                rings.append((area(points) * (1 if number == 0 else -1), points))
    if not rings:
        return "", 0.0, None
    largest = max(rings, key=lambda item: item[0])[1]
    kept = [points for size, points in rings if abs(size) >= ISLET_AREA or points is largest]
    xs, ys = [x for x, _ in largest], [y for _, y in largest]
    path = "".join(relative_path(points) for points in kept)
    total = sum(size for size, _points in rings)
    return path, total, ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def main() -> None:
    topology = json.loads(TOPOLOGY.read_text())
    arcs = decoded_arcs(topology)
    shapes, neutral = [], []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        path, size, centre = shape(geometry, arcs)
        if not path:
            continue
        code = countries.alpha2(int(geometry["id"])) if geometry.get("id") else ""
        if not code:
            neutral.append(path)
            continue
        shapes.append(
            {
                "code": code,
                "d": path,
                "x": round(centre[0], 1),
                "y": round(centre[1], 1),
                "small": size < SMALL_AREA,
            }
        )
    shapes.sort(key=lambda item: item["code"])
    DRAWING.write_text(drawing(shapes, neutral))
    places = [{key: shape[key] for key in ("code", "x", "y", "small")} for shape in shapes]
    OUTPUT.write_text(
        json.dumps(
            {"width": MAP_WIDTH, "height": MAP_HEIGHT, "countries": places},
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"{len(shapes)} countries, {len(neutral)} neutral shapes:")
    for written in (DRAWING, OUTPUT):
        print(f"  {written.relative_to(ROOT)}")


def drawing(shapes, neutral) -> str:
    """The SVG of the group "land": each country a path with its code as id, then the shapes
    without a code, which nothing shades or names. No colours: the page's <use> gives them."""
    countries = "".join(f'<path id="{shape["code"]}" d="{shape["d"]}"/>' for shape in shapes)
    others = "".join(f'<path d="{path}"/>' for path in neutral)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}">'
        f'<g id="land">{countries}{others}</g></svg>\n'
    )


if __name__ == "__main__":
    main()
