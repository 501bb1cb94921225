"""A return interview holds its episode's child (``ReturnInterview.person``), so the work list's
need-to-know needs no episode join: every path that creates an interview sets it, and an
interview follows its episode to another child."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.core.testing import make_person, make_user
from lantern.interchange.services import records_import
from lantern.interchange.tests.factories import POLICE, add_pathway_users, as_lines, harm_records, source
from lantern.interchange.tests.test_missing_contexts import EPISODE, harm
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.missing.selectors import interview_list_for, interview_page
from lantern.missing.tests.factories import make_provider, open_episode, returned_episode
from lantern.missing.tests.test_ssda903 import run, write_csv
from lantern.missing.tests.test_work_lists import _complete_late
from lantern.partnership.models import Agency
from lantern.people.models import BreakGlass, Person


def _ids(user: Any, **filters: Any) -> set[int]:
    return {interview.pk for interview in interview_list_for(user, **filters).interviews}


def test_recording_the_return_sets_the_interviews_child(world: Any) -> None:
    episode, interview = returned_episode(world.social_worker_a, world.child)
    assert interview.person_id == episode.person_id == world.child.pk


def test_the_ssda903_import_sets_the_interviews_child(world: Any, tmp_path: Path) -> None:
    child = make_person(given_name="Amara", source_agency=world.csc_a, source_id="C1001")
    run(write_csv(tmp_path, ["C1001,M,03/02/2025,05/02/2025"]), "--agency", world.csc_a.code)
    assert ReturnInterview.objects.get().person == child


def test_a_later_ssda903_return_closing_an_episode_sets_the_interviews_child(
    world: Any, tmp_path: Path
) -> None:
    child = make_person(given_name="Lily", source_agency=world.csc_a, source_id="C1002")
    run(write_csv(tmp_path, ["C1002,M,20/07/2025,"]), "--agency", world.csc_a.code)
    run(write_csv(tmp_path, ["C1002,M,20/07/2025,22/07/2025"]), "--agency", world.csc_a.code)
    assert ReturnInterview.objects.get().person == child


@pytest.mark.django_db
def test_the_interchange_import_sets_the_interviews_child() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(harm()))
    interview = ReturnInterview.objects.get()
    assert interview.person == Person.objects.get(source_id="C104")
    assert interview.person_id == interview.episode.person_id


@pytest.mark.django_db
def test_an_interview_follows_its_episode_when_an_import_moves_the_episode_to_another_child() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(harm()))
    interview = ReturnInterview.objects.get()
    moved = {**harm_records()[EPISODE], "person": source("P77", POLICE), "found_with": []}

    records_import(actor=None, lines=as_lines([moved]))

    interview.refresh_from_db()
    other = Person.objects.get(source_id="P77")
    assert MissingEpisode.objects.get(pk=interview.episode_id).person == other
    assert (interview.person, interview.version) == (other, 2)


def test_an_interview_saved_without_its_child_takes_the_episodes(world: Any) -> None:
    episode = open_episode(world.social_worker_a, world.child)
    interview = ReturnInterview.objects.create(episode=episode, due_at=episode.reported_at)
    assert interview.person_id == world.child.pk


def test_the_work_list_finds_interviews_through_each_kind_of_need_to_know(world: Any) -> None:
    """Involvement, front-door area, provider and break glass, each alone."""
    provider: Agency = make_provider()
    worker = make_user("provider_worker", role="practitioner", agency=provider)
    _, involved = returned_episode(world.social_worker_a, world.child)
    stranger = make_person(given_name="Sam", area=world.area_a)
    _, area_only = returned_episode(world.front_door_a, stranger)
    far = make_person(given_name="Ash", area=world.area_b)
    _, provided = returned_episode(world.social_worker_a, far)
    ReturnInterview.objects.filter(pk=provided.pk).update(provider=provider)  # no involvement

    assert _ids(world.social_worker_a) == {involved.pk}
    assert _ids(world.front_door_a) == {involved.pk, area_only.pk}
    assert _ids(world.front_door_a, area_id=world.area_a.pk) == {involved.pk, area_only.pk}
    assert _ids(worker) == {provided.pk}
    assert _ids(world.outsider_b) == set()
    BreakGlass.objects.create(
        person=far,
        user=world.outsider_b,
        reason="Urgent",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert _ids(world.outsider_b) == {provided.pk}
    listing = interview_list_for(world.front_door_a)
    assert (listing.due, listing.overdue, listing.completed_late) == (2, 0, 0)
    page = world.client_for(world.front_door_a).get("/missing/interviews/").content.decode()
    assert world.child.full_name in page and stranger.full_name in page and far.full_name not in page


def test_the_page_is_read_in_two_steps_without_counting_the_list_again(world: Any) -> None:
    interviews = [returned_episode(world.social_worker_a, world.child)[1] for _ in range(3)]
    _complete_late(interviews[0], days_ago=5)
    listing = interview_list_for(world.social_worker_a)
    assert listing.total == listing.interviews.count() == 3
    assert interview_list_for(world.social_worker_a, status="completed_late").total == 1

    first = interview_page(listing, 1, 2)
    assert [row.pk for row in first.object_list] == [row.pk for row in listing.interviews[:2]]
    assert first.object_list[0].person.area == world.child.area  # as the template reads it
    second = interview_page(listing, "2", 2)
    assert ([row.pk for row in second.object_list], second.paginator.num_pages) == ([interviews[2].pk], 2)
    assert interview_page(listing, "not a page", 2).number == 1
    assert list(interview_page(interview_list_for(world.outsider_b), 1, 2).object_list) == []


def test_the_counts_run_without_parallel_workers_and_leave_the_setting_as_it_was(world: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")

    def workers() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return str(cursor.fetchone()[0])

    before = workers()
    with CaptureQueriesContext(connection) as queries:
        interview_list_for(world.social_worker_a)
    sql = [query["sql"] for query in queries.captured_queries]
    counts = next(index for index, text in enumerate(sql) if "COUNT(" in text)
    assert "max_parallel_workers_per_gather = 0" in sql[counts - 1]
    assert workers() == before
