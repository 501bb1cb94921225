"""The 72-hour clock, the repeat-missing rule, re-grading history, closing and interviews."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.testing import make_person
from lantern.missing.models import RiskGrading
from lantern.missing.rules import interview_clock, interview_due_at, repeat_rule
from lantern.missing.selectors import repeat_status_for
from lantern.missing.services import (
    episode_regrade,
    interview_complete,
    interview_record_attempt,
    philomena_produce,
)
from lantern.missing.tests.factories import ago, make_provider, open_episode, returned_episode
from lantern.people.models import Involvement, ShareDecision

LONDON = ZoneInfo("Europe/London")


def test_interview_is_due_72_calendar_hours_after_a_late_friday_return() -> None:
    friday_late = datetime(2025, 3, 14, 23, 30, tzinfo=LONDON)  # a Friday
    due = interview_due_at(friday_late)
    assert due == datetime(2025, 3, 17, 23, 30, tzinfo=LONDON)  # Monday night, not Wednesday
    assert due.strftime("%A") == "Monday"


def test_the_clock_is_due_then_overdue_and_late_completion_is_marked() -> None:
    returned = datetime(2025, 3, 14, 23, 30, tzinfo=LONDON)
    due = interview_due_at(returned)
    assert interview_clock(due, None, due - timedelta(minutes=1)) == "due"
    assert interview_clock(due, None, due) == "due"
    assert interview_clock(due, None, due + timedelta(minutes=1)) == "overdue"
    assert interview_clock(due, due, due + timedelta(days=9)) == "completed"
    assert interview_clock(due, due + timedelta(minutes=1), due) == "completed_late"


def test_closing_creates_the_interview_due_72_hours_later_and_involves_the_provider(world: Any) -> None:
    provider = make_provider()
    returned_at = ago(hours=2)
    episode, interview = returned_episode(
        world.social_worker_a, world.child, returned_at=returned_at, provider=provider
    )
    assert episode.status == "closed"
    assert interview.due_at == returned_at + timedelta(hours=72)
    assert Involvement.objects.filter(person=world.child, agency=provider, end__isnull=True).exists()


def test_repeat_rule_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANTERN_REPEAT_MISSING_EPISODES", raising=False)
    monkeypatch.delenv("LANTERN_REPEAT_MISSING_DAYS", raising=False)
    assert (repeat_rule().episodes, repeat_rule().days) == (3, 90)
    monkeypatch.setenv("LANTERN_REPEAT_MISSING_EPISODES", "2")
    monkeypatch.setenv("LANTERN_REPEAT_MISSING_DAYS", "30")
    assert (repeat_rule().episodes, repeat_rule().days) == (2, 30)


def test_repeat_flag_counts_only_episodes_inside_the_window(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANTERN_REPEAT_MISSING_EPISODES", raising=False)
    monkeypatch.delenv("LANTERN_REPEAT_MISSING_DAYS", raising=False)
    child = world.child
    open_episode(world.social_worker_a, child, reported_at=ago(days=100))
    open_episode(world.social_worker_a, child, reported_at=ago(days=60))
    open_episode(world.social_worker_a, child, reported_at=ago(days=10))
    assert not repeat_status_for(child).flagged
    open_episode(world.social_worker_a, child, reported_at=ago(days=1))
    status = repeat_status_for(child)
    assert status.flagged and status.recent_episodes == 3


def test_regrading_keeps_the_history(world: Any) -> None:
    episode = open_episode(world.social_worker_a, world.child, grade="medium")
    episode = episode_regrade(
        actor=world.police_officer,
        episode=episode,
        grade="high",
        reason="Seen with adults of concern",
        expected_version=episode.version,
    )
    grades = list(RiskGrading.objects.filter(episode=episode).values_list("grade", "reason"))
    assert grades == [("medium", ""), ("high", "Seen with adults of concern")]
    assert episode.risk_grade == "high"
    assert AuditEvent.objects.filter(
        object_type="missing_episode", action="update", object_id=str(episode.pk)
    ).exists()


def test_regrading_is_for_the_police_and_refuses_stale_versions(world: Any) -> None:
    episode = open_episode(world.social_worker_a, world.child)
    with pytest.raises(AccessRefused):
        episode_regrade(
            actor=world.social_worker_a, episode=episode, grade="high", reason="x", expected_version=1
        )
    with pytest.raises(ConflictingEdit):
        episode_regrade(
            actor=world.police_officer, episode=episode, grade="high", reason="x", expected_version=9
        )
    with pytest.raises(ValidationFailed):
        episode_regrade(
            actor=world.police_officer, episode=episode, grade="medium", reason="", expected_version=1
        )


def test_declined_then_completed_interview(world: Any) -> None:
    _, interview = returned_episode(
        world.social_worker_a, world.child, returned_at=ago(hours=80), reported_at=ago(hours=90)
    )
    interview = interview_record_attempt(
        actor=world.social_worker_a,
        interview=interview,
        attempted_at=ago(hours=70),
        note="Did not want to talk",
        expected_version=interview.version,
    )
    assert interview.outcome == "declined" and interview.attempts.count() == 1
    associate = make_person(given_name="Rob", family_name="Adult")
    interview = interview_complete(
        actor=world.social_worker_a,
        interview=interview,
        offered_at=ago(hours=70),
        completed_at=ago(hours=2),
        interviewer="Amy Worker",
        people_named=[associate],
        expected_version=interview.version,
        childs_words="They gave me a phone",
    )
    assert interview.outcome == "accepted" and interview.completed_late
    assert list(interview.people_named.all()) == [associate]


def test_producing_the_profile_records_a_share_with_its_lawful_basis(world: Any) -> None:
    episode = open_episode(world.social_worker_a, world.child)
    share = philomena_produce(
        actor=world.social_worker_a,
        episode=episode,
        to_agency=world.police,
        lawful_basis="safeguarding",
        purpose="To help find the child",
    )
    assert share.share_decision is not None
    assert ShareDecision.objects.filter(
        person=world.child, to_agency=world.police, lawful_basis="safeguarding"
    ).exists()
    assert AuditEvent.objects.filter(action="share", person_id_ref=world.child.pk).exists()


def test_police_producing_their_own_profile_is_audited_as_a_share(world: Any) -> None:
    episode = open_episode(world.social_worker_a, world.child)
    share = philomena_produce(
        actor=world.police_officer,
        episode=episode,
        to_agency=world.police,
        lawful_basis="law_enforcement",
        purpose="Search for the child",
    )
    assert share.share_decision is None
    event = AuditEvent.objects.get(action="share", object_type="philomena_profile")
    assert event.detail["lawful_basis"] == "law_enforcement"
