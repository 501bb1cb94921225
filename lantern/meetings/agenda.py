"""The agenda builder's rules: what each meeting should discuss, and why.

Each rule returns proposals for the meeting's area; the service adds those not already on the
agenda (a proposal the coordinator removed is not proposed again). Risk reviews are capped per
meeting (``review_cap()``); the ones left over are counted on the meeting, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from lantern.contexts.models import Context
from lantern.meetings.models import Action, ActionStatus, AgendaItem, ItemKind, Meeting
from lantern.missing.rules import repeat_rule
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import Screening, ScreeningStatus

DEFAULT_INTERVAL = timedelta(weeks=4)
# DESIGN.md §6.3: children at the lowest level of concern come back to a meeting every 12 weeks.
LOWEST_LEVEL_INTERVAL = timedelta(weeks=12)
# How many risk reviews one meeting is offered; override with the MEETINGS_AGENDA_REVIEW_CAP setting.
DEFAULT_REVIEW_CAP = 40


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


def review_cap() -> int:
    return int(getattr(settings, "MEETINGS_AGENDA_REVIEW_CAP", DEFAULT_REVIEW_CAP))


def _level_words(level: str) -> str:
    return level.replace("_", " ")


def _current_assessments(area_id: int) -> QuerySet[RiskAssessment]:
    """Each child's current assessment: the latest one still open (as ``risk_assessment_current_for``)."""
    later = RiskAssessment.objects.filter(person_id=OuterRef("person_id"), closed_on__isnull=True).filter(
        Q(assessed_on__gt=OuterRef("assessed_on"))
        | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    return RiskAssessment.objects.filter(person__area_id=area_id, closed_on__isnull=True).exclude(
        Exists(later)
    )


def _last_discussed(meeting: Meeting) -> Subquery:
    """When the child was last on the agenda of an earlier meeting (items removed do not count)."""
    return Subquery(
        AgendaItem.objects.filter(
            person_id=OuterRef("person_id"),
            removed_at__isnull=True,
            meeting__scheduled_at__lt=meeting.scheduled_at,
        )
        .order_by("-meeting__scheduled_at")
        .values("meeting__scheduled_at")[:1]
    )


def _review_reason(level: str, due: date, last_discussed: datetime | None, lowest: bool) -> str:
    reason = f"Risk review due on {_long(due)}, before the next meeting (risk level {_level_words(level)}"
    if not lowest:
        return f"{reason})"
    if last_discussed is None:
        return f"{reason}; not discussed at a meeting before)"
    return f"{reason}; last discussed at the meeting on {_long(last_discussed.date())}, 12 or more weeks ago)"


def reviews_due(meeting: Meeting) -> list[Proposal]:
    """Children whose current risk review falls due before the next meeting, highest level first,
    then the earliest review. A child at the lowest level of the partnership's scale is proposed
    only when not discussed at a meeting in the last 12 weeks (or never)."""
    scale = risk_scale()
    lowest = scale[0]
    before = (meeting.scheduled_at + interval_of(meeting)).date()
    rank = Case(
        *[When(level=level, then=Value(number)) for number, level in enumerate(scale)],
        default=Value(len(scale)),
        output_field=IntegerField(),
    )
    rows = (
        _current_assessments(meeting.area_id)
        .filter(next_review_due__lte=before)
        .annotate(rank=rank, last_discussed=_last_discussed(meeting))
        .filter(
            ~Q(level=lowest)
            | Q(last_discussed__isnull=True)
            | Q(last_discussed__lte=meeting.scheduled_at - LOWEST_LEVEL_INTERVAL)
        )
        .order_by("-rank", "next_review_due", "person_id")
        .values_list("person_id", "level", "next_review_due", "last_discussed")
    )
    return [
        Proposal(ItemKind.REVIEW_DUE, _review_reason(level, due, last, level == lowest), person_id)
        for person_id, level, due, last in rows
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


@dataclass(frozen=True)
class Selection:
    new: list[Proposal]
    reviews_not_proposed: int


def select_new(
    proposals: list[Proposal], existing: set[tuple[Any, ...]], reviews_on_agenda: int
) -> Selection:
    """The proposals not yet on the agenda, with risk reviews up to the cap (counting those
    already proposed, removed ones included, so removing one does not pull in another)."""
    room = max(review_cap() - reviews_on_agenda, 0)
    new: list[Proposal] = []
    left_over = 0
    seen = set(existing)
    for proposal in proposals:
        if proposal.key in seen:
            continue
        if proposal.kind == ItemKind.REVIEW_DUE:
            if room == 0:
                left_over += 1
                continue
            room -= 1
        seen.add(proposal.key)
        new.append(proposal)
    return Selection(new=new, reviews_not_proposed=left_over)
