"""Writing safety plans (each save a new, kept version) and transition plans to adult services."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.contexts.models import Context
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.meetings.models import Consent, SafetyPlan, SafetyPlanVersion, TransitionPlan, TransitionStatus
from lantern.people.models import Person

SAFETY_PLAN = "safety_plan"
TRANSITION_PLAN = "transition_plan"
PLAN_TEXT_FIELDS = (
    "young_persons_words",
    "strengths",
    "worries",
    "family_says",
    "family_will_do",
    "agency_actions",
    "family_actions",
)


def safety_plan_save(
    *,
    actor: Any,
    person: Person,
    expected_version: int,
    review_on: date,
    contexts: Iterable[Context] = (),
    **texts: str,
) -> SafetyPlanVersion:
    """Save a new version. The caller has been allowed to see the person (``person_get_for``).
    ``expected_version`` is 0 for a first plan."""
    if not texts.get("young_persons_words", "").strip():
        raise ValidationFailed({"young_persons_words": ["Enter what the young person says, in their words"]})
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise ValidationFailed({field: ["Unknown field"] for field in sorted(unknown)})
    with transaction.atomic():
        plan = SafetyPlan.objects.select_for_update().filter(person=person).first()
        if plan is None:
            if expected_version != 0:
                raise ConflictingEdit(0)
            plan = SafetyPlan.objects.create(person=person, created_by=actor, version=1)
        else:
            if plan.version != expected_version:
                raise ConflictingEdit(plan.version)
            plan.version += 1
            plan.save(update_fields=["version", "updated_at"])
        saved = SafetyPlanVersion.objects.create(
            plan=plan,
            number=plan.version,
            review_on=review_on,
            saved_by=actor,
            **{field: texts.get(field, "").strip() for field in PLAN_TEXT_FIELDS},
        )
        saved.contexts.set(list(contexts))
        audit_record(
            actor=actor,
            action="create" if plan.version == 1 else "update",
            object_type=SAFETY_PLAN,
            object_id=plan.pk,
            person_id=person.pk,
            detail={"version": plan.version, "review_on": review_on.isoformat()},
        )
    return saved


def transition_plan_save(
    *,
    actor: Any,
    person: Person,
    expected_version: int,
    receiving_service: str,
    consent: str,
    target_handover_on: date,
    status: str,
    notes: str = "",
) -> TransitionPlan:
    """Create or update the person's transition plan; ``expected_version`` is 0 for a new one."""
    errors: dict[str, list[str]] = {}
    if not receiving_service.strip():
        errors["receiving_service"] = ["Enter the adult service receiving the young person"]
    if consent not in Consent.values:
        errors["consent"] = ["Choose whether the young person consents"]
    if status not in TransitionStatus.values:
        errors["status"] = ["Choose the status"]
    if errors:
        raise ValidationFailed(errors)
    fields = {
        "receiving_service": receiving_service.strip(),
        "consent": consent,
        "target_handover_on": target_handover_on,
        "status": status,
        "notes": notes.strip(),
    }
    with transaction.atomic():
        plan = TransitionPlan.objects.select_for_update().filter(person=person).first()
        if plan is None:
            if expected_version != 0:
                raise ConflictingEdit(0)
            plan = TransitionPlan.objects.create(person=person, created_by=actor, **fields)
        else:
            if plan.version != expected_version:
                raise ConflictingEdit(plan.version)
            for name, value in fields.items():
                setattr(plan, name, value)
            plan.version += 1
            plan.save()
        audit_record(
            actor=actor,
            action="create" if plan.version == 1 else "update",
            object_type=TRANSITION_PLAN,
            object_id=plan.pk,
            person_id=person.pk,
            detail={
                "status": status,
                "consent": consent,
                "target_handover_on": target_handover_on.isoformat(),
            },
        )
    return plan
