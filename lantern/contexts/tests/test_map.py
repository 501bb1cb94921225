"""The map of locations of concern: only the places in the map's view, a capped number at a time,
and a table a page at a time."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.contexts import selectors
from lantern.contexts.models import Context
from lantern.contexts.selectors import BoundingBox, ContextFilters
from lantern.contexts.tests.factories import make_context, make_link
from lantern.core.errors import AccessRefused

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

# Manchester and Chester: far enough apart for a view to hold one and not the other.
MANCHESTER = "-2.30,53.40,-2.20,53.50"
NEAR_CHESTER = BoundingBox(
    west=Decimal("-2.95"), south=Decimal("53.15"), east=Decimal("-2.85"), north=Decimal("53.25")
)


@pytest.fixture
def places(world: TestWorld) -> dict[str, Context]:
    park = make_context(name="Riverside Park", area=world.area_a)  # 53.48, -2.24: Manchester
    make_link(world.child, park)
    return {
        "park": park,
        "takeaway": make_context(
            name="Chicken Palace",
            location_type="takeaway",
            area=world.area_b,
            latitude=Decimal("53.190000"),
            longitude=Decimal("-2.890000"),
        ),
        "no_point": make_context(name="Somewhere", latitude=None, longitude=None),
        "online": make_context(kind="online_space", name="Group chat", location_type="", platform="App"),
    }


def _data(world: TestWorld, **params: str) -> dict[str, object]:
    response = world.client_for(world.social_worker_a).get(reverse("contexts:map-data"), params)
    assert response.status_code == 200
    data: dict[str, object] = response.json()
    return data


def _names(data: dict[str, object]) -> list[str]:
    places = data["places"]
    assert isinstance(places, list)
    return [place["name"] for place in places]


def test_without_a_view_every_located_place_is_sent(world: TestWorld, places: dict[str, Context]) -> None:
    data = _data(world)
    assert _names(data) == ["Chicken Palace", "Riverside Park"]
    assert (data["in_view"], data["truncated"]) == (2, False)


def test_the_view_limits_the_places_to_those_inside_it(world: TestWorld, places: dict[str, Context]) -> None:
    data = _data(world, bbox=MANCHESTER)
    assert _names(data) == ["Riverside Park"]
    assert (data["in_view"], data["truncated"]) == (1, False)
    assert _names(_data(world, bbox="-3,53.1,-2.8,53.3")) == ["Chicken Palace"]
    assert _names(_data(world, bbox="1,51,2,52")) == []


def test_the_view_combines_with_the_filters(world: TestWorld, places: dict[str, Context]) -> None:
    whole = "-3,53,-2,54"
    assert _names(_data(world, bbox=whole, area=str(world.area_b.pk))) == ["Chicken Palace"]
    assert _names(_data(world, bbox=whole, location_type="park")) == ["Riverside Park"]


def test_the_json_holds_no_personal_data(world: TestWorld, places: dict[str, Context]) -> None:
    data = _data(world, bbox=MANCHESTER)
    place = data["places"][0]  # type: ignore[index]
    assert set(place) == {
        "id",
        "name",
        "type",
        "area",
        "risk",
        "risk_label",
        "linked_people",
        "lat",
        "lng",
        "url",
    }
    assert place["linked_people"] == 1
    text = json.dumps(data)
    assert world.child.family_name not in text and world.child.given_name not in text


def test_a_view_with_more_places_than_the_limit_says_how_many_are_in_it(
    world: TestWorld, places: dict[str, Context]
) -> None:
    for number in range(3):
        make_context(name=f"Bus stop {number}", location_type="transport_hub")
    found = selectors.context_map_places_for(world.social_worker_a, ContextFilters(), limit=2)
    assert [place.name for place in found.places] == ["Bus stop 0", "Bus stop 1"]
    assert (found.in_view, found.truncated) == (5, True)
    found = selectors.context_map_places_for(
        world.social_worker_a, ContextFilters(), bbox=NEAR_CHESTER, limit=2
    )
    assert ([place.name for place in found.places], found.in_view, found.truncated) == (
        ["Chicken Palace"],
        1,
        False,
    )


def test_the_endpoint_sends_at_most_the_limit(
    world: TestWorld, places: dict[str, Context], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "MAP_PLACE_LIMIT", 1)
    data = _data(world)
    assert (len(_names(data)), data["in_view"], data["truncated"]) == (1, 2, True)


@pytest.mark.parametrize(
    ("bbox", "why"),
    [
        ("-2.3,53.4,-2.2", "three numbers"),
        ("-2.3,53.4,-2.2,53.5,1", "five numbers"),
        ("west,53.4,-2.2,53.5", "not a number"),
        ("-2.2,53.4,-2.3,53.5", "west of east"),
        ("-2.3,53.5,-2.2,53.4", "south of north"),
        ("-2.3,-91,-2.2,53.5", "latitude out of range"),
        ("-181,53.4,-2.2,53.5", "longitude out of range"),
        ("nan,53.4,-2.2,53.5", "not finite"),
        ("-2.3,53.4,inf,53.5", "not finite"),
    ],
)
def test_a_bad_view_is_a_400_that_says_what_is_wrong(
    world: TestWorld, places: dict[str, Context], bbox: str, why: str
) -> None:
    response = world.client_for(world.social_worker_a).get(reverse("contexts:map-data"), {"bbox": bbox})
    assert response.status_code == 400, why
    assert "bbox must be four numbers separated by commas, west,south,east,north" in response.json()["error"]


def test_roles_without_casework_are_refused_the_map_data_and_it_is_audited(
    world: TestWorld, places: dict[str, Context]
) -> None:
    response = world.client_for(world.auditor).get(reverse("contexts:map-data"), {"bbox": MANCHESTER})
    assert response.status_code == 403
    assert "Riverside Park" not in response.content.decode()
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.auditor.pk).exists()
    with pytest.raises(AccessRefused):
        selectors.context_map_places_for(world.auditor, ContextFilters(), bbox=NEAR_CHESTER)
    with pytest.raises(AccessRefused):
        selectors.context_map_extent_for(world.auditor, ContextFilters())


def test_the_map_opens_on_the_extent_of_the_places(world: TestWorld, places: dict[str, Context]) -> None:
    response = world.client_for(world.social_worker_a).get(reverse("contexts:map"))
    assert response.context["map_config"]["extent"] == [-2.89, 53.19, -2.24, 53.48]
    response = world.client_for(world.social_worker_a).get(
        reverse("contexts:map"), {"location_type": "hotel"}
    )
    assert response.context["map_config"]["extent"] is None


def test_the_table_under_the_map_is_paged(world: TestWorld) -> None:
    for number in range(51):
        make_context(name=f"Place {number:02d}")
    client = world.client_for(world.social_worker_a)
    first = client.get(reverse("contexts:map"), {"location_type": "park"})
    assert [row["context"].name for row in first.context["rows"]][:2] == ["Place 00", "Place 01"]
    assert len(first.context["rows"]) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("contexts:map"), {"location_type": "park", "page": "2"}).content.decode()
    assert "Place 50" in second and "Place 49" not in second
    assert "location_type=park&amp;page=1" in second
