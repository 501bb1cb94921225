"""A server-rendered SVG map of the partnership's areas: no tiles and no JavaScript, so it works
offline and under the strict content security policy.

Boundaries are GeoJSON in WGS84 longitude and latitude (``lantern.partnership.boundaries``). They
are projected equirectangularly with the longitude scaled by the cosine of the map's middle
latitude, which keeps shapes the size of a county in proportion, and fitted to the viewBox.

Each area is shaded by its count on a sequential palette, always outlined, labelled with its name
and number, given a ``<title>`` and a legend entry, and is a link: the colour is never the only
way to read the figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MAP_WIDTH = 640
MAX_MAP_HEIGHT = 560
PADDING = 12
LINE_GAP = 18  # between an area's name and its count, in viewBox units
MIN_STEP = 1.0  # the shortest edge drawn, in viewBox units (about one screen pixel)
OUTLINE = "#0b0c0c"
DARK_TEXT = "#0b0c0c"
LIGHT_TEXT = "#ffffff"
# (fill, label colour), lightest first. Step 0 is for areas with no children. Every fill has at
# least 3:1 contrast with the outline, so each area's edge shows against any neighbour (WCAG 1.4.11),
# and every label at least 4.5:1 with its fill (WCAG 1.4.3). test_maps checks both.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#f3f2f1", DARK_TEXT),
    ("#d2e2f1", DARK_TEXT),
    ("#9dc3e6", DARK_TEXT),
    ("#5694ca", DARK_TEXT),
    ("#1d70b8", LIGHT_TEXT),
)
# For a boundary preview without counts: the area being edited, and the others for context.
HIGHLIGHT = ("#5694ca", DARK_TEXT)
NEUTRAL = ("#f3f2f1", DARK_TEXT)

Ring = list[list[float]]
Polygon = list[Ring]


@dataclass(frozen=True)
class MapShape:
    """One area to draw: its code, name, boundary geometry and count (``None`` in a preview)."""

    code: str
    name: str
    boundary: dict[str, Any] | None
    count: int | None = None


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to viewBox x and y, north up."""

    x_factor: float
    min_x: float
    max_y: float
    scale: float
    width: int
    height: int

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = PADDING + (lon * self.x_factor - self.min_x) * self.scale
        y = PADDING + (self.max_y - lat) * self.scale
        return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class Step:
    low: int
    high: int
    fill: str
    text: str

    @property
    def label(self) -> str:
        if self.high == 0:
            return "No children"
        if self.low == self.high:
            return f"{self.low} {'child' if self.low == 1 else 'children'}"
        return f"{self.low} to {self.high} children"


@dataclass(frozen=True)
class DrawnArea:
    code: str
    name: str
    count: int | None
    path: str
    label_x: float
    label_y: float
    fill: str
    text: str
    href: str
    selected: bool
    step_label: str

    @property
    def name_y(self) -> float:
        return round(self.label_y - (LINE_GAP / 2 if self.count is not None else -5), 1)

    @property
    def count_y(self) -> float:
        return round(self.label_y + LINE_GAP / 2 + 5, 1)

    @property
    def count_text(self) -> str:
        if self.count is None:
            return ""
        return f"{self.count} {'child' if self.count == 1 else 'children'}"

    @property
    def title(self) -> str:
        if self.count is None:
            return self.name
        return f"{self.name}: {self.count_text}"


@dataclass(frozen=True)
class AreaMap:
    width: int
    height: int
    areas: list[DrawnArea]
    legend: list[Step]
    not_drawn: list[str]


# --- geometry -------------------------------------------------------------------------------------


def polygons_of(geometry: dict[str, Any]) -> list[Polygon]:
    coordinates = geometry["coordinates"]
    return list(coordinates) if geometry["type"] == "MultiPolygon" else [coordinates]


def _positions(geometries: Sequence[dict[str, Any]]) -> list[list[float]]:
    return [
        position for g in geometries for polygon in polygons_of(g) for ring in polygon for position in ring
    ]


def projection_for(geometries: Sequence[dict[str, Any]], width: int = MAP_WIDTH) -> Projection:
    """The projection that fits every geometry into ``width``, keeping the map's proportions."""
    positions = _positions(geometries)
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    middle = (min(lats) + max(lats)) / 2
    x_factor = math.cos(math.radians(middle))
    xs = [lon * x_factor for lon in lons]
    span_x = max(max(xs) - min(xs), 1e-9)
    span_y = max(max(lats) - min(lats), 1e-9)
    inner = width - 2 * PADDING
    scale = min(inner / span_x, (MAX_MAP_HEIGHT - 2 * PADDING) / span_y)
    height = math.ceil(span_y * scale + 2 * PADDING)
    return Projection(x_factor, min(xs), max(lats), scale, width, height)


def path_of(geometry: dict[str, Any], projection: Projection) -> str:
    """The SVG path data for a geometry: one closed subpath per ring (holes cut by even-odd fill).

    A point within ``MIN_STEP`` of the last one kept is left out: detail finer than the drawing
    adds bytes and time, not shape. A ring that shrinks below a triangle (a tiny island) is dropped.
    """
    subpaths = []
    for polygon in polygons_of(geometry):
        for ring in polygon:
            points = _thinned(projection, ring[:-1])
            if len(points) >= 3:
                subpaths.append("M" + " L".join(f"{x:g} {y:g}" for x, y in points) + " Z")
    return " ".join(subpaths)


def _thinned(projection: Projection, positions: list[list[float]]) -> list[tuple[float, float]]:
    x_factor, min_x, max_y, scale = projection.x_factor, projection.min_x, projection.max_y, projection.scale
    limit = MIN_STEP * MIN_STEP
    kept: list[tuple[float, float]] = []
    last_x = last_y = math.inf
    for lon, lat, *_ in positions:
        x = PADDING + (lon * x_factor - min_x) * scale
        y = PADDING + (max_y - lat) * scale
        if (x - last_x) ** 2 + (y - last_y) ** 2 >= limit:
            kept.append((round(x, 1), round(y, 1)))
            last_x, last_y = x, y
    return kept


def _ring_area_and_centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Shoelace: the ring's signed area and its centroid."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-9:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def label_point(geometry: dict[str, Any], projection: Projection) -> tuple[float, float]:
    """Where to put the area's label: the centroid of its largest outline."""
    best = (-1.0, 0.0, 0.0)
    for polygon in polygons_of(geometry):
        area, x, y = _ring_area_and_centroid(_thinned(projection, polygon[0][:-1]))
        if abs(area) > best[0]:
            best = (abs(area), x, y)
    return round(best[1], 1), round(best[2], 1)


# --- shading --------------------------------------------------------------------------------------


def steps_for(counts: Sequence[int]) -> list[Step]:
    """The legend: "no children", then up to four equal ranges from 1 to the largest count."""
    top = max(counts, default=0)
    steps = [Step(0, 0, *PALETTE[0])]
    shades = len(PALETTE) - 1
    low = 1
    for index in range(1, shades + 1):
        high = math.ceil(top * index / shades)
        if high >= low:
            steps.append(Step(low, high, *PALETTE[index]))
            low = high + 1
    return steps


def step_of(count: int, steps: Sequence[Step]) -> Step:
    for step in steps:
        if step.low <= count <= step.high:
            return step
    return steps[-1]


# --- the map --------------------------------------------------------------------------------------


def area_map(
    shapes: Sequence[MapShape],
    *,
    href_for: Callable[[str], str] | None = None,
    selected: str = "",
) -> AreaMap | None:
    """The map of every shape with a boundary, or ``None`` when there is nothing to draw.

    With counts, each area is shaded by its step and the legend lists the steps. Without (a preview
    on the area edit page), the ``selected`` area is highlighted and there is no legend.
    """
    drawn = [(shape, shape.boundary) for shape in shapes if shape.boundary]
    if not drawn:
        return None
    projection = projection_for([boundary for _, boundary in drawn])
    counted = [shape.count for shape, _ in drawn if shape.count is not None]
    steps = steps_for(counted) if counted else []
    areas = []
    for shape, boundary in drawn:
        if shape.count is None:
            fill, text = HIGHLIGHT if shape.code == selected else NEUTRAL
            step_label = ""
        else:
            step = step_of(shape.count, steps)
            fill, text, step_label = step.fill, step.text, step.label
        x, y = label_point(boundary, projection)
        areas.append(
            DrawnArea(
                code=shape.code,
                name=shape.name,
                count=shape.count,
                path=path_of(boundary, projection),
                label_x=x,
                label_y=y,
                fill=fill,
                text=text,
                href=href_for(shape.code) if href_for else "",
                selected=shape.code == selected,
                step_label=step_label,
            )
        )
    not_drawn = [shape.name for shape in shapes if not shape.boundary]
    return AreaMap(projection.width, projection.height, areas, steps, not_drawn)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)
