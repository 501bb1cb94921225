"""Making referrals to the front door and recording its decisions. Every write is audited."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.audit.services import audit_record, audit_refusal
from lantern.concerns.models import Concern
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_access_for
from lantern.referrals.models import Referral, ReferralDecision
from lantern.referrals.selectors import (
    OBJECT_TYPE,
    REFUSED,
    referral_by_submission_key,
    referral_may_decide,
)
from lantern.screening.models import Screening, ScreeningStatus

MIN_SUBMISSION_KEY_LENGTH = 16


def _refuse(actor: Any, *, object_id: object = "", person_id: int | None, reason: str) -> AccessRefused:
    audit_refusal(
        actor=actor, object_type=OBJECT_TYPE, object_id=object_id, person_id=person_id, reason=reason
    )
    return AccessRefused(REFUSED)


def consent_errors(
    *, consent_sought: bool | None, consent_given: bool | None, reason_without_consent: str
) -> dict[str, list[str]]:
    """Consent is sought and given, or there is a reason to go on without it: significant risk
    must not wait for consent."""
    errors: dict[str, list[str]] = {}
    if consent_sought is None:
        errors["consent_sought"] = ["Select yes if consent was sought"]
    if consent_given is None:
        errors["consent_given"] = ["Select yes if consent was given"]
    if consent_given and consent_sought is False:
        errors["consent_given"] = ["Consent cannot have been given if it was not sought"]
    if consent_given is False and not reason_without_consent.strip():
        errors["reason_without_consent"] = ["Enter why you are referring without consent"]
    return errors


def _creation_errors(
    *,
    person: Person,
    area_id: int | None,
    reason: str,
    consent_sought: bool | None,
    consent_given: bool | None,
    reason_without_consent: str,
    concern: Concern | None,
    screening: Screening | None,
) -> dict[str, list[str]]:
    errors = consent_errors(
        consent_sought=consent_sought,
        consent_given=consent_given,
        reason_without_consent=reason_without_consent,
    )
    if not reason.strip():
        errors["reason"] = ["Enter why you are referring"]
    if area_id is None:
        errors["__all__"] = [
            "The child's area is not known, so Lantern cannot tell which front door to refer to"
        ]
    if concern is not None and concern.person_id != person.pk:
        errors["concern"] = ["The concern is about someone else"]
    if screening is not None and (
        screening.person_id != person.pk or screening.status != ScreeningStatus.COMPLETED
    ):
        errors["screening"] = ["Only a completed screening of this person can go with the referral"]
    return errors


def referral_create(
    *,
    actor: Any,
    person: Person,
    submission_key: str,
    reason: str,
    consent_sought: bool | None,
    consent_given: bool | None,
    reason_without_consent: str = "",
    concern: Concern | None = None,
    screening: Screening | None = None,
) -> tuple[Referral, bool]:
    """Refer a person to the front door of their area. Returns the referral and whether it is new:
    submitting the same form (same ``submission_key``) again returns the first referral."""
    if not is_casework_user(actor) or actor.agency_id is None:
        raise _refuse(actor, person_id=person.pk, reason="role or account may not refer")
    if not person_access_for(actor, person).allowed:
        raise _refuse(actor, person_id=person.pk, reason="no need to know about the person")
    if len(submission_key) < MIN_SUBMISSION_KEY_LENGTH:
        raise ValidationFailed({"__all__": ["The form has expired: open the referral form again"]})
    earlier = _earlier_submission(actor, person, submission_key)
    if earlier is not None:
        return earlier, False
    area_id = person.area_id or actor.agency.area_id
    errors = _creation_errors(
        person=person,
        area_id=area_id,
        reason=reason,
        consent_sought=consent_sought,
        consent_given=consent_given,
        reason_without_consent=reason_without_consent,
        concern=concern,
        screening=screening,
    )
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                person=person,
                area_id=area_id,
                from_agency_id=actor.agency_id,
                referred_by=actor,
                screening=screening,
                concern=concern,
                reason=reason.strip(),
                consent_sought=bool(consent_sought),
                consent_given=bool(consent_given),
                reason_without_consent="" if consent_given else reason_without_consent.strip(),
                received_at=timezone.now(),
                submission_key=submission_key,
            )
            audit_record(
                actor=actor,
                action="create",
                object_type=OBJECT_TYPE,
                object_id=referral.pk,
                person_id=person.pk,
                detail={
                    "area": referral.area_id,
                    "consent_given": referral.consent_given,
                    "screening": screening.pk if screening else None,
                    "concern": concern.pk if concern else None,
                },
            )
    except IntegrityError:
        # Two submits of the same form raced each other; the other one made the referral.
        earlier = _earlier_submission(actor, person, submission_key)
        if earlier is None:
            raise
        return earlier, False
    return referral, True


def _earlier_submission(actor: Any, person: Person, submission_key: str) -> Referral | None:
    earlier = referral_by_submission_key(submission_key)
    if earlier is None:
        return None
    if earlier.referred_by_id != actor.pk or earlier.person_id != person.pk:
        raise ValidationFailed({"__all__": ["This form has already been used: open the referral form again"]})
    return earlier


def referral_decide(
    *, actor: Any, referral: Referral, decision: str, notes: str, expected_version: int
) -> Referral:
    """The front door records its decision, once, with who decided and when."""
    if not referral_may_decide(actor, referral):
        raise _refuse(actor, object_id=referral.pk, person_id=referral.person_id, reason="may not decide")
    with transaction.atomic():
        current = lock_version(Referral, pk=referral.pk, expected_version=expected_version)
        errors: dict[str, list[str]] = {}
        if current.decided_at is not None:
            errors["decision"] = ["A decision has already been recorded on this referral"]
        elif decision not in ReferralDecision.values:
            errors["decision"] = ["Choose the decision"]
        if errors:
            raise ValidationFailed(errors)
        save_new_version(
            current,
            {
                "decision": decision,
                "decision_notes": notes.strip(),
                "decided_at": timezone.now(),
                "decided_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Front door decision",
            detail={"decision": decision, "version": current.version},
        )
    return current
