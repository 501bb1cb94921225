"""Reading referrals, always scoped to the user asking.

Who may read a referral (decided here, in one place):
- casework users of the agency that made it;
- the front door it went to: front-door users whose agency's area is the referral's area (a
  front door with no area serves every area);
- any casework user who may see the person's record under the people access rule.
Only the front door it went to sees it in its queue and records the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_access_for, person_get_for
from lantern.referrals.models import Referral
from lantern.referrals.working_days import decided_late, decision_due_on, overdue_now, working_days_between
from lantern.screening.models import Outcome, Screening
from lantern.screening.selectors import screening_latest_completed_for

OBJECT_TYPE = "referral"
REFUSED = "You do not have a need to know about this referral."
URGENT_OUTCOMES = frozenset({Outcome.POLICE_IMMEDIATE, Outcome.STRATEGY_DISCUSSION})


def is_front_door_role(role: str) -> bool:
    return role == Role.FRONT_DOOR


def front_door_covers(user: Any, area_id: int | None) -> bool:
    """A front-door user serves their agency's area, or every area when the agency has none."""
    if not is_casework_user(user) or user.role != Role.FRONT_DOOR or user.agency_id is None:
        return False
    return user.agency.area_id is None or user.agency.area_id == area_id


def referral_may_read(user: Any, referral: Referral) -> bool:
    if not is_casework_user(user):
        return False
    if user.agency_id is not None and user.agency_id == referral.from_agency_id:
        return True
    if front_door_covers(user, referral.area_id):
        return True
    return person_access_for(user, referral.person).allowed


def referral_may_decide(user: Any, referral: Referral) -> bool:
    return front_door_covers(user, referral.area_id)


def _refuse(user: Any, referral_id: object, reason: str, person_id: int | None = None) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=OBJECT_TYPE, object_id=referral_id, person_id=person_id, reason=reason
    )
    return AccessRefused(REFUSED)


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "person__area",
        "area",
        "from_agency",
        "referred_by",
        "decided_by__agency",
        "screening__agency",
        "concern",
    )


def referral_get_for(user: Any, referral_id: int, *, purpose: str = "") -> Referral:
    """One referral if the user may read it; every look is audited, allowed or not. A missing
    referral is refused the same way, so the answer says nothing about which exist."""
    referral = _referrals().filter(pk=referral_id).first()
    if referral is None:
        raise _refuse(user, referral_id, "no such referral")
    if not referral_may_read(user, referral):
        reason = "role may not see records" if not is_casework_user(user) else "no need to know"
        raise _refuse(user, referral.pk, reason, referral.person_id)
    audit_record(
        actor=user,
        action="view",
        object_type=OBJECT_TYPE,
        object_id=referral.pk,
        person_id=referral.person_id,
        purpose=purpose,
    )
    return referral


def referral_for_decision_get_for(user: Any, referral_id: int) -> Referral:
    referral = referral_get_for(user, referral_id, purpose="Decide a referral")
    if not referral_may_decide(user, referral):
        raise _refuse(user, referral.pk, "only the front door it went to decides", referral.person_id)
    return referral


def referral_by_submission_key(submission_key: str) -> Referral | None:
    """For the create service: the referral an earlier submit of the same form made."""
    return _referrals().filter(submission_key=submission_key).first() if submission_key else None


@dataclass(frozen=True)
class Timeliness:
    due_on: date
    late: bool  # decided after the due day
    overdue: bool  # undecided and the due day has passed
    working_days_waited: int
    waited: timedelta

    @property
    def flag(self) -> str:
        if self.late:
            return "Late"
        if self.overdue:
            return "Overdue"
        return ""


def referral_timeliness(referral: Referral, now: datetime | None = None) -> Timeliness:
    now = now or timezone.now()
    end = referral.decided_at or now
    return Timeliness(
        due_on=decision_due_on(referral.received_at),
        late=referral.decided_at is not None and decided_late(referral.received_at, referral.decided_at),
        overdue=referral.decided_at is None and overdue_now(referral.received_at, now),
        working_days_waited=working_days_between(
            timezone.localtime(referral.received_at).date(), timezone.localtime(end).date()
        ),
        waited=end - referral.received_at,
    )


def screening_level_index(screening: Screening | None, scale: list[str]) -> int:
    """The screening's final level's place on the partnership's scale (-1 when unknown)."""
    if screening is None or screening.final_level not in scale:
        return -1
    return scale.index(screening.final_level)


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    timeliness: Timeliness
    level_index: int
    urgent: bool  # the screening's outcome was an immediate police response or a strategy discussion


def _row(referral: Referral, scale: list[str], now: datetime) -> ReferralRow:
    screening = referral.screening
    return ReferralRow(
        referral=referral,
        timeliness=referral_timeliness(referral, now),
        level_index=screening_level_index(screening, scale),
        urgent=screening is not None and screening.outcome in URGENT_OUTCOMES,
    )


def risk_then_age(row: ReferralRow) -> tuple[bool, int, datetime, int]:
    """Urgent outcomes first, then the highest level, then the oldest."""
    return (not row.urgent, -row.level_index, row.referral.received_at, row.referral.pk)


QUEUE_WAITING = "waiting"
QUEUE_DECIDED = "decided"


def referral_queue_for(user: Any, *, show: str = QUEUE_WAITING) -> list[ReferralRow]:
    """The front door's queue: only referrals to its own area (every area when it has none).

    Waiting referrals by risk then age; decided ones, newest decision first, when ``show`` is
    ``decided``.
    """
    if not (is_casework_user(user) and user.role == Role.FRONT_DOOR and user.agency_id is not None):
        audit_refusal(actor=user, object_type="referral_queue", reason="only the front door has a queue")
        raise AccessRefused("Only the front door has a referral queue.")
    referrals = _referrals()
    if user.agency.area_id is not None:
        referrals = referrals.filter(area_id=user.agency.area_id)
    decided = show == QUEUE_DECIDED
    referrals = referrals.filter(decided_at__isnull=not decided)
    scale, now = risk_scale(), timezone.now()
    rows = [_row(referral, scale, now) for referral in referrals]
    if decided:
        rows.sort(key=lambda row: (row.referral.decided_at, row.referral.pk), reverse=True)
    else:
        rows.sort(key=risk_then_age)
    audit_record(
        actor=user,
        action="view",
        object_type="referral_queue",
        purpose="Front door queue",
        detail={"show": QUEUE_DECIDED if decided else QUEUE_WAITING, "results": len(rows)},
    )
    return rows


def referral_waiting_count_for(user: Any) -> int:
    """How many referrals wait for the front door, for the queue's tab (no audit: no records)."""
    if not front_door_covers(user, getattr(getattr(user, "agency", None), "area_id", None)):
        return 0
    query = Q(decided_at__isnull=True)
    if user.agency.area_id is not None:
        query &= Q(area_id=user.agency.area_id)
    return Referral.objects.filter(query).count()


@dataclass(frozen=True)
class ReferralRecord:
    referral: Referral
    timeliness: Timeliness
    level_index: int
    urgent: bool
    can_decide: bool


def referral_record_for(user: Any, referral_id: int) -> ReferralRecord:
    return referral_record_of(user, referral_get_for(user, referral_id, purpose="Referral page"))


def referral_record_of(user: Any, referral: Referral) -> ReferralRecord:
    """The referral page's facts for a referral the user has already been allowed to read."""
    row = _row(referral, risk_scale(), timezone.now())
    return ReferralRecord(
        referral=referral,
        timeliness=row.timeliness,
        level_index=row.level_index,
        urgent=row.urgent,
        can_decide=referral_may_decide(user, referral) and not referral.is_decided,
    )


def referral_screening_for(person: Person) -> Screening | None:
    """The screening that goes with a new referral: the person's latest completed one. The
    caller has already been allowed to see the person."""
    return screening_latest_completed_for(person)


def referral_list_for_person(user: Any, person_id: int) -> tuple[Person, list[Referral]]:
    person = person_get_for(user, person_id, purpose="Referrals")
    return person, list(_referrals().filter(person=person))


def referral_chronology_for(person: Person) -> list[Referral]:
    """For the chronology provider, which is only called once the user may see the person."""
    return list(_referrals().filter(person=person))
