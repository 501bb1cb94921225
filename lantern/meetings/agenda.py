"""The agenda builder's rules: what each meeting should discuss, and why.

Each rule returns proposals for the meeting's area; the service adds those not already on the
agenda (a proposal the coordinator removed is not proposed again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q

from lantern.contexts.models import Context
from lantern.meetings.models import Action, ActionStatus, ItemKind, Meeting
from lantern.missing.rules import repeat_rule
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import Screening, ScreeningStatus

DEFAULT_INTERVAL = timedelta(weeks=4)


@dataclass(frozen=True)
class Proposal:
    kind: str
    reason: str
    person_id: int | None = None
    context_id: int | None = None
    action_id: int | None = None

    @property
    def key(self) -> tuple[str, int | None, int | None, int | None]:
        return (self.kind, self.person_id, self.context_id, self.action_id)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def interval_of(meeting: Meeting) -> timedelta:
    return timedelta(weeks=meeting.recurrence_weeks) if meeting.recurrence_weeks else DEFAULT_INTERVAL


def since_of(meeting: Meeting) -> datetime:
    """The last meeting's time, or one interval back when this is the first of its series."""
    if meeting.previous is not None:
        return meeting.previous.scheduled_at
    return meeting.scheduled_at - interval_of(meeting)


def reviews_due(meeting: Meeting) -> list[Proposal]:
    before = (meeting.scheduled_at + interval_of(meeting)).date()
    rows = (
        RiskAssessment.objects.filter(person__area_id=meeting.area_id, closed_on__isnull=True)
        .filter(next_review_due__lte=before)
        .order_by("next_review_due", "pk")
        .values_list("person_id", "next_review_due")
    )
    seen: dict[int, date] = {}
    for person_id, due in rows:
        seen.setdefault(person_id, due)
    return [
        Proposal(ItemKind.REVIEW_DUE, f"Risk review due on {_long(due)}, before the next meeting", person_id)
        for person_id, due in seen.items()
    ]


def high_risk_screenings(meeting: Meeting) -> list[Proposal]:
    top = risk_scale()[-1]
    people = (
        Screening.objects.filter(
            person__area_id=meeting.area_id,
            status=ScreeningStatus.COMPLETED,
            final_level=top,
            completed_at__gte=since_of(meeting),
            completed_at__lte=meeting.scheduled_at,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    return [
        Proposal(ItemKind.HIGH_RISK_SCREENING, "Screening completed since the last meeting rated high", pid)
        for pid in people
    ]


def high_risk_referrals(meeting: Meeting) -> list[Proposal]:
    top = risk_scale()[-1]
    people = (
        Referral.objects.filter(
            area_id=meeting.area_id,
            screening__final_level=top,
            received_at__gte=since_of(meeting),
            received_at__lte=meeting.scheduled_at,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    return [
        Proposal(
            ItemKind.HIGH_RISK_REFERRAL,
            "Referral received since the last meeting with a high-risk screening",
            pid,
        )
        for pid in people
    ]


def repeat_missing(meeting: Meeting) -> list[Proposal]:
    rule = repeat_rule()
    since = meeting.scheduled_at - timedelta(days=rule.days)
    people = (
        Person.objects.filter(area_id=meeting.area_id)
        .annotate(
            recent=Count(
                "missing_episodes",
                filter=Q(
                    missing_episodes__reported_at__gte=since,
                    missing_episodes__reported_at__lte=meeting.scheduled_at,
                ),
            )
        )
        .filter(recent__gte=rule.episodes)
        .values_list("pk", "recent")
    )
    return [
        Proposal(
            ItemKind.REPEAT_MISSING, f"Missing {count} times in {rule.days} days ({rule.description})", pid
        )
        for pid, count in people
    ]


def contexts_raised(meeting: Meeting) -> list[Proposal]:
    contexts = Context.objects.filter(
        area_id=meeting.area_id, created_at__gte=since_of(meeting), created_at__lte=meeting.scheduled_at
    ).values_list("pk", "kind")
    return [
        Proposal(ItemKind.CONTEXT_RAISED, "Raised since the last meeting", context_id=pk)
        for pk, _kind in contexts
    ]


def overdue_actions(meeting: Meeting) -> list[Proposal]:
    actions = (
        Action.objects.filter(meeting__area_id=meeting.area_id, due_on__lt=meeting.scheduled_at.date())
        .exclude(status=ActionStatus.COMPLETED)
        .exclude(meeting=meeting)
        .values_list("pk", "person_id", "due_on", "owner_agency__name")
    )
    return [
        Proposal(
            ItemKind.OVERDUE_ACTION,
            f"Action {pk} for {agency} was due on {_long(due)} and is not completed",
            person_id=person_id,
            action_id=pk,
        )
        for pk, person_id, due, agency in actions
    ]


RULES = (
    reviews_due,
    high_risk_screenings,
    high_risk_referrals,
    repeat_missing,
    contexts_raised,
    overdue_actions,
)


def proposals_for(meeting: Meeting) -> list[Proposal]:
    return [proposal for rule in RULES for proposal in rule(meeting)]
