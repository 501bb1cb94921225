"""The SVG map of areas: projection, shading, labels and links, and the dashboard's use of it."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from lantern.demo.boundaries import demo_boundary
from lantern.profile.maps import (
    DARK_TEXT,
    MAP_WIDTH,
    OUTLINE,
    PADDING,
    PALETTE,
    MapShape,
    area_map,
    contrast_ratio,
    label_point,
    path_of,
    projection_for,
    step_of,
    steps_for,
)
from lantern.profile.tests.factories import assess

AS_AT = {"as_at_0": "31", "as_at_1": "12", "as_at_2": "2020"}


def _square(west: float, south: float, size: float) -> dict[str, Any]:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


WEST = _square(-3.0, 53.0, 0.5)
EAST = _square(-2.5, 53.0, 0.5)


# --- projection -----------------------------------------------------------------------------------


def test_projection_fits_the_width_and_corrects_longitude_by_latitude() -> None:
    projection = projection_for([WEST, EAST])
    assert projection.point(-3.0, 53.5) == (PADDING, PADDING)  # north-west corner at the top left
    assert projection.point(-2.0, 53.0)[0] == MAP_WIDTH - PADDING  # east edge fills the width
    # One degree of longitude is cos(53.25°) of a degree of latitude on the ground.
    x0, y0 = projection.point(-3.0, 53.0)
    x1, _ = projection.point(-2.5, 53.0)
    _, y1 = projection.point(-3.0, 53.5)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(math.cos(math.radians(53.25)), abs=0.01)
    # Two squares of 0.5° side at 53°N are wider than tall: the height follows the proportions.
    assert projection.height == math.ceil(
        (MAP_WIDTH - 2 * PADDING) / (2 * math.cos(math.radians(53.25))) + 24
    )


def test_a_tall_shape_is_limited_in_height_and_kept_in_proportion() -> None:
    tall = {"type": "Polygon", "coordinates": [[[0, 0], [0.1, 0], [0.1, 5], [0, 5], [0, 0]]]}
    projection = projection_for([tall])
    assert projection.height == 560
    x0, y0 = projection.point(0, 0)
    x1, y1 = projection.point(0.1, 5)
    assert (x1 - x0) / (y0 - y1) == pytest.approx(0.1 * math.cos(math.radians(2.5)) / 5, rel=0.01)
    assert x1 < MAP_WIDTH - PADDING


def test_path_has_one_closed_subpath_per_ring_without_the_repeated_point() -> None:
    with_hole = {
        "type": "MultiPolygon",
        "coordinates": [
            WEST["coordinates"],
            [EAST["coordinates"][0], [[-2.3, 53.2], [-2.2, 53.2], [-2.2, 53.3], [-2.3, 53.2]]],
        ],
    }
    path = path_of(with_hole, projection_for([with_hole]))
    subpaths = path.split(" Z")
    assert path.count("M") == 3 and path.endswith(" Z")
    assert [part.count(" L") for part in subpaths if part.strip()] == [3, 3, 2]
    assert path.startswith(f"M{PADDING} 526.8 L320 526.8 L320 {PADDING} L{PADDING} {PADDING} Z")


def test_detail_finer_than_a_pixel_is_left_out_and_specks_are_dropped() -> None:
    n = 4000
    circle = [
        [-2.5 + 0.2 * math.cos(2 * math.pi * i / n), 53.2 + 0.2 * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    speck = [[-2.0, 53.0], [-2.0001, 53.0], [-2.0001, 53.0001], [-2.0, 53.0]]
    geometry = {"type": "MultiPolygon", "coordinates": [[[*circle, circle[0]]], [speck]]}
    path = path_of(geometry, projection_for([geometry]))
    assert path.count("M") == 1  # the speck is far smaller than a pixel
    drawn = path.count(" L") + 1
    assert 300 < drawn < 2000  # about one point per pixel of the circle's outline, not 4000


def test_label_sits_at_the_centre_of_the_largest_outline() -> None:
    projection = projection_for([WEST, EAST])
    x, y = label_point(WEST, projection)
    centre = projection.point(-2.75, 53.25)
    assert (x, y) == pytest.approx(centre, abs=0.2)
    islands = {
        "type": "MultiPolygon",
        "coordinates": [_square(-3.0, 53.0, 0.05)["coordinates"], EAST["coordinates"]],
    }
    assert label_point(islands, projection) == pytest.approx(projection.point(-2.25, 53.25), abs=0.2)


# --- shading --------------------------------------------------------------------------------------


def test_steps_split_one_to_the_largest_count_into_four_ranges() -> None:
    steps = steps_for([0, 3, 17, 40])
    assert [(step.low, step.high) for step in steps] == [(0, 0), (1, 10), (11, 20), (21, 30), (31, 40)]
    assert [step.label for step in steps][:2] == ["No children", "1 to 10 children"]
    assert [step.fill for step in steps] == [fill for fill, _ in PALETTE]
    assert step_of(0, steps).fill == PALETTE[0][0]
    assert step_of(10, steps).fill == PALETTE[1][0]
    assert step_of(11, steps).fill == PALETTE[2][0]
    assert step_of(40, steps).fill == PALETTE[4][0]


def test_small_counts_give_fewer_ranges_without_gaps_or_overlaps() -> None:
    steps = steps_for([1, 2])
    assert [(step.low, step.high) for step in steps] == [(0, 0), (1, 1), (2, 2)]
    assert steps[1].label == "1 child"
    assert [(step.low, step.high) for step in steps_for([0, 0])] == [(0, 0)]


def test_palette_has_at_least_four_shades_that_keep_outlines_and_labels_readable() -> None:
    assert len(PALETTE) >= 4
    for fill, text in PALETTE:
        assert contrast_ratio(fill, OUTLINE) >= 3, fill  # the outline shows against every shade
        assert contrast_ratio(fill, text) >= 4.5, fill  # labels are readable on every shade
    # Sequential: each shade darker than the one before.
    darkness = [contrast_ratio(fill, "#ffffff") for fill, _ in PALETTE]
    assert darkness == sorted(darkness) and len(set(darkness)) == len(darkness)
    assert contrast_ratio("#ffffff", DARK_TEXT) == pytest.approx(19.6, abs=0.1)


# --- the map --------------------------------------------------------------------------------------


def test_area_map_shades_labels_and_links_every_area_with_a_boundary() -> None:
    shapes = [
        MapShape("west", "West", WEST, 40),
        MapShape("east", "East", EAST, 1),
        MapShape("nowhere", "Nowhere", None, 5),
    ]
    drawn = area_map(shapes, href_for=lambda code: f"/dashboard/?area={code}", selected="east")
    assert drawn is not None
    west, east = drawn.areas
    assert (west.code, west.fill, west.href) == ("west", PALETTE[4][0], "/dashboard/?area=west")
    assert west.title == "West: 40 children" and west.step_label == "31 to 40 children"
    assert east.count_text == "1 child" and east.fill == PALETTE[1][0]
    assert east.selected and not west.selected
    assert drawn.not_drawn == ["Nowhere"]
    assert [step.label for step in drawn.legend][-1] == "31 to 40 children"
    assert west.name_y < west.label_y < west.count_y


def test_no_map_without_any_boundary() -> None:
    assert area_map([MapShape("west", "West", None, 3)]) is None
    assert area_map([]) is None


def test_a_preview_without_counts_highlights_the_selected_area_and_has_no_legend() -> None:
    drawn = area_map([MapShape("west", "West", WEST), MapShape("east", "East", EAST)], selected="west")
    assert drawn is not None
    assert drawn.legend == []
    assert drawn.areas[0].fill != drawn.areas[1].fill
    assert drawn.areas[0].count_text == "" and drawn.areas[0].title == "West"


# --- on the dashboard -----------------------------------------------------------------------------


@pytest.fixture
def bounded(world: Any) -> Any:
    world.area_a.boundary = WEST
    world.area_a.save()
    world.area_b.boundary = EAST
    world.area_b.save()
    assess(world.child, date(2020, 12, 10))
    return world


@pytest.mark.django_db
def test_dashboard_draws_the_map_with_a_link_per_area_instead_of_the_bar_chart(bounded: Any) -> None:
    client = bounded.client_for(bounded.police_analyst)
    page = client.get(reverse("profile:dashboard"), {**AS_AT, "area": "south"}).content.decode()
    assert 'data-testid="map-areas"' in page and 'data-testid="chart-areas"' not in page
    assert 'data-testid="table-areas"' in page  # the table alternative stays
    assert 'data-testid="map-legend"' in page
    links = re.findall(r'<a class="lantern-area-map__link[^"]*" href="([^"]+)"', page)
    assert len(links) == 2
    queries = [parse_qs(urlsplit(link.replace("&amp;", "&")).query) for link in links]
    assert [q["area"] for q in queries] == [["north"], ["south"]]
    assert all(
        q["as_at_0"] == ["31"] and q["as_at_1"] == ["12"] and q["as_at_2"] == ["2020"] for q in queries
    )
    assert "<title>North: 1 child</title>" in page
    assert 'aria-current="true" data-testid="map-area-link" data-area="south"' in page
    # Following a link shows the dashboard for that area.
    followed = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert "As at 31 December 2020, North" in followed


@pytest.mark.django_db
def test_map_links_keep_the_type_and_trend_filters(bounded: Any) -> None:
    assess(bounded.child, date(2020, 12, 20), exploitation_type="sexual")
    client = bounded.client_for(bounded.police_analyst)
    filters = {**AS_AT, "area": "south", "exploitation_type": "sexual", "months": "6"}
    page = client.get(reverse("profile:dashboard"), filters).content.decode()
    links = [
        link.replace("&amp;", "&")
        for link in re.findall(r'<a class="lantern-area-map__link[^"]*" href="([^"]+)"', page)
    ]
    queries = [parse_qs(urlsplit(link).query) for link in links]
    assert [q["area"] for q in queries] == [["north"], ["south"]]
    assert all(q["exploitation_type"] == ["sexual"] and q["months"] == ["6"] for q in queries)
    assert all(q["as_at_0"] == ["31"] and q["as_at_2"] == ["2020"] for q in queries)
    followed = client.get(links[0])
    text = followed.content.decode()
    assert "As at 31 December 2020, North, sexual exploitation only" in text
    assert "Trends over the last 6 months" in text
    assert followed.context["trend_points"][-1]["population"] == 1
    # With no type chosen the links carry none, and the trend period shown.
    plain = client.get(reverse("profile:dashboard"), AS_AT).content.decode()
    plain_links = re.findall(r'<a class="lantern-area-map__link[^"]*" href="([^"]+)"', plain)
    plain_queries = [parse_qs(urlsplit(link.replace("&amp;", "&")).query) for link in plain_links]
    assert all("exploitation_type" not in q and q["months"] == ["12"] for q in plain_queries)


@pytest.mark.django_db
def test_dashboard_keeps_the_bar_chart_when_no_area_has_a_boundary(world: Any) -> None:
    page = world.client_for(world.police_analyst).get(reverse("profile:dashboard"), AS_AT).content.decode()
    assert 'data-testid="chart-areas"' in page and 'data-testid="map-areas"' not in page
    assert "lantern-area-map" not in page


@pytest.mark.django_db
def test_dashboard_names_the_areas_left_off_the_map(bounded: Any) -> None:
    bounded.area_b.boundary = None
    bounded.area_b.save()
    page = (
        bounded.client_for(bounded.police_analyst).get(reverse("profile:dashboard"), AS_AT).content.decode()
    )
    assert page.count('data-testid="map-area-link"') == 1
    assert "no boundary has been set: South." in page


def test_the_demo_areas_fit_one_map() -> None:
    codes = ["cheshire-east", "cheshire-west-and-chester", "halton", "warrington"]
    drawn = area_map([MapShape(code, code, demo_boundary(code), n) for n, code in enumerate(codes)])
    assert drawn is not None and len(drawn.areas) == 4
    assert drawn.width == MAP_WIDTH and 200 < drawn.height < 560
