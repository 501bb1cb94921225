"""Recording and closing risk assessments. Every write is audited in its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import can_record_risk_assessment
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.risk.models import ExploitationType, RiskAssessment
from lantern.risk.scale import default_review_due, level_label

OBJECT_TYPE = "risk_assessment"


def _refuse_unless_may_record(actor: Any, person_id: int, object_id: object = "") -> None:
    if not can_record_risk_assessment(getattr(actor, "role", "")):
        audit_refusal(
            actor=actor,
            object_type=OBJECT_TYPE,
            object_id=object_id,
            person_id=person_id,
            reason="role may not record risk assessments",
        )
        raise AccessRefused("Your role cannot record or close risk assessments.")


def _other_types_cleaned(exploitation_type: str, other_types: Iterable[str]) -> list[str]:
    """Known types, each once, in the catalogue's order, without repeating the primary type."""
    chosen = set(other_types)
    return [value for value in ExploitationType.values if value in chosen and value != exploitation_type]


def _creation_errors(
    *,
    assessed_on: date,
    exploitation_type: str,
    other_types: list[str],
    level: str,
    next_review_due: date | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    scale = risk_scale()
    if level not in scale:
        labels = ", ".join(level_label(value) for value in scale)
        errors["level"] = [f"Choose a level on the partnership's risk scale: {labels}"]
    if exploitation_type not in ExploitationType.values:
        errors["exploitation_type"] = ["Choose the primary type of exploitation"]
    unknown = sorted(set(other_types) - set(ExploitationType.values))
    if unknown:
        errors["other_types"] = [f"Unknown type of exploitation: {', '.join(unknown)}"]
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = ["The date of the assessment must be today or in the past"]
    if next_review_due is not None and next_review_due <= assessed_on:
        errors["next_review_due"] = ["The next review must be after the date of the assessment"]
    return errors


def risk_assessment_create(
    *,
    actor: Any,
    person: Person,
    assessed_on: date,
    exploitation_type: str,
    other_types: Iterable[str],
    level: str,
    summary: str,
    next_review_due: date | None = None,
) -> RiskAssessment:
    """Record a risk assessment. The next review defaults to the interval configured for the level."""
    _refuse_unless_may_record(actor, person.pk)
    other_types = list(other_types)
    errors = _creation_errors(
        assessed_on=assessed_on,
        exploitation_type=exploitation_type,
        other_types=other_types,
        level=level,
        next_review_due=next_review_due,
    )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            person=person,
            assessed_on=assessed_on,
            exploitation_type=exploitation_type,
            other_types=_other_types_cleaned(exploitation_type, other_types),
            level=level,
            summary=summary.strip(),
            next_review_due=next_review_due or default_review_due(level, assessed_on),
            agency=getattr(actor, "agency", None),
            assessed_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=OBJECT_TYPE,
            object_id=assessment.pk,
            person_id=person.pk,
            detail={
                "level": assessment.level,
                "exploitation_type": assessment.exploitation_type,
                "other_types": assessment.other_types,
                "assessed_on": assessment.assessed_on.isoformat(),
                "next_review_due": assessment.next_review_due.isoformat(),
            },
        )
    return assessment


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def risk_assessment_close(
    *, actor: Any, assessment: RiskAssessment, closed_on: date, reason: str, expected_version: int
) -> RiskAssessment:
    """Close an open assessment. Refused if someone else saved it since ``expected_version``."""
    _refuse_unless_may_record(actor, assessment.person_id, assessment.pk)
    with transaction.atomic():
        current = lock_version(RiskAssessment, pk=assessment.pk, expected_version=expected_version)
        errors: dict[str, list[str]] = {}
        if current.closed_on is not None:
            errors["closed_on"] = [
                f"This risk assessment was already closed on {_long_date(current.closed_on)}"
            ]
        elif closed_on < current.assessed_on:
            errors["closed_on"] = ["The date it closed must be on or after the date of the assessment"]
        elif closed_on > timezone.localdate():
            errors["closed_on"] = ["The date it closed must be today or in the past"]
        if not reason.strip():
            errors["reason"] = ["Enter why the risk assessment is being closed"]
        if errors:
            raise ValidationFailed(errors)
        save_new_version(current, {"closed_on": closed_on, "closed_reason": reason.strip()})
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Closed the risk assessment",
            detail={"closed_on": closed_on.isoformat(), "version": current.version},
        )
    return current
