"""Factories for meetings tests, built through the services like a user would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from lantern.meetings import services
from lantern.meetings.models import Action, AgendaItem, Meeting
from lantern.missing.services import episode_create
from lantern.people.models import Person
from lantern.risk.services import risk_assessment_create


def make_meeting(world: Any, *, at: datetime | None = None, weeks: int | None = 4, **fields: Any) -> Meeting:
    return services.meeting_create(
        actor=world.meeting_chair,
        meeting_type=fields.pop("meeting_type", "mace"),
        area=fields.pop("area", world.area_a),
        scheduled_at=at or timezone.now() + timedelta(days=1),
        recurrence_weeks=weeks,
        chair=fields.pop("chair", world.meeting_chair),
        invited_agencies=fields.pop("invited", [world.csc_a, world.police]),
    )


def assess(world: Any, person: Person, *, review_due: date, level: str = "high") -> Any:
    return risk_assessment_create(
        actor=world.social_worker_a,
        person=person,
        assessed_on=timezone.localdate() - timedelta(days=60),
        exploitation_type="criminal",
        other_types=[],
        level=level,
        summary="Assessed by the partnership.",
        next_review_due=review_due,
    )


def go_missing(world: Any, person: Person, times: int = 3) -> None:
    for n in range(times):
        episode_create(
            actor=world.social_worker_a,
            person=person,
            missing_from="home",
            reported_at=timezone.now() - timedelta(days=10 + n * 5),
            risk_grade="medium",
        )


def item_for(meeting: Meeting, person: Person) -> AgendaItem:
    return meeting.items.get(person=person)


def make_action(world: Any, item: AgendaItem, *, agency: Any, due_on: date, owner: Any = None) -> Action:
    return services.action_create(
        actor=world.meeting_chair,
        item=item,
        description="Arrange a visit with the young person.",
        owner_agency=agency,
        owner=owner,
        due_on=due_on,
    )
