"""``visible_person_ids_or_areas_for``: need-to-know in parts, allowing exactly what
``person_visible_q`` allows, for every kind of user."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.core.testing import involve, make_agency, make_person, make_user
from lantern.people.models import BreakGlass, Involvement, Person
from lantern.people.selectors import person_visible_q, visible_person_ids_or_areas_for

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

WORLD_USERS = (
    "social_worker_a",
    "front_door_a",
    "teacher",
    "school_dsl",
    "police_analyst",
    "police_officer",
    "nurse",
    "yjs_worker",
    "meeting_chair",
    "partnership_admin",
    "auditor",
    "outsider_b",
)


def _grant(person: Person, user: Any, *, hours: int) -> BreakGlass:
    now = timezone.now()
    return BreakGlass.objects.create(
        person=person,
        user=user,
        reason="x" * 30,
        granted_at=now - timedelta(hours=1),
        expires_at=now + timedelta(hours=hours),
    )


@pytest.fixture
def people(world: TestWorld) -> dict[str, Person]:
    """People reached by each part of the rule, and by parts that no longer (or do not yet) apply."""
    north = make_person(given_name="Lee", area=world.area_a)
    south = make_person(given_name="Kai", area=world.area_b)
    involve(south, world.csc_b)
    nowhere = make_person(given_name="Ray", area=None)
    ended = make_person(given_name="Sam", area=world.area_b)
    involvement = involve(ended, world.health_a)
    involvement.end = timezone.localdate() - timedelta(days=1)
    involvement.save()
    future = make_person(given_name="Ali", area=None)
    involvement = involve(future, world.police)
    involvement.start = timezone.localdate() + timedelta(days=1)
    involvement.save()
    _grant(north, world.outsider_b, hours=2)  # unexpired
    _grant(nowhere, world.teacher, hours=-1)  # expired an hour ago
    return {"child": world.child, "north": north, "south": south, "nowhere": nowhere, "ended": ended}


def _by_rule(user: Any) -> set[int]:
    return set(Person.objects.filter(person_visible_q(user)).values_list("pk", flat=True))


def _by_parts(user: Any) -> set[int]:
    return set(
        Person.objects.filter(visible_person_ids_or_areas_for(user).q("pk")).values_list("pk", flat=True)
    )


def _involvements_by_rule(user: Any) -> set[int]:
    return set(Involvement.objects.filter(person_visible_q(user, "person__")).values_list("pk", flat=True))


def _involvements_by_parts(user: Any) -> set[int]:
    parts = visible_person_ids_or_areas_for(user)
    return set(Involvement.objects.filter(parts.q("person_id")).values_list("pk", flat=True))


@pytest.mark.parametrize("who", WORLD_USERS)
def test_the_parts_allow_what_person_visible_q_allows(
    world: TestWorld, people: dict[str, Person], who: str
) -> None:
    user = getattr(world, who)
    assert _by_parts(user) == _by_rule(user)
    assert _involvements_by_parts(user) == _involvements_by_rule(user)


def test_each_kind_of_user_sees_the_people_expected(world: TestWorld, people: dict[str, Person]) -> None:
    wide_front_door = make_user(
        "whole_front_door", role=Role.FRONT_DOOR, agency=make_agency("mash", area=None)
    )
    expected = {
        world.social_worker_a: {"child"},  # involvement
        world.teacher: {"child"},  # involvement (an expired grant adds nothing)
        world.school_dsl: {"child"},
        world.front_door_a: {"child", "north"},  # the front door's area
        world.outsider_b: {"south", "north"},  # involvement and break glass
        world.police_officer: set(),  # an involvement starting tomorrow
        world.nurse: set(),  # an involvement that ended yesterday
        world.partnership_admin: set(),  # not a casework role
        world.auditor: set(),
        wide_front_door: set(people) | {"future"},
    }
    ids = {name: person.pk for name, person in people.items()}
    ids["future"] = Person.objects.get(given_name="Ali").pk
    for user, names in expected.items():
        assert _by_parts(user) == _by_rule(user) == {ids[name] for name in names}, user.username


def test_anonymous_sees_nobody(world: TestWorld, people: dict[str, Person]) -> None:
    parts = visible_person_ids_or_areas_for(AnonymousUser())
    assert parts.nobody
    assert _by_parts(AnonymousUser()) == _by_rule(AnonymousUser()) == set()


def test_the_parts_say_where_access_comes_from(world: TestWorld) -> None:
    social_worker = visible_person_ids_or_areas_for(world.social_worker_a)
    assert (social_worker.everyone, social_worker.area_id) == (False, None)
    assert social_worker.involved is not None and social_worker.break_glass is not None
    assert visible_person_ids_or_areas_for(world.front_door_a).area_id == world.area_a.pk
    assert visible_person_ids_or_areas_for(world.partnership_admin).nobody
    wide = make_user("wide_front_door", role=Role.FRONT_DOOR, agency=make_agency("mash2", area=None))
    assert visible_person_ids_or_areas_for(wide).everyone
    assert not visible_person_ids_or_areas_for(wide).q()


def test_each_part_is_a_subquery_on_the_column_not_a_join(world: TestWorld) -> None:
    condition = visible_person_ids_or_areas_for(world.front_door_a).q("person_id")
    sql = str(Involvement.objects.filter(condition).query)
    assert "JOIN" not in sql
    assert sql.count('"people_involvement"."person_id" IN (SELECT') == 3  # area, break glass, involvement
