"""Lantern's records in interchange shape (the inverse of an import).

A record that came from another system keeps its source pair. A record created in Lantern
itself is given one that never changes: the agency that created it (or "lantern" when no agency
did) and ``lantern-<id>``. Importing that export elsewhere, or back here, finds the same record.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from lantern.concerns.models import Concern
from lantern.contexts.models import Context, ContextLink
from lantern.intelligence.models import Disruption, IntelligenceReport, NrmReferral, ReportSubject
from lantern.interchange.schemas import INTERVIEW_FINDINGS, LANTERN_SOURCE_AGENCY
from lantern.meetings.models import Action, Meeting
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.partnership.models import Agency, Area, Partnership
from lantern.people.models import CareStatus, EducationStatus, Involvement, Person, YouthJusticeStatus
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import Course, TrainingSession
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import Screening

NATIVE_ID_PREFIX = "lantern-"


def native_source_agency(obj: Any) -> Agency | None:
    """The agency that created a record in Lantern, where the model says so."""
    if isinstance(obj, Person):
        return obj.created_by.agency if obj.created_by is not None else None
    if isinstance(obj, RiskAssessment | Concern | Screening):
        return obj.agency
    if isinstance(obj, Referral):
        return obj.from_agency
    if isinstance(obj, MissingEpisode):
        return obj.reported_by
    if isinstance(obj, Context):
        return obj.raised_by_agency
    if isinstance(obj, ContextLink):
        return obj.recorded_by_agency
    if isinstance(obj, IntelligenceReport):
        return obj.reporter_agency
    if isinstance(obj, Disruption):
        return obj.agency
    if isinstance(obj, NrmReferral):
        return obj.first_responder_agency
    # A return interview is created by Lantern itself when an episode closes, and meetings and
    # actions belong to the partnership rather than one agency: "lantern".
    return None


def native_id(pk: int) -> str:
    return f"{NATIVE_ID_PREFIX}{pk}"


def parse_native_id(source_id: str) -> int | None:
    digits = source_id.removeprefix(NATIVE_ID_PREFIX)
    if source_id.startswith(NATIVE_ID_PREFIX) and digits.isdigit():
        return int(digits)
    return None


def source_of(obj: Any) -> dict[str, str]:
    if obj.source_id:
        agency = obj.source_agency
        return {"agency": agency.code if agency else LANTERN_SOURCE_AGENCY, "id": obj.source_id}
    creator = native_source_agency(obj)
    return {"agency": creator.code if creator else LANTERN_SOURCE_AGENCY, "id": native_id(obj.pk)}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _time(value: time | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def partnership_record(partnership: Partnership) -> dict[str, Any]:
    return {"type": "partnership", "name": partnership.name, "risk_scale": partnership.levels}


def area_record(area: Area) -> dict[str, Any]:
    return {
        "type": "area",
        "code": area.code,
        "name": area.name,
        "front_door_name": area.front_door_name,
        "front_door_phone": area.front_door_phone,
        "front_door_email": area.front_door_email,
        "emergency_guidance": area.emergency_guidance,
        "boundary": area.boundary,
    }


def agency_record(agency: Agency) -> dict[str, Any]:
    return {
        "type": "agency",
        "code": agency.code,
        "name": agency.name,
        "agency_type": agency.agency_type,
        "area": agency.area.code if agency.area else None,
    }


def course_record(course: Course) -> dict[str, Any]:
    return {
        "type": "course",
        "name": course.name,
        "description": course.description,
        "refresher_months": course.refresher_months,
        "active": course.active,
    }


def training_session_record(session: TrainingSession) -> dict[str, Any]:
    return {
        "type": "training_session",
        "source": source_of(session),
        "course": session.course.name,
        "held_on": _day(session.held_on),
        "trainer": session.trainer,
        "place": session.place,
    }


def attendance_record(attendance: TrainingAttendance) -> dict[str, Any]:
    return {
        "type": "attendance",
        "source": source_of(attendance),
        "session": source_of(attendance.session),
        "user": _username(attendance.user),
        "agency": attendance.agency.code if attendance.agency else None,
        "recorded_by": _username(attendance.recorded_by),
    }


def person_record(person: Person) -> dict[str, Any]:
    """Expects aliases, identifiers and addresses prefetched in id order (``person_export_queryset``)."""
    return {
        "type": "person",
        "source": source_of(person),
        "given_name": person.given_name,
        "middle_names": person.middle_names,
        "family_name": person.family_name,
        "preferred_name": person.preferred_name,
        "date_of_birth": _day(person.date_of_birth),
        "date_of_birth_estimated": person.date_of_birth_estimated,
        "sex": person.sex,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "first_language": person.first_language,
        "area": person.area.code if person.area else None,
        "send": person.send,
        "disability": person.disability,
        "learning_disability": person.learning_disability,
        "aliases": [{"kind": alias.kind, "name": alias.name} for alias in person.aliases.all()],
        "identifiers": [
            {"kind": identifier.kind, "value": identifier.value} for identifier in person.identifiers.all()
        ],
        "addresses": [
            {
                "line_1": address.line_1,
                "line_2": address.line_2,
                "town": address.town,
                "postcode": address.postcode,
                "area": address.area.code if address.area else None,
                "start": _day(address.start),
                "end": _day(address.end),
            }
            for address in person.addresses.all()
        ],
    }


def _episode_record(
    record_type: str, episode: CareStatus | EducationStatus | YouthJusticeStatus
) -> dict[str, Any]:
    return {
        "type": record_type,
        "source": source_of(episode),
        "person": source_of(episode.person),
        "status": episode.status,
        "start": _day(episode.start),
        "end": _day(episode.end),
    }


def care_status_record(episode: CareStatus) -> dict[str, Any]:
    return _episode_record("care_status", episode)


def education_status_record(episode: EducationStatus) -> dict[str, Any]:
    return {**_episode_record("education_status", episode), "setting_name": episode.setting_name}


def youth_justice_record(episode: YouthJusticeStatus) -> dict[str, Any]:
    return _episode_record("youth_justice", episode)


def involvement_record(involvement: Involvement) -> dict[str, Any]:
    return {
        "type": "involvement",
        "source": source_of(involvement),
        "person": source_of(involvement.person),
        "agency": involvement.agency.code,
        "worker": involvement.worker.get_username() if involvement.worker else None,
        "role": involvement.role,
        "start": _day(involvement.start),
        "end": _day(involvement.end),
    }


def risk_assessment_record(assessment: RiskAssessment) -> dict[str, Any]:
    return {
        "type": "risk_assessment",
        "source": source_of(assessment),
        "person": source_of(assessment.person),
        "assessed_on": _day(assessment.assessed_on),
        "exploitation_type": assessment.exploitation_type,
        "other_types": list(assessment.other_types or []),
        "level": assessment.level,
        "summary": assessment.summary,
        "next_review_due": _day(assessment.next_review_due),
        "closed_on": _day(assessment.closed_on),
        "closed_reason": assessment.closed_reason,
    }


def concern_record(concern: Concern) -> dict[str, Any]:
    """Expects amendments prefetched in order (``concerns_for_export``)."""
    return {
        "type": "concern",
        "source": source_of(concern),
        "person": source_of(concern.person),
        "agency": concern.agency.code,
        "raised_by": _username(concern.raised_by),
        "happened_on": _day(concern.happened_on),
        "happened_time": _time(concern.happened_time),
        "categories": list(concern.categories),
        "what_happened": concern.what_happened,
        "childs_words": concern.childs_words,
        "actions_taken": concern.actions_taken,
        "immediate_danger": concern.immediate_danger,
        "triage_decision": concern.triage_decision or None,
        "triaged_by": _username(concern.triaged_by),
        "triaged_at": _moment(concern.triaged_at),
        "triage_notes": concern.triage_notes,
        "amendments": [
            {
                "field": amendment.field,
                "old_value": amendment.old_value,
                "new_value": amendment.new_value,
                "reason": amendment.reason,
                "amended_by": amendment.amended_by.get_username(),
                "amended_at": _moment(amendment.amended_at),
            }
            for amendment in concern.amendments.all()
        ],
    }


def screening_record(screening: Screening) -> dict[str, Any]:
    """Expects the answered indicators prefetched in catalogue order (``screenings_for_export``)."""
    return {
        "type": "screening",
        "source": source_of(screening),
        "person": source_of(screening.person),
        "agency": screening.agency.code if screening.agency else None,
        "completed_by": _username(screening.completed_by),
        "catalogue_version": screening.catalogue.version_number,
        "answers": [
            {
                "indicator": f"{answer.indicator.domain.code}.{answer.indicator.code}",
                "answer": answer.answer,
                "evidence": answer.evidence,
            }
            for answer in screening.answers.all()
        ],
        "professional_judgement": screening.professional_judgement,
        "suggested_level": screening.suggested_level,
        "suggestion_reasons": [str(reason) for reason in screening.suggestion_reasons or []],
        "final_level": screening.final_level,
        "level_reason": screening.level_reason,
        "outcome": screening.outcome,
        "started_from": screening.started_from,
        "completed_at": _moment(screening.completed_at),
    }


def referral_record(referral: Referral) -> dict[str, Any]:
    return {
        "type": "referral",
        "source": source_of(referral),
        "person": source_of(referral.person),
        "area": referral.area.code,
        "from_agency": referral.from_agency.code,
        "referred_by": _username(referral.referred_by),
        "concern": source_of(referral.concern) if referral.concern else None,
        "screening": source_of(referral.screening) if referral.screening else None,
        "reason": referral.reason,
        "consent_sought": referral.consent_sought,
        "consent_given": referral.consent_given,
        "reason_without_consent": referral.reason_without_consent,
        "received_at": _moment(referral.received_at),
        "decision": referral.decision or None,
        "decided_at": _moment(referral.decided_at),
        "decided_by": _username(referral.decided_by),
        "decision_notes": referral.decision_notes,
    }


def _code(agency: Agency | None) -> str | None:
    return agency.code if agency is not None else None


def _coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _people(people: Any) -> list[dict[str, str]]:
    return [source_of(person) for person in people.all()]


def missing_episode_record(episode: MissingEpisode) -> dict[str, Any]:
    """Expects gradings and the people found with prefetched in order (``missing_episodes_for_export``)."""
    return {
        "type": "missing_episode",
        "source": source_of(episode),
        "person": source_of(episode.person),
        "missing_from": episode.missing_from,
        "reported_at": _moment(episode.reported_at),
        "reported_by": _code(episode.reported_by),
        "recorded_by": _username(episode.recorded_by),
        "risk_grade": episode.risk_grade,
        "gradings": [
            {
                "grade": grading.grade,
                "graded_at": _moment(grading.graded_at),
                "graded_by": _username(grading.graded_by),
                "reason": grading.reason,
            }
            for grading in episode.gradings.all()
        ],
        "last_seen_at": _moment(episode.last_seen_at),
        "last_seen_where": episode.last_seen_where,
        "clothing": episode.clothing,
        "circumstances": episode.circumstances,
        "returned_at": _moment(episode.returned_at),
        "found_where": episode.found_where,
        "found_postcode": episode.found_postcode,
        "found_with": _people(episode.found_with),
        "how_returned": episode.how_returned or None,
        "safe_and_well_check_at": _moment(episode.safe_and_well_check_at),
        "safe_and_well_check_by": episode.safe_and_well_check_by,
        "status": episode.status,
    }


def return_interview_record(interview: ReturnInterview) -> dict[str, Any]:
    """Expects attempts and the people named prefetched in order (``return_interviews_for_export``)."""
    return {
        "type": "return_interview",
        "source": source_of(interview),
        "episode": source_of(interview.episode),
        "due_at": _moment(interview.due_at),
        "provider": _code(interview.provider),
        "offered_at": _moment(interview.offered_at),
        "outcome": interview.outcome or None,
        "completed_at": _moment(interview.completed_at),
        "interviewer": interview.interviewer,
        "recorded_by": _username(interview.recorded_by),
        "attempts": [
            {
                "attempted_at": _moment(attempt.attempted_at),
                "note": attempt.note,
                "recorded_by": _username(attempt.recorded_by),
            }
            for attempt in interview.attempts.all()
        ],
        **{name: getattr(interview, name) for name in INTERVIEW_FINDINGS},
        "people_named": _people(interview.people_named),
    }


def context_record(context: Context) -> dict[str, Any]:
    return {
        "type": "context",
        "source": source_of(context),
        "kind": context.kind,
        "name": context.name,
        "description": context.description,
        "area": context.area.code if context.area else None,
        "location_type": context.location_type or None,
        "address": context.address,
        "postcode": context.postcode,
        "latitude": _coordinate(context.latitude),
        "longitude": _coordinate(context.longitude),
        "education_setting_type": context.education_setting_type or None,
        "urn": context.urn or None,
        "platform": context.platform,
        "online_account": context.online_account,
        "raised_by": _username(context.raised_by),
        "raised_by_agency": _code(context.raised_by_agency),
    }


def context_link_record(link: ContextLink) -> dict[str, Any]:
    """The free-text ``source_ref`` is not a source pair and is not exchanged."""
    return {
        "type": "context_link",
        "source": source_of(link),
        "person": source_of(link.person),
        "context": source_of(link.context),
        "relationship": link.relationship,
        "start": _day(link.start),
        "end": _day(link.end),
        "source_kind": link.source_kind,
        "weighting": link.weighting,
        "recorded_by_agency": _code(link.recorded_by_agency),
        "recorded_by": _username(link.recorded_by),
    }


def _optional_source(obj: Any) -> dict[str, str] | None:
    return source_of(obj) if obj is not None else None


def meeting_record(meeting: Meeting) -> dict[str, Any]:
    """Expects invitees, attendance and agenda items prefetched in order (``meetings_for_export``)."""
    return {
        "type": "meeting",
        "source": source_of(meeting),
        "meeting_type": meeting.meeting_type,
        "area": meeting.area.code,
        "scheduled_at": _moment(meeting.scheduled_at),
        "recurrence_weeks": meeting.recurrence_weeks,
        "previous": _optional_source(meeting.previous),
        "chair": meeting.chair.get_username(),
        "invited_agencies": [agency.code for agency in meeting.invited_agencies.all()],
        "attendance": [
            {"agency": entry.agency.code, "user": entry.user.get_username(), "status": entry.status}
            for entry in meeting.attendance.all()
        ],
        "agenda": [
            {
                "position": item.position,
                "kind": item.kind,
                "reason": item.reason,
                "person": _optional_source(item.person),
                "context": _optional_source(item.context),
                "removed_at": _moment(item.removed_at),
                "summary": item.summary,
                "decisions": item.decisions,
                "agreed_risk_level": item.agreed_risk_level or None,
            }
            for item in meeting.items.all()
        ],
        "minutes_approved_at": _moment(meeting.minutes_approved_at),
        "minutes_approved_by": _username(meeting.minutes_approved_by),
    }


def action_record(action: Action) -> dict[str, Any]:
    return {
        "type": "action",
        "source": source_of(action),
        "meeting": source_of(action.meeting),
        "agenda_item": action.agenda_item.position if action.agenda_item else None,
        "person": _optional_source(action.person),
        "owner_agency": action.owner_agency.code,
        "owner": _username(action.owner),
        "description": action.description,
        "due_on": _day(action.due_on),
        "status": action.status,
        "completed_at": _moment(action.completed_at),
        "progress": action.progress,
    }


def _subject_record(subject: ReportSubject) -> dict[str, Any]:
    """A subject with the fields of its kind; the entity it matched is worked out again on import."""
    return {
        "kind": subject.kind,
        "person": _optional_source(subject.person),
        "person_role": subject.person_role or None,
        "description": subject.description,
        "nickname": subject.nickname,
        "context": _optional_source(subject.context),
        "location_text": subject.location_text,
        "postcode": subject.postcode,
        "vrm": subject.vrm,
        "make": subject.vehicle_make,
        "colour": subject.vehicle_colour,
        "number": subject.phone_number,
        "deal_line": subject.deal_line,
        "platform": subject.platform,
        "handle": subject.handle,
        "linked_by": _username(subject.linked_by),
    }


def intelligence_record(report: IntelligenceReport) -> dict[str, Any]:
    """Expects subjects and share decisions prefetched in order (``intelligence_for_export``).

    The original text and source details are included: export is for partnership admins only and
    is audited (see docs/interchange.md)."""
    return {
        "type": "intelligence",
        "source": source_of(report),
        "received_via": report.received_via,
        "submitted_at": _moment(report.created_at),
        "reporter_agency": _code(report.reporter_agency),
        "reporter": _username(report.reporter),
        "original_text": report.original_text,
        "source_details": report.source_details,
        "occurred_on": _day(report.occurred_on),
        "source_grade": report.source_grade or None,
        "information_grade": report.information_grade or None,
        "handling": report.handling or None,
        "handling_conditions": report.handling_conditions,
        "sanitised_text": report.sanitised_text,
        "graded_by": _username(report.graded_by),
        "graded_at": _moment(report.graded_at),
        "subjects": [_subject_record(subject) for subject in report.subjects.all()],
        "share_decisions": [
            {
                "to_agency": decision.to_agency.code,
                "shared": decision.shared,
                "lawful_basis": decision.lawful_basis or None,
                "purpose": decision.purpose,
                "what_shared": decision.what_shared,
                "reasons_not_shared": decision.reasons_not_shared,
                "decided_by": decision.decided_by.get_username(),
                "decided_at": _moment(decision.decided_at),
            }
            for decision in report.share_decisions.all()
        ],
    }


def disruption_record(disruption: Disruption) -> dict[str, Any]:
    return {
        "type": "disruption",
        "source": source_of(disruption),
        "disruption_type": disruption.disruption_type.code,
        "target_person": _optional_source(disruption.target_person),
        "target_context": _optional_source(disruption.target_context),
        "protected_child": _optional_source(disruption.protected_child),
        "happened_on": _day(disruption.happened_on),
        "agency": disruption.agency.code,
        "outcome": disruption.outcome,
        "expires_on": _day(disruption.expires_on),
        "report": _optional_source(disruption.report),
        "recorded_by": _username(disruption.recorded_by),
    }


def nrm_referral_record(referral: NrmReferral) -> dict[str, Any]:
    return {
        "type": "nrm_referral",
        "source": source_of(referral),
        "person": source_of(referral.person),
        "first_responder_agency": referral.first_responder_agency.code,
        "submitted_at": _moment(referral.submitted_at),
        "consent_given": referral.consent_given,
        "consent_recorded_on": _day(referral.consent_recorded_on),
        "reasonable_grounds_decision": referral.reasonable_grounds_decision,
        "reasonable_grounds_on": _day(referral.reasonable_grounds_on),
        "conclusive_grounds_decision": referral.conclusive_grounds_decision,
        "conclusive_grounds_on": _day(referral.conclusive_grounds_on),
        "guardian_allocated": referral.guardian_allocated,
        "guardian_allocated_on": _day(referral.guardian_allocated_on),
        "notes": referral.notes,
        "recorded_by": _username(referral.recorded_by),
    }
