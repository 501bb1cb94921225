"""Checking every line of an interchange file before anything is written.

Two passes: ``parse_lines`` checks each line on its own (JSON, the type's schema);
``check_records`` then walks the file in order with what the database already holds, checking
what needs context: references to records earlier in the file or already in Lantern, the risk
scale in force at that line, identifier check digits and uniqueness, and dates in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from lantern.core.errors import ValidationFailed
from lantern.intelligence.models import Handling, NrmDecision, SubjectKind
from lantern.intelligence.normalise import normalise_handle, normalise_uk_phone, normalise_vrm
from lantern.intelligence.services import ADULT_AGE, YOUNG_ADULT_MAX_AGE
from lantern.interchange.schemas import (
    CODE_PATTERN,
    INDICATOR_PATTERN,
    LANTERN_SOURCE_AGENCY,
    NATURAL_KEYS,
    SCHEMAS,
    SOURCED_TYPES,
    URN_PATTERN,
)
from lantern.missing.rules import interview_due_at
from lantern.partnership.boundaries import normalise_boundary
from lantern.people.selectors import age_on
from lantern.people.validators import InvalidIdentifier, normalise_identifier
from lantern.referrals.services import consent_errors

SourceKey = tuple[str, str]


@dataclass(frozen=True, order=True)
class LineError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass
class ParsedRecord:
    line: int
    type: str
    data: dict[str, Any]
    valid: bool = True

    @property
    def key(self) -> Any:
        """What identifies the record across imports: a code, a source pair, or the singleton."""
        if self.type == "partnership":
            return "partnership"
        if self.type in NATURAL_KEYS:
            return self.data[NATURAL_KEYS[self.type]]
        return source_key(self.data["source"])


def source_key(pair: dict[str, str]) -> SourceKey:
    return (pair["agency"], pair["id"])


@dataclass(frozen=True)
class KnownIndicator:
    """An indicator of a catalogue version, as a screening's answers name it."""

    id: int
    required: bool
    weight: int
    domain_code: str


@dataclass
class KnownInDatabase:
    """What Lantern already holds that the file may refer to (loaded in bulk by the service)."""

    risk_scale: list[str]
    area_codes: set[str]
    agency_codes: set[str]
    person_keys: dict[SourceKey, int]  # source pair -> person id, for the pairs the file mentions
    usernames: set[str]
    identifier_owners: dict[tuple[str, str], int]  # (kind, normalised value) -> person id
    # source pair -> the source pair of the person it is about, for the concerns the file mentions
    concern_people: dict[SourceKey, SourceKey] = field(default_factory=dict)
    # the same for completed screenings; drafts are never exchanged, so a file may not name one
    screening_people: dict[SourceKey, SourceKey] = field(default_factory=dict)
    draft_screenings: set[SourceKey] = field(default_factory=set)
    # catalogue version number -> "<domain code>.<indicator code>" -> indicator
    catalogues: dict[int, dict[str, KnownIndicator]] = field(default_factory=dict)
    # missing episode source pair -> when the child returned (None while open), for the episodes
    # the file mentions
    episode_returns: dict[SourceKey, datetime | None] = field(default_factory=dict)
    # missing episode source pair -> the source pair of its return interview in Lantern
    episode_interviews: dict[SourceKey, SourceKey] = field(default_factory=dict)
    context_keys: set[SourceKey] = field(default_factory=set)
    # meeting source pair -> the positions of its agenda items, for the meetings the file mentions
    meeting_positions: dict[SourceKey, set[int]] = field(default_factory=dict)
    # person source pair -> date of birth (None when unknown), for the people the file mentions
    person_births: dict[SourceKey, date | None] = field(default_factory=dict)
    report_keys: set[SourceKey] = field(default_factory=set)  # intelligence reports the file mentions
    disruption_types: set[str] = field(default_factory=set)
    course_names: set[str] = field(default_factory=set)  # the courses the file names
    # training session source pair -> the day it was held, for the sessions the file mentions
    session_dates: dict[SourceKey, date] = field(default_factory=dict)


@dataclass
class CheckedFile:
    records: list[ParsedRecord] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    lines: int = 0


def parse_date_time(value: str) -> datetime:
    """An ISO 8601 date-time that names its UTC offset; ValueError otherwise."""
    moment = datetime.fromisoformat(value)
    if "T" not in value or moment.tzinfo is None:
        raise ValueError(value)
    return moment


# jsonschema checks "date-time" only with an optional package; this checker does it itself.
FORMAT_CHECKER = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
FORMAT_CHECKER.checks("date-time", raises=ValueError)(
    lambda value: not isinstance(value, str) or bool(parse_date_time(value))
)
_VALIDATORS = {
    record_type: Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    for record_type, schema in SCHEMAS.items()
}
_JSON_TYPES = {
    "string": "text",
    "null": "null",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "integer": "a whole number",
    "number": "a number",
}


# --- Pass 1: each line on its own -------------------------------------------------------------


def parse_lines(lines: Iterable[str | bytes]) -> CheckedFile:
    checked = CheckedFile()
    for number, raw in enumerate(lines, start=1):
        checked.lines = number
        record, errors = parse_line(number, raw)
        checked.errors.extend(errors)
        if record is not None:
            record.valid = not errors
            checked.records.append(record)
    return checked


def parse_line(number: int, raw: str | bytes) -> tuple[ParsedRecord | None, list[LineError]]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None, [LineError(number, "(line)", "is not valid UTF-8")]
    if number == 1:
        raw = raw.removeprefix("\ufeff")
    if not raw.strip():
        return None, []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return None, [
            LineError(number, "(line)", f"is not valid JSON: {error.msg} at character {error.pos + 1}")
        ]
    if not isinstance(data, dict):
        return None, [LineError(number, "(line)", "must be a JSON object")]
    record_type = data.get("type")
    if record_type not in SCHEMAS:
        known = ", ".join(SCHEMAS)
        return None, [LineError(number, "type", f"must be one of: {known}")]
    errors = sorted(set(_schema_errors(number, _VALIDATORS[record_type].iter_errors(data))))
    return ParsedRecord(number, record_type, data), errors


def _schema_errors(number: int, errors: Iterable[SchemaError]) -> list[LineError]:
    found: list[LineError] = []
    for error in errors:
        path = ".".join(str(part) for part in error.absolute_path)
        if error.validator == "required":
            missing = _quoted_names(error.message)
            found.extend(LineError(number, _join(path, name), "is required") for name in missing)
        elif error.validator == "additionalProperties":
            extra = _quoted_names(error.message)
            found.extend(
                LineError(number, _join(path, name), "is not a field of this type") for name in extra
            )
        else:
            found.append(LineError(number, path or "(record)", _reason(error)))
    return found


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _quoted_names(message: str) -> list[str]:
    # jsonschema names the properties in quotes: "'given_name' is a required property".
    return message.split("'")[1::2] or [message]


def _reason(error: SchemaError) -> str:
    validator, expected = error.validator, error.validator_value
    if validator == "enum":
        return "must be one of: " + ", ".join("null" if value is None else str(value) for value in expected)
    if validator == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        return "must be " + " or ".join(_JSON_TYPES.get(kind, kind) for kind in kinds)
    if validator == "format" and expected == "date":
        return f"must be a real date written YYYY-MM-DD, not {error.instance!r}"
    if error.schema.get("format") == "date-time" and validator in ("format", "pattern"):
        return f"must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, not {error.instance!r}"
    if validator == "minLength":
        return "must not be empty"
    if validator == "maxLength":
        return f"must be {expected} characters or fewer"
    if validator == "pattern" and expected == CODE_PATTERN:
        return "may contain only letters, digits, hyphens and underscores"
    if validator == "pattern" and expected == INDICATOR_PATTERN:
        return f"must be written <domain code>.<indicator code>, not {error.instance!r}"
    if validator == "minimum":
        return f"must be {expected} or more"
    if validator == "maximum":
        return f"must be {expected} or less"
    if validator == "pattern" and expected == URN_PATTERN:
        return f"must be 6 digits, not {error.instance!r}"
    if validator == "pattern":
        return f"must be a time written HH:MM or HH:MM:SS, not {error.instance!r}"
    if validator == "minItems":
        return f"must have at least {expected} entries"
    if validator == "uniqueItems":
        return "must not repeat an entry"
    return error.message


# --- Pass 2: the file in order, against the database ------------------------------------------


class _FileChecker:
    def __init__(self, known: KnownInDatabase):
        self.known = known
        self.risk_scale = list(known.risk_scale)
        self.area_codes = set(known.area_codes)
        self.agency_codes = set(known.agency_codes)
        self.person_keys: set[SourceKey] = set(known.person_keys)
        self.concern_people: dict[SourceKey, SourceKey | None] = dict(known.concern_people)
        self.screening_people: dict[SourceKey, SourceKey | None] = dict(known.screening_people)
        self.episode_returns: dict[SourceKey, datetime | None] = dict(known.episode_returns)
        self.episodes_reported: set[SourceKey] = set()  # bad episode lines: not reported again
        # episode -> (interview source pair, line of the file or None when already in Lantern)
        self.episode_interviews: dict[SourceKey, tuple[SourceKey, int | None]] = {
            episode: (interview, None) for episode, interview in known.episode_interviews.items()
        }
        self.context_keys: set[SourceKey] = set(known.context_keys)
        # meeting -> its agenda positions; None for a bad meeting line (not reported again)
        self.meeting_positions: dict[SourceKey, set[int] | None] = dict(known.meeting_positions)
        self.previous_taken: dict[SourceKey, int] = {}  # previous meeting -> line naming it
        # people whose date of birth is known; a bad person line's is not, so it is not used
        self.person_births: dict[SourceKey, date | None] = dict(known.person_births)
        self.report_keys: set[SourceKey] = set(known.report_keys)
        self.course_names: set[str] = set(known.course_names)
        # sessions by source pair -> the day held; None for a bad session line (not reported again)
        self.session_dates: dict[SourceKey, date | None] = dict(known.session_dates)
        self.attendees: dict[tuple[SourceKey, str], int] = {}  # (session, username) -> line
        self.seen: dict[tuple[str, Any], int] = {}
        self.identifiers_in_file: dict[tuple[str, str], tuple[SourceKey, int]] = {}
        self.errors: list[LineError] = []

    def error(self, record: ParsedRecord, field_name: str, reason: str) -> None:
        self.errors.append(LineError(record.line, field_name, reason))

    def check(self, record: ParsedRecord) -> None:
        if not record.valid:
            self._claim_key_of_invalid(record)
            return
        if not self._first_of_its_key(record):
            return
        if record.type in SOURCED_TYPES:
            self._check_agency_code(
                record, "source.agency", record.data["source"]["agency"], allow_lantern=True
            )
        getattr(self, f"_check_{record.type}")(record)

    def _first_of_its_key(self, record: ParsedRecord) -> bool:
        marker = (record.type, record.key)
        earlier = self.seen.get(marker)
        if earlier is not None:
            field_name = {"partnership": "type", **NATURAL_KEYS}.get(record.type, "source")
            self.error(record, field_name, f"repeats the {record.type} on line {earlier}")
            return False
        self.seen[marker] = record.line
        return True

    def _claim_key_of_invalid(self, record: ParsedRecord) -> None:
        """A line already reported keeps its key, so records referring to it are not also reported."""
        try:
            key = record.key
        except (KeyError, TypeError):
            return
        parts = key if isinstance(key, tuple) else (key,)
        if not all(isinstance(part, str) for part in parts):
            return
        if record.type == "person":
            self.person_keys.add(key)
        elif record.type == "concern":
            self.concern_people[key] = None  # unknown person: a referral to it is not also reported
        elif record.type == "screening":
            self.screening_people[key] = None
        elif record.type == "missing_episode":
            self.episodes_reported.add(key)
        elif record.type == "context":
            self.context_keys.add(key)
        elif record.type == "meeting":
            self.meeting_positions[key] = None
        elif record.type == "intelligence":
            self.report_keys.add(key)
        elif record.type == "area":
            self.area_codes.add(key)
        elif record.type == "agency":
            self.agency_codes.add(key)
        elif record.type == "course":
            self.course_names.add(key)
        elif record.type == "training_session":
            self.session_dates[key] = None

    # references

    def _check_agency_code(
        self, record: ParsedRecord, field_name: str, code: str, *, allow_lantern: bool
    ) -> None:
        if allow_lantern and code == LANTERN_SOURCE_AGENCY:
            return
        if code not in self.agency_codes:
            self.error(record, field_name, f"no agency {code!r} earlier in the file or in Lantern")

    def _check_area_code(self, record: ParsedRecord, field_name: str, code: str | None) -> None:
        if code is not None and code not in self.area_codes:
            self.error(record, field_name, f"no area {code!r} earlier in the file or in Lantern")

    def _check_order(
        self, record: ParsedRecord, data: dict[str, Any], first: str, last: str, prefix: str = ""
    ) -> None:
        start, end = data.get(first), data.get(last)
        if start and end and date.fromisoformat(end) < date.fromisoformat(start):
            self.error(record, f"{prefix}{last}", f"is before {first}")

    def _check_moments(
        self, record: ParsedRecord, data: dict[str, Any], first: str, last: str, prefix: str = ""
    ) -> None:
        start, end = data.get(first), data.get(last)
        if start and end and parse_date_time(end) < parse_date_time(start):
            self.error(record, f"{prefix}{last}", f"is before {first}")

    def _check_people_references(self, record: ParsedRecord, field_name: str) -> None:
        for index, pair in enumerate(record.data.get(field_name) or []):
            key = source_key(pair)
            if key not in self.person_keys:
                self.error(
                    record,
                    f"{field_name}.{index}",
                    f"no person with source {key[0]}/{key[1]} earlier in the file or in Lantern",
                )

    # types

    def _check_partnership(self, record: ParsedRecord) -> None:
        self.risk_scale = list(record.data["risk_scale"])

    def _check_area(self, record: ParsedRecord) -> None:
        email = record.data.get("front_door_email")
        if email:
            try:
                validate_email(email)
            except DjangoValidationError:
                self.error(record, "front_door_email", "must be an email address")
        try:
            normalise_boundary(record.data.get("boundary"))
        except ValidationFailed as exc:
            self.error(record, "boundary", exc.errors["boundary"][0])
        self.area_codes.add(record.data["code"])

    def _check_agency(self, record: ParsedRecord) -> None:
        if record.data["code"] == LANTERN_SOURCE_AGENCY:
            self.error(
                record, "code", f"{LANTERN_SOURCE_AGENCY!r} is reserved for records created in Lantern"
            )
            return
        self._check_area_code(record, "area", record.data.get("area"))
        self.agency_codes.add(record.data["code"])

    def _check_course(self, record: ParsedRecord) -> None:
        """A course refers to nothing; its schema says all there is to check."""
        self.course_names.add(record.data["name"])

    def _check_training_session(self, record: ParsedRecord) -> None:
        course = record.data["course"]
        if course not in self.course_names:
            self.error(record, "course", f"no course {course!r} earlier in the file or in Lantern")
        self.session_dates[record.key] = date.fromisoformat(record.data["held_on"])

    def _check_attendance(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_username(record, "user", data["user"])
        self._check_username(record, "recorded_by", data.get("recorded_by"))
        if data.get("agency") is not None:
            self._check_agency_code(record, "agency", data["agency"], allow_lantern=False)
        session = source_key(data["session"])
        if session not in self.session_dates:
            self.error(
                record,
                "session",
                f"no training session with source {session[0]}/{session[1]} earlier in the file or in Lantern",
            )
            return
        held_on = self.session_dates[session]
        if held_on is not None and held_on > timezone.localdate():
            self.error(record, "session", "the session has not happened yet: record attendance once it has")
        earlier = self.attendees.setdefault((session, data["user"]), record.line)
        if earlier != record.line:
            self.error(record, "user", f"already attends this session on line {earlier}")

    def _check_person(self, record: ParsedRecord) -> None:
        data = record.data
        key = record.key
        self._check_area_code(record, "area", data.get("area"))
        for index, address in enumerate(data.get("addresses") or []):
            self._check_area_code(record, f"addresses.{index}.area", address.get("area"))
            self._check_order(record, address, "start", "end", prefix=f"addresses.{index}.")
        for index, identifier in enumerate(data.get("identifiers") or []):
            self._check_identifier(record, key, index, identifier)
        self.person_keys.add(key)
        self.person_births[key] = (
            date.fromisoformat(data["date_of_birth"]) if data.get("date_of_birth") else None
        )

    def _check_identifier(
        self, record: ParsedRecord, key: SourceKey, index: int, identifier: dict[str, str]
    ) -> None:
        field_name = f"identifiers.{index}.value"
        try:
            value = normalise_identifier(identifier["kind"], identifier["value"])
        except InvalidIdentifier as error:
            self.error(record, field_name, str(error))
            return
        marker = (identifier["kind"], value)
        elsewhere = self.identifiers_in_file.get(marker)
        if elsewhere is not None and elsewhere[0] != key:
            self.error(
                record, field_name, f"{identifier['kind']} is also given to the person on line {elsewhere[1]}"
            )
            return
        owner = self.known.identifier_owners.get(marker)
        if owner is not None and owner != self.known.person_keys.get(key):
            self.error(
                record, field_name, f"{identifier['kind']} already belongs to another person in Lantern"
            )
            return
        self.identifiers_in_file[marker] = (key, record.line)

    def _check_episode(self, record: ParsedRecord) -> None:
        self._check_person_reference(record)
        self._check_order(record, record.data, "start", "end")

    def _check_person_reference(self, record: ParsedRecord) -> None:
        key = source_key(record.data["person"])
        if key not in self.person_keys:
            self.error(
                record, "person", f"no person with source {key[0]}/{key[1]} earlier in the file or in Lantern"
            )

    _check_care_status = _check_episode
    _check_education_status = _check_episode
    _check_youth_justice = _check_episode

    def _check_involvement(self, record: ParsedRecord) -> None:
        self._check_episode(record)
        self._check_agency_code(record, "agency", record.data["agency"], allow_lantern=False)
        worker = record.data.get("worker")
        if worker and worker not in self.known.usernames:
            self.error(record, "worker", f"no Lantern user {worker!r}")

    def _check_risk_assessment(self, record: ParsedRecord) -> None:
        self._check_person_reference(record)
        self._check_level(record, "level", record.data["level"])
        self._check_order(record, record.data, "assessed_on", "closed_on")

    def _check_username(self, record: ParsedRecord, field_name: str, name: str | None) -> None:
        if name and name not in self.known.usernames:
            self.error(record, field_name, f"no Lantern user {name!r}")

    def _check_together(self, record: ParsedRecord, decision: str, moment: str) -> None:
        """A decision and the moment it was made are given together or not at all."""
        data = record.data
        if data.get(decision) and not data.get(moment):
            self.error(record, moment, f"is required when {decision} is given")
        elif data.get(moment) and not data.get(decision):
            self.error(record, moment, f"must be null when {decision} is null")

    def _check_concern(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_person_reference(record)
        self._check_agency_code(record, "agency", data["agency"], allow_lantern=False)
        self._check_username(record, "raised_by", data.get("raised_by"))
        self._check_username(record, "triaged_by", data.get("triaged_by"))
        self._check_together(record, "triage_decision", "triaged_at")
        for index, amendment in enumerate(data.get("amendments") or []):
            self._check_username(record, f"amendments.{index}.amended_by", amendment["amended_by"])
        # An unknown person is reported here once, not again on each referral to this concern.
        self.concern_people[record.key] = self._known_person(data)

    def _known_person(self, data: dict[str, Any]) -> SourceKey | None:
        person = source_key(data["person"])
        return person if person in self.person_keys else None

    def _check_screening(self, record: ParsedRecord) -> None:
        data = record.data
        if record.key in self.known.draft_screenings:
            self.error(record, "source", "is a draft screening in Lantern; drafts are never exchanged")
            return
        self._check_person_reference(record)
        if data.get("agency") is not None:
            self._check_agency_code(record, "agency", data["agency"], allow_lantern=False)
        self._check_username(record, "completed_by", data.get("completed_by"))
        self._check_answers(record)
        for name in ("suggested_level", "final_level"):
            self._check_level(record, name, data[name])
        if data["final_level"] != data["suggested_level"] and not data.get("level_reason"):
            self.error(record, "level_reason", "is required when final_level differs from suggested_level")
        self.screening_people[record.key] = self._known_person(data)

    def _check_level(self, record: ParsedRecord, field_name: str, level: str) -> None:
        if level not in self.risk_scale:
            self.error(
                record,
                field_name,
                f"{level!r} is not on the partnership's risk scale ({', '.join(self.risk_scale)})",
            )

    def _check_answers(self, record: ParsedRecord) -> None:
        version = record.data["catalogue_version"]
        indicators = self.known.catalogues.get(version)
        if indicators is None:
            self.error(record, "catalogue_version", f"no indicator catalogue version {version} in Lantern")
            return
        answered: dict[str, int] = {}
        for index, answer in enumerate(record.data["answers"]):
            code = answer["indicator"]
            field_name = f"answers.{index}.indicator"
            if code not in indicators:
                self.error(record, field_name, f"no indicator {code!r} in catalogue version {version}")
            elif code in answered:
                self.error(record, field_name, f"repeats the answer in answers.{answered[code]}")
            else:
                answered[code] = index
        unanswered = [
            code for code, indicator in indicators.items() if indicator.required and code not in answered
        ]
        if unanswered:
            self.error(record, "answers", "no answer to the required indicators " + ", ".join(unanswered))

    def _check_referral(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_person_reference(record)
        self._check_area_code(record, "area", data["area"])
        self._check_agency_code(record, "from_agency", data["from_agency"], allow_lantern=False)
        self._check_username(record, "referred_by", data.get("referred_by"))
        self._check_username(record, "decided_by", data.get("decided_by"))
        self._check_together(record, "decision", "decided_at")
        consent = consent_errors(
            consent_sought=data["consent_sought"],
            consent_given=data["consent_given"],
            reason_without_consent=data.get("reason_without_consent") or "",
        )
        for field_name, reasons in consent.items():
            self.error(record, field_name, reasons[0])
        if data.get("concern"):
            self._check_concern_reference(record, source_key(data["concern"]))
        if data.get("screening"):
            self._check_screening_reference(record, source_key(data["screening"]))

    def _check_concern_reference(self, record: ParsedRecord, key: SourceKey) -> None:
        if key not in self.concern_people:
            self.error(
                record,
                "concern",
                f"no concern with source {key[0]}/{key[1]} earlier in the file or in Lantern",
            )
            return
        self._check_same_person(record, "concern", self.concern_people[key])

    def _check_screening_reference(self, record: ParsedRecord, key: SourceKey) -> None:
        if key in self.known.draft_screenings:
            self.error(
                record, "screening", "is a draft in Lantern; only a completed screening goes with a referral"
            )
            return
        if key not in self.screening_people:
            self.error(
                record,
                "screening",
                f"no screening with source {key[0]}/{key[1]} earlier in the file or in Lantern",
            )
            return
        self._check_same_person(record, "screening", self.screening_people[key])

    def _check_same_person(self, record: ParsedRecord, field_name: str, about: SourceKey | None) -> None:
        if about is not None and about != source_key(record.data["person"]):
            self.error(record, field_name, "is about someone else")

    def _check_missing_episode(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_person_reference(record)
        if data.get("reported_by") is not None:
            self._check_agency_code(record, "reported_by", data["reported_by"], allow_lantern=False)
        self._check_username(record, "recorded_by", data.get("recorded_by"))
        self._check_people_references(record, "found_with")
        if data["person"] in (data.get("found_with") or []):
            self.error(record, "found_with", "names the child who went missing")
        self._check_moments(record, data, "last_seen_at", "reported_at")
        self._check_moments(
            record, data, "last_seen_at" if data.get("last_seen_at") else "reported_at", "returned_at"
        )
        self._check_gradings(record)
        returned = data.get("returned_at")
        if data["status"] == "closed" and not returned:
            self.error(record, "returned_at", "is required when status is closed")
        elif data["status"] == "open" and returned:
            self.error(record, "returned_at", "must be null while status is open")
        elif not returned and record.key in self.episode_interviews:
            interview = self.episode_interviews[record.key][0]
            self.error(
                record,
                "status",
                f"must be closed: the episode has a return interview ({interview[0]}/{interview[1]}) in Lantern",
            )
        self.episode_returns[record.key] = parse_date_time(returned) if returned else None

    def _check_gradings(self, record: ParsedRecord) -> None:
        gradings = record.data.get("gradings") or []
        for index, grading in enumerate(gradings):
            self._check_username(record, f"gradings.{index}.graded_by", grading.get("graded_by"))
            if index and parse_date_time(grading["graded_at"]) < parse_date_time(
                gradings[index - 1]["graded_at"]
            ):
                self.error(record, f"gradings.{index}.graded_at", "is before the grading before it")
        if gradings and gradings[-1]["grade"] != record.data["risk_grade"]:
            self.error(
                record, "risk_grade", f"must be the grade of the latest grading ({gradings[-1]['grade']})"
            )

    def _check_return_interview(self, record: ParsedRecord) -> None:
        data = record.data
        if data.get("provider") is not None:
            self._check_agency_code(record, "provider", data["provider"], allow_lantern=False)
        self._check_username(record, "recorded_by", data.get("recorded_by"))
        for index, attempt in enumerate(data.get("attempts") or []):
            self._check_username(record, f"attempts.{index}.recorded_by", attempt.get("recorded_by"))
        self._check_people_references(record, "people_named")
        self._check_moments(record, data, "offered_at", "completed_at")
        if data.get("completed_at"):
            if data.get("outcome") != "accepted":
                self.error(record, "outcome", "must be accepted when completed_at is given")
            if not data.get("interviewer"):
                self.error(record, "interviewer", "is required when completed_at is given")
        self._check_interview_episode(record)

    def _check_interview_episode(self, record: ParsedRecord) -> None:
        data = record.data
        episode = source_key(data["episode"])
        if episode in self.episodes_reported:
            return
        if episode not in self.episode_returns:
            self.error(
                record,
                "episode",
                f"no missing episode with source {episode[0]}/{episode[1]} earlier in the file or in Lantern",
            )
            return
        other = self.episode_interviews.get(episode)
        if other is not None and other[0] != record.key:
            where = f"on line {other[1]}" if other[1] is not None else "in Lantern"
            self.error(
                record, "episode", f"already has a return interview ({other[0][0]}/{other[0][1]}) {where}"
            )
            return
        self.episode_interviews[episode] = (record.key, record.line)
        returned = self.episode_returns[episode]
        if returned is None:
            self.error(record, "episode", "is still open: an interview follows the child's return")
            return
        due = interview_due_at(returned)
        if data.get("due_at") and parse_date_time(data["due_at"]) != due:
            self.error(
                record, "due_at", f"must be 72 hours after the episode's returned_at ({due.isoformat()})"
            )
        for name in (
            "offered_at",
            *(f"attempts.{index}.attempted_at" for index in range(len(data.get("attempts") or []))),
        ):
            moment = _nested(data, name)
            if moment and parse_date_time(moment) < returned:
                self.error(record, name, "is before the child returned")

    def _check_context(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_area_code(record, "area", data.get("area"))
        if data.get("raised_by_agency") is not None:
            self._check_agency_code(record, "raised_by_agency", data["raised_by_agency"], allow_lantern=False)
        self._check_username(record, "raised_by", data.get("raised_by"))
        kind = data["kind"]
        if kind == "location":
            if not data.get("location_type"):
                self.error(record, "location_type", "is required for a location")
            if (data.get("latitude") is None) != (data.get("longitude") is None):
                self.error(record, "latitude", "must be given with longitude, or neither")
        elif kind == "education_setting" and not data.get("education_setting_type"):
            self.error(record, "education_setting_type", "is required for an education setting")
        elif kind == "online_space" and not (data.get("platform") or "").strip():
            self.error(record, "platform", "is required for an online space")
        self.context_keys.add(record.key)

    def _check_context_link(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_person_reference(record)
        context = source_key(data["context"])
        if context not in self.context_keys:
            self.error(
                record,
                "context",
                f"no context with source {context[0]}/{context[1]} earlier in the file or in Lantern",
            )
        self._check_order(record, data, "start", "end")
        if data.get("recorded_by_agency") is not None:
            self._check_agency_code(
                record, "recorded_by_agency", data["recorded_by_agency"], allow_lantern=False
            )
        self._check_username(record, "recorded_by", data.get("recorded_by"))

    def _check_meeting(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_area_code(record, "area", data["area"])
        self._check_username(record, "chair", data["chair"])
        self._check_username(record, "minutes_approved_by", data.get("minutes_approved_by"))
        if data.get("minutes_approved_by") and not data.get("minutes_approved_at"):
            self.error(record, "minutes_approved_by", "must be null when minutes_approved_at is null")
        self._check_moments(record, data, "scheduled_at", "minutes_approved_at")
        self._check_previous_meeting(record)
        for index, code in enumerate(data.get("invited_agencies") or []):
            self._check_agency_code(record, f"invited_agencies.{index}", code, allow_lantern=False)
        self._check_meeting_attendance(record)
        positions = self._check_agenda(record)
        self.meeting_positions[record.key] = positions

    def _check_previous_meeting(self, record: ParsedRecord) -> None:
        previous = record.data.get("previous")
        if not previous:
            return
        key = source_key(previous)
        if key == record.key:
            self.error(record, "previous", "is the meeting itself")
        elif key not in self.meeting_positions:
            self.error(
                record,
                "previous",
                f"no meeting with source {key[0]}/{key[1]} earlier in the file or in Lantern",
            )
        elif key in self.previous_taken:
            self.error(
                record,
                "previous",
                f"is already the previous meeting of the meeting on line {self.previous_taken[key]}",
            )
        else:
            self.previous_taken[key] = record.line

    def _check_meeting_attendance(self, record: ParsedRecord) -> None:
        users: dict[str, int] = {}
        for index, entry in enumerate(record.data.get("attendance") or []):
            self._check_agency_code(
                record, f"attendance.{index}.agency", entry["agency"], allow_lantern=False
            )
            self._check_username(record, f"attendance.{index}.user", entry["user"])
            if entry["user"] in users:
                self.error(record, f"attendance.{index}.user", f"repeats attendance.{users[entry['user']]}")
            users.setdefault(entry["user"], index)

    def _check_agenda(self, record: ParsedRecord) -> set[int]:
        positions: dict[int, int] = {}
        for index, item in enumerate(record.data.get("agenda") or []):
            prefix = f"agenda.{index}."
            if item["position"] in positions:
                self.error(
                    record,
                    f"{prefix}position",
                    f"repeats the position of agenda.{positions[item['position']]}",
                )
            positions.setdefault(item["position"], index)
            person = item.get("person")
            if person and source_key(person) not in self.person_keys:
                key = source_key(person)
                self.error(
                    record,
                    f"{prefix}person",
                    f"no person with source {key[0]}/{key[1]} earlier in the file or in Lantern",
                )
            context = item.get("context")
            if context and source_key(context) not in self.context_keys:
                key = source_key(context)
                self.error(
                    record,
                    f"{prefix}context",
                    f"no context with source {key[0]}/{key[1]} earlier in the file or in Lantern",
                )
            if item.get("agreed_risk_level"):
                self._check_level(record, f"{prefix}agreed_risk_level", item["agreed_risk_level"])
        return set(positions)

    def _check_action(self, record: ParsedRecord) -> None:
        data = record.data
        person = data.get("person")
        if person and source_key(person) not in self.person_keys:
            key = source_key(person)
            self.error(
                record, "person", f"no person with source {key[0]}/{key[1]} earlier in the file or in Lantern"
            )
        self._check_agency_code(record, "owner_agency", data["owner_agency"], allow_lantern=False)
        self._check_username(record, "owner", data.get("owner"))
        if data.get("completed_at") and data["status"] != "completed":
            self.error(record, "completed_at", "must be null unless status is completed")
        meeting = source_key(data["meeting"])
        if meeting not in self.meeting_positions:
            self.error(
                record,
                "meeting",
                f"no meeting with source {meeting[0]}/{meeting[1]} earlier in the file or in Lantern",
            )
            return
        positions = self.meeting_positions[meeting]
        item = data.get("agenda_item")
        if item is not None and positions is not None and item not in positions:
            self.error(record, "agenda_item", f"the meeting has no agenda item at position {item}")

    # intelligence, disruption and NRM referrals

    def _check_optional_reference(
        self,
        record: ParsedRecord,
        field_name: str,
        pair: dict[str, str] | None,
        what: str,
        keys: set[SourceKey],
    ) -> None:
        if pair and source_key(pair) not in keys:
            key = source_key(pair)
            self.error(
                record,
                field_name,
                f"no {what} with source {key[0]}/{key[1]} earlier in the file or in Lantern",
            )

    def _check_intelligence(self, record: ParsedRecord) -> None:
        data = record.data
        if data.get("reporter_agency") is not None:
            self._check_agency_code(record, "reporter_agency", data["reporter_agency"], allow_lantern=False)
        self._check_username(record, "reporter", data.get("reporter"))
        self._check_username(record, "graded_by", data.get("graded_by"))
        if data["received_via"] == "public":
            for name in ("reporter_agency", "reporter"):
                if data.get(name):
                    self.error(record, name, "must be null for a report from a member of the public")
        graded = self._check_grading(record)
        for index, subject in enumerate(data.get("subjects") or []):
            self._check_subject(record, f"subjects.{index}.", subject)
        decisions = data.get("share_decisions") or []
        if decisions and not graded:
            self.error(record, "share_decisions", "must be empty while the report is ungraded")
        for index, decision in enumerate(decisions):
            self._check_share_decision(record, f"share_decisions.{index}.", decision)
        self.report_keys.add(record.key)

    def _check_grading(self, record: ParsedRecord) -> bool:
        """3x5x2 grading is all given or none; handling C needs its conditions. True if graded."""
        data = record.data
        grades = ("source_grade", "information_grade", "handling")
        if not any(data.get(name) for name in grades):
            for name in ("graded_at", "graded_by", "handling_conditions"):
                if data.get(name):
                    self.error(record, name, "must be null while the report is ungraded")
            return False
        for name in (*grades, "graded_at", "sanitised_text"):
            if not (data.get(name) or "").strip():
                self.error(record, name, "is required when the report is graded")
        self._check_moments(record, data, "submitted_at", "graded_at")
        conditions = (data.get("handling_conditions") or "").strip()
        if data.get("handling") == Handling.C and not conditions:
            self.error(record, "handling_conditions", "is required with handling code C")
        elif data.get("handling") == Handling.P and conditions:
            self.error(record, "handling_conditions", "must be empty with handling code P")
        return True

    SUBJECT_FIELDS = {
        SubjectKind.PERSON: ("person", "person_role", "nickname"),
        SubjectKind.LOCATION: ("context", "location_text", "postcode"),
        SubjectKind.VEHICLE: ("vrm", "make", "colour"),
        SubjectKind.PHONE: ("number", "deal_line"),
        SubjectKind.ONLINE_ACCOUNT: ("platform", "handle"),
    }

    def _check_subject(self, record: ParsedRecord, prefix: str, subject: dict[str, Any]) -> None:
        kind = subject["kind"]
        for other, names in self.SUBJECT_FIELDS.items():
            for name in names:
                if other != kind and subject.get(name):
                    self.error(record, f"{prefix}{name}", f"is only for a subject of kind {other.value}")
        self._check_username(record, f"{prefix}linked_by", subject.get("linked_by"))
        self._check_optional_reference(
            record, f"{prefix}person", subject.get("person"), "person", self.person_keys
        )
        self._check_optional_reference(
            record, f"{prefix}context", subject.get("context"), "context", self.context_keys
        )
        if kind == SubjectKind.PERSON and not (
            subject.get("person") or subject.get("description") or subject.get("nickname")
        ):
            self.error(
                record, f"{prefix}description", "is required for a person with no `person` or nickname"
            )
        if kind == SubjectKind.LOCATION and not (
            subject.get("context") or subject.get("location_text") or subject.get("postcode")
        ):
            self.error(
                record, f"{prefix}location_text", "is required for a place with no `context` or postcode"
            )
        if kind == SubjectKind.VEHICLE and not normalise_vrm(subject.get("vrm") or ""):
            self.error(record, f"{prefix}vrm", "is required: a registration such as AB12 CDE")
        if kind == SubjectKind.PHONE and not normalise_uk_phone(subject.get("number") or ""):
            self.error(record, f"{prefix}number", "is required: a UK phone number such as 07700 900123")
        if kind == SubjectKind.ONLINE_ACCOUNT and not normalise_handle(
            subject.get("platform") or "", subject.get("handle") or ""
        ):
            self.error(record, f"{prefix}handle", "is required: the account's name or handle")

    def _check_share_decision(self, record: ParsedRecord, prefix: str, decision: dict[str, Any]) -> None:
        self._check_agency_code(record, f"{prefix}to_agency", decision["to_agency"], allow_lantern=False)
        self._check_username(record, f"{prefix}decided_by", decision["decided_by"])
        if decision["shared"]:
            for name in ("lawful_basis", "purpose"):
                if not (decision.get(name) or "").strip():
                    self.error(record, f"{prefix}{name}", "is required when shared is true")
            if decision.get("reasons_not_shared"):
                self.error(record, f"{prefix}reasons_not_shared", "must be empty when shared is true")
        else:
            if not (decision.get("reasons_not_shared") or "").strip():
                self.error(record, f"{prefix}reasons_not_shared", "is required when shared is false")
            for name in ("lawful_basis", "purpose", "what_shared"):
                if decision.get(name):
                    self.error(record, f"{prefix}{name}", "must be empty when shared is false")

    def _check_disruption(self, record: ParsedRecord) -> None:
        data = record.data
        if data["disruption_type"] not in self.known.disruption_types:
            self.error(
                record, "disruption_type", f"no disruption type {data['disruption_type']!r} in Lantern"
            )
        if not data.get("target_person") and not data.get("target_context"):
            self.error(record, "target_person", "is required when target_context is null")
        for name in ("target_person", "protected_child"):
            self._check_optional_reference(record, name, data.get(name), "person", self.person_keys)
        self._check_optional_reference(
            record, "target_context", data.get("target_context"), "context", self.context_keys
        )
        self._check_optional_reference(
            record, "report", data.get("report"), "intelligence report", self.report_keys
        )
        self._check_agency_code(record, "agency", data["agency"], allow_lantern=False)
        self._check_username(record, "recorded_by", data.get("recorded_by"))
        self._check_order(record, data, "happened_on", "expires_on")

    def _check_nrm_referral(self, record: ParsedRecord) -> None:
        data = record.data
        self._check_person_reference(record)
        self._check_agency_code(
            record, "first_responder_agency", data["first_responder_agency"], allow_lantern=False
        )
        self._check_username(record, "recorded_by", data.get("recorded_by"))
        self._check_nrm_consent(record)
        for stage in ("reasonable_grounds", "conclusive_grounds"):
            decided = data[f"{stage}_decision"] != NrmDecision.PENDING
            if decided and not data.get(f"{stage}_on"):
                self.error(record, f"{stage}_on", f"is required when {stage}_decision is decided")
            elif not decided and data.get(f"{stage}_on"):
                self.error(record, f"{stage}_on", f"must be null while {stage}_decision is pending")
        if (
            data["conclusive_grounds_decision"] != NrmDecision.PENDING
            and data["reasonable_grounds_decision"] != NrmDecision.POSITIVE
        ):
            self.error(
                record,
                "conclusive_grounds_decision",
                "follows only a positive reasonable_grounds_decision",
            )
        if data.get("guardian_allocated") and not data.get("guardian_allocated_on"):
            self.error(record, "guardian_allocated_on", "is required when guardian_allocated is true")
        elif not data.get("guardian_allocated") and data.get("guardian_allocated_on"):
            self.error(record, "guardian_allocated_on", "must be null unless guardian_allocated is true")

    def _check_nrm_consent(self, record: ParsedRecord) -> None:
        """As Lantern's NRM form: under 25 when submitted, and consent from anyone 18 or over."""
        data = record.data
        if data.get("consent_given") is None and data.get("consent_recorded_on"):
            self.error(record, "consent_recorded_on", "must be null when consent_given is null")
        person = source_key(data["person"])
        if person not in self.person_births:
            return  # an unknown or bad person is reported once, on its own line or as `person`
        submitted = timezone.localtime(parse_date_time(data["submitted_at"])).date()
        age = age_on(self.person_births[person], submitted)
        if age is not None and age >= YOUNG_ADULT_MAX_AGE:
            self.error(record, "person", f"was {age} when submitted: NRM referrals here are for under-25s")
        if (age is None or age >= ADULT_AGE) and data.get("consent_given") is not True:
            self.error(
                record,
                "consent_given",
                "must be true: a young adult (18 or over, or with no date of birth) must consent",
            )


def _nested(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path such as ``attempts.0.attempted_at``."""
    value: Any = data
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value.get(part)
    return value


def check_records(records: list[ParsedRecord], known: KnownInDatabase) -> list[LineError]:
    checker = _FileChecker(known)
    for record in records:
        checker.check(record)
    return checker.errors
