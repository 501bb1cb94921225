"""The demo areas' illustrative boundaries: valid, adjoining and never overlapping."""

from __future__ import annotations

from itertools import combinations, pairwise

from lantern.demo.boundaries import demo_boundary
from lantern.demo.services import AREAS
from lantern.partnership.boundaries import normalise_boundary


def _ring(code: str) -> list[tuple[float, float]]:
    return [(lon, lat) for lon, lat in demo_boundary(code)["coordinates"][0]]


def _strictly_inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Ray casting; a point on an edge or a corner counts as outside."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        on_segment_line = abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) < 1e-12
        if on_segment_line and min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1):
            return False
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _midpoints(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [((x0 + x1) / 2, (y0 + y1) / 2) for (x0, y0), (x1, y1) in pairwise(ring)]


def test_every_demo_area_has_a_valid_boundary_in_cheshire() -> None:
    for spec in AREAS:
        boundary = demo_boundary(spec.code)
        assert normalise_boundary(boundary) == boundary
        for lon, lat in _ring(spec.code):
            assert -3.2 < lon < -1.9 and 52.9 < lat < 53.5


def test_demo_boundaries_do_not_overlap_and_neighbours_share_edges() -> None:
    codes = [spec.code for spec in AREAS]
    for first, second in combinations(codes, 2):
        a, b = _ring(first), _ring(second)
        for point in a + _midpoints(a):
            assert not _strictly_inside(point, b), (first, second, point)
        for point in b + _midpoints(b):
            assert not _strictly_inside(point, a), (second, first, point)
    shared = set(_ring("halton")) & set(_ring("warrington"))
    assert len(shared) == 2  # Halton and Warrington meet along one edge
    assert len(set(_ring("cheshire-east")) & set(_ring("cheshire-west-and-chester"))) == 2
