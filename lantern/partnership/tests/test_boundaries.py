"""An area's boundary: strict validation in the area service, and the admin's edit page."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from lantern.audit.models import AuditEvent
from lantern.core.errors import ValidationFailed
from lantern.demo.boundaries import demo_boundary
from lantern.partnership.boundaries import MAX_BYTES, MAX_POINTS, describe_boundary, normalise_boundary
from lantern.partnership.models import Area
from lantern.partnership.services import area_create, area_update, edit_version

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

RING = [[-2.6, 53.3], [-2.5, 53.3], [-2.5, 53.4], [-2.6, 53.4], [-2.6, 53.3]]
POLYGON = {"type": "Polygon", "coordinates": [RING]}
FEATURE = {"type": "Feature", "properties": {"name": "North"}, "geometry": POLYGON}


def _error(value: Any) -> str:
    with pytest.raises(ValidationFailed) as caught:
        normalise_boundary(value)
    (message,) = caught.value.errors["boundary"]
    return message


def _area_fields(area: Area, **overrides: Any) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "front_door_name": area.front_door_name,
        "front_door_phone": area.front_door_phone,
        "front_door_email": area.front_door_email,
        "emergency_guidance": area.emergency_guidance,
        "version": edit_version(area),
        **overrides,
    }


# --- validation -----------------------------------------------------------------------------------


def test_a_feature_a_collection_of_one_and_a_bare_geometry_give_the_same_geometry() -> None:
    collection = {"type": "FeatureCollection", "features": [FEATURE]}
    assert normalise_boundary(FEATURE) == POLYGON
    assert normalise_boundary(collection) == POLYGON
    assert normalise_boundary(POLYGON) == POLYGON
    assert normalise_boundary(None) is None


def test_a_multipolygon_with_a_hole_is_kept_with_positions_rounded_and_altitude_dropped() -> None:
    hole = [[-2.58, 53.32], [-2.52, 53.32], [-2.52, 53.38], [-2.58, 53.32]]
    precise = [[-3.123456789, 53.0, 12.5], [-3.0, 53.0], [-3.0, 53.1], [-3.123456789, 53.0, 12.5]]
    geometry = {"type": "MultiPolygon", "coordinates": [[RING, hole], [precise]]}
    normalised = normalise_boundary(geometry)
    assert normalised is not None
    assert normalised["coordinates"][0] == [RING, hole]
    assert normalised["coordinates"][1][0][0] == [-3.123457, 53.0]
    assert describe_boundary(normalised) == "MultiPolygon, 13 points"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, 2], "must be a GeoJSON object"),
        ({"type": "Point", "coordinates": [-2.6, 53.3]}, "must be a Polygon or MultiPolygon, not Point"),
        ({"type": "LineString", "coordinates": RING}, "not LineString"),
        ({"coordinates": [RING]}, "not an object without a type"),
        ({"type": "Feature", "geometry": None}, "The Feature has no geometry"),
        ({"type": "FeatureCollection", "features": [FEATURE, FEATURE]}, "exactly one Feature"),
        ({"type": "Polygon", "coordinates": []}, "must be a list of rings"),
        ({"type": "MultiPolygon", "coordinates": []}, "one or more polygons"),
    ],
)
def test_wrong_types_are_refused_naming_what_was_given(value: Any, expected: str) -> None:
    assert expected in _error(value)


@pytest.mark.parametrize(
    ("ring", "expected"),
    [
        (RING[:-1], "The polygon is not closed: its last point must be the same as its first"),
        (RING[:3], "at least 4 positions"),
        ([[-2.6, 53.3], [-2.5, 53.3], [-2.6, 53.3], [-2.6, 53.3]], "at least 3 different points"),
        ([[-2.6, 53.3], [-2.5], *RING[2:]], "point 2 must be [longitude, latitude]"),
        ([[-2.6, 53.3], ["-2.5", 53.3], *RING[2:]], "point 2 must be two numbers"),
        ([[-2.6, 53.3], [True, 53.3], *RING[2:]], "point 2 must be two numbers"),
    ],
)
def test_bad_rings_are_refused_saying_which_point(ring: Any, expected: str) -> None:
    assert expected in _error({"type": "Polygon", "coordinates": [ring]})


def test_a_hole_that_is_not_closed_is_named_as_the_second_ring() -> None:
    message = _error({"type": "Polygon", "coordinates": [RING, RING[:-1]]})
    assert message.startswith("The polygon, ring 2 is not closed")
    message = _error({"type": "MultiPolygon", "coordinates": [[RING], [RING[:-1]]]})
    assert message.startswith("Polygon 2 is not closed")


@pytest.mark.parametrize(
    "position", [[-181.0, 53.3], [180.5, 0.0], [-2.6, 90.01], [-2.6, -91], [358000.0, 372000.0]]
)
def test_coordinates_outside_longitude_and_latitude_are_refused(position: list[float]) -> None:
    ring = [position, *RING[1:-1], position]
    message = _error({"type": "Polygon", "coordinates": [ring]})
    assert "point 1" in message and "outside longitude -180 to 180 and latitude -90 to 90" in message
    assert "WGS84" in message


def test_too_many_points_are_refused() -> None:
    # A circle of MAX_POINTS + 1 positions (the last repeats the first).
    ring = [
        [
            -2.5 + 0.1 * math.cos(2 * math.pi * n / MAX_POINTS),
            53.3 + 0.1 * math.sin(2 * math.pi * n / MAX_POINTS),
        ]
        for n in range(MAX_POINTS)
    ]
    ring.append(ring[0])
    message = _error({"type": "Polygon", "coordinates": [ring]})
    assert (
        message
        == f"The boundary has {MAX_POINTS + 1} points; the most allowed is {MAX_POINTS}. Simplify the shape"
    )
    assert normalise_boundary({"type": "Polygon", "coordinates": [[*ring[: MAX_POINTS - 1], ring[0]]]})


def test_every_demo_boundary_is_valid() -> None:
    for code in ("cheshire-east", "cheshire-west-and-chester", "halton", "warrington"):
        assert normalise_boundary(demo_boundary(code)) == demo_boundary(code)


# --- the service ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_area_services_validate_save_and_audit_a_summary_of_the_boundary(world: TestWorld) -> None:
    actor = world.partnership_admin
    with pytest.raises(ValidationFailed):
        area_create(actor=actor, code="east", name="East", boundary={"type": "Point", "coordinates": [0, 0]})
    assert not Area.objects.filter(code="east").exists()
    area = area_create(actor=actor, code="east", name="East", boundary=FEATURE)
    area.refresh_from_db()
    assert area.boundary == POLYGON
    created = AuditEvent.objects.get(action="create", object_type="area", object_id=str(area.pk))
    assert created.detail["boundary"] == "Polygon, 5 points"

    area_update(actor=actor, area=area, expected_version=edit_version(area), boundary=None)
    area.refresh_from_db()
    assert area.boundary is None
    updated = AuditEvent.objects.get(action="update", object_type="area", object_id=str(area.pk))
    assert updated.detail["changed"]["boundary"] == {"from": "Polygon, 5 points", "to": ""}

    with pytest.raises(ValidationFailed):
        area_update(actor=actor, area=area, expected_version=edit_version(area), boundary={"type": "Polygon"})
    area.refresh_from_db()
    assert area.boundary is None


# --- the admin's edit page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_pastes_a_feature_and_sees_it_previewed(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    url = reverse("partnership:area-update", args=[world.area_a.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'data-testid="boundary-none"' in page and 'data-testid="boundary-preview"' not in page
    response = client.post(url, _area_fields(world.area_a, boundary=json.dumps(FEATURE)))
    assert response.status_code == 302
    world.area_a.refresh_from_db()
    assert world.area_a.boundary == POLYGON
    page = client.get(url).content.decode()
    assert 'data-testid="boundary-preview"' in page
    assert "(Polygon, 5 points)" in page
    assert "&quot;Polygon&quot;" in page  # the saved geometry is in the box to edit
    assert page.count('class="lantern-area-map__shape lantern-area-map__shape--selected"') == 1
    areas = client.get(reverse("partnership:area-list")).content.decode()
    assert 'data-testid="boundary-north">Set<' in areas and 'data-testid="boundary-south">Not set<' in areas


@pytest.mark.django_db
def test_admin_uploads_a_geojson_file(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    url = reverse("partnership:area-update", args=[world.area_b.pk])
    upload = SimpleUploadedFile("south.geojson", json.dumps(FEATURE).encode(), "application/geo+json")
    response = client.post(url, {**_area_fields(world.area_b, boundary=""), "boundary_file": upload})
    assert response.status_code == 302
    world.area_b.refresh_from_db()
    assert world.area_b.boundary == POLYGON


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('{"type": "Polygon", "coordinates": [[[-2.6, 53.3]', "The boundary must be valid JSON: Expecting"),
        (json.dumps({"type": "Polygon", "coordinates": [RING[:-1]]}), "The polygon is not closed"),
        (json.dumps({"type": "Point", "coordinates": [-2.6, 53.3]}), "must be a Polygon or MultiPolygon"),
        (
            json.dumps(
                {"type": "Polygon", "coordinates": [[[400000, 300000], *RING[1:-1], [400000, 300000]]]}
            ),
            "outside longitude -180 to 180",
        ),
        ("x" * (MAX_BYTES + 1), "must be smaller than 500 KB"),
    ],
)
def test_a_bad_boundary_is_shown_in_the_error_summary_with_the_typed_value_kept(
    world: TestWorld, typed: str, expected: str
) -> None:
    client = world.client_for(world.partnership_admin)
    url = reverse("partnership:area-update", args=[world.area_a.pk])
    response = client.post(url, _area_fields(world.area_a, name="North Borough", boundary=typed))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_boundary"' in html
    assert expected in html
    assert 'value="North Borough"' in html
    assert f"{escape(typed.strip())}</textarea>" in html  # what was typed is kept to correct
    world.area_a.refresh_from_db()
    assert world.area_a.name == "North" and world.area_a.boundary is None


@pytest.mark.django_db
def test_a_bad_uploaded_file_is_put_in_the_box_with_the_error(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    url = reverse("partnership:area-update", args=[world.area_a.pk])
    upload = SimpleUploadedFile("north.geojson", b'{"type": "MultiPoint", "coordinates": []}')
    response = client.post(url, {**_area_fields(world.area_a), "boundary_file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be a Polygon or MultiPolygon, not MultiPoint" in html
    assert "{&quot;type&quot;: &quot;MultiPoint&quot;, &quot;coordinates&quot;: []}</textarea>" in html
    not_text = SimpleUploadedFile("north.geojson", b"\xff\xfe\x00binary")
    response = client.post(url, {**_area_fields(world.area_a), "boundary_file": not_text})
    assert "The file must be a GeoJSON text file in UTF-8" in response.content.decode()
    assert 'href="#id_boundary_file"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider_b", "police_analyst", "social_worker_a"])
def test_only_a_partnership_admin_can_set_a_boundary(world: TestWorld, who: str) -> None:
    user = getattr(world, who)
    url = reverse("partnership:area-update", args=[world.area_a.pk])
    response = world.client_for(user).post(url, _area_fields(world.area_a, boundary=json.dumps(FEATURE)))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", user_id_ref=user.pk, object_type="area", object_id=str(world.area_a.pk)
    ).exists()
    world.area_a.refresh_from_db()
    assert world.area_a.boundary is None
