"""Reads for the interchange: bulk look-ups for an import and the querysets an export walks.

These read the whole partnership's records; only ``lantern.interchange.services`` calls them,
after it has checked the actor may exchange records (``permissions.can_exchange_records``).
Every look-up is one query per chunk of keys, never one per line, so a file of 100,000 people
costs a few hundred queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Prefetch, Q, QuerySet

from lantern.accounts.models import User
from lantern.concerns.models import Concern, ConcernAmendment
from lantern.contexts.models import Context, ContextLink
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Entity,
    IntelligenceReport,
    NrmReferral,
    ReportSubject,
    ShareDecision,
)
from lantern.interchange.records import parse_native_id, source_of
from lantern.interchange.validation import (
    KnownInDatabase,
    KnownIndicator,
    ParsedRecord,
    SourceKey,
    source_key,
)
from lantern.meetings.models import Action, AgendaItem, Attendance, Meeting
from lantern.missing.models import (
    InterviewAttempt,
    MissingEpisode,
    ReturnInterview,
    RiskGrading,
)
from lantern.partnership.models import DEFAULT_RISK_SCALE, Agency, Area, Partnership
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
from lantern.people.validators import InvalidIdentifier, normalise_identifier
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import Course, TrainingSession
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import (
    Indicator,
    IndicatorCatalogue,
    Screening,
    ScreeningAnswer,
    ScreeningStatus,
)

CHUNK = 900  # below SQLite's smallest limit on query parameters
T = TypeVar("T")

SOURCED_MODELS: dict[str, type[Model]] = {
    "person": Person,
    "care_status": CareStatus,
    "education_status": EducationStatus,
    "youth_justice": YouthJusticeStatus,
    "involvement": Involvement,
    "risk_assessment": RiskAssessment,
    "concern": Concern,
    "screening": Screening,
    "referral": Referral,
    "missing_episode": MissingEpisode,
    "return_interview": ReturnInterview,
    "context": Context,
    "context_link": ContextLink,
    "meeting": Meeting,
    "action": Action,
    "intelligence": IntelligenceReport,
    "disruption": Disruption,
    "nrm_referral": NrmReferral,
    "training_session": TrainingSession,
    "attendance": TrainingAttendance,
}
# Where a record names users by username.
USERNAME_FIELDS: dict[str, tuple[str, ...]] = {
    "involvement": ("worker",),
    "concern": ("raised_by", "triaged_by"),
    "screening": ("completed_by",),
    "referral": ("referred_by", "decided_by"),
    "missing_episode": ("recorded_by",),
    "return_interview": ("recorded_by",),
    "context": ("raised_by",),
    "context_link": ("recorded_by",),
    "meeting": ("chair", "minutes_approved_by"),
    "action": ("owner",),
    "intelligence": ("reporter", "graded_by"),
    "disruption": ("recorded_by",),
    "nrm_referral": ("recorded_by",),
    "attendance": ("user", "recorded_by"),
}
# Where a record names people other than by ``person``: lists of person source pairs.
PEOPLE_LIST_FIELDS: dict[str, str] = {"missing_episode": "found_with", "return_interview": "people_named"}
# What ``records.source_of`` needs, so working out a record's source pair costs no query.
SOURCE_RELATED: dict[str, tuple[str, ...]] = {
    "person": ("source_agency", "created_by__agency"),
    "risk_assessment": ("source_agency", "agency"),
    "concern": ("source_agency", "agency", "person__source_agency", "person__created_by__agency"),
    "screening": ("source_agency", "agency", "person__source_agency", "person__created_by__agency"),
    "referral": ("source_agency", "from_agency"),
    "missing_episode": ("source_agency", "reported_by"),
    "context": ("source_agency", "raised_by_agency"),
    "context_link": ("source_agency", "recorded_by_agency"),
    "intelligence": ("source_agency", "reporter_agency"),
    "disruption": ("source_agency", "agency"),
    "nrm_referral": ("source_agency", "first_responder_agency"),
}


def chunked(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class ExistingRecords:
    """The stored records an import will update, keyed the way the file keys them."""

    partnership: Partnership | None
    areas: dict[str, Area]
    agencies: dict[str, Agency]
    users: dict[str, User]
    sourced: dict[str, dict[SourceKey, Any]] = field(default_factory=dict)
    # catalogue version number -> (catalogue id, its indicators by "<domain code>.<indicator code>")
    catalogues: dict[int, tuple[int, dict[str, KnownIndicator]]] = field(default_factory=dict)
    # missing episode id -> the source pair of its return interview
    episode_interviews: dict[int, SourceKey] = field(default_factory=dict)
    # meeting id -> the positions of its agenda items
    meeting_positions: dict[int, set[int]] = field(default_factory=dict)
    disruption_types: dict[str, DisruptionType] = field(default_factory=dict)  # by code
    courses: dict[str, Course] = field(default_factory=dict)  # by name

    def known(self, records: list[ParsedRecord]) -> KnownInDatabase:
        return KnownInDatabase(
            risk_scale=self.partnership.levels if self.partnership else list(DEFAULT_RISK_SCALE),
            area_codes=set(self.areas),
            agency_codes=set(self.agencies),
            person_keys={key: person.pk for key, person in self.sourced["person"].items()},
            usernames=set(self.users),
            identifier_owners=identifier_owners(records),
            concern_people={
                key: source_key(source_of(concern.person)) for key, concern in self.sourced["concern"].items()
            },
            screening_people={
                key: source_key(source_of(screening.person))
                for key, screening in self.sourced["screening"].items()
                if screening.status == ScreeningStatus.COMPLETED
            },
            draft_screenings={
                key
                for key, screening in self.sourced["screening"].items()
                if screening.status != ScreeningStatus.COMPLETED
            },
            catalogues={version: indicators for version, (_, indicators) in self.catalogues.items()},
            episode_returns={
                key: episode.returned_at for key, episode in self.sourced["missing_episode"].items()
            },
            episode_interviews={
                key: self.episode_interviews[episode.pk]
                for key, episode in self.sourced["missing_episode"].items()
                if episode.pk in self.episode_interviews
            },
            context_keys=set(self.sourced["context"]),
            meeting_positions={
                key: self.meeting_positions.get(meeting.pk, set())
                for key, meeting in self.sourced["meeting"].items()
            },
            person_births={key: person.date_of_birth for key, person in self.sourced["person"].items()},
            report_keys=set(self.sourced["intelligence"]),
            disruption_types=set(self.disruption_types),
            course_names=set(self.courses),
            session_dates={key: session.held_on for key, session in self.sourced["training_session"].items()},
        )


def existing_records_for_import(records: list[ParsedRecord]) -> ExistingRecords:
    wanted: dict[str, set[SourceKey]] = {record_type: set() for record_type in SOURCED_MODELS}
    usernames: set[str] = set()
    versions: set[int] = set()
    for record in records:
        if record.type in wanted:
            wanted[record.type].add(record.key)
        if record.data.get("person") and record.type != "person":
            wanted["person"].add(source_key(record.data["person"]))
        if record.type == "referral":
            for reference in ("concern", "screening"):
                if record.data.get(reference):
                    wanted[reference].add(source_key(record.data[reference]))
        if record.type == "screening":
            versions.add(record.data["catalogue_version"])
        if record.type == "return_interview":
            wanted["missing_episode"].add(source_key(record.data["episode"]))
        if record.type == "context_link":
            wanted["context"].add(source_key(record.data["context"]))
        if record.type in PEOPLE_LIST_FIELDS:
            wanted["person"].update(
                source_key(pair) for pair in record.data.get(PEOPLE_LIST_FIELDS[record.type]) or []
            )
        if record.type == "meeting":
            _want_meeting_references(wanted, record.data)
        if record.type == "action":
            wanted["meeting"].add(source_key(record.data["meeting"]))
        if record.type in ("intelligence", "disruption"):
            _want_intelligence_references(wanted, record.data)
        if record.type == "attendance":
            wanted["training_session"].add(source_key(record.data["session"]))
        usernames.update(usernames_in(record))
    sourced = {
        record_type: records_by_source(SOURCED_MODELS[record_type], record_type, keys)
        for record_type, keys in wanted.items()
    }
    return ExistingRecords(
        partnership=Partnership.objects.order_by("id").first(),
        areas={area.code: area for area in Area.objects.all()},
        agencies={agency.code: agency for agency in Agency.objects.all()},
        users={user.username: user for user in User.objects.filter(username__in=sorted(usernames))},
        sourced=sourced,
        catalogues=catalogues_by_version(versions),
        episode_interviews=interviews_of_episodes(
            episode.pk for episode in sourced["missing_episode"].values()
        ),
        meeting_positions=agenda_positions(meeting.pk for meeting in sourced["meeting"].values()),
        disruption_types={kind.code: kind for kind in DisruptionType.objects.all()},
        courses={course.name: course for course in Course.objects.filter(name__in=_course_names(records))},
    )


def _course_names(records: list[ParsedRecord]) -> list[str]:
    """The courses a file defines or holds sessions of."""
    names = {record.data["name"] for record in records if record.type == "course"}
    names.update(record.data["course"] for record in records if record.type == "training_session")
    return sorted(names)


def attendances_at(session_ids: Iterable[int]) -> dict[tuple[int, int], Any]:
    """The stored attendances at these sessions by (session id, user id): a person attends once."""
    found: dict[tuple[int, int], Any] = {}
    for chunk in chunked(sorted(set(session_ids))):
        for attendance in TrainingAttendance.objects.filter(session_id__in=chunk):
            found[(attendance.session_id, attendance.user_id)] = attendance
    return found


def _want_intelligence_references(wanted: dict[str, set[SourceKey]], data: dict[str, Any]) -> None:
    """The people, places and reports a report's subjects or a disruption name."""
    references = [
        *(("person", subject.get("person")) for subject in data.get("subjects") or []),
        *(("context", subject.get("context")) for subject in data.get("subjects") or []),
        ("person", data.get("target_person")),
        ("person", data.get("protected_child")),
        ("context", data.get("target_context")),
        ("intelligence", data.get("report")),
    ]
    for record_type, pair in references:
        if pair:
            wanted[record_type].add(source_key(pair))


def _want_meeting_references(wanted: dict[str, set[SourceKey]], data: dict[str, Any]) -> None:
    if data.get("previous"):
        wanted["meeting"].add(source_key(data["previous"]))
    for item in data.get("agenda") or []:
        for reference in ("person", "context"):
            if item.get(reference):
                wanted[reference].add(source_key(item[reference]))


def agenda_positions(meeting_ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for chunk in chunked(sorted(set(meeting_ids))):
        for meeting_id, position in AgendaItem.objects.filter(meeting_id__in=chunk).values_list(
            "meeting_id", "position"
        ):
            found.setdefault(meeting_id, set()).add(position)
    return found


def agenda_item_ids(meeting_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """(meeting id, position) -> agenda item id; the first item where positions repeat."""
    found: dict[tuple[int, int], int] = {}
    for chunk in chunked(sorted(set(meeting_ids))):
        for meeting_id, position, pk in (
            AgendaItem.objects.filter(meeting_id__in=chunk)
            .order_by("position", "pk")
            .values_list("meeting_id", "position", "pk")
        ):
            found.setdefault((meeting_id, position), pk)
    return found


AGENDA_COLUMNS = (
    "position",
    "kind",
    "reason",
    "person_id",
    "context_id",
    "removed_at",
    "summary",
    "decisions",
    "agreed_risk_level",
)


def meeting_attendance(meeting_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each meeting's attendance in stored order, as (agency id, user id, status)."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in meeting_ids}
    for chunk in chunked(sorted(found)):
        for meeting_id, *entry in (
            Attendance.objects.filter(meeting_id__in=chunk)
            .order_by("pk")
            .values_list("meeting_id", "agency_id", "user_id", "status")
        ):
            found[meeting_id].append(tuple(entry))
    return found


def meeting_agendas(meeting_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each meeting's agenda items in order, as tuples of ``AGENDA_COLUMNS``."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in meeting_ids}
    for chunk in chunked(sorted(found)):
        for meeting_id, *item in (
            AgendaItem.objects.filter(meeting_id__in=chunk)
            .order_by("position", "pk")
            .values_list("meeting_id", *AGENDA_COLUMNS)
        ):
            found[meeting_id].append(tuple(item))
    return found


def agenda_items_by_position(meeting_ids: Iterable[int]) -> dict[int, dict[int, AgendaItem]]:
    """Each meeting's stored agenda items by position (the first where positions repeat)."""
    found: dict[int, dict[int, AgendaItem]] = {}
    for chunk in chunked(sorted(set(meeting_ids))):
        for item in AgendaItem.objects.filter(meeting_id__in=chunk).order_by("position", "pk"):
            found.setdefault(item.meeting_id, {}).setdefault(item.position, item)
    return found


def interviews_of_episodes(episode_ids: Iterable[int]) -> dict[int, SourceKey]:
    """The source pair of each stored return interview of these episodes, by episode id."""
    found: dict[int, SourceKey] = {}
    for chunk in chunked(sorted(set(episode_ids))):
        for interview in ReturnInterview.objects.filter(episode_id__in=chunk).select_related("source_agency"):
            found[interview.episode_id] = source_key(source_of(interview))
    return found


def catalogues_by_version(versions: set[int]) -> dict[int, tuple[int, dict[str, KnownIndicator]]]:
    """The catalogue versions a file's screenings name, with their indicators, in two queries."""
    found: dict[int, tuple[int, dict[str, KnownIndicator]]] = {}
    catalogue_versions = dict(
        IndicatorCatalogue.objects.filter(version_number__in=sorted(versions)).values_list(
            "pk", "version_number"
        )
    )
    for catalogue_id, version in catalogue_versions.items():
        found[version] = (catalogue_id, {})
    indicators = (
        Indicator.objects.filter(domain__catalogue_id__in=sorted(catalogue_versions))
        .order_by("domain__order", "domain_id", "order", "pk")
        .values_list("pk", "code", "required", "weight", "domain__code", "domain__catalogue_id")
    )
    for pk, code, required, weight, domain_code, catalogue_id in indicators:
        version = catalogue_versions[catalogue_id]
        found[version][1][f"{domain_code}.{code}"] = KnownIndicator(pk, required, weight, domain_code)
    return found


def usernames_in(record: ParsedRecord) -> set[str]:
    names = {record.data.get(name) for name in USERNAME_FIELDS.get(record.type, ())}
    if record.type == "concern":
        names.update(amendment.get("amended_by") for amendment in record.data.get("amendments") or [])
    if record.type == "missing_episode":
        names.update(grading.get("graded_by") for grading in record.data.get("gradings") or [])
    if record.type == "return_interview":
        names.update(attempt.get("recorded_by") for attempt in record.data.get("attempts") or [])
    if record.type == "meeting":
        names.update(entry.get("user") for entry in record.data.get("attendance") or [])
    if record.type == "intelligence":
        names.update(subject.get("linked_by") for subject in record.data.get("subjects") or [])
        names.update(decision.get("decided_by") for decision in record.data.get("share_decisions") or [])
    return {name for name in names if isinstance(name, str) and name}


def records_by_source(model: type[Model], record_type: str, keys: set[SourceKey]) -> dict[SourceKey, Any]:
    """Stored records for the given source pairs, including Lantern's own ``lantern-<id>`` pairs."""
    related = SOURCE_RELATED.get(record_type, ("source_agency",))
    manager: Any = model._default_manager
    found: dict[SourceKey, Any] = {}
    ids_by_agency: dict[str, set[str]] = defaultdict(set)
    for agency_code, source_id in keys:
        ids_by_agency[agency_code].add(source_id)
    for agency_code, ids in ids_by_agency.items():
        # Both columns, and the index's own condition, so the (source_agency, source_id) index is used.
        of_agency = (
            Q(source_agency__isnull=True) if agency_code == "lantern" else Q(source_agency__code=agency_code)
        )
        for chunk in chunked(sorted(ids)):
            for obj in manager.filter(of_agency, ~Q(source_id=""), source_id__in=chunk).select_related(
                *related
            ):
                found[(agency_code, obj.source_id)] = obj
    native = sorted({pk for key in keys if key not in found and (pk := parse_native_id(key[1])) is not None})
    for pks in chunked(native):
        for obj in manager.filter(pk__in=pks, source_id="").select_related(*related):
            key = source_key(source_of(obj))
            if key in keys:
                found[key] = obj
    return found


def identifier_owners(records: list[ParsedRecord]) -> dict[tuple[str, str], int]:
    """Who already holds each identifier the file gives, as (kind, stored value) -> person id."""
    values: set[str] = set()
    for record in records:
        if record.type != "person":
            continue
        for identifier in record.data.get("identifiers") or []:
            try:
                values.add(normalise_identifier(identifier["kind"], identifier["value"]))
            except InvalidIdentifier:
                continue
    owners: dict[tuple[str, str], int] = {}
    for chunk in chunked(sorted(values)):
        for kind, value, person_id in PersonIdentifier.objects.filter(value__in=chunk).values_list(
            "kind", "value", "person_id"
        ):
            owners[(kind, value)] = person_id
    return owners


def person_details(person_ids: Iterable[int]) -> dict[int, dict[str, list[tuple[Any, ...]]]]:
    """Each person's aliases, identifiers and addresses, in stored order, for comparing with a file."""
    details: dict[int, dict[str, list[tuple[Any, ...]]]] = {}
    ids = sorted(set(person_ids))
    for person_id in ids:
        details[person_id] = {"aliases": [], "identifiers": [], "addresses": []}
    for chunk in chunked(ids):
        for person_id, *alias in (
            PersonAlias.objects.filter(person_id__in=chunk)
            .order_by("pk")
            .values_list("person_id", "kind", "name")
        ):
            details[person_id]["aliases"].append(tuple(alias))
        for person_id, *identifier in (
            PersonIdentifier.objects.filter(person_id__in=chunk)
            .order_by("pk")
            .values_list("person_id", "kind", "value")
        ):
            details[person_id]["identifiers"].append(tuple(identifier))
        for person_id, *address in (
            PersonAddress.objects.filter(person_id__in=chunk)
            .order_by("pk")
            .values_list("person_id", "line_1", "line_2", "town", "postcode", "area_id", "start", "end")
        ):
            details[person_id]["addresses"].append(tuple(address))
    return details


def concern_amendments(concern_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each concern's amendments in order, as (field, old, new, reason, amended_by id, amended_at)."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in concern_ids}
    for chunk in chunked(sorted(found)):
        for concern_id, *amendment in (
            ConcernAmendment.objects.filter(concern_id__in=chunk)
            .order_by("amended_at", "pk")
            .values_list(
                "concern_id", "field", "old_value", "new_value", "reason", "amended_by_id", "amended_at"
            )
        ):
            found[concern_id].append(tuple(amendment))
    return found


def screening_answers(screening_ids: Iterable[int]) -> dict[int, dict[int, tuple[str, str]]]:
    """Each screening's answers as indicator id -> (answer, evidence), for comparing with a file.

    An optional indicator left unanswered (evidence only) is not exchanged, so it is not compared."""
    found: dict[int, dict[int, tuple[str, str]]] = {pk: {} for pk in screening_ids}
    for chunk in chunked(sorted(found)):
        for screening_id, indicator_id, answer, evidence in (
            ScreeningAnswer.objects.filter(screening_id__in=chunk)
            .exclude(answer="")
            .values_list("screening_id", "indicator_id", "answer", "evidence")
        ):
            found[screening_id][indicator_id] = (answer, evidence)
    return found


def episode_gradings(episode_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each episode's gradings in order, as (grade, graded_at, graded_by id, reason)."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in episode_ids}
    for chunk in chunked(sorted(found)):
        for episode_id, *grading in (
            RiskGrading.objects.filter(episode_id__in=chunk)
            .order_by("graded_at", "pk")
            .values_list("episode_id", "grade", "graded_at", "graded_by_id", "reason")
        ):
            found[episode_id].append(tuple(grading))
    return found


def interview_attempts(interview_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each interview's attempts in order, as (attempted_at, note, recorded_by id)."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in interview_ids}
    for chunk in chunked(sorted(found)):
        for interview_id, *attempt in (
            InterviewAttempt.objects.filter(interview_id__in=chunk)
            .order_by("attempted_at", "pk")
            .values_list("interview_id", "attempted_at", "note", "recorded_by_id")
        ):
            found[interview_id].append(tuple(attempt))
    return found


SUBJECT_COLUMNS = (
    "kind",
    "person_id",
    "person_role",
    "description",
    "nickname",
    "context_id",
    "location_text",
    "postcode",
    "vrm",
    "vehicle_make",
    "vehicle_colour",
    "phone_number",
    "deal_line",
    "platform",
    "handle",
    "linked_by_id",
)
SHARE_COLUMNS = (
    "to_agency_id",
    "shared",
    "lawful_basis",
    "purpose",
    "what_shared",
    "reasons_not_shared",
    "decided_by_id",
    "decided_at",
)


def _rows_by_report(
    model: type[Model], columns: tuple[str, ...], report_ids: Iterable[int], order: tuple[str, ...]
) -> dict[int, list[tuple[Any, ...]]]:
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in report_ids}
    manager: Any = model._default_manager
    for chunk in chunked(sorted(found)):
        for report_id, *row in (
            manager.filter(report_id__in=chunk).order_by(*order).values_list("report_id", *columns)
        ):
            found[report_id].append(tuple(row))
    return found


def report_subjects(report_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each report's subjects in stored order, as tuples of ``SUBJECT_COLUMNS``."""
    return _rows_by_report(ReportSubject, SUBJECT_COLUMNS, report_ids, ("pk",))


def report_share_decisions(report_ids: Iterable[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Each report's sharing decisions oldest first, as tuples of ``SHARE_COLUMNS``."""
    return _rows_by_report(ShareDecision, SHARE_COLUMNS, report_ids, ("decided_at", "pk"))


def entity_ids(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(kind, normalised key) -> entity id, by the unique (kind, key) index."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in keys:
        by_kind[kind].append(key)
    found: dict[tuple[str, str], int] = {}
    for kind, values in by_kind.items():
        for chunk in chunked(sorted(values)):
            for key, pk in Entity.objects.filter(kind=kind, key__in=chunk).values_list("key", "pk"):
                found[(kind, key)] = pk
    return found


def linked_people(model: type[Model], field_name: str, owner_ids: Iterable[int]) -> dict[int, set[int]]:
    """The person ids of a many-to-many field (``found_with``, ``people_named``), by owner id."""
    through: Any = getattr(model, field_name).through
    relation: Any = model._meta.get_field(field_name)
    owner_column = f"{relation.m2m_field_name()}_id"
    person_column = f"{relation.m2m_reverse_field_name()}_id"
    found: dict[int, set[int]] = {pk: set() for pk in owner_ids}
    for chunk in chunked(sorted(found)):
        for owner_id, person_id in through.objects.filter(**{f"{owner_column}__in": chunk}).values_list(
            owner_column, person_column
        ):
            found[owner_id].add(person_id)
    return found


# --- Export ---------------------------------------------------------------------------------


def partnership_for_export() -> Partnership | None:
    return Partnership.objects.order_by("id").first()


def areas_for_export() -> QuerySet[Area]:
    return Area.objects.order_by("pk")


def agencies_for_export() -> QuerySet[Agency]:
    return Agency.objects.select_related("area").order_by("pk")


def people_for_export() -> QuerySet[Person]:
    return (
        Person.objects.select_related("source_agency", "created_by__agency", "area")
        .prefetch_related(
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("pk")),
            Prefetch("identifiers", queryset=PersonIdentifier.objects.order_by("pk")),
            Prefetch("addresses", queryset=PersonAddress.objects.select_related("area").order_by("pk")),
        )
        .order_by("pk")
    )


_PERSON_SOURCE = ("person__source_agency", "person__created_by__agency")


def episodes_for_export(model: type[CareStatus | EducationStatus | YouthJusticeStatus]) -> QuerySet[Any]:
    manager: Any = model._default_manager
    return manager.select_related("source_agency", *_PERSON_SOURCE).order_by("pk")


def involvements_for_export() -> QuerySet[Involvement]:
    return Involvement.objects.select_related("source_agency", "agency", "worker", *_PERSON_SOURCE).order_by(
        "pk"
    )


def risk_assessments_for_export() -> QuerySet[RiskAssessment]:
    return RiskAssessment.objects.select_related("source_agency", "agency", *_PERSON_SOURCE).order_by("pk")


def concerns_for_export() -> QuerySet[Concern]:
    return (
        Concern.objects.select_related("source_agency", "agency", "raised_by", "triaged_by", *_PERSON_SOURCE)
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=ConcernAmendment.objects.select_related("amended_by").order_by("amended_at", "pk"),
            )
        )
        .order_by("pk")
    )


def screenings_for_export() -> QuerySet[Screening]:
    """Completed screenings only: a draft is an agency's working copy."""
    return (
        Screening.objects.filter(status=ScreeningStatus.COMPLETED)
        .select_related("source_agency", "agency", "completed_by", "catalogue", *_PERSON_SOURCE)
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ScreeningAnswer.objects.exclude(answer="")
                .select_related("indicator__domain")
                .order_by(
                    "indicator__domain__order", "indicator__domain_id", "indicator__order", "indicator_id"
                ),
            )
        )
        .order_by("pk")
    )


def referrals_for_export() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "source_agency",
        "area",
        "from_agency",
        "referred_by",
        "decided_by",
        "concern__source_agency",
        "concern__agency",
        "screening__source_agency",
        "screening__agency",
        *_PERSON_SOURCE,
    ).order_by("pk")


def _people_in_order() -> QuerySet[Person]:
    return Person.objects.select_related("source_agency", "created_by__agency").order_by("pk")


def missing_episodes_for_export() -> QuerySet[MissingEpisode]:
    return (
        MissingEpisode.objects.select_related("source_agency", "reported_by", "recorded_by", *_PERSON_SOURCE)
        .prefetch_related(
            Prefetch(
                "gradings",
                queryset=RiskGrading.objects.select_related("graded_by").order_by("graded_at", "pk"),
            ),
            Prefetch("found_with", queryset=_people_in_order()),
        )
        .order_by("pk")
    )


def return_interviews_for_export() -> QuerySet[ReturnInterview]:
    return (
        ReturnInterview.objects.select_related(
            "source_agency", "provider", "recorded_by", "episode__source_agency", "episode__reported_by"
        )
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=InterviewAttempt.objects.select_related("recorded_by").order_by(
                    "attempted_at", "pk"
                ),
            ),
            Prefetch("people_named", queryset=_people_in_order()),
        )
        .order_by("pk")
    )


def contexts_for_export() -> QuerySet[Context]:
    return Context.objects.select_related("source_agency", "area", "raised_by", "raised_by_agency").order_by(
        "pk"
    )


def context_links_for_export() -> QuerySet[ContextLink]:
    return ContextLink.objects.select_related(
        "source_agency",
        "recorded_by_agency",
        "recorded_by",
        "context__source_agency",
        "context__raised_by_agency",
        *_PERSON_SOURCE,
    ).order_by("pk")


_ITEM_REFERENCES = (
    "person__source_agency",
    "person__created_by__agency",
    "context__source_agency",
    "context__raised_by_agency",
)


def meetings_for_export() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related(
            "source_agency", "area", "chair", "minutes_approved_by", "previous__source_agency"
        )
        .prefetch_related(
            Prefetch("invited_agencies", queryset=Agency.objects.order_by("code")),
            Prefetch(
                "attendance", queryset=Attendance.objects.select_related("agency", "user").order_by("pk")
            ),
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related(*_ITEM_REFERENCES).order_by("position", "pk"),
            ),
        )
        .order_by("pk")
    )


def actions_for_export() -> QuerySet[Action]:
    return Action.objects.select_related(
        "source_agency", "meeting__source_agency", "agenda_item", "owner_agency", "owner", *_PERSON_SOURCE
    ).order_by("pk")


def intelligence_for_export() -> QuerySet[IntelligenceReport]:
    return (
        IntelligenceReport.objects.select_related("source_agency", "reporter_agency", "reporter", "graded_by")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=ReportSubject.objects.select_related(
                    *_PERSON_SOURCE, "context__source_agency", "context__raised_by_agency", "linked_by"
                ).order_by("pk"),
            ),
            Prefetch(
                "share_decisions",
                queryset=ShareDecision.objects.select_related("to_agency", "decided_by").order_by(
                    "decided_at", "pk"
                ),
            ),
        )
        .order_by("pk")
    )


def disruptions_for_export() -> QuerySet[Disruption]:
    return Disruption.objects.select_related(
        "source_agency",
        "disruption_type",
        "agency",
        "recorded_by",
        "target_person__source_agency",
        "target_person__created_by__agency",
        "protected_child__source_agency",
        "protected_child__created_by__agency",
        "target_context__source_agency",
        "target_context__raised_by_agency",
        "report__source_agency",
        "report__reporter_agency",
    ).order_by("pk")


def nrm_referrals_for_export() -> QuerySet[NrmReferral]:
    return NrmReferral.objects.select_related(
        "source_agency", "first_responder_agency", "recorded_by", *_PERSON_SOURCE
    ).order_by("pk")


def courses_for_export() -> QuerySet[Course]:
    return Course.objects.order_by("pk")


def training_sessions_for_export() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.select_related("source_agency", "course").order_by("pk")


def attendances_for_export() -> QuerySet[Any]:
    return TrainingAttendance.objects.select_related(
        "source_agency", "session__source_agency", "user", "agency", "recorded_by"
    ).order_by("pk")


def export_counts() -> dict[str, int]:
    return {
        "partnership": min(Partnership.objects.count(), 1),
        "area": Area.objects.count(),
        "agency": Agency.objects.count(),
        "person": Person.objects.count(),
        "care_status": CareStatus.objects.count(),
        "education_status": EducationStatus.objects.count(),
        "youth_justice": YouthJusticeStatus.objects.count(),
        "involvement": Involvement.objects.count(),
        "risk_assessment": RiskAssessment.objects.count(),
        "concern": Concern.objects.count(),
        "screening": Screening.objects.filter(status=ScreeningStatus.COMPLETED).count(),
        "referral": Referral.objects.count(),
        "missing_episode": MissingEpisode.objects.count(),
        "return_interview": ReturnInterview.objects.count(),
        "context": Context.objects.count(),
        "context_link": ContextLink.objects.count(),
        "meeting": Meeting.objects.count(),
        "action": Action.objects.count(),
        "intelligence": IntelligenceReport.objects.count(),
        "disruption": Disruption.objects.count(),
        "nrm_referral": NrmReferral.objects.count(),
        "course": Course.objects.count(),
        "training_session": TrainingSession.objects.count(),
        "attendance": TrainingAttendance.objects.count(),
    }
