"""Reading risk assessments. Access to a person's assessments is access to the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import can_record_risk_assessment
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused
from lantern.people.models import Person
from lantern.people.selectors import person_get_for
from lantern.risk.models import RiskAssessment
from lantern.risk.scale import add_months


@dataclass(frozen=True)
class RiskHistory:
    person: Person
    assessments: list[RiskAssessment]
    current: RiskAssessment | None
    review_overdue: bool
    can_record: bool


def _assessments_of(person: Person) -> QuerySet[RiskAssessment]:
    return (
        RiskAssessment.objects.filter(person=person)
        .select_related("agency", "assessed_by")
        .order_by("-assessed_on", "-id")
    )


def _open_on(day: date) -> Q:
    return Q(assessed_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def risk_assessment_current_for(person: Person) -> RiskAssessment | None:
    """The latest assessment that is still open. The caller has already been allowed to see the person."""
    return _assessments_of(person).filter(closed_on__isnull=True).first()


def risk_assessment_is_up_to_date(person: Person, as_at: date) -> bool:
    """Whether, on ``as_at``, the person had an open assessment made within the month before."""
    return (
        RiskAssessment.objects.filter(person=person)
        .filter(_open_on(as_at), assessed_on__gte=add_months(as_at, -1))
        .exists()
    )


def risk_assessment_review_overdue(assessment: RiskAssessment | None, today: date | None = None) -> bool:
    if assessment is None or assessment.closed_on is not None:
        return False
    return assessment.next_review_due < (today or timezone.localdate())


def risk_assessment_list_for(user: Any, person_id: int) -> RiskHistory:
    """A person's risk assessments, newest first, if the user has a need to know (audited)."""
    person = person_get_for(user, person_id, purpose="Risk assessments")
    assessments = list(_assessments_of(person))
    current = next((assessment for assessment in assessments if assessment.closed_on is None), None)
    return RiskHistory(
        person=person,
        assessments=assessments,
        current=current,
        review_overdue=risk_assessment_review_overdue(current),
        can_record=can_record_risk_assessment(getattr(user, "role", "")),
    )


def risk_assessment_get_for(user: Any, assessment_id: int, *, purpose: str = "") -> RiskAssessment:
    """One assessment, if the user may see its person. A missing one is refused the same way,
    so the answer says nothing about which assessments exist."""
    assessment = (
        RiskAssessment.objects.select_related("agency", "assessed_by", "person")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        audit_refusal(
            actor=user,
            object_type="risk_assessment",
            object_id=assessment_id,
            reason="no such risk assessment",
        )
        raise AccessRefused("You do not have a need to know about this record.")
    person_get_for(user, assessment.person_id, purpose=purpose or "Risk assessment")
    return assessment


def risk_assessment_chronology_for(person: Person) -> list[RiskAssessment]:
    """For the chronology provider, which is only called once the user may see the person."""
    return list(_assessments_of(person))
