"""The return interview work list: who sees which interviews, and the completed-late window."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lantern.core.testing import make_person, make_user
from lantern.missing.models import ReturnInterview
from lantern.missing.selectors import interview_list_for
from lantern.missing.tests.factories import ago, make_provider, returned_episode


def _complete_late(interview: ReturnInterview, *, days_ago: int) -> None:
    ReturnInterview.objects.filter(pk=interview.pk).update(
        due_at=ago(days=days_ago, hours=5), completed_at=ago(days=days_ago)
    )


def _ids(user: Any, **filters: Any) -> set[int]:
    return {interview.pk for interview in interview_list_for(user, **filters).interviews}


def test_each_reader_sees_only_interviews_they_have_a_need_to_know_about(world: Any) -> None:
    provider = make_provider()
    worker = make_user("provider_worker", role="practitioner", agency=provider)
    _, theirs = returned_episode(world.social_worker_a, world.child, provider=provider)
    stranger = make_person(given_name="Sam", area=world.area_a)
    _, hidden = returned_episode(world.front_door_a, stranger)

    assert theirs.pk in _ids(world.social_worker_a)
    assert hidden.pk not in _ids(world.social_worker_a)
    assert _ids(world.outsider_b) == set()
    provider_list = interview_list_for(worker)
    assert {interview.pk for interview in provider_list.interviews} == {theirs.pk}
    assert provider_list.due == 1


def test_completed_late_covers_a_recent_window_that_the_filter_widens(world: Any) -> None:
    _, recent = returned_episode(world.social_worker_a, world.child)
    _, old = returned_episode(world.social_worker_a, world.child, reported_at=ago(days=2))
    _complete_late(recent, days_ago=10)
    _complete_late(old, days_ago=200)

    listing = interview_list_for(world.social_worker_a, now=timezone.now())
    assert {interview.pk for interview in listing.interviews} == {recent.pk}
    assert (listing.completed_late, listing.completed_within_days) == (1, 90)
    assert _ids(world.social_worker_a, completed_within_days=365) == {recent.pk, old.pk}
    assert _ids(world.social_worker_a, completed_within_days=30, status="completed_late") == {recent.pk}


def test_the_page_filters_by_the_completed_late_window(world: Any) -> None:
    _, old = returned_episode(world.social_worker_a, world.child)
    _complete_late(old, days_ago=200)
    client = world.client_for(world.social_worker_a)

    assert f"/missing/interview/{old.pk}/" not in client.get("/missing/interviews/").content.decode()
    page = client.get("/missing/interviews/", {"completed_within": 365}).content.decode()
    assert "in the last 365 days" in page
