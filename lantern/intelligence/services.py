"""Every write about intelligence, disruption and NRM: one transaction each, with its audit row.
Audit rows name fields and ids, never the words of a report."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.contexts.models import Context
from lantern.core.errors import ValidationFailed
from lantern.core.versioning import lock_version, save_new_version, versioned_update
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Entity,
    EntityKind,
    Handling,
    InformationGrade,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonOfConcern,
    PersonRole,
    ReceivedVia,
    ReportStatus,
    ReportSubject,
    ShareDecision,
    SourceGrade,
    SubjectKind,
)
from lantern.intelligence.normalise import (
    looks_like_markup,
    normalise_handle,
    normalise_nickname,
    normalise_uk_phone,
    normalise_vrm,
)
from lantern.partnership.models import Agency
from lantern.people.models import LawfulBasis, Person
from lantern.people.selectors import age_on, person_visible_for

MAX_TEXT = 5000
MARKUP_MESSAGE = (
    "Remove web code such as < and > around words, 'javascript:' or '&#': write what you saw "
    "or heard in plain words"
)
MOBILE_PREFIX = "07"


@dataclass
class SubjectInput:
    kind: str
    person_id: int | None = None
    person_role: str = ""
    description: str = ""
    nickname: str = ""
    context_id: int | None = None
    location_text: str = ""
    postcode: str = ""
    vrm: str = ""
    vehicle_make: str = ""
    vehicle_colour: str = ""
    phone_number: str = ""
    deal_line: bool = False
    platform: str = ""
    handle: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubjectInput:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    def texts(self) -> list[str]:
        return [
            self.description,
            self.nickname,
            self.location_text,
            self.postcode,
            self.vrm,
            self.vehicle_make,
            self.vehicle_colour,
            self.phone_number,
            self.platform,
            self.handle,
        ]


# --- Entities ---------------------------------------------------------------------------------


def entity_key_for(subject: SubjectInput) -> tuple[str, str, str] | None:
    """(kind, normalised key, label) of the entity a subject names, if it names one."""
    if subject.kind == SubjectKind.VEHICLE and subject.vrm:
        key = normalise_vrm(subject.vrm)
        return (EntityKind.VEHICLE, key, key) if key else None
    if subject.kind == SubjectKind.PHONE and subject.phone_number:
        key = normalise_uk_phone(subject.phone_number)
        return (EntityKind.PHONE, key, key) if key else None
    if subject.kind == SubjectKind.ONLINE_ACCOUNT and subject.handle:
        key = normalise_handle(subject.platform, subject.handle)
        return (
            (EntityKind.ONLINE_ACCOUNT, key, f"{subject.platform} {subject.handle}".strip()) if key else None
        )
    if subject.kind == SubjectKind.PERSON and subject.nickname:
        key = normalise_nickname(subject.nickname)
        return (EntityKind.NICKNAME, key, subject.nickname.strip()) if key else None
    return None


def entity_match(kind: str, key: str) -> Entity | None:
    """The known entity with this normalised key: one lookup on the unique (kind, key) index."""
    return Entity.objects.filter(kind=kind, key=key).first()


def _entity_for(subject: SubjectInput) -> Entity | None:
    found = entity_key_for(subject)
    if found is None:
        return None
    kind, key, label = found
    entity, _created = Entity.objects.get_or_create(kind=kind, key=key, defaults={"label": label[:200]})
    return entity


# --- Checking what was typed -------------------------------------------------------------------


def _check_subject(actor: Any, subject: SubjectInput, index: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    prefix = f"subjects.{index}."
    if subject.kind not in SubjectKind.values:
        errors[prefix + "kind"] = ["Choose what the subject is"]
        return errors
    if subject.kind == SubjectKind.VEHICLE and not normalise_vrm(subject.vrm):
        errors[prefix + "vrm"] = ["Enter the registration, for example AB12 CDE"]
    if subject.kind == SubjectKind.PHONE and not normalise_uk_phone(subject.phone_number):
        errors[prefix + "phone_number"] = ["Enter a UK phone number, for example 07700 900123"]
    if subject.kind == SubjectKind.ONLINE_ACCOUNT and not normalise_handle(subject.platform, subject.handle):
        errors[prefix + "handle"] = ["Enter the account name or handle"]
    if subject.kind == SubjectKind.PERSON:
        if subject.person_id is None and not (subject.description or subject.nickname):
            errors[prefix + "description"] = ["Describe the person or give a nickname"]
        if subject.person_id is not None and person_visible_for(actor, subject.person_id) is None:
            errors[prefix + "person_id"] = ["Enter the record number of a person you have access to"]
        if subject.person_role and subject.person_role not in PersonRole.values:
            errors[prefix + "person_role"] = ["Choose who the person is"]
    if subject.kind == SubjectKind.LOCATION:
        if subject.context_id is None and not (subject.location_text or subject.postcode):
            errors[prefix + "location_text"] = ["Describe the place or give a postcode"]
        if subject.context_id is not None and not Context.objects.filter(pk=subject.context_id).exists():
            errors[prefix + "context_id"] = ["Choose a place from the list"]
    if any(looks_like_markup(text) for text in subject.texts()):
        errors[prefix + "description"] = [MARKUP_MESSAGE]
    return errors


def _check_text(name: str, text: str, errors: dict[str, list[str]], *, required: bool = False) -> None:
    if required and not text.strip():
        errors[name] = ["Enter what you saw or heard"]
    elif len(text) > MAX_TEXT:
        errors[name] = [f"Must be {MAX_TEXT} characters or fewer"]
    elif looks_like_markup(text):
        errors[name] = [MARKUP_MESSAGE]


def _subject_row(report: IntelligenceReport, subject: SubjectInput, actor: Any) -> ReportSubject:
    postcode = subject.postcode.strip().upper()
    vrm = normalise_vrm(subject.vrm) if subject.kind == SubjectKind.VEHICLE else ""
    phone = normalise_uk_phone(subject.phone_number) if subject.kind == SubjectKind.PHONE else ""
    return ReportSubject.objects.create(
        report=report,
        kind=subject.kind,
        entity=_entity_for(subject),
        person_id=subject.person_id,
        person_role=subject.person_role or (PersonRole.OTHER if subject.kind == SubjectKind.PERSON else ""),
        description=subject.description.strip()[:500],
        nickname=subject.nickname.strip()[:100],
        context_id=subject.context_id,
        location_text=subject.location_text.strip()[:300],
        postcode=postcode[:10],
        vrm=vrm,
        vehicle_make=subject.vehicle_make.strip()[:60],
        vehicle_colour=subject.vehicle_colour.strip()[:40],
        phone_number=phone,
        deal_line=subject.deal_line and subject.kind == SubjectKind.PHONE,
        platform=subject.platform.strip()[:60],
        handle=subject.handle.strip()[:100],
        linked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- Reports ----------------------------------------------------------------------------------


def report_create(
    *,
    actor: Any,
    text: str,
    source_details: str = "",
    occurred_on: date | None = None,
    subjects: list[SubjectInput] | None = None,
) -> IntelligenceReport:
    """A practitioner's report. It goes to the police ungraded."""
    subjects = subjects or []
    errors: dict[str, list[str]] = {}
    _check_text("text", text, errors, required=True)
    _check_text("source_details", source_details, errors)
    for index, subject in enumerate(subjects):
        errors.update(_check_subject(actor, subject, index))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        report = IntelligenceReport.objects.create(
            received_via=ReceivedVia.PRACTITIONER,
            reporter=actor,
            reporter_agency=actor.agency,
            original_text=text.strip(),
            source_details=source_details.strip(),
            occurred_on=occurred_on,
        )
        for subject in subjects:
            _subject_row(report, subject, actor)
        audit_record(
            actor=actor,
            action="create",
            object_type="intelligence_report",
            object_id=report.pk,
            detail={"received_via": report.received_via, "subjects": [s.kind for s in subjects]},
        )
    return report


def public_report_create(
    *, text: str, contact: str = "", subjects: list[SubjectInput] | None = None
) -> IntelligenceReport:
    """A member of the public's report: no account, no person records, nothing said back."""
    subjects = [s for s in (subjects or []) if s.kind != SubjectKind.PERSON or not s.person_id]
    errors: dict[str, list[str]] = {}
    _check_text("text", text, errors, required=True)
    _check_text("contact", contact, errors)
    for index, subject in enumerate(subjects):
        subject.context_id = None
        errors.update(_check_subject(None, subject, index))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        report = IntelligenceReport.objects.create(
            received_via=ReceivedVia.PUBLIC, original_text=text.strip(), source_details=contact.strip()
        )
        for subject in subjects:
            _subject_row(report, subject, None)
        audit_record(
            actor=None,
            username="public",
            action="create",
            object_type="intelligence_report",
            object_id=report.pk,
            detail={"received_via": report.received_via, "subjects": [s.kind for s in subjects]},
        )
    return report


def report_grade(
    *,
    actor: Any,
    report: IntelligenceReport,
    expected_version: int,
    source_grade: str,
    information_grade: str,
    handling: str,
    handling_conditions: str = "",
    sanitised_text: str,
) -> IntelligenceReport:
    """3x5x2 grading (DESIGN.md §6.7): handling C needs its conditions recorded."""
    errors: dict[str, list[str]] = {}
    if source_grade not in SourceGrade.values:
        errors["source_grade"] = ["Choose the source evaluation: 1, 2 or 3"]
    if information_grade not in InformationGrade.values:
        errors["information_grade"] = ["Choose the intelligence assessment: A to E"]
    if handling not in Handling.values:
        errors["handling"] = ["Choose the handling code: P or C"]
    if handling == Handling.C and not handling_conditions.strip():
        errors["handling_conditions"] = ["Enter the conditions for sharing: handling code C needs them"]
    if handling == Handling.P and handling_conditions.strip():
        errors["handling_conditions"] = ["Conditions are only recorded with handling code C"]
    if not sanitised_text.strip():
        errors["sanitised_text"] = [
            "Enter the sanitised version: what can be shared without identifying the source"
        ]
    else:
        _check_text("sanitised_text", sanitised_text, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = lock_version(IntelligenceReport, pk=report.pk, expected_version=expected_version)
        regrade = current.status == ReportStatus.GRADED
        save_new_version(
            current,
            {
                "source_grade": source_grade,
                "information_grade": information_grade,
                "handling": handling,
                "handling_conditions": handling_conditions.strip(),
                "sanitised_text": sanitised_text.strip(),
                "status": ReportStatus.GRADED,
                "graded_by": actor,
                "graded_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor,
            action="update",
            object_type="intelligence_report",
            object_id=current.pk,
            detail={"grading": current.grading, "regrade": regrade},
        )
    return current


def report_subject_add(*, actor: Any, report: IntelligenceReport, subject: SubjectInput) -> ReportSubject:
    """Police link a person (a child or an adult of concern) or another subject to a report."""
    errors = _check_subject(actor, subject, 0)
    if errors:
        raise ValidationFailed({key.split(".")[-1]: value for key, value in errors.items()})
    with transaction.atomic():
        row = _subject_row(report, subject, actor)
        if row.person_id is not None and row.person_role == PersonRole.ADULT_OF_CONCERN:
            _mark_person_of_concern(actor, row.person_id)
        audit_record(
            actor=actor,
            action="update",
            object_type="intelligence_report",
            object_id=report.pk,
            person_id=row.person_id,
            detail={"linked": row.kind, "person_role": row.person_role},
        )
    return row


def _mark_person_of_concern(actor: Any, person_id: int) -> None:
    record, created = PersonOfConcern.objects.get_or_create(
        person_id=person_id, defaults={"recorded_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action="create",
            object_type="person_of_concern",
            object_id=record.pk,
            person_id=person_id,
        )


def share_decision_record(
    *,
    actor: Any,
    report: IntelligenceReport,
    to_agency: Agency,
    shared: bool,
    lawful_basis: str = "",
    purpose: str = "",
    what_shared: str = "",
    reasons_not_shared: str = "",
) -> ShareDecision:
    """Record who the sanitised report went to, what and why — or why it was not shared."""
    errors: dict[str, list[str]] = {}
    if report.status != ReportStatus.GRADED:
        errors["shared"] = ["Grade and sanitise the report before deciding whether to share it"]
    if shared:
        if lawful_basis not in LawfulBasis.values:
            errors["lawful_basis"] = ["Choose the lawful basis for sharing"]
        if not purpose.strip():
            errors["purpose"] = ["Enter why you are sharing it"]
    elif not reasons_not_shared.strip():
        errors["reasons_not_shared"] = ["Enter why you decided not to share it"]
    for name, text in (
        ("purpose", purpose),
        ("what_shared", what_shared),
        ("reasons_not_shared", reasons_not_shared),
    ):
        if name not in errors:
            _check_text(name, text, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        decision = ShareDecision.objects.create(
            report=report,
            to_agency=to_agency,
            shared=shared,
            lawful_basis=lawful_basis if shared else "",
            purpose=purpose.strip(),
            what_shared=(what_shared.strip() or "The sanitised report and its grading") if shared else "",
            reasons_not_shared="" if shared else reasons_not_shared.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="share" if shared else "share_declined",
            object_type="intelligence_report",
            object_id=report.pk,
            purpose=decision.purpose,
            detail={
                "to_agency": to_agency.code,
                "lawful_basis": decision.lawful_basis,
                "decision": decision.pk,
            },
        )
    return decision


# --- Disruption -------------------------------------------------------------------------------


def default_expiry(disruption_type: DisruptionType, happened_on: date) -> date | None:
    if disruption_type.default_duration_days is None:
        return None
    return happened_on + timedelta(days=disruption_type.default_duration_days)


def disruption_create(
    *,
    actor: Any,
    disruption_type: DisruptionType,
    happened_on: date,
    agency: Agency,
    target_person: Person | None = None,
    target_context: Context | None = None,
    protected_child: Person | None = None,
    outcome: str = "",
    expires_on: date | None = None,
    report: IntelligenceReport | None = None,
) -> Disruption:
    """A disruption against a person or a place; orders get their usual duration if no expiry."""
    errors: dict[str, list[str]] = {}
    if target_person is None and target_context is None:
        errors["target_person"] = ["Choose the person or the place the disruption is against"]
    if expires_on is not None and expires_on < happened_on:
        errors["expires_on"] = ["The expiry date must be on or after the date of the disruption"]
    _check_text("outcome", outcome, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        disruption = Disruption.objects.create(
            disruption_type=disruption_type,
            target_person=target_person,
            target_context=target_context,
            protected_child=protected_child,
            happened_on=happened_on,
            agency=agency,
            outcome=outcome.strip(),
            expires_on=expires_on or default_expiry(disruption_type, happened_on),
            report=report,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="disruption",
            object_id=disruption.pk,
            person_id=target_person.pk if target_person else None,
            detail={"type": disruption_type.code, "expires_on": disruption.expires_on},
        )
    return disruption


# --- NRM referrals ----------------------------------------------------------------------------

YOUNG_ADULT_MAX_AGE = 25
ADULT_AGE = 18


def _check_decision(name: str, decision: str, on: date | None, errors: dict[str, list[str]]) -> None:
    if decision not in NrmDecision.values:
        errors[name] = ["Choose the decision"]
    elif decision != NrmDecision.PENDING and on is None:
        errors[f"{name}_on"] = ["Enter the date of the decision"]
    elif decision == NrmDecision.PENDING and on is not None:
        errors[f"{name}_on"] = ["Only give a date once the decision is made"]


def _check_nrm(
    person: Person,
    submitted_at: datetime,
    consent_given: bool | None,
    fields_: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    age = age_on(person.date_of_birth, timezone.localtime(submitted_at).date())
    if age is not None and age >= YOUNG_ADULT_MAX_AGE:
        errors["person"] = ["NRM referrals here are for children and young adults (under 25)"]
    if (age is None or age >= ADULT_AGE) and consent_given is not True:
        errors["consent_given"] = [
            "A young adult (18 or over) must consent to an NRM referral: record their consent"
        ]
    _check_decision(
        "reasonable_grounds", fields_["reasonable_grounds_decision"], fields_["reasonable_grounds_on"], errors
    )
    _check_decision(
        "conclusive_grounds", fields_["conclusive_grounds_decision"], fields_["conclusive_grounds_on"], errors
    )
    if (
        fields_["conclusive_grounds_decision"] != NrmDecision.PENDING
        and fields_["reasonable_grounds_decision"] != NrmDecision.POSITIVE
    ):
        errors["conclusive_grounds_decision"] = [
            "A conclusive-grounds decision follows a positive reasonable-grounds decision"
        ]
    if fields_["guardian_allocated"] and fields_["guardian_allocated_on"] is None:
        errors["guardian_allocated_on"] = ["Enter the date the guardian was allocated"]
    _check_text("notes", fields_["notes"], errors)


NRM_DEFAULTS: dict[str, Any] = {
    "reasonable_grounds_decision": NrmDecision.PENDING,
    "reasonable_grounds_on": None,
    "conclusive_grounds_decision": NrmDecision.PENDING,
    "conclusive_grounds_on": None,
    "guardian_allocated": False,
    "guardian_allocated_on": None,
    "notes": "",
}


def nrm_referral_create(
    *,
    actor: Any,
    person: Person,
    first_responder_agency: Agency,
    submitted_at: datetime,
    consent_given: bool | None = None,
    **decisions: Any,
) -> NrmReferral:
    fields_ = {**NRM_DEFAULTS, **decisions}
    errors: dict[str, list[str]] = {}
    _check_nrm(person, submitted_at, consent_given, fields_, errors)
    if submitted_at > timezone.now():
        errors["submitted_at"] = ["The date submitted must be today or in the past"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        referral = NrmReferral.objects.create(
            person=person,
            first_responder_agency=first_responder_agency,
            submitted_at=submitted_at,
            consent_given=consent_given,
            consent_recorded_on=timezone.localdate() if consent_given is not None else None,
            recorded_by=actor,
            **fields_,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="nrm_referral",
            object_id=referral.pk,
            person_id=person.pk,
            detail={"first_responder": first_responder_agency.code},
        )
    return referral


def nrm_referral_update(
    *, actor: Any, referral: NrmReferral, expected_version: int, **decisions: Any
) -> NrmReferral:
    """Record the reasonable- and conclusive-grounds decisions and the guardian."""
    fields_ = {**NRM_DEFAULTS, **decisions}
    errors: dict[str, list[str]] = {}
    _check_nrm(referral.person, referral.submitted_at, referral.consent_given, fields_, errors)
    errors.pop("person", None)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        update = versioned_update(
            NrmReferral, pk=referral.pk, expected_version=expected_version, changes=fields_
        )
        current, changed = update.record, list(update.changed)
        audit_record(
            actor=actor,
            action="update",
            object_type="nrm_referral",
            object_id=current.pk,
            person_id=current.person_id,
            detail={"fields": changed},
        )
    return current
