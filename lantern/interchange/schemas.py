"""One JSON Schema (Draft 2020-12) per interchange record type (DESIGN.md §5).

The schemas check shape: field names, types, enumerations, lengths and date syntax. What needs
the database or the rest of the file (references, the partnership's risk scale, identifier check
digits, an end before its start) is checked by ``lantern.interchange.validation``.
``docs/interchange.md`` is generated from these schemas by ``manage.py interchange_docs``.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from lantern.concerns.models import AmendableField, ConcernCategory, TriageDecision
from lantern.contexts.models import (
    Context,
    ContextKind,
    EducationSettingType,
    LinkRelationship,
    LinkSource,
    LocationType,
    Weighting,
)
from lantern.intelligence.models import (
    Handling,
    InformationGrade,
    NrmDecision,
    PersonRole,
    ReceivedVia,
    ReportSubject,
    SourceGrade,
    SubjectKind,
)
from lantern.meetings.models import ActionStatus, AgendaItem, AttendanceStatus, ItemKind, MeetingType
from lantern.missing.models import (
    EpisodeStatus,
    HowReturned,
    InterviewOutcome,
    MissingEpisode,
    MissingFrom,
    ReturnInterview,
    RiskGrade,
)
from lantern.partnership.boundaries import MAX_POINTS as BOUNDARY_MAX_POINTS
from lantern.partnership.models import AgencyType, Area
from lantern.people.models import (
    AliasKind,
    CareStatusValue,
    EducationStatusValue,
    IdentifierKind,
    LawfulBasis,
    Person,
    PersonAddress,
    SendStatus,
    Sex,
    YouthJusticeValue,
)
from lantern.prevent.models import Course, TrainingSession
from lantern.referrals.models import ReferralDecision
from lantern.risk.models import ExploitationType
from lantern.screening.models import Answer, Outcome, StartedFrom

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URI = "https://lantern.example.org/interchange/v1/"

# Dependency order: a record may refer only to types before it (and to records earlier in the file).
TYPE_ORDER = (
    "partnership",
    "area",
    "agency",
    "person",
    "care_status",
    "education_status",
    "youth_justice",
    "involvement",
    "risk_assessment",
    "concern",
    "screening",
    "referral",
    "missing_episode",
    "return_interview",
    "context",
    "context_link",
    "meeting",
    "action",
    "intelligence",
    "disruption",
    "nrm_referral",
    "course",
    "training_session",
    "attendance",
)
# Types keyed by a natural unique field rather than a source pair, and that field.
NATURAL_KEYS = {"area": "code", "agency": "code", "course": "name"}
SOURCED_TYPES = frozenset(TYPE_ORDER) - {"partnership", *NATURAL_KEYS}
# The source agency code for records created in Lantern itself rather than in an agency's system.
LANTERN_SOURCE_AGENCY = "lantern"
CODE_PATTERN = r"^[A-Za-z0-9_-]+$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
# A screening answer's indicator: "<domain code>.<indicator code>" in the screening's catalogue version.
INDICATOR_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
URN_PATTERN = r"^[0-9]{6}$"
# The shape of a date-time with its UTC offset; ``validation`` also checks it is a real moment.
DATE_TIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def _max_length(model: type[models.Model], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.CharField | models.SlugField)
    assert field.max_length is not None
    return field.max_length


def text(description: str, *, max_length: int | None = None, required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "string" if required else ["string", "null"],
        "description": description,
    }
    if required:
        schema["minLength"] = 1
    if max_length:
        schema["maxLength"] = max_length
    return schema


def date(description: str, *, required: bool = False) -> dict[str, Any]:
    return {
        "type": "string" if required else ["string", "null"],
        "format": "date",
        "description": f"{description} (ISO 8601 date, YYYY-MM-DD)",
    }


def date_time(description: str, *, required: bool = False) -> dict[str, Any]:
    return {
        "type": "string" if required else ["string", "null"],
        "format": "date-time",
        "pattern": DATE_TIME_PATTERN,
        "description": f"{description} (ISO 8601 date and time with its UTC offset, "
        "YYYY-MM-DDTHH:MM:SS+00:00)",
    }


def time_of_day(description: str) -> dict[str, Any]:
    return {
        "type": ["string", "null"],
        "pattern": TIME_PATTERN,
        "description": f"{description} (HH:MM or HH:MM:SS, local time)",
    }


def username(description: str, *, required: bool = False) -> dict[str, Any]:
    return text(f"{description}; the user must already exist in Lantern", max_length=150, required=required)


def choice(description: str, choices: type[models.TextChoices], *, nullable: bool = False) -> dict[str, Any]:
    values: list[Any] = list(choices.values)
    if nullable:
        values.append(None)
    return {"enum": values, "description": description}


def code_reference(description: str, *, nullable: bool = False) -> dict[str, Any]:
    return {
        "type": ["string", "null"] if nullable else "string",
        "pattern": CODE_PATTERN,
        "maxLength": 50,
        "description": description,
    }


def flag(description: str) -> dict[str, Any]:
    return {"type": "boolean", "description": description}


SOURCE_PAIR: dict[str, Any] = {
    "type": "object",
    "properties": {
        "agency": {
            "type": "string",
            "pattern": CODE_PATTERN,
            "maxLength": 50,
            "description": (
                "Code of the agency whose system holds the record (an `agency` record earlier in the "
                f'file or already in Lantern), or "{LANTERN_SOURCE_AGENCY}" for a record created in '
                "Lantern itself"
            ),
        },
        "id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "The record's identifier in that system",
        },
    },
    "required": ["agency", "id"],
    "additionalProperties": False,
}


def source(description: str) -> dict[str, Any]:
    return {**SOURCE_PAIR, "description": description}


def person_reference() -> dict[str, Any]:
    return source("The person this record is about: the `source` of a `person` record")


def optional_source(description: str) -> dict[str, Any]:
    return {**SOURCE_PAIR, "type": ["object", "null"], "description": description}


def people_references(description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": source("A person: the `source` of a `person` record"),
        "uniqueItems": True,
        "description": description,
    }


def coordinate(description: str, limit: int) -> dict[str, Any]:
    return {
        "type": ["number", "null"],
        "minimum": -limit,
        "maximum": limit,
        "description": f"{description} (WGS 84 decimal degrees, stored to 6 decimal places), or null",
    }


def risk_level(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "maxLength": 30,
        "description": f"{description}: a level on the partnership's risk scale, the scale of a "
        "`partnership` record earlier in the file, otherwise the one in Lantern",
    }


def _record_schema(
    record_type: str,
    title: str,
    description: str,
    properties: dict[str, Any],
    required: list[str],
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE_URI}{record_type}.json",
        "title": title,
        "description": description,
        "type": "object",
        "properties": {"type": {"const": record_type, "description": "The record type"}, **properties},
        "required": ["type", *required],
        "additionalProperties": False,
    }


def _episode_properties(values: type[models.TextChoices]) -> dict[str, Any]:
    return {
        "source": source("Where the episode comes from; the same pair again updates it"),
        "person": person_reference(),
        "status": choice("The status during the episode", values),
        "start": date("First day of the episode", required=True),
        "end": date("Day the episode ended; null while it is open. Not before `start`"),
    }


PARTNERSHIP = _record_schema(
    "partnership",
    "Partnership",
    "The safeguarding partnership this Lantern serves. At most one per file; it updates the one partnership.",
    {
        "name": text("The partnership's name", max_length=200, required=True),
        "risk_scale": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z0-9_]+$", "maxLength": 30},
            "minItems": 2,
            "uniqueItems": True,
            "description": "The partnership's risk levels, lowest first, for example "
            '["low", "medium", "high"] or ["category_1", "category_2", "category_3"]',
        },
    },
    ["name", "risk_scale"],
)

AREA = _record_schema(
    "area",
    "Area",
    "A local authority area with its children's services front door. Keyed by `code`.",
    {
        "code": code_reference("The area's code; the same code again updates the area"),
        "name": text("The area's name", max_length=_max_length(Area, "name"), required=True),
        "front_door_name": text("Name of the area's front door (MASH or hub)", max_length=200),
        "front_door_phone": text("The front door's phone number", max_length=50),
        "front_door_email": text("The front door's secure email address", max_length=254),
        "emergency_guidance": text("What to do when a child is in immediate danger"),
        "boundary": {
            "type": ["object", "null"],
            "description": "The area's outline for the dashboard map: a GeoJSON Polygon or MultiPolygon "
            "(or a Feature holding one) in WGS84 longitude and latitude, closed rings, at most "
            f"{BOUNDARY_MAX_POINTS} points; null for none",
        },
    },
    ["code", "name"],
)

AGENCY = _record_schema(
    "agency",
    "Agency",
    "An agency of the partnership. Keyed by `code`.",
    {
        "code": code_reference(
            f'The agency\'s code; the same code again updates the agency. "{LANTERN_SOURCE_AGENCY}" is reserved'
        ),
        "name": text("The agency's name", max_length=200, required=True),
        "agency_type": choice("The kind of agency", AgencyType),
        "area": code_reference(
            "Code of the area the agency sits in, or null for an agency serving the whole partnership",
            nullable=True,
        ),
    },
    ["code", "name", "agency_type"],
)

PERSON = _record_schema(
    "person",
    "Person",
    "Anyone Lantern holds a record about: a child, a young adult, a family member or an adult of "
    "concern. Aliases, identifiers and addresses are replaced by the lists given.",
    {
        "source": source("Where the person's record comes from; the same pair again updates it"),
        "given_name": text("Given name", max_length=_max_length(Person, "given_name"), required=True),
        "middle_names": text("Middle names", max_length=_max_length(Person, "middle_names")),
        "family_name": text("Family name", max_length=_max_length(Person, "family_name"), required=True),
        "preferred_name": text(
            "The name the person prefers", max_length=_max_length(Person, "preferred_name")
        ),
        "date_of_birth": date("Date of birth"),
        "date_of_birth_estimated": flag("True when the date of birth is approximate"),
        "sex": choice("Sex", Sex),
        "gender": text("Gender, in the person's words", max_length=_max_length(Person, "gender")),
        "ethnicity": text("Ethnicity", max_length=_max_length(Person, "ethnicity")),
        "first_language": text("First language", max_length=_max_length(Person, "first_language")),
        "area": code_reference("Code of the area the person lives in, or null", nullable=True),
        "send": choice("Special educational needs and disabilities", SendStatus),
        "disability": text("Any disability, described"),
        "learning_disability": flag("True when the person has a learning disability"),
        "aliases": {
            "type": "array",
            "description": "Other names, including street names",
            "items": {
                "type": "object",
                "properties": {
                    "kind": choice("What kind of name", AliasKind),
                    "name": text("The name", max_length=200, required=True),
                },
                "required": ["kind", "name"],
                "additionalProperties": False,
            },
        },
        "identifiers": {
            "type": "array",
            "description": "Identifiers. An NHS number must pass its modulus 11 check and a UPN its "
            "check letter; an identifier may belong to one person only",
            "items": {
                "type": "object",
                "properties": {
                    "kind": choice("What kind of identifier", IdentifierKind),
                    "value": text("The identifier", max_length=50, required=True),
                },
                "required": ["kind", "value"],
                "additionalProperties": False,
            },
        },
        "addresses": {
            "type": "array",
            "description": "Addresses, with the dates the person lived there",
            "items": {
                "type": "object",
                "properties": {
                    "line_1": text(
                        "First line", max_length=_max_length(PersonAddress, "line_1"), required=True
                    ),
                    "line_2": text("Second line", max_length=_max_length(PersonAddress, "line_2")),
                    "town": text("Town", max_length=_max_length(PersonAddress, "town")),
                    "postcode": text("Postcode", max_length=_max_length(PersonAddress, "postcode")),
                    "area": code_reference("Code of the area the address is in, or null", nullable=True),
                    "start": date("First day at the address"),
                    "end": date("Last day at the address; null if current. Not before `start`"),
                },
                "required": ["line_1"],
                "additionalProperties": False,
            },
        },
    },
    ["source", "given_name", "family_name"],
)

CARE_STATUS = _record_schema(
    "care_status",
    "Care status episode",
    "A dated children's social care status.",
    _episode_properties(CareStatusValue),
    ["source", "person", "status", "start"],
)

EDUCATION_STATUS = _record_schema(
    "education_status",
    "Education status episode",
    "A dated education status.",
    {
        **_episode_properties(EducationStatusValue),
        "setting_name": text("The school or setting, if any", max_length=200),
    },
    ["source", "person", "status", "start"],
)

YOUTH_JUSTICE = _record_schema(
    "youth_justice",
    "Youth justice episode",
    "A dated youth justice involvement.",
    _episode_properties(YouthJusticeValue),
    ["source", "person", "status", "start"],
)

INVOLVEMENT = _record_schema(
    "involvement",
    "Involvement",
    "An agency's (and optionally a worker's) involvement with a person. Open involvements give "
    "the agency's staff access to the person's record.",
    {
        "source": source("Where the involvement comes from; the same pair again updates it"),
        "person": person_reference(),
        "agency": code_reference("Code of the involved agency"),
        "worker": text(
            "Username of the involved worker in Lantern, or null; the user must already exist",
            max_length=150,
        ),
        "role": text(
            "The agency's or worker's role, for example allocated social worker",
            max_length=200,
            required=True,
        ),
        "start": date("First day of the involvement", required=True),
        "end": date("Day the involvement ended; null while open. Not before `start`"),
    },
    ["source", "person", "agency", "role", "start"],
)

RISK_ASSESSMENT = _record_schema(
    "risk_assessment",
    "Risk assessment",
    "A dated, multi-agency decision on a person's exploitation risk.",
    {
        "source": source("Where the assessment comes from; the same pair again updates it"),
        "person": person_reference(),
        "assessed_on": date("Day of the decision", required=True),
        "exploitation_type": choice("The primary exploitation type", ExploitationType),
        "other_types": {
            "type": "array",
            "items": choice("Another exploitation type", ExploitationType),
            "uniqueItems": True,
            "description": "Any other exploitation types",
        },
        "level": {
            "type": "string",
            "maxLength": 30,
            "description": "A level on the partnership's risk scale: the scale of a `partnership` "
            "record earlier in the file, otherwise the one in Lantern",
        },
        "summary": text("Summary of the decision"),
        "next_review_due": date("Day the next review is due", required=True),
        "closed_on": date("Day the assessment was closed; null while open. Not before `assessed_on`"),
        "closed_reason": text("Why it was closed"),
    },
    ["source", "person", "assessed_on", "exploitation_type", "level", "next_review_due"],
)

CONCERN = _record_schema(
    "concern",
    "Concern",
    "A practitioner's record of what worries them about a person, with its triage by the agency's "
    "safeguarding lead. The content fields are the wording first written; corrections are the "
    "`amendments`, which are history: an export lists them and an import keeps the list given.",
    {
        "source": source("Where the concern comes from; the same pair again updates it"),
        "person": person_reference(),
        "agency": code_reference("Code of the agency of the practitioner who raised the concern"),
        "raised_by": username("Username of the practitioner who raised it, or null"),
        "happened_on": date("Day it happened", required=True),
        "happened_time": time_of_day("Time it happened, or null"),
        "categories": {
            "type": "array",
            "items": choice("A category", ConcernCategory),
            "minItems": 1,
            "uniqueItems": True,
            "description": "What the concern is about: exploitation types, missing, peer-on-peer, online",
        },
        "what_happened": text("What happened, as first written", required=True),
        "childs_words": text("What the child said, in their own words"),
        "actions_taken": text("Actions taken"),
        "immediate_danger": flag("True when the child was in immediate danger"),
        "triage_decision": choice(
            "The safeguarding lead's triage decision, or null while untriaged", TriageDecision, nullable=True
        ),
        "triaged_by": username("Username of the safeguarding lead who triaged it, or null"),
        "triaged_at": date_time("When it was triaged; required with `triage_decision`, null without"),
        "triage_notes": text("The safeguarding lead's notes"),
        "amendments": {
            "type": "array",
            "description": "Attributed corrections, oldest first",
            "items": {
                "type": "object",
                "properties": {
                    "field": choice("The field corrected", AmendableField),
                    "old_value": text(
                        "The value before (dates and times in ISO form, categories comma-separated)"
                    ),
                    "new_value": text("The value after, in the same form"),
                    "reason": text("Why it was corrected", required=True),
                    "amended_by": username("Username of who corrected it", required=True),
                    "amended_at": date_time("When it was corrected", required=True),
                },
                "required": ["field", "reason", "amended_by", "amended_at"],
                "additionalProperties": False,
            },
        },
    },
    ["source", "person", "agency", "happened_on", "categories", "what_happened"],
)

SCREENING = _record_schema(
    "screening",
    "Screening",
    "A completed exploitation screening, scored with a version of the partnership's indicator "
    "catalogue. Drafts are an agency's working copy and are never exchanged. The answers are "
    "replaced by the list given.",
    {
        "source": source("Where the screening comes from; the same pair again updates it"),
        "person": person_reference(),
        "agency": code_reference(
            "Code of the agency that screened, or null when no agency is recorded", nullable=True
        ),
        "completed_by": username("Username of the practitioner who completed it, or null"),
        "catalogue_version": {
            "type": "integer",
            "minimum": 1,
            "description": "The version number of the indicator catalogue it was scored with; "
            "the version must already be in Lantern",
        },
        "answers": {
            "type": "array",
            "description": "The answers, at most one per indicator; every required indicator of the "
            "catalogue version must be answered",
            "items": {
                "type": "object",
                "properties": {
                    "indicator": {
                        "type": "string",
                        "pattern": INDICATOR_PATTERN,
                        "maxLength": 121,
                        "description": "The indicator, written `<domain code>.<indicator code>` as in "
                        "the catalogue version",
                    },
                    "answer": choice("The practitioner's answer", Answer),
                    "evidence": text("The evidence behind the answer"),
                },
                "required": ["indicator", "answer"],
                "additionalProperties": False,
            },
        },
        "professional_judgement": text(
            "The practitioner's professional judgement, kept apart from the evidence"
        ),
        "suggested_level": risk_level("The level Lantern suggested"),
        "suggestion_reasons": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Why that level was suggested, in plain words",
        },
        "final_level": risk_level("The level the practitioner set"),
        "level_reason": text("Why the final level differs from the suggested one; required when it does"),
        "outcome": choice("The outcome of the screening", Outcome),
        "started_from": choice(
            "Where the screening was started from; `person` when left out. Which concern or missing "
            "episode is not exchanged",
            StartedFrom,
        ),
        "completed_at": date_time("When the screening was completed", required=True),
    },
    [
        "source",
        "person",
        "agency",
        "catalogue_version",
        "answers",
        "suggested_level",
        "final_level",
        "outcome",
        "completed_at",
    ],
)

REFERRAL = _record_schema(
    "referral",
    "Referral",
    "A referral to the front door of a person's area, the screening that goes with it, and the "
    "front door's decision.",
    {
        "source": source("Where the referral comes from; the same pair again updates it"),
        "person": person_reference(),
        "area": code_reference("Code of the area whose front door received the referral"),
        "from_agency": code_reference("Code of the referring agency"),
        "referred_by": username("Username of the practitioner who referred, or null"),
        "concern": optional_source(
            "The concern the referral came from: the `source` of a `concern` record about the same "
            "person, or null"
        ),
        "screening": optional_source(
            "The screening that goes with the referral: the `source` of a `screening` record about "
            "the same person, or null"
        ),
        "reason": text("Why the person is referred", required=True),
        "consent_sought": flag("True when consent to refer was sought"),
        "consent_given": flag("True when consent was given; only if it was sought"),
        "reason_without_consent": text(
            "Why the referral was made without consent; required when `consent_given` is false"
        ),
        "received_at": date_time("When the front door received it", required=True),
        "decision": choice(
            "The front door's decision, or null while undecided", ReferralDecision, nullable=True
        ),
        "decided_at": date_time("When the decision was made; required with `decision`, null without"),
        "decided_by": username("Username of who decided, or null"),
        "decision_notes": text("The front door's notes on the decision"),
    },
    ["source", "person", "area", "from_agency", "reason", "consent_sought", "consent_given", "received_at"],
)

INTERVIEW_FINDINGS = {
    "before": "What was happening before the child went missing",
    "during": "What happened while they were missing",
    "after": "What has happened since they returned",
    "push_factors": "What pushed them to go (push factors)",
    "pull_factors": "What pulled them away (pull factors)",
    "where_went": "Where they went",
    "who_with": "Who they were with",
    "how_travelled": "How they travelled",
    "harm_or_threats": "Any harm or threats",
    "what_would_help": "What would help",
    "childs_words": "What the child said, in their own words",
}

MISSING_EPISODE = _record_schema(
    "missing_episode",
    "Missing episode",
    "A child missing from home, care or education: the report, the police risk grade with every "
    "grading it has had, and the return. The gradings and the people found with the child are "
    "replaced by the lists given. Importing a closed episode does not create its return interview: "
    "that is a `return_interview` record of its own.",
    {
        "source": source("Where the episode comes from; the same pair again updates it"),
        "person": person_reference(),
        "missing_from": choice("Where the child went missing from", MissingFrom),
        "reported_at": date_time("When the child was reported missing", required=True),
        "reported_by": code_reference("Code of the agency that reported it, or null", nullable=True),
        "recorded_by": username("Username of who recorded it in Lantern, or null"),
        "risk_grade": choice(
            "The current police risk grade; the grade of the latest entry of `gradings` when any are given",
            RiskGrade,
        ),
        "gradings": {
            "type": "array",
            "description": "Every grade the episode has had, the first one included, oldest first",
            "items": {
                "type": "object",
                "properties": {
                    "grade": choice("The police risk grade", RiskGrade),
                    "graded_at": date_time(
                        "When it was graded; not before the grading before it", required=True
                    ),
                    "graded_by": username("Username of who graded it, or null"),
                    "reason": text("Why it was graded so (a re-grading's reason)"),
                },
                "required": ["grade", "graded_at"],
                "additionalProperties": False,
            },
        },
        "last_seen_at": date_time("When the child was last seen; not after `reported_at`"),
        "last_seen_where": text("Where the child was last seen"),
        "clothing": text("What the child was last seen wearing"),
        "circumstances": text("The circumstances of going missing"),
        "returned_at": date_time(
            "When the child returned; required when `status` is closed and null while it is open. "
            "Not before `last_seen_at` (or `reported_at`)"
        ),
        "found_where": text("Where the child was found"),
        "found_postcode": text(
            "Postcode where the child was found (stored in capitals)",
            max_length=_max_length(MissingEpisode, "found_postcode"),
        ),
        "found_with": people_references("The people the child was found with (not the child)"),
        "how_returned": choice("How the child returned, or null", HowReturned, nullable=True),
        "safe_and_well_check_at": date_time("When the safe and well check was made, or null"),
        "safe_and_well_check_by": text(
            "Who made the safe and well check",
            max_length=_max_length(MissingEpisode, "safe_and_well_check_by"),
        ),
        "status": choice("Whether the episode is open or closed (the child has returned)", EpisodeStatus),
    },
    ["source", "person", "missing_from", "reported_at", "risk_grade", "status"],
)

RETURN_INTERVIEW = _record_schema(
    "return_interview",
    "Return home interview",
    "The independent interview offered to a child after a missing episode, at most one per "
    "episode: the offer, declined attempts, and what the child said. The attempts and the people "
    "named are replaced by the lists given.",
    {
        "source": source("Where the interview comes from; the same pair again updates it"),
        "episode": source(
            "The missing episode it follows: the `source` of a closed `missing_episode` record (its "
            "`returned_at` given) that has no other return interview"
        ),
        "due_at": date_time(
            "When the interview is due: always 72 hours after the episode's `returned_at`. An export "
            "writes it; an import works it out, and refuses a value that differs"
        ),
        "provider": code_reference(
            "Code of the agency (usually an independent provider) offering the interview, or null",
            nullable=True,
        ),
        "offered_at": date_time("When the interview was first offered; not before the child returned"),
        "outcome": choice(
            "Whether the child accepted or declined, or null while not yet offered; accepted when "
            "`completed_at` is given",
            InterviewOutcome,
            nullable=True,
        ),
        "completed_at": date_time("When the interview was held; not before `offered_at`"),
        "interviewer": text(
            "Who carried out the interview, as written in Lantern (a name, not a username); required "
            "with `completed_at`",
            max_length=_max_length(ReturnInterview, "interviewer"),
        ),
        "recorded_by": username("Username of who recorded the interview in Lantern, or null"),
        "attempts": {
            "type": "array",
            "description": "Offers the child declined or could not be reached for, oldest first",
            "items": {
                "type": "object",
                "properties": {
                    "attempted_at": date_time(
                        "When the interview was offered; not before the child returned", required=True
                    ),
                    "note": text("What happened"),
                    "recorded_by": username("Username of who recorded the attempt, or null"),
                },
                "required": ["attempted_at"],
                "additionalProperties": False,
            },
        },
        **{name: text(description) for name, description in INTERVIEW_FINDINGS.items()},
        "people_named": people_references("People the child named in the interview"),
    },
    ["source", "episode"],
)

CONTEXT = _record_schema(
    "context",
    "Context",
    "A context of harm: a location, a peer group, an education setting or an online space. A "
    "context is not personal data; which people are linked to it is (`context_link`).",
    {
        "source": source("Where the context comes from; the same pair again updates it"),
        "kind": choice("What kind of context", ContextKind),
        "name": text("The context's name", max_length=_max_length(Context, "name"), required=True),
        "description": text("A description of the context"),
        "area": code_reference("Code of the area the context is in, or null", nullable=True),
        "location_type": choice(
            "The type of place; required for a location, otherwise null", LocationType, nullable=True
        ),
        "address": text("The address of a location"),
        "postcode": text(
            "The postcode of a location (stored in capitals)", max_length=_max_length(Context, "postcode")
        ),
        "latitude": coordinate("Latitude of a location's point on the map; given with `longitude`", 90),
        "longitude": coordinate("Longitude of a location's point on the map; given with `latitude`", 180),
        "education_setting_type": choice(
            "The type of education setting; required for an education setting, otherwise null",
            EducationSettingType,
            nullable=True,
        ),
        "urn": {
            "type": ["string", "null"],
            "pattern": URN_PATTERN,
            "description": "An education setting's unique reference number (6 digits), or null",
        },
        "platform": text(
            "The platform of an online space; required for an online space",
            max_length=_max_length(Context, "platform"),
        ),
        "online_account": text(
            "The group or account on the platform", max_length=_max_length(Context, "online_account")
        ),
        "raised_by": username("Username of who raised the context in Lantern, or null"),
        "raised_by_agency": code_reference(
            "Code of the agency that raised the context, or null", nullable=True
        ),
    },
    ["source", "kind", "name"],
)

CONTEXT_LINK = _record_schema(
    "context_link",
    "Context link",
    "A dated link between a person and a context, with where the link came from and how much the "
    "context needs to change for the child to be safer. The free-text source reference a "
    "practitioner may type in Lantern is not exchanged: it is not a source pair, so an import "
    "keeps the stored one and a new link has none.",
    {
        "source": source("Where the link comes from; the same pair again updates it"),
        "person": person_reference(),
        "context": source("The context: the `source` of a `context` record"),
        "relationship": choice("How the person is linked to the context", LinkRelationship),
        "start": date("First day of the link", required=True),
        "end": date("Last day of the link; null while current. Not before `start`"),
        "source_kind": choice("Where the link came from; `other` when left out", LinkSource),
        "weighting": {
            "enum": [*Weighting.values, None],
            "description": "How much the context needs to change for the child to be safer: "
            + "; ".join(f"{value} {label}" for value, label in Weighting.choices)
            + "; or null",
        },
        "recorded_by_agency": code_reference(
            "Code of the agency that recorded the link, or null", nullable=True
        ),
        "recorded_by": username("Username of who recorded the link in Lantern, or null"),
    },
    ["source", "person", "context", "relationship", "start"],
)

MEETING = _record_schema(
    "meeting",
    "Multi-agency meeting",
    "A multi-agency meeting (MACE, contextual MACE, operational group, context conference or "
    "strategy discussion) with its invitees, attendance, agenda and minutes. The invitees, the "
    "attendance and the agenda are replaced by the lists given; an agenda item is matched to the "
    "stored one by its `position`. Minutes are approved when `minutes_approved_at` is given. "
    "Which overdue action an agenda item carried forward, and the risk assessment an agreed "
    "level created, are not exchanged.",
    {
        "source": source("Where the meeting comes from; the same pair again updates it"),
        "meeting_type": choice("The type of meeting", MeetingType),
        "area": code_reference("Code of the area the meeting is for"),
        "scheduled_at": date_time("When the meeting is held", required=True),
        "recurrence_weeks": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 52,
            "description": "How many weeks apart the meetings of a recurring series are, or null",
        },
        "previous": optional_source(
            "The meeting before this one in its series: the `source` of a `meeting` record earlier "
            "in the file or already in Lantern, or null. A meeting follows at most one other"
        ),
        "chair": username("Username of the chair; Lantern records a chair for every meeting", required=True),
        "invited_agencies": {
            "type": "array",
            "items": code_reference("Code of an invited agency"),
            "uniqueItems": True,
            "description": "The agencies invited",
        },
        "attendance": {
            "type": "array",
            "description": "Who attended or sent apologies, for which agency; a user at most once",
            "items": {
                "type": "object",
                "properties": {
                    "agency": code_reference("Code of the agency the person attended for"),
                    "user": username("Username of the person", required=True),
                    "status": choice("Whether they attended or sent apologies", AttendanceStatus),
                },
                "required": ["agency", "user", "status"],
                "additionalProperties": False,
            },
        },
        "agenda": {
            "type": "array",
            "description": "The agenda items in order, removed ones included, each with its minutes",
            "items": {
                "type": "object",
                "properties": {
                    "position": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "The item's place on the agenda; unique within the meeting. "
                        "An `action` names its item by this number",
                    },
                    "kind": choice("Why the item is on the agenda", ItemKind),
                    "reason": text(
                        "The reason, in words", max_length=_max_length(AgendaItem, "reason"), required=True
                    ),
                    "person": optional_source(
                        "The person discussed: the `source` of a `person` record, or null"
                    ),
                    "context": optional_source(
                        "The context discussed: the `source` of a `context` record, or null"
                    ),
                    "removed_at": date_time("When the coordinator removed the item, or null"),
                    "summary": text("The minutes' summary of the discussion"),
                    "decisions": text("The decisions made"),
                    "agreed_risk_level": {
                        "type": ["string", "null"],
                        "maxLength": _max_length(AgendaItem, "agreed_risk_level"),
                        "description": "The risk level the meeting agreed, on the partnership's risk "
                        "scale, or null",
                    },
                },
                "required": ["position", "kind", "reason"],
                "additionalProperties": False,
            },
        },
        "minutes_approved_at": date_time("When the chair approved the minutes, or null while not approved"),
        "minutes_approved_by": username(
            "Username of who approved the minutes; only with `minutes_approved_at`"
        ),
    },
    ["source", "meeting_type", "area", "scheduled_at", "chair"],
)

ACTION = _record_schema(
    "action",
    "Meeting action",
    "An action agreed at a meeting, owned by an agency (and optionally a person in it).",
    {
        "source": source("Where the action comes from; the same pair again updates it"),
        "meeting": source("The meeting that agreed it: the `source` of a `meeting` record"),
        "agenda_item": {
            "type": ["integer", "null"],
            "minimum": 0,
            "description": "The `position` of the agenda item of that meeting it was agreed under, or null",
        },
        "person": optional_source("The person it is for: the `source` of a `person` record, or null"),
        "owner_agency": code_reference("Code of the agency that owns the action"),
        "owner": username("Username of the person who owns it, or null"),
        "description": text("What is to be done", required=True),
        "due_on": date("When it is due", required=True),
        "status": choice("Its status", ActionStatus),
        "completed_at": date_time("When it was completed; only when `status` is completed"),
        "progress": text("Progress notes"),
    },
    ["source", "meeting", "owner_agency", "description", "due_on", "status"],
)

SUBJECT = {
    "type": "object",
    "description": "Who or what the report is about. `kind` says which of the other fields apply",
    "properties": {
        "kind": choice("What the subject is", SubjectKind),
        "person": optional_source(
            "A person: the `source` of a `person` record; or null for someone not (yet) identified"
        ),
        "person_role": choice("Who the person is; only for a person", PersonRole, nullable=True),
        "description": text(
            "A description of the person", max_length=_max_length(ReportSubject, "description")
        ),
        "nickname": text(
            "A nickname the person is known by; reports naming the same nickname are matched",
            max_length=_max_length(ReportSubject, "nickname"),
        ),
        "context": optional_source("A place: the `source` of a `context` record, or null"),
        "location_text": text("The place in words", max_length=_max_length(ReportSubject, "location_text")),
        "postcode": text(
            "The place's postcode (stored in capitals)", max_length=_max_length(ReportSubject, "postcode")
        ),
        "vrm": text(
            "A vehicle's registration mark; required for a vehicle. Stored without spaces, in capitals",
            max_length=_max_length(ReportSubject, "vrm"),
        ),
        "make": text("The vehicle's make", max_length=_max_length(ReportSubject, "vehicle_make")),
        "colour": text("The vehicle's colour", max_length=_max_length(ReportSubject, "vehicle_colour")),
        "number": text(
            "A UK phone number; required for a phone. Stored as 0 and the digits",
            max_length=_max_length(ReportSubject, "phone_number"),
        ),
        "deal_line": flag("True when the phone is a deal line; only for a phone"),
        "platform": text(
            "The platform of an online account", max_length=_max_length(ReportSubject, "platform")
        ),
        "handle": text(
            "The account's name or handle; required for an online account",
            max_length=_max_length(ReportSubject, "handle"),
        ),
        "linked_by": username("Username of who linked the subject, or null"),
    },
    "required": ["kind"],
    "additionalProperties": False,
}

INTELLIGENCE = _record_schema(
    "intelligence",
    "Intelligence report",
    "What a practitioner or a member of the public saw or heard, with its 3x5x2 grading, its "
    "sanitised version, its subjects and the onward sharing decisions. **Sensitive**: the original "
    "text and the source details identify the source and are read in Lantern only by exploitation "
    "police; they are exported only because export is for partnership admins alone and every "
    "export is audited. Keep an export file as securely as the police hold the report. The "
    "subjects and sharing decisions are replaced by the lists given. The entities (vehicles, "
    "phones, nicknames, online accounts) are not exchanged: an import works them out from the "
    "subjects with Lantern's own matching, so a new report still finds what is already known.",
    {
        "source": source("Where the report comes from; the same pair again updates it"),
        "received_via": choice("Who submitted it: a practitioner or a member of the public", ReceivedVia),
        "submitted_at": date_time("When the report was submitted", required=True),
        "reporter_agency": code_reference(
            "Code of the submitting agency; null for a member of the public", nullable=True
        ),
        "reporter": username("Username of the practitioner who submitted it, or null"),
        "original_text": text(
            "What was seen or heard, in the reporter's words (source-identifying)", required=True
        ),
        "source_details": text("How the reporter knows (source-identifying; for the public, their contact)"),
        "occurred_on": date("When it happened, or null"),
        "source_grade": choice("Source evaluation, 1 to 3; null while ungraded", SourceGrade, nullable=True),
        "information_grade": choice(
            "Intelligence assessment, A to E; null while ungraded", InformationGrade, nullable=True
        ),
        "handling": choice("Handling code, P or C; null while ungraded", Handling, nullable=True),
        "handling_conditions": text("The conditions for sharing; required with handling C, empty with P"),
        "sanitised_text": text(
            "The shareable version without source-identifying detail; required once graded"
        ),
        "graded_by": username("Username of who graded it, or null"),
        "graded_at": date_time("When it was graded; required once graded, null while ungraded"),
        "subjects": {"type": "array", "description": "Who and what the report is about", "items": SUBJECT},
        "share_decisions": {
            "type": "array",
            "description": "Onward sharing of the graded report, or the decisions not to share it, oldest first",
            "items": {
                "type": "object",
                "properties": {
                    "to_agency": code_reference("Code of the agency it was (or was not) shared with"),
                    "shared": flag("True when it was shared"),
                    "lawful_basis": choice(
                        "The lawful basis for sharing; required when shared, null when not",
                        LawfulBasis,
                        nullable=True,
                    ),
                    "purpose": text("Why it was shared; required when shared"),
                    "what_shared": text("What was shared"),
                    "reasons_not_shared": text("Why it was not shared; required when not shared"),
                    "decided_by": username("Username of who decided", required=True),
                    "decided_at": date_time("When it was decided", required=True),
                },
                "required": ["to_agency", "shared", "decided_by", "decided_at"],
                "additionalProperties": False,
            },
        },
    },
    ["source", "received_via", "submitted_at", "original_text"],
)

DISRUPTION = _record_schema(
    "disruption",
    "Disruption activity",
    "A disruption activity against a person or a place (a context): a warning notice, an order, an "
    "arrest and so on.",
    {
        "source": source("Where the disruption comes from; the same pair again updates it"),
        "disruption_type": code_reference(
            "Code of the kind of disruption; it must already be one of Lantern's disruption types"
        ),
        "target_person": optional_source(
            "The person it is against: the `source` of a `person` record, or null. A person, a place or both"
        ),
        "target_context": optional_source(
            "The place it is against: the `source` of a `context` record, or null"
        ),
        "protected_child": optional_source(
            "The child it protects: the `source` of a `person` record, or null"
        ),
        "happened_on": date("When it happened", required=True),
        "agency": code_reference("Code of the agency that carried it out"),
        "outcome": text("What came of it"),
        "expires_on": date(
            "When it expires; not before `happened_on`. Null: the type's usual duration, if it has one "
            "(as in Lantern's form)"
        ),
        "report": optional_source(
            "The intelligence it followed: the `source` of an `intelligence` record, or null"
        ),
        "recorded_by": username("Username of who recorded it, or null"),
    },
    ["source", "disruption_type", "happened_on", "agency"],
)

NRM_REFERRAL = _record_schema(
    "nrm_referral",
    "NRM referral",
    "A National Referral Mechanism referral for a child or young adult (under 25 when submitted). "
    "A child needs no consent; a young adult (18 or over, or with no date of birth) must consent.",
    {
        "source": source("Where the referral comes from; the same pair again updates it"),
        "person": person_reference(),
        "first_responder_agency": code_reference("Code of the first responder agency that referred"),
        "submitted_at": date_time("When the referral was submitted", required=True),
        "consent_given": {
            "type": ["boolean", "null"],
            "description": "Whether the person consented; must be true for a young adult (18 or over), "
            "null when consent was not asked (a child)",
        },
        "consent_recorded_on": date("When the consent was recorded, or null"),
        "reasonable_grounds_decision": choice("The reasonable-grounds decision", NrmDecision),
        "reasonable_grounds_on": date("When it was decided; required once decided, null while pending"),
        "conclusive_grounds_decision": choice(
            "The conclusive-grounds decision; decided only after a positive reasonable-grounds decision",
            NrmDecision,
        ),
        "conclusive_grounds_on": date("When it was decided; required once decided, null while pending"),
        "guardian_allocated": flag("True when an independent child trafficking guardian is allocated"),
        "guardian_allocated_on": date("When the guardian was allocated; required when allocated"),
        "notes": text("Notes"),
        "recorded_by": username("Username of who recorded it, or null"),
    },
    [
        "source",
        "person",
        "first_responder_agency",
        "submitted_at",
        "reasonable_grounds_decision",
        "conclusive_grounds_decision",
    ],
)

COURSE = _record_schema(
    "course",
    "Learning course",
    "A workforce learning course (for example exploitation awareness). Keyed by `name`, which is "
    "unique in Lantern: the same name again updates the course.",
    {
        "name": text(
            "The course's name; the same name again updates the course",
            max_length=_max_length(Course, "name"),
            required=True,
        ),
        "description": text("What the course covers"),
        "refresher_months": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 120,
            "description": "Months until a refresher is due after attending, or null if it never expires",
        },
        "active": flag("Whether the course is still offered; missing means true"),
    },
    ["name"],
)

TRAINING_SESSION = _record_schema(
    "training_session",
    "Training session",
    "A learning course held on a day. The learning REST API names a session by the same source pair "
    "(its `source`), so a session loaded by either is found again by both.",
    {
        "source": source("Where the session comes from; the same pair again updates it"),
        "course": text(
            "The `name` of the course held: a `course` earlier in the file or already in Lantern",
            max_length=_max_length(Course, "name"),
            required=True,
        ),
        "held_on": date("The day the session was held; not in the future", required=True),
        "trainer": text("Who ran it", max_length=_max_length(TrainingSession, "trainer")),
        "place": text("Where it was held", max_length=_max_length(TrainingSession, "place")),
    },
    ["source", "course", "held_on"],
)

ATTENDANCE = _record_schema(
    "attendance",
    "Attendance",
    "One member of staff completed one training session. A person attends a session once: a record "
    "naming a person already recorded at that session (by Lantern's form, the learning API or "
    "another file) is that same attendance, never a second one.",
    {
        "source": source("Where the attendance comes from; the same pair again updates it"),
        "session": source("The session attended: the `source` of a `training_session` record"),
        "user": username("Username of the member of staff who attended", required=True),
        "agency": code_reference(
            "Code of the agency the person attended for; null: the person's agency in Lantern for a "
            "new attendance, the stored one for an attendance already in Lantern",
            nullable=True,
        ),
        "recorded_by": username(
            "Username of who recorded the attendance; null: whoever runs the import (nobody at the "
            "command line) for a new attendance, the stored one for an attendance already in Lantern"
        ),
    },
    ["source", "session", "user"],
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "partnership": PARTNERSHIP,
    "area": AREA,
    "agency": AGENCY,
    "person": PERSON,
    "care_status": CARE_STATUS,
    "education_status": EDUCATION_STATUS,
    "youth_justice": YOUTH_JUSTICE,
    "involvement": INVOLVEMENT,
    "risk_assessment": RISK_ASSESSMENT,
    "concern": CONCERN,
    "screening": SCREENING,
    "referral": REFERRAL,
    "missing_episode": MISSING_EPISODE,
    "return_interview": RETURN_INTERVIEW,
    "context": CONTEXT,
    "context_link": CONTEXT_LINK,
    "meeting": MEETING,
    "action": ACTION,
    "intelligence": INTELLIGENCE,
    "disruption": DISRUPTION,
    "nrm_referral": NRM_REFERRAL,
    "course": COURSE,
    "training_session": TRAINING_SESSION,
    "attendance": ATTENDANCE,
}
assert tuple(SCHEMAS) == TYPE_ORDER
