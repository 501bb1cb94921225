"""Boundaries of the demo partnership's four areas, for the dashboard map.

These are illustrative tiles, not real local authority boundaries: simple polygons placed roughly
where the four Pan-Cheshire areas lie, sharing their edges exactly and never overlapping.
Longitude and latitude in WGS84, as GeoJSON Polygons.
"""

from __future__ import annotations

from typing import Any

# Shared corners, named so that neighbouring tiles use exactly the same points.
_WEST_SOUTH = [-2.52, 53.00]  # where Cheshire West and Chester meets Cheshire East in the south
_WEST_NORTH = [-2.50, 53.30]  # ... and in the north, where Warrington's corner also lies
_HALTON_SOUTH_EAST = [-2.62, 53.30]
_HALTON_SOUTH_WEST = [-2.85, 53.30]
_HALTON_NORTH_EAST = [-2.62, 53.41]
_WARRINGTON_SOUTH_EAST = [-2.42, 53.33]

_RINGS: dict[str, list[list[float]]] = {
    "cheshire-west-and-chester": [
        [-3.10, 53.02],
        [-2.70, 52.96],
        _WEST_SOUTH,
        _WEST_NORTH,
        _HALTON_SOUTH_EAST,
        _HALTON_SOUTH_WEST,
        [-3.05, 53.28],
    ],
    "halton": [
        _HALTON_SOUTH_WEST,
        _HALTON_SOUTH_EAST,
        _HALTON_NORTH_EAST,
        [-2.80, 53.40],
    ],
    "warrington": [
        _HALTON_SOUTH_EAST,
        _WEST_NORTH,
        _WARRINGTON_SOUTH_EAST,
        [-2.40, 53.46],
        [-2.55, 53.48],
        _HALTON_NORTH_EAST,
    ],
    "cheshire-east": [
        _WEST_SOUTH,
        [-2.30, 52.95],
        [-1.98, 53.05],
        [-1.97, 53.37],
        [-2.25, 53.40],
        _WARRINGTON_SOUTH_EAST,
        _WEST_NORTH,
    ],
}


def demo_boundary(area_code: str) -> dict[str, Any]:
    """The illustrative GeoJSON Polygon of a demo area, its ring closed."""
    ring = [list(point) for point in _RINGS[area_code]]
    return {"type": "Polygon", "coordinates": [[*ring, list(ring[0])]]}
