"""Importing and exporting interchange files (DESIGN.md §5).

An import checks every line first and writes nothing unless every line is good; then it writes
everything in one transaction, type by type in dependency order, with bulk queries. The same
source pair (or code) updates the stored record; a record that is already the same is left
alone, so importing a file twice creates nothing and updates nothing the second time.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Model
from django.utils import timezone

from lantern.audit.services import audit_record, audit_refusal
from lantern.concerns.models import Concern, ConcernAmendment, ConcernStatus
from lantern.contexts.models import Context, ContextLink, LinkSource
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.intelligence.models import (
    Disruption,
    Entity,
    IntelligenceReport,
    NrmReferral,
    PersonOfConcern,
    PersonRole,
    ReportStatus,
    ReportSubject,
    ShareDecision,
    SubjectKind,
)
from lantern.intelligence.normalise import normalise_uk_phone, normalise_vrm
from lantern.intelligence.services import SubjectInput, default_expiry, entity_key_for
from lantern.interchange import records as shapes
from lantern.interchange import selectors
from lantern.interchange.permissions import can_exchange_records
from lantern.interchange.schemas import INTERVIEW_FINDINGS, LANTERN_SOURCE_AGENCY, TYPE_ORDER
from lantern.interchange.validation import (
    LineError,
    ParsedRecord,
    SourceKey,
    check_records,
    parse_date_time,
    parse_lines,
    source_key,
)
from lantern.meetings.models import Action, AgendaItem, Attendance, Meeting, MeetingStatus
from lantern.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview, RiskGrading
from lantern.missing.rules import interview_due_at
from lantern.partnership.boundaries import normalise_boundary
from lantern.partnership.models import Agency, Area, Partnership
from lantern.people.models import (
    CareStatus,
    EducationStatus,
    Involvement,
    Person,
    PersonAddress,
    PersonAlias,
    PersonIdentifier,
    YouthJusticeStatus,
)
from lantern.people.validators import normalise_identifier
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import Course, TrainingSession
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import Screening, ScreeningAnswer, ScreeningStatus, StartedFrom
from lantern.screening.scoring import points
from lantern.search.index import index_people

BATCH = 1000
COMMAND_LINE = "command line"


@dataclass
class TypeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    lines: int
    counts: dict[str, TypeCounts] = field(default_factory=lambda: {name: TypeCounts() for name in TYPE_ORDER})

    @property
    def created(self) -> int:
        return sum(counts.created for counts in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(counts.updated for counts in self.counts.values())

    def summary_lines(self) -> list[str]:
        return [
            f"{name}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
            for name, counts in self.counts.items()
            if counts.total
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "created": {name: counts.created for name, counts in self.counts.items()},
            "updated": {name: counts.updated for name, counts in self.counts.items()},
            "unchanged": {name: counts.unchanged for name, counts in self.counts.items()},
        }


class RecordsRejected(ValidationFailed):
    """The file has bad lines; nothing was written. ``line_errors`` name each line, field and reason."""

    def __init__(self, line_errors: list[LineError]):
        by_line: dict[str, list[str]] = {}
        for error in line_errors:
            by_line.setdefault(f"line {error.line}", []).append(f"{error.field}: {error.reason}")
        super().__init__(by_line)
        self.line_errors = line_errors


def _audit_username(actor: Any) -> str:
    return "" if actor is not None else COMMAND_LINE


def require_exchange_permission(actor: Any, what: str) -> None:
    """``actor`` None is the server's operator at the command line, who holds the database anyway."""
    if actor is None:
        return
    role = getattr(actor, "role", "")
    if not getattr(actor, "is_authenticated", False) or not can_exchange_records(role):
        audit_refusal(
            actor=actor, object_type="interchange", reason=f"role {role or 'none'} may not {what} records"
        )
        raise AccessRefused(f"Only a partnership admin can {what} records.")


# --- Import ---------------------------------------------------------------------------------


def records_import(*, actor: Any, lines: Iterable[str | bytes]) -> ImportReport:
    """Check every line, then write all of them or none. Raises ``RecordsRejected`` on any bad line."""
    require_exchange_permission(actor, "import")
    checked = parse_lines(lines)
    with transaction.atomic():
        valid = [record for record in checked.records if record.valid]
        existing = selectors.existing_records_for_import(valid)
        errors = checked.errors + check_records(checked.records, existing.known(valid))
        if errors:
            raise RecordsRejected(sorted(errors))
        writer = _ImportWriter(actor=actor, existing=existing)
        report = writer.write(valid, lines=checked.lines)
        if writer.touched_people:
            index_people(sorted(writer.touched_people))
        audit_record(
            actor=actor,
            action="import",
            object_type="interchange",
            detail=report.as_dict(),
            username=_audit_username(actor),
        )
    return report


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return parse_date_time(value) if value else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


COORDINATE_PLACES = Decimal("0.000001")


def _coordinate(value: float | int | None) -> Decimal | None:
    """Degrees to the 6 decimal places Lantern stores (about 10 cm)."""
    return Decimal(str(value)).quantize(COORDINATE_PLACES) if value is not None else None


def referral_submission_key(key: SourceKey) -> str:
    """An imported referral was never submitted through the form; its key comes from its source pair."""
    return "interchange-" + hashlib.sha256(f"{key[0]}/{key[1]}".encode()).hexdigest()[:52]


def _default(model: type[Model], name: str) -> Any:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.get_default()


def _given_or_default(data: dict[str, Any], model: type[Model], names: Iterable[str]) -> dict[str, Any]:
    """A record replaces the stored one: a field left out (or null) takes the model's default."""
    return {name: data[name] if data.get(name) is not None else _default(model, name) for name in names}


PERSON_PLAIN_FIELDS = (
    "given_name",
    "middle_names",
    "family_name",
    "preferred_name",
    "date_of_birth_estimated",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "send",
    "disability",
    "learning_disability",
)
AREA_FIELDS = ("name", "front_door_name", "front_door_phone", "front_door_email", "emergency_guidance")


# The columns of a person's details, in the order of the tuples ``_person_details`` builds.
PERSON_DETAIL_TABLES: dict[str, tuple[type[Model], list[str]]] = {
    "aliases": (PersonAlias, ["kind", "name"]),
    "identifiers": (PersonIdentifier, ["kind", "value"]),
    "addresses": (PersonAddress, ["line_1", "line_2", "town", "postcode", "area", "start", "end"]),
}


def _adapt(ops: Any, value: Any) -> Any:
    return ops.adapt_datefield_value(value) if isinstance(value, date) else value


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _insert_rows(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row inserts: a person's details are the bulk of a large import, and building a
    model instance for each row costs more than the insert itself."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    max_params = connection.features.max_query_params or BATCH * len(fields)
    per_statement = max(1, min(BATCH, max_params // len(fields)))
    with connection.cursor() as cursor:
        for chunk in selectors.chunked(rows, per_statement):
            values = ", ".join([row_marks] * len(chunk))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


class _ImportWriter:
    def __init__(self, *, actor: Any, existing: selectors.ExistingRecords):
        self.actor = actor
        self.existing = existing
        self.now = timezone.now()
        self.report = ImportReport(lines=0)
        self.person_ids: dict[SourceKey, int] = {
            key: person.pk for key, person in existing.sourced["person"].items()
        }
        self.touched_people: set[int] = set()
        self.concern_ids: dict[SourceKey, int] = {
            key: concern.pk for key, concern in existing.sourced["concern"].items()
        }
        self.screening_ids: dict[SourceKey, int] = {
            key: screening.pk for key, screening in existing.sourced["screening"].items()
        }
        self.episodes: dict[SourceKey, MissingEpisode] = dict(existing.sourced["missing_episode"])
        self.context_ids: dict[SourceKey, int] = {
            key: context.pk for key, context in existing.sourced["context"].items()
        }
        self.meeting_ids: dict[SourceKey, int] = {
            key: meeting.pk for key, meeting in existing.sourced["meeting"].items()
        }
        self.item_ids: dict[tuple[int, int], int] = {}
        self.report_ids: dict[SourceKey, int] = {
            key: report.pk for key, report in existing.sourced["intelligence"].items()
        }
        self.session_ids: dict[SourceKey, int] = {
            key: session.pk for key, session in existing.sourced["training_session"].items()
        }

    def write(self, records: list[ParsedRecord], *, lines: int) -> ImportReport:
        self.report.lines = lines
        by_type: dict[str, list[ParsedRecord]] = defaultdict(list)
        for record in records:
            by_type[record.type].append(record)
        self._partnership(by_type["partnership"])
        self._areas(by_type["area"])
        self._agencies(by_type["agency"])
        self._people(by_type["person"])
        self._sourced("care_status", CareStatus, by_type["care_status"], self._episode_fields)
        self._sourced(
            "education_status", EducationStatus, by_type["education_status"], self._education_fields
        )
        self._sourced("youth_justice", YouthJusticeStatus, by_type["youth_justice"], self._episode_fields)
        self._sourced("involvement", Involvement, by_type["involvement"], self._involvement_fields)
        self._sourced("risk_assessment", RiskAssessment, by_type["risk_assessment"], self._risk_fields)
        self._concerns(by_type["concern"])
        self._screenings(by_type["screening"])
        self._sourced("referral", Referral, by_type["referral"], self._referral_fields)
        self._missing_episodes(by_type["missing_episode"])
        self._return_interviews(by_type["return_interview"])
        for key, context in self._sourced(
            "context", Context, by_type["context"], self._context_fields
        ).items():
            self.context_ids[key] = context.pk
        self._sourced("context_link", ContextLink, by_type["context_link"], self._context_link_fields)
        self._meetings(by_type["meeting"])
        self._sourced("action", Action, by_type["action"], self._action_fields)
        self._intelligence(by_type["intelligence"])
        self._sourced("disruption", Disruption, by_type["disruption"], self._disruption_fields)
        self._sourced("nrm_referral", NrmReferral, by_type["nrm_referral"], self._nrm_referral_fields)
        self._courses(by_type["course"])
        for key, session in self._sourced(
            "training_session", TrainingSession, by_type["training_session"], self._session_fields
        ).items():
            self.session_ids[key] = session.pk
        self._attendances(by_type["attendance"])
        return self.report

    # helpers

    def _count(self, record_type: str, outcome: str) -> None:
        counts = self.report.counts[record_type]
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _apply(self, obj: Any, fields: dict[str, Any]) -> bool:
        """Set the fields that differ; True if any did (and then bump the version if there is one)."""
        changed = False
        for name, value in fields.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            self._touch(obj)
        return changed

    def _agency_id(self, code: str | None) -> int | None:
        if code is None or code == LANTERN_SOURCE_AGENCY:
            return None
        return self.existing.agencies[code].pk

    def _area_id(self, code: str | None) -> int | None:
        return self.existing.areas[code].pk if code is not None else None

    def _user_id(self, username: str | None) -> int | None:
        return self.existing.users[username].pk if username else None

    def _touch(self, obj: Any) -> None:
        obj.updated_at = self.now
        if hasattr(obj, "version"):
            obj.version += 1

    # configuration

    def _partnership(self, records: list[ParsedRecord]) -> None:
        for record in records:
            fields = {"name": record.data["name"], "risk_scale": list(record.data["risk_scale"])}
            partnership = self.existing.partnership
            if partnership is None:
                self.existing.partnership = Partnership.objects.create(**fields)
                self._count("partnership", "created")
            elif self._apply(partnership, fields):
                partnership.save()
                self._count("partnership", "updated")
            else:
                self._count("partnership", "unchanged")

    def _areas(self, records: list[ParsedRecord]) -> None:
        for record in records:
            code = record.data["code"]
            fields = _given_or_default(record.data, Area, AREA_FIELDS)
            fields["boundary"] = normalise_boundary(record.data.get("boundary"))  # checked in validation
            area = self.existing.areas.get(code)
            if area is None:
                self.existing.areas[code] = Area.objects.create(code=code, **fields)
                self._count("area", "created")
            elif self._apply(area, fields):
                area.save()
                self._count("area", "updated")
            else:
                self._count("area", "unchanged")

    def _courses(self, records: list[ParsedRecord]) -> None:
        for record in records:
            name = record.data["name"]
            fields = {
                "description": record.data.get("description") or "",
                "refresher_months": record.data.get("refresher_months"),
                "active": record.data.get("active") is not False,
            }
            course = self.existing.courses.get(name)
            if course is None:
                self.existing.courses[name] = Course.objects.create(name=name, **fields)
                self._count("course", "created")
            elif self._apply(course, fields):
                course.save()
                self._count("course", "updated")
            else:
                self._count("course", "unchanged")

    # workforce learning

    def _session_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "course_id": self.existing.courses[data["course"]].pk,
            "held_on": date.fromisoformat(data["held_on"]),
            "trainer": (data.get("trainer") or "").strip(),
            "place": (data.get("place") or "").strip(),
        }

    def _attendance_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """The fields the record sets; a null agency or recorder leaves a stored attendance's alone."""
        fields: dict[str, Any] = {
            "session_id": self.session_ids[source_key(data["session"])],
            "user_id": self._user_id(data["user"]),
        }
        if data.get("agency") is not None:
            fields["agency_id"] = self._agency_id(data["agency"])
        if data.get("recorded_by"):
            fields["recorded_by_id"] = self._user_id(data["recorded_by"])
        return fields

    def _attendances(self, records: list[ParsedRecord]) -> None:
        """A person attends a session once: a record with a new source pair naming someone already
        recorded at that session (by the form, the learning API or another system) is that same
        attendance, so loading by API and by file never counts anyone twice."""
        if not records:
            return
        by_source = self.existing.sourced["attendance"]
        taken = selectors.attendances_at(
            self.session_ids[source_key(record.data["session"])] for record in records
        )
        new: list[TrainingAttendance] = []
        changed: list[TrainingAttendance] = []
        for record in records:
            fields = self._attendance_fields(record.data)
            slot = (fields["session_id"], fields["user_id"])
            holder = taken.get(slot)
            attendance = by_source.get(record.key) or holder
            if attendance is None:
                user = self.existing.users[record.data["user"]]
                attendance = TrainingAttendance(
                    source_agency_id=self._agency_id(record.key[0]),
                    source_id=record.key[1],
                    **{
                        "agency_id": user.agency_id,
                        "recorded_by_id": getattr(self.actor, "pk", None),
                        **fields,
                    },
                )
                new.append(attendance)
                taken[slot] = attendance
                self._count("attendance", "created")
                continue
            if holder is not None and holder.pk != attendance.pk:
                raise RecordsRejected(
                    [
                        LineError(
                            record.line, "user", "already attends that session in another attendance record"
                        )
                    ]
                )
            taken[slot] = attendance
            if self._apply(attendance, fields):
                changed.append(attendance)
                self._count("attendance", "updated")
            else:
                self._count("attendance", "unchanged")
        TrainingAttendance.objects.bulk_create(new, batch_size=BATCH)
        TrainingAttendance.objects.bulk_update(
            changed,
            ["session", "user", "agency", "recorded_by", "version", "updated_at"],
            batch_size=BATCH,
        )

    def _agencies(self, records: list[ParsedRecord]) -> None:
        for record in records:
            code = record.data["code"]
            fields = {
                "name": record.data["name"],
                "agency_type": record.data["agency_type"],
                "area_id": self._area_id(record.data.get("area")),
            }
            agency = self.existing.agencies.get(code)
            if agency is None:
                self.existing.agencies[code] = Agency.objects.create(code=code, **fields)
                self._count("agency", "created")
            elif self._apply(agency, fields):
                agency.save()
                self._count("agency", "updated")
            else:
                self._count("agency", "unchanged")

    # people

    def _person_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            **_given_or_default(data, Person, PERSON_PLAIN_FIELDS),
            "date_of_birth": _day(data.get("date_of_birth")),
            "area_id": self._area_id(data.get("area")),
        }

    def _person_details(self, data: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
        """Aliases, identifiers and addresses as comparable tuples (as ``selectors.person_details``)."""
        return {
            "aliases": [(alias["kind"], alias["name"]) for alias in data.get("aliases") or []],
            "identifiers": [
                (item["kind"], normalise_identifier(item["kind"], item["value"]))
                for item in data.get("identifiers") or []
            ],
            "addresses": [
                (
                    address["line_1"],
                    address.get("line_2") or "",
                    address.get("town") or "",
                    address.get("postcode") or "",
                    self._area_id(address.get("area")),
                    _day(address.get("start")),
                    _day(address.get("end")),
                )
                for address in data.get("addresses") or []
            ],
        }

    def _people(self, records: list[ParsedRecord]) -> None:
        existing = self.existing.sourced["person"]
        stored_details = selectors.person_details(
            existing[record.key].pk for record in records if record.key in existing
        )
        creator = self.actor if getattr(self.actor, "is_authenticated", False) else None
        new: list[tuple[Person, SourceKey, dict[str, list[tuple[Any, ...]]]]] = []
        changed: list[Person] = []
        replaced: dict[str, dict[int, list[tuple[Any, ...]]]] = defaultdict(dict)
        for record in records:
            fields = self._person_fields(record.data)
            details = self._person_details(record.data)
            person = existing.get(record.key)
            if person is None:
                person = Person(
                    source_agency_id=self._agency_id(record.key[0]),
                    source_id=record.key[1],
                    created_by=creator,
                    **fields,
                )
                new.append((person, record.key, details))
                continue
            stored = stored_details[person.pk]
            differing = [kind for kind, rows in details.items() if rows != stored[kind]]
            fields_changed = self._apply(person, fields)
            if differing and not fields_changed:
                person.updated_at = self.now
                person.version += 1
            if fields_changed or differing:
                changed.append(person)
                self.touched_people.add(person.pk)
                for kind in differing:
                    replaced[kind][person.pk] = details[kind]
                self._count("person", "updated")
            else:
                self._count("person", "unchanged")
        Person.objects.bulk_create([person for person, _, _ in new], batch_size=BATCH)
        for person, key, details in new:
            self.person_ids[key] = person.pk
            self.touched_people.add(person.pk)
            for kind, rows in details.items():
                if rows:
                    replaced[kind][person.pk] = rows
            self._count("person", "created")
        if changed:
            Person.objects.bulk_update(
                changed,
                [*PERSON_PLAIN_FIELDS, "date_of_birth", "area", "version", "updated_at"],
                batch_size=BATCH,
            )
        self._replace_person_details(replaced, {person.pk for person, _, _ in new})

    def _replace_person_details(
        self, replaced: dict[str, dict[int, list[tuple[Any, ...]]]], new_ids: set[int]
    ) -> None:
        ops = connection.ops
        for kind, (model, columns) in PERSON_DETAIL_TABLES.items():
            rows_by_person = replaced.get(kind, {})
            stale = sorted(pk for pk in rows_by_person if pk not in new_ids)
            manager: Any = model._default_manager
            for chunk in selectors.chunked(stale):
                manager.filter(person_id__in=chunk).delete()
            stamp = ops.adapt_datetimefield_value(self.now)
            rows = [
                (pk, *(_adapt(ops, value) for value in row), stamp, stamp)
                for pk, person_rows in rows_by_person.items()
                for row in person_rows
            ]
            _insert_rows(model, ["person", *columns, "created_at", "updated_at"], rows)

    # episodes, involvements and risk assessments

    def _person_id(self, data: dict[str, Any]) -> int:
        return self.person_ids[source_key(data["person"])]

    def _episode_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_id": self._person_id(data),
            "status": data["status"],
            "start": _day(data["start"]),
            "end": _day(data.get("end")),
        }

    def _education_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**self._episode_fields(data), "setting_name": data.get("setting_name") or ""}

    def _involvement_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        worker = data.get("worker")
        return {
            "person_id": self._person_id(data),
            "agency_id": self._agency_id(data["agency"]),
            "worker_id": self.existing.users[worker].pk if worker else None,
            "role": data["role"],
            "start": _day(data["start"]),
            "end": _day(data.get("end")),
        }

    def _risk_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_id": self._person_id(data),
            "assessed_on": _day(data["assessed_on"]),
            "exploitation_type": data["exploitation_type"],
            "other_types": list(data.get("other_types") or []),
            "level": data["level"],
            "summary": data.get("summary") or "",
            "next_review_due": _day(data["next_review_due"]),
            "closed_on": _day(data.get("closed_on")),
            "closed_reason": data.get("closed_reason") or "",
        }

    def _concern_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        decision = data.get("triage_decision")
        return {
            "person_id": self._person_id(data),
            "agency_id": self._agency_id(data["agency"]),
            "raised_by_id": self._user_id(data.get("raised_by")),
            "happened_on": _day(data["happened_on"]),
            "happened_time": _time(data.get("happened_time")),
            "categories": list(data["categories"]),
            "what_happened": data["what_happened"],
            "childs_words": data.get("childs_words") or "",
            "actions_taken": data.get("actions_taken") or "",
            "immediate_danger": bool(data.get("immediate_danger")),
            "status": ConcernStatus.TRIAGED if decision else ConcernStatus.OPEN,
            "triage_decision": decision or "",
            "triaged_by_id": self._user_id(data.get("triaged_by")),
            "triaged_at": _moment(data.get("triaged_at")),
            "triage_notes": data.get("triage_notes") or "",
        }

    def _amendments(self, data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A concern's amendments as comparable tuples (as ``selectors.concern_amendments``)."""
        return [
            (
                amendment["field"],
                amendment.get("old_value") or "",
                amendment.get("new_value") or "",
                amendment["reason"],
                self._user_id(amendment["amended_by"]),
                _moment(amendment["amended_at"]),
            )
            for amendment in data.get("amendments") or []
        ]

    def _concerns(self, records: list[ParsedRecord]) -> None:
        """Concerns as any sourced record, and their amendments kept exactly as the file gives them."""
        existing = self.existing.sourced["concern"]
        stored = selectors.concern_amendments(
            existing[record.key].pk for record in records if record.key in existing
        )
        given = {record.key: self._amendments(record.data) for record in records}

        def amendments_differ(concern: Concern, key: SourceKey) -> bool:
            return stored[concern.pk] != given[key]

        concerns = self._sourced("concern", Concern, records, self._concern_fields, amendments_differ)
        replaced: dict[int, list[tuple[Any, ...]]] = {}
        for key, concern in concerns.items():
            self.concern_ids[key] = concern.pk
            if stored.get(concern.pk, []) != given[key]:
                replaced[concern.pk] = given[key]
        for chunk in selectors.chunked(sorted(pk for pk in replaced if pk in stored)):
            ConcernAmendment.objects.filter(concern_id__in=chunk).delete()
        ConcernAmendment.objects.bulk_create(
            [
                ConcernAmendment(
                    concern_id=concern_id,
                    field=field_name,
                    old_value=old_value,
                    new_value=new_value,
                    reason=reason,
                    amended_by_id=amended_by_id,
                    amended_at=amended_at,
                )
                for concern_id, rows in replaced.items()
                for field_name, old_value, new_value, reason, amended_by_id, amended_at in rows
            ],
            batch_size=BATCH,
        )

    def _screening_answers(self, data: dict[str, Any]) -> dict[int, tuple[str, str]]:
        """A screening's answers as indicator id -> (answer, evidence) (as ``selectors.screening_answers``)."""
        _, indicators = self.existing.catalogues[data["catalogue_version"]]
        return {
            indicators[answer["indicator"]].id: (answer["answer"], answer.get("evidence") or "")
            for answer in data["answers"]
        }

    def _screening_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        catalogue_id, indicators = self.existing.catalogues[data["catalogue_version"]]
        answers = {answer["indicator"]: answer["answer"] for answer in data["answers"]}
        # The totals are worked out from the answers exactly as Lantern's own scoring does.
        domain_totals: dict[str, Decimal] = {}
        for code, indicator in indicators.items():
            domain_totals[indicator.domain_code] = domain_totals.get(
                indicator.domain_code, Decimal(0)
            ) + points(indicator.weight, answers.get(code, ""))
        return {
            "person_id": self._person_id(data),
            "agency_id": self._agency_id(data.get("agency")),
            "catalogue_id": catalogue_id,
            "status": ScreeningStatus.COMPLETED,
            "started_from": data.get("started_from") or StartedFrom.PERSON,
            "professional_judgement": data.get("professional_judgement") or "",
            "suggested_level": data["suggested_level"],
            "suggestion_reasons": list(data.get("suggestion_reasons") or []),
            "weighted_total": sum(domain_totals.values(), Decimal(0)),
            "domain_totals": {code: str(total) for code, total in domain_totals.items()},
            "final_level": data["final_level"],
            "level_reason": data.get("level_reason") or "",
            "outcome": data["outcome"],
            "completed_by_id": self._user_id(data.get("completed_by")),
            "completed_at": _moment(data["completed_at"]),
        }

    def _screenings(self, records: list[ParsedRecord]) -> None:
        """Completed screenings as any sourced record, and their answers replaced by the file's."""
        existing = self.existing.sourced["screening"]
        stored = selectors.screening_answers(
            existing[record.key].pk for record in records if record.key in existing
        )
        given = {record.key: self._screening_answers(record.data) for record in records}

        def answers_differ(screening: Screening, key: SourceKey) -> bool:
            return stored[screening.pk] != given[key]

        screenings = self._sourced("screening", Screening, records, self._screening_fields, answers_differ)
        replaced: dict[int, dict[int, tuple[str, str]]] = {}
        for key, screening in screenings.items():
            self.screening_ids[key] = screening.pk
            if screening.pk not in stored or stored[screening.pk] != given[key]:
                replaced[screening.pk] = given[key]
        for chunk in selectors.chunked(sorted(pk for pk in replaced if pk in stored)):
            ScreeningAnswer.objects.filter(screening_id__in=chunk).delete()
        ScreeningAnswer.objects.bulk_create(
            [
                ScreeningAnswer(
                    screening_id=screening_id, indicator_id=indicator_id, answer=answer, evidence=evidence
                )
                for screening_id, answers in replaced.items()
                for indicator_id, (answer, evidence) in answers.items()
            ],
            batch_size=BATCH,
        )

    def _referral_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        concern = data.get("concern")
        screening = data.get("screening")
        return {
            "person_id": self._person_id(data),
            "area_id": self._area_id(data["area"]),
            "from_agency_id": self._agency_id(data["from_agency"]),
            "referred_by_id": self._user_id(data.get("referred_by")),
            "concern_id": self.concern_ids[source_key(concern)] if concern else None,
            "screening_id": self.screening_ids[source_key(screening)] if screening else None,
            "reason": data["reason"],
            "consent_sought": data["consent_sought"],
            "consent_given": data["consent_given"],
            "reason_without_consent": data.get("reason_without_consent") or "",
            "received_at": _moment(data["received_at"]),
            "decision": data.get("decision") or "",
            "decided_at": _moment(data.get("decided_at")),
            "decided_by_id": self._user_id(data.get("decided_by")),
            "decision_notes": data.get("decision_notes") or "",
        }

    # missing episodes and return home interviews

    def _people_ids(self, pairs: list[dict[str, str]] | None) -> set[int]:
        return {self.person_ids[source_key(pair)] for pair in pairs or []}

    def _episode_record_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_id": self._person_id(data),
            "missing_from": data["missing_from"],
            "reported_at": _moment(data["reported_at"]),
            "reported_by_id": self._agency_id(data.get("reported_by")),
            "recorded_by_id": self._user_id(data.get("recorded_by")),
            "risk_grade": data["risk_grade"],
            "last_seen_at": _moment(data.get("last_seen_at")),
            "last_seen_where": data.get("last_seen_where") or "",
            "clothing": data.get("clothing") or "",
            "circumstances": data.get("circumstances") or "",
            "returned_at": _moment(data.get("returned_at")),
            "found_where": data.get("found_where") or "",
            "found_postcode": (data.get("found_postcode") or "").strip().upper(),
            "how_returned": data.get("how_returned") or "",
            "safe_and_well_check_at": _moment(data.get("safe_and_well_check_at")),
            "safe_and_well_check_by": data.get("safe_and_well_check_by") or "",
            "status": data["status"],
        }

    def _gradings(self, data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """An episode's gradings as comparable tuples (as ``selectors.episode_gradings``)."""
        return [
            (
                grading["grade"],
                _moment(grading["graded_at"]),
                self._user_id(grading.get("graded_by")),
                grading.get("reason") or "",
            )
            for grading in data.get("gradings") or []
        ]

    def _missing_episodes(self, records: list[ParsedRecord]) -> None:
        """Episodes as any sourced record; their gradings and the people found with them replaced."""
        existing = self.existing.sourced["missing_episode"]
        stored_ids = [existing[record.key].pk for record in records if record.key in existing]
        stored_gradings = selectors.episode_gradings(stored_ids)
        stored_people = selectors.linked_people(MissingEpisode, "found_with", stored_ids)
        stored_returns = {episode.pk: episode.returned_at for episode in existing.values()}
        stored_children = {episode.pk: episode.person_id for episode in existing.values()}
        gradings = {record.key: self._gradings(record.data) for record in records}
        people = {record.key: self._people_ids(record.data.get("found_with")) for record in records}

        def details_differ(episode: MissingEpisode, key: SourceKey) -> bool:
            return stored_gradings[episode.pk] != gradings[key] or stored_people[episode.pk] != people[key]

        episodes = self._sourced(
            "missing_episode", MissingEpisode, records, self._episode_record_fields, details_differ
        )
        self.episodes.update(episodes)
        self._replace_rows(
            RiskGrading,
            "episode_id",
            {
                episode.pk: [
                    RiskGrading(
                        episode_id=episode.pk,
                        grade=grade,
                        graded_at=graded_at,
                        graded_by_id=graded_by_id,
                        reason=reason,
                    )
                    for grade, graded_at, graded_by_id, reason in gradings[key]
                ]
                for key, episode in episodes.items()
                if stored_gradings.get(episode.pk, []) != gradings[key]
            },
            stored=set(stored_gradings),
        )
        self._replace_people(
            MissingEpisode,
            "found_with",
            {
                episode.pk: people[key]
                for key, episode in episodes.items()
                if stored_people.get(episode.pk, set()) != people[key]
            },
            stored=set(stored_people),
        )
        self._follow_changed_episodes(
            {interview.pk for interview in self.existing.sourced["return_interview"].values()},
            [
                episode
                for episode in episodes.values()
                if episode.pk in stored_returns
                and (
                    (episode.returned_at is not None and episode.returned_at != stored_returns[episode.pk])
                    or episode.person_id != stored_children[episode.pk]
                )
            ],
        )

    def _follow_changed_episodes(self, in_file: set[int], episodes: list[MissingEpisode]) -> None:
        """A stored interview whose episode's return moved is due 72 hours after the new return,
        and one whose episode now belongs to another child follows it (an interview in the file
        gets both as it is written)."""
        by_id = {episode.pk: episode for episode in episodes}
        changed = []
        for chunk in selectors.chunked(sorted(by_id)):
            for interview in ReturnInterview.objects.filter(episode_id__in=chunk):
                episode = by_id[interview.episode_id]
                fields: dict[str, Any] = {"person_id": episode.person_id}
                if episode.returned_at is not None:
                    fields["due_at"] = interview_due_at(episode.returned_at)
                if interview.pk not in in_file and self._apply(interview, fields):
                    changed.append(interview)
        ReturnInterview.objects.bulk_update(
            changed, ["person", "due_at", "version", "updated_at"], batch_size=BATCH
        )

    def _replace_rows(
        self, model: type[Model], owner: str, rows: dict[int, list[Any]], *, stored: set[int]
    ) -> None:
        """Replace the nested rows of the owners given (``rows``: owner id -> new unsaved rows)."""
        manager: Any = model._default_manager
        for chunk in selectors.chunked(sorted(pk for pk in rows if pk in stored)):
            manager.filter(**{f"{owner}__in": chunk}).delete()
        manager.bulk_create([row for owner_rows in rows.values() for row in owner_rows], batch_size=BATCH)

    def _replace_people(
        self, model: type[Model], field_name: str, people: dict[int, set[int]], *, stored: set[int]
    ) -> None:
        """Replace a many-to-many list of people (``people``: owner id -> person ids)."""
        through: Any = getattr(model, field_name).through
        relation: Any = model._meta.get_field(field_name)
        owner_column = f"{relation.m2m_field_name()}_id"
        person_column = f"{relation.m2m_reverse_field_name()}_id"
        for chunk in selectors.chunked(sorted(pk for pk in people if pk in stored)):
            through.objects.filter(**{f"{owner_column}__in": chunk}).delete()
        through.objects.bulk_create(
            [
                through(**{owner_column: owner_id, person_column: person_id})
                for owner_id, person_ids in people.items()
                for person_id in sorted(person_ids)
            ],
            batch_size=BATCH,
        )

    def _interview_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        episode = self.episodes[source_key(data["episode"])]
        assert episode.returned_at is not None  # checked: an interview follows a closed episode
        return {
            "episode_id": episode.pk,
            "person_id": episode.person_id,
            "due_at": interview_due_at(episode.returned_at),
            "provider_id": self._agency_id(data.get("provider")),
            "offered_at": _moment(data.get("offered_at")),
            "outcome": data.get("outcome") or "",
            "completed_at": _moment(data.get("completed_at")),
            "interviewer": data.get("interviewer") or "",
            "recorded_by_id": self._user_id(data.get("recorded_by")),
            **{name: data.get(name) or "" for name in INTERVIEW_FINDINGS},
        }

    def _attempts(self, data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """An interview's attempts as comparable tuples (as ``selectors.interview_attempts``)."""
        return [
            (
                _moment(attempt["attempted_at"]),
                attempt.get("note") or "",
                self._user_id(attempt.get("recorded_by")),
            )
            for attempt in data.get("attempts") or []
        ]

    def _return_interviews(self, records: list[ParsedRecord]) -> None:
        """Interviews as any sourced record; their attempts and the people named replaced."""
        existing = self.existing.sourced["return_interview"]
        stored_ids = [existing[record.key].pk for record in records if record.key in existing]
        stored_attempts = selectors.interview_attempts(stored_ids)
        stored_people = selectors.linked_people(ReturnInterview, "people_named", stored_ids)
        attempts = {record.key: self._attempts(record.data) for record in records}
        people = {record.key: self._people_ids(record.data.get("people_named")) for record in records}

        def details_differ(interview: ReturnInterview, key: SourceKey) -> bool:
            return (
                stored_attempts[interview.pk] != attempts[key] or stored_people[interview.pk] != people[key]
            )

        interviews = self._sourced(
            "return_interview", ReturnInterview, records, self._interview_fields, details_differ
        )
        self._replace_rows(
            InterviewAttempt,
            "interview_id",
            {
                interview.pk: [
                    InterviewAttempt(
                        interview_id=interview.pk,
                        attempted_at=attempted_at,
                        note=note,
                        recorded_by_id=recorded_by_id,
                    )
                    for attempted_at, note, recorded_by_id in attempts[key]
                ]
                for key, interview in interviews.items()
                if stored_attempts.get(interview.pk, []) != attempts[key]
            },
            stored=set(stored_attempts),
        )
        self._replace_people(
            ReturnInterview,
            "people_named",
            {
                interview.pk: people[key]
                for key, interview in interviews.items()
                if stored_people.get(interview.pk, set()) != people[key]
            },
            stored=set(stored_people),
        )

    # contexts

    def _context_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": data["kind"],
            "name": data["name"],
            "description": data.get("description") or "",
            "area_id": self._area_id(data.get("area")),
            "location_type": data.get("location_type") or "",
            "address": data.get("address") or "",
            "postcode": (data.get("postcode") or "").strip().upper(),
            "latitude": _coordinate(data.get("latitude")),
            "longitude": _coordinate(data.get("longitude")),
            "education_setting_type": data.get("education_setting_type") or "",
            "urn": data.get("urn") or "",
            "platform": data.get("platform") or "",
            "online_account": data.get("online_account") or "",
            "raised_by_id": self._user_id(data.get("raised_by")),
            "raised_by_agency_id": self._agency_id(data.get("raised_by_agency")),
        }

    def _context_link_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_id": self._person_id(data),
            "context_id": self.context_ids[source_key(data["context"])],
            "relationship": data["relationship"],
            "start": _day(data["start"]),
            "end": _day(data.get("end")),
            "source_kind": data.get("source_kind") or LinkSource.OTHER,
            "weighting": data.get("weighting"),
            "recorded_by_agency_id": self._agency_id(data.get("recorded_by_agency")),
            "recorded_by_id": self._user_id(data.get("recorded_by")),
        }

    # meetings and actions

    def _optional_id(self, ids: dict[SourceKey, int], pair: dict[str, str] | None) -> int | None:
        return ids[source_key(pair)] if pair else None

    def _meeting_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        """The meeting's own fields; ``previous`` is set once every meeting of the file has an id."""
        approved_at = _moment(data.get("minutes_approved_at"))
        return {
            "meeting_type": data["meeting_type"],
            "area_id": self._area_id(data["area"]),
            "scheduled_at": _moment(data["scheduled_at"]),
            "recurrence_weeks": data.get("recurrence_weeks"),
            "chair_id": self._user_id(data["chair"]),
            "status": MeetingStatus.APPROVED if approved_at else MeetingStatus.SCHEDULED,
            "minutes_approved_at": approved_at,
            "minutes_approved_by_id": self._user_id(data.get("minutes_approved_by")),
        }

    def _attendance(self, data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """As ``selectors.meeting_attendance``: (agency id, user id, status)."""
        return [
            (self._agency_id(entry["agency"]), self._user_id(entry["user"]), entry["status"])
            for entry in data.get("attendance") or []
        ]

    def _agenda(self, data: dict[str, Any]) -> list[tuple[Any, ...]]:
        """As ``selectors.meeting_agendas``: tuples of ``AGENDA_COLUMNS``, in position order."""
        items = sorted(data.get("agenda") or [], key=lambda item: item["position"])
        return [
            (
                item["position"],
                item["kind"],
                item["reason"],
                self._optional_id(self.person_ids, item.get("person")),
                self._optional_id(self.context_ids, item.get("context")),
                _moment(item.get("removed_at")),
                item.get("summary") or "",
                item.get("decisions") or "",
                item.get("agreed_risk_level") or "",
            )
            for item in items
        ]

    def _invited(self, data: dict[str, Any]) -> set[int]:
        return {self.existing.agencies[code].pk for code in data.get("invited_agencies") or []}

    def _meetings(self, records: list[ParsedRecord]) -> None:
        """Meetings as any sourced record; invitees, attendance and agenda replaced by the file's."""
        existing = self.existing.sourced["meeting"]
        stored_ids = [existing[record.key].pk for record in records if record.key in existing]
        stored_invited = selectors.linked_people(Meeting, "invited_agencies", stored_ids)
        stored_attendance = selectors.meeting_attendance(stored_ids)
        stored_agendas = selectors.meeting_agendas(stored_ids)
        invited = {record.key: self._invited(record.data) for record in records}
        attendance = {record.key: self._attendance(record.data) for record in records}
        agendas = {record.key: self._agenda(record.data) for record in records}
        previous = {record.key: record.data.get("previous") for record in records}

        def previous_differs(meeting: Meeting, key: SourceKey) -> bool:
            pair = previous[key]
            if pair is None:
                return meeting.previous_id is not None
            previous_id = self.meeting_ids.get(source_key(pair))
            return previous_id is None or previous_id != meeting.previous_id

        def details_differ(meeting: Meeting, key: SourceKey) -> bool:
            return (
                stored_invited[meeting.pk] != invited[key]
                or stored_attendance[meeting.pk] != attendance[key]
                or stored_agendas[meeting.pk] != agendas[key]
                or previous_differs(meeting, key)
            )

        meetings = self._sourced("meeting", Meeting, records, self._meeting_fields, details_differ)
        for key, meeting in meetings.items():
            self.meeting_ids[key] = meeting.pk
        self._link_previous(meetings, previous)
        self._replace_people(
            Meeting,
            "invited_agencies",
            {
                meeting.pk: invited[key]
                for key, meeting in meetings.items()
                if stored_invited.get(meeting.pk, set()) != invited[key]
            },
            stored=set(stored_invited),
        )
        self._replace_rows(
            Attendance,
            "meeting_id",
            {
                meeting.pk: [
                    Attendance(meeting_id=meeting.pk, agency_id=agency_id, user_id=user_id, status=status)
                    for agency_id, user_id, status in attendance[key]
                ]
                for key, meeting in meetings.items()
                if stored_attendance.get(meeting.pk, []) != attendance[key]
            },
            stored=set(stored_attendance),
        )
        self._replace_agendas(
            {
                meeting.pk: agendas[key]
                for key, meeting in meetings.items()
                if stored_agendas.get(meeting.pk, []) != agendas[key]
            },
            stored=set(stored_agendas),
        )
        self.item_ids = selectors.agenda_item_ids(self.meeting_ids.values())

    def _link_previous(
        self, meetings: dict[SourceKey, Meeting], previous: dict[SourceKey, dict[str, str] | None]
    ) -> None:
        changed = []
        for key, meeting in meetings.items():
            previous_id = self._optional_id(self.meeting_ids, previous[key])
            if meeting.previous_id != previous_id:
                meeting.previous_id = previous_id
                changed.append(meeting)
        # Clear first, then set: a series re-linked in one file never holds one previous twice.
        Meeting.objects.filter(pk__in=[meeting.pk for meeting in changed]).update(previous=None)
        Meeting.objects.bulk_update(changed, ["previous"], batch_size=BATCH)

    def _replace_agendas(self, agendas: dict[int, list[tuple[Any, ...]]], *, stored: set[int]) -> None:
        """Each item is matched to the stored item at the same position, so actions keep their item."""
        columns = [
            name.removesuffix("_id") if name.endswith("_id") else name for name in selectors.AGENDA_COLUMNS
        ]
        by_position = selectors.agenda_items_by_position(pk for pk in agendas if pk in stored)
        new: list[AgendaItem] = []
        changed: list[AgendaItem] = []
        gone: list[int] = []
        for meeting_id, rows in agendas.items():
            stored_items = dict(by_position.get(meeting_id, {}))
            for row in rows:
                fields = dict(zip(selectors.AGENDA_COLUMNS, row, strict=True))
                item = stored_items.pop(row[0], None)
                if item is None:
                    new.append(AgendaItem(meeting_id=meeting_id, **fields))
                elif self._apply(item, fields):
                    changed.append(item)
            gone.extend(item.pk for item in stored_items.values())
        AgendaItem.objects.filter(pk__in=gone).delete()
        AgendaItem.objects.bulk_create(new, batch_size=BATCH)
        AgendaItem.objects.bulk_update(changed, [*columns, "version", "updated_at"], batch_size=BATCH)

    def _action_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        meeting_id = self.meeting_ids[source_key(data["meeting"])]
        position = data.get("agenda_item")
        return {
            "meeting_id": meeting_id,
            "agenda_item_id": self.item_ids[(meeting_id, position)] if position is not None else None,
            "person_id": self._optional_id(self.person_ids, data.get("person")),
            "owner_agency_id": self._agency_id(data["owner_agency"]),
            "owner_id": self._user_id(data.get("owner")),
            "description": data["description"],
            "due_on": _day(data["due_on"]),
            "status": data["status"],
            "completed_at": _moment(data.get("completed_at")),
            "progress": data.get("progress") or "",
        }

    # intelligence, disruption and NRM referrals

    def _report_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        graded = bool(data.get("source_grade"))
        return {
            "received_via": data["received_via"],
            # ``created_at`` is when it was submitted; ``_fix_submitted_at`` sets it on new reports
            "created_at": _moment(data["submitted_at"]),
            "reporter_agency_id": self._agency_id(data.get("reporter_agency")),
            "reporter_id": self._user_id(data.get("reporter")),
            "original_text": data["original_text"],
            "source_details": data.get("source_details") or "",
            "occurred_on": _day(data.get("occurred_on")),
            "status": ReportStatus.GRADED if graded else ReportStatus.UNGRADED,
            "source_grade": data.get("source_grade") or "",
            "information_grade": data.get("information_grade") or "",
            "handling": data.get("handling") or "",
            "handling_conditions": (data.get("handling_conditions") or "").strip(),
            "sanitised_text": (data.get("sanitised_text") or "").strip(),
            "graded_by_id": self._user_id(data.get("graded_by")),
            "graded_at": _moment(data.get("graded_at")),
        }

    def _subject_row(self, subject: dict[str, Any]) -> tuple[Any, ...]:
        """A subject as stored by ``intelligence.services``, as a tuple of ``SUBJECT_COLUMNS``."""
        kind = subject["kind"]

        def given(name: str) -> str:
            return (subject.get(name) or "").strip()

        return (
            kind,
            self._optional_id(self.person_ids, subject.get("person")),
            subject.get("person_role") or (PersonRole.OTHER if kind == SubjectKind.PERSON else ""),
            given("description"),
            given("nickname"),
            self._optional_id(self.context_ids, subject.get("context")),
            given("location_text"),
            given("postcode").upper(),
            normalise_vrm(given("vrm")) if kind == SubjectKind.VEHICLE else "",
            given("make"),
            given("colour"),
            normalise_uk_phone(given("number")) if kind == SubjectKind.PHONE else "",
            bool(subject.get("deal_line")) and kind == SubjectKind.PHONE,
            given("platform"),
            given("handle"),
            self._user_id(subject.get("linked_by")),
        )

    def _share_row(self, decision: dict[str, Any]) -> tuple[Any, ...]:
        """A sharing decision as a tuple of ``SHARE_COLUMNS``."""
        return (
            self._agency_id(decision["to_agency"]),
            decision["shared"],
            decision.get("lawful_basis") or "",
            (decision.get("purpose") or "").strip(),
            (decision.get("what_shared") or "").strip(),
            (decision.get("reasons_not_shared") or "").strip(),
            self._user_id(decision["decided_by"]),
            _moment(decision["decided_at"]),
        )

    def _intelligence(self, records: list[ParsedRecord]) -> None:
        """Reports as any sourced record; subjects (and their entities) and decisions replaced."""
        existing = self.existing.sourced["intelligence"]
        stored_ids = [existing[record.key].pk for record in records if record.key in existing]
        stored_subjects = selectors.report_subjects(stored_ids)
        stored_shares = selectors.report_share_decisions(stored_ids)
        subjects = {
            record.key: [self._subject_row(subject) for subject in record.data.get("subjects") or []]
            for record in records
        }
        shares = {
            record.key: [self._share_row(decision) for decision in record.data.get("share_decisions") or []]
            for record in records
        }

        def details_differ(report: IntelligenceReport, key: SourceKey) -> bool:
            return stored_subjects[report.pk] != subjects[key] or stored_shares[report.pk] != shares[key]

        reports = self._sourced(
            "intelligence", IntelligenceReport, records, self._report_fields, details_differ
        )
        self._fix_submitted_at(reports, {record.key: record.data["submitted_at"] for record in records})
        for key, report in reports.items():
            self.report_ids[key] = report.pk
        new_subjects = {
            report.pk: subjects[key]
            for key, report in reports.items()
            if stored_subjects.get(report.pk, []) != subjects[key]
        }
        entities = self._entities([row for rows in new_subjects.values() for row in rows])
        self._replace_rows(
            ReportSubject,
            "report_id",
            {
                report_id: [
                    ReportSubject(
                        report_id=report_id,
                        entity_id=self._entity_id(entities, row),
                        **dict(zip(selectors.SUBJECT_COLUMNS, row, strict=True)),
                    )
                    for row in rows
                ]
                for report_id, rows in new_subjects.items()
            },
            stored=set(stored_subjects),
        )
        self._replace_rows(
            ShareDecision,
            "report_id",
            {
                report.pk: [
                    ShareDecision(report_id=report.pk, **dict(zip(selectors.SHARE_COLUMNS, row, strict=True)))
                    for row in shares[key]
                ]
                for key, report in reports.items()
                if stored_shares.get(report.pk, []) != shares[key]
            },
            stored=set(stored_shares),
        )
        self._mark_people_of_concern(reports, subjects)

    def _fix_submitted_at(
        self, reports: dict[SourceKey, IntelligenceReport], submitted: dict[SourceKey, str]
    ) -> None:
        """``created_at`` is set to now when a report is created; it is when the report was submitted."""
        wrong = []
        for key, report in reports.items():
            moment = parse_date_time(submitted[key])
            if report.created_at != moment:
                report.created_at = moment
                wrong.append(report)
        IntelligenceReport.objects.bulk_update(wrong, ["created_at"], batch_size=BATCH)

    @staticmethod
    def _entity_of(row: tuple[Any, ...]) -> tuple[str, str, str] | None:
        """(kind, key, label) of the entity a subject names, by the intelligence app's own
        normalisation and matching (``entity_key_for``), so imported reports match new ones."""
        fields = dict(zip(selectors.SUBJECT_COLUMNS, row, strict=True))
        return entity_key_for(
            SubjectInput(
                kind=fields["kind"],
                nickname=fields["nickname"],
                vrm=fields["vrm"],
                phone_number=fields["phone_number"],
                platform=fields["platform"],
                handle=fields["handle"],
            )
        )

    def _entity_id(self, entities: dict[tuple[str, str], int], row: tuple[Any, ...]) -> int | None:
        found = self._entity_of(row)
        return entities[(found[0], found[1])] if found else None

    def _entities(self, rows: list[tuple[Any, ...]]) -> dict[tuple[str, str], int]:
        """(kind, key) -> entity id for every entity the subjects name; new entities are created."""
        labels: dict[tuple[str, str], str] = {}
        for row in rows:
            found = self._entity_of(row)
            if found:
                labels.setdefault((found[0], found[1]), found[2][:200])
        known = selectors.entity_ids(set(labels))
        Entity.objects.bulk_create(
            [
                Entity(kind=kind, key=key, label=label)
                for (kind, key), label in labels.items()
                if (kind, key) not in known
            ],
            batch_size=BATCH,
        )
        return selectors.entity_ids(set(labels))

    def _mark_people_of_concern(
        self, reports: dict[SourceKey, IntelligenceReport], subjects: dict[SourceKey, list[tuple[Any, ...]]]
    ) -> None:
        """As linking an adult of concern in Lantern: the person is recorded as a person of concern,
        by whoever linked them (or graded, or submitted the report, or imported it)."""
        actor_id = self.actor.pk if getattr(self.actor, "is_authenticated", False) else None
        wanted: dict[int, int] = {}
        for key, report in reports.items():
            for row in subjects[key]:
                fields = dict(zip(selectors.SUBJECT_COLUMNS, row, strict=True))
                if fields["person_id"] is None or fields["person_role"] != PersonRole.ADULT_OF_CONCERN:
                    continue
                by = fields["linked_by_id"] or report.graded_by_id or report.reporter_id or actor_id
                if by is not None:
                    wanted.setdefault(fields["person_id"], by)
        already = set(
            PersonOfConcern.objects.filter(person_id__in=sorted(wanted)).values_list("person_id", flat=True)
        )
        PersonOfConcern.objects.bulk_create(
            [
                PersonOfConcern(person_id=person_id, recorded_by_id=by)
                for person_id, by in wanted.items()
                if person_id not in already
            ],
            batch_size=BATCH,
        )

    def _disruption_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = self.existing.disruption_types[data["disruption_type"]]
        happened_on = date.fromisoformat(data["happened_on"])
        return {
            "disruption_type_id": kind.pk,
            "target_person_id": self._optional_id(self.person_ids, data.get("target_person")),
            "target_context_id": self._optional_id(self.context_ids, data.get("target_context")),
            "protected_child_id": self._optional_id(self.person_ids, data.get("protected_child")),
            "happened_on": happened_on,
            "agency_id": self._agency_id(data["agency"]),
            "outcome": (data.get("outcome") or "").strip(),
            "expires_on": _day(data.get("expires_on")) or default_expiry(kind, happened_on),
            "report_id": self._optional_id(self.report_ids, data.get("report")),
            "recorded_by_id": self._user_id(data.get("recorded_by")),
        }

    def _nrm_referral_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "person_id": self._person_id(data),
            "first_responder_agency_id": self._agency_id(data["first_responder_agency"]),
            "submitted_at": _moment(data["submitted_at"]),
            "consent_given": data.get("consent_given"),
            "consent_recorded_on": _day(data.get("consent_recorded_on")),
            "reasonable_grounds_decision": data["reasonable_grounds_decision"],
            "reasonable_grounds_on": _day(data.get("reasonable_grounds_on")),
            "conclusive_grounds_decision": data["conclusive_grounds_decision"],
            "conclusive_grounds_on": _day(data.get("conclusive_grounds_on")),
            "guardian_allocated": bool(data.get("guardian_allocated")),
            "guardian_allocated_on": _day(data.get("guardian_allocated_on")),
            "notes": (data.get("notes") or "").strip(),
            "recorded_by_id": self._user_id(data.get("recorded_by")),
        }

    def _created_only(self, model: type[Model], key: SourceKey) -> dict[str, Any]:
        """Fields a new record needs that a file does not carry, and an update never changes."""
        if model is RiskAssessment:
            return {"agency_id": self._agency_id(key[0])}
        if model is Referral:
            return {"submission_key": referral_submission_key(key)}
        return {}

    def _sourced(
        self,
        record_type: str,
        model: type[Model],
        records: list[ParsedRecord],
        fields_of: Callable[[dict[str, Any]], dict[str, Any]],
        details_differ: Callable[[Any, SourceKey], bool] | None = None,
    ) -> dict[SourceKey, Any]:
        """Create or update each record; returns every record of the file by its source pair.

        ``details_differ`` says whether a stored record's nested lists differ from the file's:
        the record is then updated even when its own fields are the same."""
        existing = self.existing.sourced[record_type]
        written: dict[SourceKey, Any] = {}
        new: list[Any] = []
        changed: list[Any] = []
        names: list[str] = []
        for record in records:
            fields = fields_of(record.data)
            names = list(fields)
            obj = existing.get(record.key)
            if obj is None:
                obj = model(
                    source_agency_id=self._agency_id(record.key[0]),
                    source_id=record.key[1],
                    **fields,
                    **self._created_only(model, record.key),
                )
                new.append(obj)
                self._count(record_type, "created")
            else:
                fields_changed = self._apply(obj, fields)
                if not fields_changed and details_differ is not None and details_differ(obj, record.key):
                    self._touch(obj)
                    fields_changed = True
                if fields_changed:
                    changed.append(obj)
                    self._count(record_type, "updated")
                else:
                    self._count(record_type, "unchanged")
            written[record.key] = obj
        manager: Any = model._default_manager
        manager.bulk_create(new, batch_size=BATCH)
        if changed:
            update_fields = [model._meta.get_field(name).name for name in names]
            manager.bulk_update(changed, [*update_fields, "version", "updated_at"], batch_size=BATCH)
        return written


# --- Export ---------------------------------------------------------------------------------


def records_export(*, actor: Any) -> Iterator[dict[str, Any]]:
    """Every record in interchange shape, in dependency order. The export is audited up front."""
    require_exchange_permission(actor, "export")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="export",
            object_type="interchange",
            detail={"counts": selectors.export_counts()},
            username=_audit_username(actor),
        )
    return _export_records()


def _export_records() -> Iterator[dict[str, Any]]:
    partnership = selectors.partnership_for_export()
    if partnership is not None:
        yield shapes.partnership_record(partnership)
    for area in selectors.areas_for_export():
        yield shapes.area_record(area)
    for agency in selectors.agencies_for_export():
        yield shapes.agency_record(agency)
    for person in selectors.people_for_export().iterator(chunk_size=BATCH):
        yield shapes.person_record(person)
    for episode in selectors.episodes_for_export(CareStatus).iterator(chunk_size=BATCH):
        yield shapes.care_status_record(episode)
    for episode in selectors.episodes_for_export(EducationStatus).iterator(chunk_size=BATCH):
        yield shapes.education_status_record(episode)
    for episode in selectors.episodes_for_export(YouthJusticeStatus).iterator(chunk_size=BATCH):
        yield shapes.youth_justice_record(episode)
    for involvement in selectors.involvements_for_export().iterator(chunk_size=BATCH):
        yield shapes.involvement_record(involvement)
    for assessment in selectors.risk_assessments_for_export().iterator(chunk_size=BATCH):
        yield shapes.risk_assessment_record(assessment)
    for concern in selectors.concerns_for_export().iterator(chunk_size=BATCH):
        yield shapes.concern_record(concern)
    for screening in selectors.screenings_for_export().iterator(chunk_size=BATCH):
        yield shapes.screening_record(screening)
    for referral in selectors.referrals_for_export().iterator(chunk_size=BATCH):
        yield shapes.referral_record(referral)
    for episode in selectors.missing_episodes_for_export().iterator(chunk_size=BATCH):
        yield shapes.missing_episode_record(episode)
    for interview in selectors.return_interviews_for_export().iterator(chunk_size=BATCH):
        yield shapes.return_interview_record(interview)
    for context in selectors.contexts_for_export().iterator(chunk_size=BATCH):
        yield shapes.context_record(context)
    for link in selectors.context_links_for_export().iterator(chunk_size=BATCH):
        yield shapes.context_link_record(link)
    for meeting in selectors.meetings_for_export().iterator(chunk_size=BATCH):
        yield shapes.meeting_record(meeting)
    for action in selectors.actions_for_export().iterator(chunk_size=BATCH):
        yield shapes.action_record(action)
    for report in selectors.intelligence_for_export().iterator(chunk_size=BATCH):
        yield shapes.intelligence_record(report)
    for disruption in selectors.disruptions_for_export().iterator(chunk_size=BATCH):
        yield shapes.disruption_record(disruption)
    for nrm_referral in selectors.nrm_referrals_for_export().iterator(chunk_size=BATCH):
        yield shapes.nrm_referral_record(nrm_referral)
    for course in selectors.courses_for_export():
        yield shapes.course_record(course)
    for session in selectors.training_sessions_for_export().iterator(chunk_size=BATCH):
        yield shapes.training_session_record(session)
    for attendance in selectors.attendances_for_export().iterator(chunk_size=BATCH):
        yield shapes.attendance_record(attendance)
