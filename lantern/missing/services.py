"""Recording missing episodes, gradings, return home interviews and Philomena profiles.

Every write is audited in its own transaction. The views have already checked that the user may
see the record; these check what the user's role may do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.missing.models import (
    EpisodeStatus,
    HowReturned,
    InterviewAttempt,
    InterviewOutcome,
    MissingEpisode,
    PhilomenaProfile,
    PhilomenaShare,
    ReturnInterview,
    RiskGrade,
    RiskGrading,
)
from lantern.missing.rules import interview_due_at
from lantern.partnership.models import Agency
from lantern.people.models import Involvement, LawfulBasis, Person
from lantern.people.selectors import open_on
from lantern.people.services import share_record

EPISODE = "missing_episode"
INTERVIEW = "return_interview"
PROFILE = "philomena_profile"

INTERVIEW_FINDINGS = (
    "before",
    "during",
    "after",
    "push_factors",
    "pull_factors",
    "where_went",
    "who_with",
    "how_travelled",
    "harm_or_threats",
    "what_would_help",
    "childs_words",
)
PROFILE_FIELDS = (
    "description",
    "photo_held_by",
    "associates",
    "places_frequented",
    "phones",
    "social_media",
    "transport",
    "medical_needs",
)


def _refuse_unless(
    allowed: bool, actor: Any, object_type: str, object_id: object, person_id: int, why: str
) -> None:
    if not allowed:
        audit_refusal(
            actor=actor, object_type=object_type, object_id=object_id, person_id=person_id, reason=why
        )
        raise AccessRefused("Your role cannot do this.")


def _is_casework(actor: Any) -> bool:
    return getattr(actor, "role", "") in CASEWORK_ROLES


def can_regrade(actor: Any) -> bool:
    """Grading the risk of a missing child is the police's decision (College of Policing grades)."""
    return getattr(actor, "role", "") == Role.EXPLOITATION_POLICE


def _check_version(current: Any, expected_version: int) -> None:
    if current.version != expected_version:
        raise ConflictingEdit(current.version)


def _not_in_future(moment: datetime | None, field: str, label: str, errors: dict[str, list[str]]) -> None:
    if moment is not None and moment > timezone.now():
        errors[field] = [f"{label} must be now or in the past"]


# --- Episodes ------------------------------------------------------------------------------


def episode_create(
    *,
    actor: Any,
    person: Person,
    missing_from: str,
    reported_at: datetime,
    risk_grade: str,
    last_seen_at: datetime | None = None,
    last_seen_where: str = "",
    clothing: str = "",
    circumstances: str = "",
    grade_reason: str = "",
) -> MissingEpisode:
    _refuse_unless(_is_casework(actor), actor, EPISODE, "", person.pk, "role may not record missing episodes")
    errors: dict[str, list[str]] = {}
    if risk_grade not in RiskGrade.values:
        errors["risk_grade"] = ["Choose the police risk grade"]
    _not_in_future(reported_at, "reported_at", "The time it was reported", errors)
    if last_seen_at is not None and last_seen_at > reported_at:
        errors["last_seen_at"] = ["The time last seen must be before the time it was reported"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        episode = MissingEpisode.objects.create(
            person=person,
            missing_from=missing_from,
            reported_at=reported_at,
            reported_by=getattr(actor, "agency", None),
            recorded_by=actor,
            risk_grade=risk_grade,
            last_seen_at=last_seen_at,
            last_seen_where=last_seen_where.strip(),
            clothing=clothing.strip(),
            circumstances=circumstances.strip(),
        )
        RiskGrading.objects.create(
            episode=episode,
            grade=risk_grade,
            graded_at=reported_at,
            graded_by=actor,
            reason=grade_reason.strip(),
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=EPISODE,
            object_id=episode.pk,
            person_id=person.pk,
            detail={"missing_from": missing_from, "risk_grade": risk_grade},
        )
    return episode


def episode_regrade(
    *, actor: Any, episode: MissingEpisode, grade: str, reason: str, expected_version: int
) -> MissingEpisode:
    _refuse_unless(
        can_regrade(actor), actor, EPISODE, episode.pk, episode.person_id, "only police grade risk"
    )
    with transaction.atomic():
        current = lock_version(MissingEpisode, pk=episode.pk, expected_version=expected_version)
        errors: dict[str, list[str]] = {}
        if not current.is_open:
            errors["grade"] = ["This episode is closed: the child has returned"]
        elif grade not in RiskGrade.values:
            errors["grade"] = ["Choose the police risk grade"]
        elif grade == current.risk_grade:
            errors["grade"] = ["Choose a grade different from the current one"]
        if not reason.strip():
            errors["reason"] = ["Enter why the grade has changed"]
        if errors:
            raise ValidationFailed(errors)
        previous = current.risk_grade
        RiskGrading.objects.create(
            episode=current, grade=grade, graded_at=timezone.now(), graded_by=actor, reason=reason.strip()
        )
        save_new_version(current, {"risk_grade": grade})
        audit_record(
            actor=actor,
            action="update",
            object_type=EPISODE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Re-graded the risk",
            detail={"from": previous, "to": grade},
        )
    return current


def _involve_provider(actor: Any, person: Person, provider: Agency) -> None:
    """The provider needs to know the child to offer the interview: it becomes involved."""
    already = Involvement.objects.filter(
        open_on(timezone.localdate()), person=person, agency=provider
    ).exists()
    if not already:
        involvement = Involvement.objects.create(
            person=person,
            agency=provider,
            role="Return home interview",
            start=timezone.localdate(),
            source_agency=getattr(actor, "agency", None),
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="involvement",
            object_id=involvement.pk,
            person_id=person.pk,
            detail={"agency": provider.code, "reason": "return home interview provider"},
        )


def episode_close(
    *,
    actor: Any,
    episode: MissingEpisode,
    returned_at: datetime,
    found_where: str,
    found_postcode: str,
    found_with: Iterable[Person],
    how_returned: str,
    safe_and_well_check_at: datetime | None,
    safe_and_well_check_by: str,
    provider: Agency | None,
    expected_version: int,
) -> MissingEpisode:
    """Record the child's return. The return home interview is created, due 72 hours later."""
    _refuse_unless(
        _is_casework(actor), actor, EPISODE, episode.pk, episode.person_id, "role may not close episodes"
    )
    with transaction.atomic():
        current = lock_version(
            MissingEpisode.objects.select_related("person"), pk=episode.pk, expected_version=expected_version
        )
        errors: dict[str, list[str]] = {}
        if not current.is_open:
            errors["returned_at"] = ["This episode is already closed"]
        elif returned_at < (current.last_seen_at or current.reported_at):
            errors["returned_at"] = ["The time of return must be after the child was last seen"]
        _not_in_future(returned_at, "returned_at", "The time of return", errors)
        _not_in_future(safe_and_well_check_at, "safe_and_well_check_at", "The safe and well check", errors)
        if how_returned and how_returned not in HowReturned.values:
            errors["how_returned"] = ["Choose how they returned"]
        if errors:
            raise ValidationFailed(errors)
        save_new_version(
            current,
            {
                "returned_at": returned_at,
                "found_where": found_where.strip(),
                "found_postcode": found_postcode.strip().upper(),
                "how_returned": how_returned,
                "safe_and_well_check_at": safe_and_well_check_at,
                "safe_and_well_check_by": safe_and_well_check_by.strip(),
                "status": EpisodeStatus.CLOSED,
            },
        )
        found_with = list(found_with)
        current.found_with.set(found_with)
        interview = ReturnInterview.objects.create(
            episode=current, person=current.person, due_at=interview_due_at(returned_at), provider=provider
        )
        if provider is not None:
            _involve_provider(actor, current.person, provider)
        audit_record(
            actor=actor,
            action="update",
            object_type=EPISODE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Recorded the child's return",
            detail={
                "returned_at": returned_at.isoformat(),
                "found_with": [person.pk for person in found_with],
                "return_interview": interview.pk,
                "provider": provider.code if provider else None,
            },
        )
    return current


# --- Return home interviews ----------------------------------------------------------------


def _refuse_unless_may_interview(actor: Any, interview: ReturnInterview) -> None:
    _refuse_unless(
        _is_casework(actor),
        actor,
        INTERVIEW,
        interview.pk,
        interview.episode.person_id,
        "role may not record return interviews",
    )


def interview_record_attempt(
    *, actor: Any, interview: ReturnInterview, attempted_at: datetime, note: str, expected_version: int
) -> ReturnInterview:
    """The interview was offered and declined: record the attempt; attempts can go on."""
    _refuse_unless_may_interview(actor, interview)
    with transaction.atomic():
        current = lock_version(
            ReturnInterview.objects.select_related("episode"),
            pk=interview.pk,
            expected_version=expected_version,
        )
        errors: dict[str, list[str]] = {}
        if current.completed_at is not None:
            errors["attempted_at"] = ["The interview has already been completed"]
        elif current.episode.returned_at and attempted_at < current.episode.returned_at:
            errors["attempted_at"] = ["The attempt must be after the child returned"]
        _not_in_future(attempted_at, "attempted_at", "The attempt", errors)
        if errors:
            raise ValidationFailed(errors)
        attempt = InterviewAttempt.objects.create(
            interview=current, attempted_at=attempted_at, note=note.strip(), recorded_by=actor
        )
        save_new_version(
            current,
            {"offered_at": current.offered_at or attempted_at, "outcome": InterviewOutcome.DECLINED},
        )
        audit_record(
            actor=actor,
            action="update",
            object_type=INTERVIEW,
            object_id=current.pk,
            person_id=current.episode.person_id,
            purpose="Recorded a declined offer of a return interview",
            detail={"attempt": attempt.pk, "attempted_at": attempted_at.isoformat()},
        )
    return current


def interview_complete(
    *,
    actor: Any,
    interview: ReturnInterview,
    offered_at: datetime,
    completed_at: datetime,
    interviewer: str,
    people_named: Iterable[Person],
    expected_version: int,
    **findings: str,
) -> ReturnInterview:
    _refuse_unless_may_interview(actor, interview)
    unknown = set(findings) - set(INTERVIEW_FINDINGS)
    if unknown:
        raise ValidationFailed({"__all__": [f"Unknown findings: {', '.join(sorted(unknown))}"]})
    with transaction.atomic():
        current = lock_version(
            ReturnInterview.objects.select_related("episode"),
            pk=interview.pk,
            expected_version=expected_version,
        )
        errors: dict[str, list[str]] = {}
        returned_at = current.episode.returned_at
        if current.completed_at is not None:
            errors["completed_at"] = ["The interview has already been completed"]
        elif completed_at < offered_at:
            errors["completed_at"] = ["The interview must be completed on or after it was offered"]
        if returned_at and offered_at < returned_at:
            errors["offered_at"] = ["The offer must be after the child returned"]
        _not_in_future(completed_at, "completed_at", "The time of the interview", errors)
        if not interviewer.strip():
            errors["interviewer"] = ["Enter who carried out the interview"]
        if errors:
            raise ValidationFailed(errors)
        save_new_version(
            current,
            {
                "offered_at": current.offered_at or offered_at,
                "completed_at": completed_at,
                "outcome": InterviewOutcome.ACCEPTED,
                "interviewer": interviewer.strip(),
                "recorded_by": actor,
                **{name: findings.get(name, "").strip() for name in INTERVIEW_FINDINGS},
            },
        )
        named = list(people_named)
        current.people_named.set(named)
        audit_record(
            actor=actor,
            action="update",
            object_type=INTERVIEW,
            object_id=current.pk,
            person_id=current.episode.person_id,
            purpose="Recorded the return home interview",
            detail={
                "completed_at": completed_at.isoformat(),
                "late": current.completed_late,
                "people_named": [person.pk for person in named],
            },
        )
    return current


# --- Philomena profile ---------------------------------------------------------------------


def philomena_save(*, actor: Any, person: Person, expected_version: int, **fields: str) -> PhilomenaProfile:
    """Create or update part 1 of the profile (expected_version 0 when there is none yet)."""
    _refuse_unless(_is_casework(actor), actor, PROFILE, "", person.pk, "role may not keep Philomena profiles")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed({"__all__": [f"Unknown fields: {', '.join(sorted(unknown))}"]})
    with transaction.atomic():
        profile = PhilomenaProfile.objects.select_for_update().filter(person=person).first()
        if profile is None:
            if expected_version != 0:
                raise ConflictingEdit(0)
            profile = PhilomenaProfile(person=person, version=0)
        else:
            _check_version(profile, expected_version)
        for name in PROFILE_FIELDS:
            setattr(profile, name, fields.get(name, "").strip())
        profile.updated_by = actor
        profile.version += 1
        profile.save()
        audit_record(
            actor=actor,
            action="create" if profile.version == 1 else "update",
            object_type=PROFILE,
            object_id=profile.pk,
            person_id=person.pk,
            detail={"version": profile.version},
        )
    return profile


def philomena_produce(
    *, actor: Any, episode: MissingEpisode, to_agency: Agency, lawful_basis: str, purpose: str
) -> PhilomenaShare:
    """Produce the profile for the police. Shared by another agency it is a people ShareDecision
    (which makes the police involved); produced by the police themselves it is audited here."""
    _refuse_unless(_is_casework(actor), actor, PROFILE, episode.pk, episode.person_id, "role may not share")
    errors: dict[str, list[str]] = {}
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = ["Choose the lawful basis for sharing"]
    if not purpose.strip():
        errors["purpose"] = ["Enter why you are sharing the profile"]
    if errors:
        raise ValidationFailed(errors)
    what = f"Philomena profile (parts 1 and 2) for missing episode {episode.pk}"
    with transaction.atomic():
        decision = None
        if getattr(actor, "agency_id", None) != to_agency.pk:
            decision = share_record(
                actor=actor,
                person=episode.person,
                to_agency=to_agency,
                lawful_basis=lawful_basis,
                purpose=purpose,
                what_shared=what,
                role="Missing person enquiry",
            )
        share = PhilomenaShare.objects.create(
            episode=episode,
            to_agency=to_agency,
            lawful_basis=lawful_basis,
            purpose=purpose.strip(),
            produced_by=actor,
            produced_at=timezone.now(),
            share_decision=decision,
        )
        if decision is None:
            audit_record(
                actor=actor,
                action="share",
                object_type=PROFILE,
                object_id=share.pk,
                person_id=episode.person_id,
                purpose=share.purpose,
                detail={"to_agency": to_agency.code, "lawful_basis": lawful_basis, "episode": episode.pk},
            )
    return share
