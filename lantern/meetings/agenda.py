"""The agenda builder's rules: what each meeting should discuss, and why.

Each rule returns proposals for the meeting's area; the service adds those not already on the
agenda (a proposal the coordinator removed is not proposed again). Risk reviews, repeat missing
and overdue actions are each capped per meeting (``review_cap()``), most urgent first; the ones
left over are counted on the meeting, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Value, When

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
# How many items one meeting is offered by each capped rule (risk reviews, repeat missing, overdue
# actions); override with the MEETINGS_AGENDA_REVIEW_CAP setting.
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
    """The cap on each capped rule: risk reviews, repeat missing and overdue actions."""
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


def _discussed_between(start: datetime, end: datetime) -> QuerySet[AgendaItem, Any]:
    """Children on the agenda of a meeting held in (start, end); removed items do not count.
    (An ``IN`` list rather than a correlated ``EXISTS``: PostgreSQL hashes it once, and the lower
    cost estimate keeps its JIT compiler, which took over a second here, switched off.)"""
    return AgendaItem.objects.filter(
        person__isnull=False,
        removed_at__isnull=True,
        meeting__scheduled_at__gt=start,
        meeting__scheduled_at__lt=end,
    ).values("person_id")


def _last_discussed(person_ids: list[int], before: datetime) -> dict[int, datetime]:
    rows = (
        AgendaItem.objects.filter(
            person_id__in=person_ids, removed_at__isnull=True, meeting__scheduled_at__lt=before
        )
        .values("person_id")
        .annotate(last=Max("meeting__scheduled_at"))
        .values_list("person_id", "last")
    )
    return dict(rows)


def _review_reason(level: str, due: date, last_discussed: datetime | None, lowest: bool) -> str:
    reason = f"Risk review due on {_long(due)}, before the next meeting (risk level {_level_words(level)}"
    if not lowest:
        return f"{reason})"
    if last_discussed is None:
        return f"{reason}; not discussed at a meeting before)"
    return f"{reason}; last discussed at the meeting on {_long(last_discussed.date())}, 12 or more weeks ago)"


def reviews_due_query(meeting: Meeting) -> QuerySet[RiskAssessment]:
    """Children whose current risk review falls due before the next meeting. A child at the
    lowest level of the partnership's scale only when not discussed at a meeting in the last
    12 weeks (or never). Highest level first, then the earliest review."""
    scale = risk_scale()
    before = (meeting.scheduled_at + interval_of(meeting)).date()
    rank = Case(
        *[When(level=level, then=Value(number)) for number, level in enumerate(scale)],
        default=Value(len(scale)),
        output_field=IntegerField(),
    )
    recently = _discussed_between(meeting.scheduled_at - LOWEST_LEVEL_INTERVAL, meeting.scheduled_at)
    return (
        _current_assessments(meeting.area_id)
        .filter(next_review_due__lte=before)
        .filter(~Q(level=scale[0]) | ~Q(person_id__in=recently))
        .annotate(rank=rank)
        .order_by("-rank", "next_review_due", "person_id")
    )


@dataclass(frozen=True)
class Capped:
    """A capped rule's proposals, and how many more it found: the count is kept so the agenda
    can say so instead of dropping them silently."""

    proposals: list[Proposal]
    not_proposed: int


def _first(eligible: QuerySet[Any], room: int, *fields: str) -> tuple[list[tuple[Any, ...]], int]:
    """The first ``room`` rows (ordered most urgent first) and how many were left over."""
    total = eligible.count()
    rows = list(eligible.values_list(*fields)[:room]) if room else []
    return rows, total - len(rows)


def reviews_due(meeting: Meeting, *, already: list[int], room: int) -> Capped:
    """Up to ``room`` review proposals for children not ``already`` proposed, and how many more
    are due."""
    rows, left_over = _first(
        reviews_due_query(meeting).exclude(person_id__in=already),
        room,
        "person_id",
        "level",
        "next_review_due",
    )
    lowest = risk_scale()[0]
    last = _last_discussed([pid for pid, level, _due in rows if level == lowest], meeting.scheduled_at)
    proposals = [
        Proposal(ItemKind.REVIEW_DUE, _review_reason(level, due, last.get(pid), level == lowest), pid)
        for pid, level, due in rows
    ]
    return Capped(proposals=proposals, not_proposed=left_over)


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


def repeat_missing_query(meeting: Meeting) -> QuerySet[Person]:
    """Children of the area missing repeatedly under the partnership's rule, most episodes first."""
    rule = repeat_rule()
    since = meeting.scheduled_at - timedelta(days=rule.days)
    return (
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
        .order_by("-recent", "pk")
    )


def repeat_missing(meeting: Meeting, *, already: list[int], room: int) -> Capped:
    """Up to ``room`` children missing repeatedly, not ``already`` proposed, and how many more."""
    rule = repeat_rule()
    rows, left_over = _first(repeat_missing_query(meeting).exclude(pk__in=already), room, "pk", "recent")
    proposals = [
        Proposal(
            ItemKind.REPEAT_MISSING, f"Missing {count} times in {rule.days} days ({rule.description})", pid
        )
        for pid, count in rows
    ]
    return Capped(proposals=proposals, not_proposed=left_over)


def contexts_raised(meeting: Meeting) -> list[Proposal]:
    contexts = Context.objects.filter(
        area_id=meeting.area_id, created_at__gte=since_of(meeting), created_at__lte=meeting.scheduled_at
    ).values_list("pk", "kind")
    return [
        Proposal(ItemKind.CONTEXT_RAISED, "Raised since the last meeting", context_id=pk)
        for pk, _kind in contexts
    ]


def overdue_actions_query(meeting: Meeting) -> QuerySet[Action]:
    """Actions from the area's earlier meetings not completed by their due date, longest overdue
    first."""
    return (
        Action.objects.filter(meeting__area_id=meeting.area_id, due_on__lt=meeting.scheduled_at.date())
        .exclude(status=ActionStatus.COMPLETED)
        .exclude(meeting=meeting)
        .order_by("due_on", "pk")
    )


def overdue_actions(meeting: Meeting, *, already: list[int], room: int) -> Capped:
    """Up to ``room`` overdue actions not ``already`` carried over, and how many more."""
    rows, left_over = _first(
        overdue_actions_query(meeting).exclude(pk__in=already),
        room,
        "pk",
        "person_id",
        "due_on",
        "owner_agency__name",
    )
    proposals = [
        Proposal(
            ItemKind.OVERDUE_ACTION,
            f"Action {pk} for {agency} was due on {_long(due)} and is not completed",
            person_id=person_id,
            action_id=pk,
        )
        for pk, person_id, due, agency in rows
    ]
    return Capped(proposals=proposals, not_proposed=left_over)


@dataclass(frozen=True)
class Selection:
    new: list[Proposal]
    reviews_not_proposed: int
    repeat_missing_not_proposed: int
    overdue_actions_not_proposed: int


def _proposed(existing: set[tuple[Any, ...]], kind: str, position: int) -> list[int]:
    """The people (position 1) or actions (position 3) ever proposed under a kind."""
    return sorted({key[position] for key in existing if key[0] == kind and key[position] is not None})


def _capped(
    rule: Callable[..., Capped], meeting: Meeting, existing: set[tuple[Any, ...]], kind: str, position: int
) -> Capped:
    """A capped rule's proposals. Items it already proposed count towards the cap, so removing
    one does not pull in another."""
    already = _proposed(existing, kind, position)
    return rule(meeting, already=already, room=max(review_cap() - len(already), 0))


def proposals_for(meeting: Meeting, existing: set[tuple[Any, ...]]) -> Selection:
    """What to add to the agenda: proposals whose key is not in ``existing`` (every item ever on
    it, removed ones included), risk reviews first. Reviews, repeat missing and overdue actions
    each up to the cap, most urgent first."""
    reviews = _capped(reviews_due, meeting, existing, ItemKind.REVIEW_DUE, 1)
    repeat = _capped(repeat_missing, meeting, existing, ItemKind.REPEAT_MISSING, 1)
    overdue = _capped(overdue_actions, meeting, existing, ItemKind.OVERDUE_ACTION, 3)
    new = list(reviews.proposals)
    seen = set(existing) | {proposal.key for proposal in new}
    others = [
        *high_risk_screenings(meeting),
        *high_risk_referrals(meeting),
        *repeat.proposals,
        *contexts_raised(meeting),
        *overdue.proposals,
    ]
    for proposal in others:
        if proposal.key not in seen:
            seen.add(proposal.key)
            new.append(proposal)
    return Selection(
        new=new,
        reviews_not_proposed=reviews.not_proposed,
        repeat_missing_not_proposed=repeat.not_proposed,
        overdue_actions_not_proposed=overdue.not_proposed,
    )
