"""The return interview list allows exactly what ``interview_visible_q`` allows, for every kind of
user, although it reads need-to-know in parts (``visible_person_ids_or_areas_for``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.core.testing import involve, make_agency, make_person, make_user
from lantern.missing.models import ReturnInterview
from lantern.missing.selectors import interview_get_for, interview_list_for, interview_visible_q
from lantern.missing.tests.factories import make_provider, returned_episode
from lantern.people.models import BreakGlass

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
    "outsider_b",
)


def _listed(user: Any) -> set[int]:
    return {interview.pk for interview in interview_list_for(user).interviews}


def _allowed(user: Any) -> set[int]:
    """What ``interview_visible_q`` allows, read the plain way (joins to the child and episode)."""
    return set(ReturnInterview.objects.filter(interview_visible_q(user)).values_list("pk", flat=True))


def test_every_reader_lists_what_interview_visible_q_allows(world: Any) -> None:
    wide_front_door = make_user(
        "whole_front_door", role=Role.FRONT_DOOR, agency=make_agency("mash", area=None)
    )
    provider = make_provider()
    provider_worker = make_user("provider_worker", role=Role.PRACTITIONER, agency=provider)
    _, involved = returned_episode(world.social_worker_a, world.child)
    _, in_area = returned_episode(world.front_door_a, make_person(given_name="Lee", area=world.area_a))
    south = make_person(given_name="Kai", area=world.area_b)
    involve(south, world.csc_b)
    _, provided = returned_episode(world.outsider_b, south, provider=provider)
    nowhere = make_person(given_name="Ray", area=None)
    _, granted = returned_episode(wide_front_door, nowhere)
    now = timezone.now()
    BreakGlass.objects.create(
        person=nowhere, user=world.nurse, reason="x" * 30, granted_at=now, expires_at=now + timedelta(hours=1)
    )
    everyone = {involved.pk, in_area.pk, provided.pk, granted.pk}

    readers = [getattr(world, name) for name in WORLD_USERS] + [provider_worker, wide_front_door]
    for reader in (reader for reader in readers if reader.role in CASEWORK_ROLES):
        assert _listed(reader) == _allowed(reader), reader.username
    assert _listed(world.social_worker_a) == {involved.pk}
    assert _listed(world.front_door_a) == {involved.pk, in_area.pk}
    assert _listed(world.outsider_b) == {provided.pk}
    assert _listed(provider_worker) == {provided.pk}
    assert _listed(world.nurse) == {granted.pk}
    assert _listed(wide_front_door) == _allowed(wide_front_door) == everyone


def test_a_partnership_wide_front_door_opens_any_interview(world: Any) -> None:
    wide_front_door = make_user(
        "whole_front_door", role=Role.FRONT_DOOR, agency=make_agency("mash", area=None)
    )
    _, interview = returned_episode(world.social_worker_a, world.child)
    assert interview_get_for(wide_front_door, interview.pk) == interview
