"""An area's boundary: a GeoJSON Polygon or MultiPolygon in WGS84 longitude and latitude.

``normalise_boundary`` is the one check every write of a boundary goes through. It accepts a bare
geometry, a Feature or a FeatureCollection holding exactly one Feature (what mapping tools export),
and returns the bare geometry with positions as ``[longitude, latitude]`` rounded to six decimal
places (about 0.1 m), or raises ``ValidationFailed`` with a message that says what is wrong and
where. Ring orientation is not enforced: RFC 7946 asks readers not to reject either winding.
"""

from __future__ import annotations

import json
import math
from typing import Any

from lantern.core.errors import ValidationFailed

FIELD = "boundary"
# A boundary is drawn on every dashboard load: keep it to a simplified outline, not survey detail.
MAX_POINTS = 5000
MAX_BYTES = 500_000
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
DECIMALS = 6


class BoundaryError(ValueError):
    """One thing wrong with a boundary, in words for the person who supplied it."""


def _fail(message: str) -> BoundaryError:
    return BoundaryError(message)


def parse_boundary_text(text: str) -> Any:
    """The JSON in ``text``, or ``None`` for an empty box. Raises ``ValidationFailed``."""
    if not text.strip():
        return None
    if len(text.encode()) > MAX_BYTES:
        raise ValidationFailed(
            {
                FIELD: [
                    f"The boundary must be smaller than {MAX_BYTES // 1000} KB. Simplify the shape and try again"
                ]
            }
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            {FIELD: [f"The boundary must be valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]}
        ) from exc


def normalise_boundary(value: Any) -> dict[str, Any] | None:
    """The bare geometry of ``value`` (parsed GeoJSON, or ``None`` for no boundary)."""
    if value is None:
        return None
    try:
        geometry = _geometry_of(value)
        return _checked_geometry(geometry)
    except BoundaryError as exc:
        raise ValidationFailed({FIELD: [str(exc)]}) from exc


def point_count(geometry: dict[str, Any] | None) -> int:
    if not geometry:
        return 0
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(len(ring) for polygon in polygons for ring in polygon)


def describe_boundary(geometry: dict[str, Any] | None) -> str:
    """A short description for audit rows and pages, for example "Polygon, 12 points"."""
    if not geometry:
        return ""
    return f"{geometry['type']}, {point_count(geometry)} points"


# --- the checks -----------------------------------------------------------------------------------


def _geometry_of(value: Any) -> Any:
    if not isinstance(value, dict):
        raise _fail("The boundary must be a GeoJSON object, starting with {")
    kind = value.get("type")
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise _fail("A FeatureCollection must hold exactly one Feature: the area's boundary")
        return _geometry_of(features[0])
    if kind == "Feature":
        geometry = value.get("geometry")
        if geometry is None:
            raise _fail("The Feature has no geometry")
        return geometry
    return value


def _checked_geometry(geometry: Any) -> dict[str, Any]:
    if not isinstance(geometry, dict):
        raise _fail("The geometry must be a GeoJSON object")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise _fail(f"The boundary must be a Polygon or MultiPolygon, not {_shown(kind)}")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [_checked_polygon(coordinates, "The polygon")]
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise _fail("A MultiPolygon's coordinates must be a list of one or more polygons")
        polygons = [
            _checked_polygon(polygon, f"Polygon {n}") for n, polygon in enumerate(coordinates, start=1)
        ]
    points = sum(len(ring) for polygon in polygons for ring in polygon)
    if points > MAX_POINTS:
        raise _fail(f"The boundary has {points} points; the most allowed is {MAX_POINTS}. Simplify the shape")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _checked_polygon(rings: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(rings, list) or not rings:
        raise _fail(f"{where} must be a list of rings: its outline, then any holes")
    checked = []
    for number, ring in enumerate(rings, start=1):
        name = f"{where}, ring {number}" if len(rings) > 1 else where
        checked.append(_checked_ring(ring, name))
    return checked


def _checked_ring(ring: Any, where: str) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _fail(
            f"{where} must have at least 4 positions (a triangle, with the first point repeated at the end)"
        )
    positions = [_checked_position(position, where, number) for number, position in enumerate(ring, start=1)]
    if positions[0] != positions[-1]:
        raise _fail(f"{where} is not closed: its last point must be the same as its first")
    if len({tuple(position) for position in positions}) < 3:
        raise _fail(f"{where} must have at least 3 different points")
    return positions


def _checked_position(position: Any, where: str, number: int) -> list[float]:
    if not isinstance(position, list) or len(position) not in (2, 3):
        raise _fail(f"{where}, point {number} must be [longitude, latitude]")
    if not all(isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in position):
        raise _fail(f"{where}, point {number} must be two numbers: [longitude, latitude]")
    lon, lat = float(position[0]), float(position[1])
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        raise _fail(
            f"{where}, point {number} ({_number(lon)}, {_number(lat)}) is outside longitude -180 to 180 and "
            "latitude -90 to 90. Give WGS84 longitude and latitude (EPSG:4326), not grid references "
            "such as British National Grid eastings and northings"
        )
    return [round(lon, DECIMALS), round(lat, DECIMALS)]


def _number(value: float) -> str:
    return f"{value:g}"


def _shown(kind: Any) -> str:
    if isinstance(kind, str) and kind:
        return kind[:40]
    return "an object without a type"
