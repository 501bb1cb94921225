"""Importing the ``Missing`` table of the SSDA903 (looked-after children) return.

A local authority already reports every missing and away-from-placement episode of its children in
care to the DfE. This loads that table so the episodes need not be typed in again. Every row is
checked first; if any is bad nothing changes. Episodes are keyed by the source pair
(agency, ``903-<CHILD>-<MIS_START as YYYY-MM-DD>``), so loading the same file again changes nothing.
See docs/ssda903.md for the mapping.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, can_configure_partnership
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.missing.models import EpisodeStatus, MissingEpisode, MissingFrom, ReturnInterview
from lantern.missing.rules import interview_due_at
from lantern.partnership.models import Agency, AgencyType
from lantern.people.models import IdentifierKind, Person, PersonIdentifier
from lantern.people.validators import InvalidIdentifier, normalise_identifier

OBJECT_TYPE = "ssda903_missing"
COMMAND_LINE = "command line"
COLUMNS = ("CHILD", "MISSING", "MIS_START", "MIS_END")
SOURCE_PREFIX = "903"
LONDON = ZoneInfo("Europe/London")
BATCH = 1000
# The source id is "903-<CHILD>-YYYY-MM-DD" and source_id holds 100 characters.
CHILD_MAX = 100 - len(f"{SOURCE_PREFIX}--2000-01-01")

# The DfE's two codes. The episode keeps which one it was in its circumstances.
MISSING_CODES = {
    "M": "SSDA903 return: M, missing from placement (whereabouts not known)",
    "A": "SSDA903 return: A, away from placement without authorisation (whereabouts known)",
}

_DFE_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, order=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.reason}"


class MissingReturnRejected(ValidationFailed):
    """The file has bad rows; nothing was written. ``row_errors`` name each row, column and reason."""

    def __init__(self, row_errors: list[RowError]):
        by_row: dict[str, list[str]] = {}
        for error in row_errors:
            by_row.setdefault(f"row {error.row}", []).append(f"{error.column}: {error.reason}")
        super().__init__(by_row)
        self.row_errors = row_errors


@dataclass
class ImportCounts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class MissingRow:
    """One data row as read. A value that failed its check is None and the reason is in ``errors``."""

    row: int
    child: str | None = None
    code: str | None = None
    start: date | None = None
    end: date | None = None
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row, column, reason))

    @property
    def source_id(self) -> str:
        assert self.start is not None
        return f"{SOURCE_PREFIX}-{self.child}-{self.start.isoformat()}"


# --- Reading the file -----------------------------------------------------------------------


def parse_return_date(text: str) -> date:
    """A date as the DfE writes it (dd/mm/yyyy) or ISO 8601 (yyyy-mm-dd); ValueError otherwise."""
    for pattern, order in ((_DFE_DATE, (3, 2, 1)), (_ISO_DATE, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(index)) for index in order)
            return date(year, month, day)
    raise ValueError(text)


def london_midnight(day: date) -> datetime:
    """The return carries dates only: an episode starts or ends at 00:00 UK time on its day."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _read_date(row: MissingRow, column: str, text: str, today: date) -> date | None:
    try:
        day = parse_return_date(text)
    except ValueError:
        row.fail(column, f"must be a real date written dd/mm/yyyy or yyyy-mm-dd, not {text!r}")
        return None
    if day > today:
        row.fail(column, "must not be in the future")
        return None
    return day


def _header_positions(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    names = [cell.strip().lstrip("\ufeff").upper() for cell in header]
    errors = [
        RowError(1, column, "appears more than once in the header")
        for column in COLUMNS
        if names.count(column) > 1
    ]
    errors += [
        RowError(1, column, "column missing from the header") for column in COLUMNS if column not in names
    ]
    return {column: names.index(column) for column in COLUMNS if column in names}, errors


def _read_row(
    number: int, cells: list[str], positions: dict[str, int], width: int, today: date
) -> MissingRow:
    row = MissingRow(row=number)
    if any(cell.strip() for cell in cells[width:]):
        row.fail("values", f"the row has {len(cells)} values but the header has {width} columns")
    value = {
        column: (cells[index] if index < len(cells) else "").strip() for column, index in positions.items()
    }

    child = value["CHILD"]
    if not child:
        row.fail("CHILD", "must not be blank")
    elif len(child) > CHILD_MAX:
        row.fail("CHILD", f"must be {CHILD_MAX} characters or fewer")
    else:
        row.child = child

    code = value["MISSING"].upper()
    if code in MISSING_CODES:
        row.code = code
    else:
        row.fail(
            "MISSING", f"must be M (missing) or A (away without authorisation), not {value['MISSING']!r}"
        )

    if value["MIS_START"]:
        row.start = _read_date(row, "MIS_START", value["MIS_START"], today)
    else:
        row.fail("MIS_START", "must not be blank")
    if value["MIS_END"]:
        row.end = _read_date(row, "MIS_END", value["MIS_END"], today)
        if row.start is not None and row.end is not None and row.end < row.start:
            row.fail("MIS_END", "must not be before MIS_START")
            row.end = None
    return row


def read_missing_table(lines: Iterable[str]) -> tuple[list[MissingRow], list[RowError]]:
    """Every data row (blank lines skipped but counted) and the errors of the header and file."""
    reader: Iterator[list[str]] = csv.reader(iter(lines))
    today = timezone.localdate()
    rows: list[MissingRow] = []
    number = 0
    try:
        header = next(reader, None)
        number = 1
        if header is None or not any(cell.strip() for cell in header):
            return [], [
                RowError(1, "header", "the first row must be the header CHILD,MISSING,MIS_START,MIS_END")
            ]
        positions, errors = _header_positions(header)
        if errors:
            return [], errors
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                rows.append(_read_row(number, cells, positions, len(header), today))
    except csv.Error as error:
        return rows, [RowError(number + 1, "file", f"not readable as CSV: {error}")]
    return rows, []


def _mark_duplicates(rows: list[MissingRow]) -> None:
    first_seen: dict[tuple[str, date], int] = {}
    for row in rows:
        if row.child is None or row.start is None:
            continue
        key = (row.child, row.start)
        if key in first_seen:
            row.fail("MIS_START", f"the same CHILD and MIS_START as row {first_seen[key]}")
        else:
            first_seen[key] = row.row


# --- Finding the children and their episodes -------------------------------------------------


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _la_id(child: str) -> str | None:
    try:
        return normalise_identifier(IdentifierKind.LA_ID, child)
    except InvalidIdentifier:
        return None


@dataclass
class _Children:
    by_source: dict[str, int]
    by_la_id: dict[str, int]

    def person_id(self, row: MissingRow, agency: Agency) -> int | None:
        assert row.child is not None
        sourced = self.by_source.get(row.child)
        la_id = _la_id(row.child)
        identified = self.by_la_id.get(la_id) if la_id else None
        if sourced and identified and sourced != identified:
            row.fail(
                "CHILD",
                f"names two people: one by {agency.code}'s child id, another by a local authority ID",
            )
            return None
        if not (sourced or identified):
            row.fail(
                "CHILD",
                f"no person in Lantern has this child id from {agency.code} or this local authority ID",
            )
            return None
        return sourced or identified


def _find_children(agency: Agency, rows: list[MissingRow]) -> _Children:
    children = sorted({row.child for row in rows if row.child is not None})
    la_ids = sorted({la_id for child in children if (la_id := _la_id(child))})
    by_source: dict[str, int] = {}
    for chunk in _chunks(children):
        by_source.update(
            Person.objects.filter(source_agency=agency, source_id__in=chunk).values_list("source_id", "pk")
        )
    by_la_id: dict[str, int] = {}
    for chunk in _chunks(la_ids):
        by_la_id.update(
            PersonIdentifier.objects.filter(kind=IdentifierKind.LA_ID, value__in=chunk).values_list(
                "value", "person_id"
            )
        )
    return _Children(by_source=by_source, by_la_id=by_la_id)


def _existing_episodes(agency: Agency, rows: list[MissingRow]) -> dict[str, MissingEpisode]:
    source_ids = sorted({row.source_id for row in rows if not row.errors})
    episodes: dict[str, MissingEpisode] = {}
    for chunk in _chunks(source_ids):
        for episode in MissingEpisode.objects.select_for_update().filter(
            source_agency=agency, source_id__in=chunk
        ):
            episodes[episode.source_id] = episode
    return episodes


def _interviews_of(episodes: Iterable[MissingEpisode]) -> dict[int, ReturnInterview]:
    ids = [episode.pk for episode in episodes]
    interviews: dict[int, ReturnInterview] = {}
    for start in range(0, len(ids), BATCH):
        for interview in ReturnInterview.objects.select_for_update().filter(
            episode_id__in=ids[start : start + BATCH]
        ):
            interviews[interview.episode_id] = interview
    return interviews


def _check_against_lantern(row: MissingRow, person_id: int | None, existing: MissingEpisode | None) -> None:
    if existing is None or person_id is None:
        return
    if existing.person_id != person_id:
        row.fail("CHILD", "Lantern holds this episode for a different person")
    elif row.end is None and not existing.is_open:
        row.fail(
            "MIS_END", "must not be blank: the episode is closed in Lantern and an import cannot reopen it"
        )


# --- Who may import --------------------------------------------------------------------------


def agency_for_import(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ValidationFailed({"agency": [f"No agency has the code {code!r}"]})
    if agency.agency_type != AgencyType.CHILDRENS_SOCIAL_CARE:
        raise ValidationFailed(
            {"agency": [f"{agency.code} is not a children's social care agency: an SSDA903 return is"]}
        )
    return agency


def may_import_return(actor: Any, agency: Agency) -> bool:
    """The server's operator (no actor), a partnership admin, or a caseworker of that authority."""
    if actor is None:
        return True
    role = getattr(actor, "role", "")
    if not getattr(actor, "is_authenticated", False):
        return False
    return can_configure_partnership(role) or (role in CASEWORK_ROLES and actor.agency_id == agency.pk)


def _require_permission(actor: Any, agency: Agency) -> None:
    if not may_import_return(actor, agency):
        audit_refusal(
            actor=actor,
            object_type=OBJECT_TYPE,
            reason=f"role {getattr(actor, 'role', '') or 'none'} may not import {agency.code}'s SSDA903 return",
        )
        raise AccessRefused(
            f"Only a partnership admin or a caseworker of {agency.code} can import its SSDA903 return."
        )


# --- Writing ---------------------------------------------------------------------------------


class _Writer:
    def __init__(self, *, actor: Any, agency: Agency, existing: dict[str, MissingEpisode]):
        self.actor = actor
        self.agency = agency
        self.existing = existing
        self.interviews = _interviews_of(existing.values())
        self.counts = ImportCounts()
        self.now = timezone.now()
        self.new_episodes: list[MissingEpisode] = []
        self.changed_episodes: list[MissingEpisode] = []
        self.new_interviews_for: list[MissingEpisode] = []
        self.changed_interviews: list[ReturnInterview] = []
        # The model's own default: the return carries no police risk grade.
        self.ungraded = MissingEpisode._meta.get_field("risk_grade").get_default()

    def write(self, rows: list[tuple[MissingRow, int]]) -> ImportCounts:
        self.counts.rows = len(rows)
        for row, person_id in rows:
            episode = self.existing.get(row.source_id)
            if episode is None:
                self._new(row, person_id)
            else:
                self._update(row, episode)
        manager: Any = MissingEpisode._default_manager
        manager.bulk_create(self.new_episodes, batch_size=BATCH)
        self._fill_missing_ids(self.new_episodes)
        if self.changed_episodes:
            manager.bulk_update(
                self.changed_episodes,
                ["circumstances", "returned_at", "status", "version", "updated_at"],
                batch_size=BATCH,
            )
        ReturnInterview.objects.bulk_create(
            [
                # As episode_close creates it: due 72 hours after the return, no provider yet.
                ReturnInterview(
                    episode=episode,
                    person_id=episode.person_id,
                    due_at=interview_due_at(episode.returned_at),
                    provider=None,
                )
                for episode in self.new_interviews_for
                if episode.returned_at is not None
            ],
            batch_size=BATCH,
        )
        if self.changed_interviews:
            ReturnInterview.objects.bulk_update(
                self.changed_interviews, ["due_at", "version", "updated_at"], batch_size=BATCH
            )
        return self.counts

    def _new(self, row: MissingRow, person_id: int) -> None:
        assert row.start is not None and row.code is not None
        returned_at = london_midnight(row.end) if row.end else None
        episode = MissingEpisode(
            source_agency=self.agency,
            source_id=row.source_id,
            person_id=person_id,
            missing_from=MissingFrom.CARE,
            reported_at=london_midnight(row.start),
            reported_by=self.agency,
            recorded_by=self.actor,
            risk_grade=self.ungraded,
            circumstances=MISSING_CODES[row.code],
            returned_at=returned_at,
            status=EpisodeStatus.CLOSED if returned_at else EpisodeStatus.OPEN,
        )
        self.new_episodes.append(episode)
        if returned_at:
            self.new_interviews_for.append(episode)
        self.counts.created += 1

    def _update(self, row: MissingRow, episode: MissingEpisode) -> None:
        assert row.code is not None
        changed = False
        if episode.circumstances != MISSING_CODES[row.code]:
            episode.circumstances = MISSING_CODES[row.code]
            changed = True
        if row.end is not None and self._return_differs(episode, row.end):
            episode.returned_at = london_midnight(row.end)
            episode.status = EpisodeStatus.CLOSED
            self._interview_follows(episode)
            changed = True
        if changed:
            episode.version += 1
            episode.updated_at = self.now
            self.changed_episodes.append(episode)
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1

    @staticmethod
    def _return_differs(episode: MissingEpisode, end: date) -> bool:
        """A return recorded in Lantern to the minute is kept while its day matches the file's."""
        if episode.is_open or episode.returned_at is None:
            return True
        return timezone.localtime(episode.returned_at, LONDON).date() != end

    def _interview_follows(self, episode: MissingEpisode) -> None:
        assert episode.returned_at is not None
        interview = self.interviews.get(episode.pk)
        if interview is None:
            self.new_interviews_for.append(episode)
            return
        due_at = interview_due_at(episode.returned_at)
        if interview.due_at != due_at:
            interview.due_at = due_at
            interview.version += 1
            interview.updated_at = self.now
            self.changed_interviews.append(interview)

    def _fill_missing_ids(self, episodes: list[MissingEpisode]) -> None:
        """Databases that cannot return ids from a bulk insert: read them back by source pair."""
        unnumbered = {episode.source_id: episode for episode in episodes if episode.pk is None}
        for chunk in _chunks(sorted(unnumbered)):
            for source_id, pk in MissingEpisode.objects.filter(
                source_agency=self.agency, source_id__in=chunk
            ).values_list("source_id", "pk"):
                unnumbered[source_id].pk = pk


def ssda903_missing_import(*, actor: Any, agency_code: str, lines: Iterable[str]) -> ImportCounts:
    """Check every row of the Missing table, then write all of them or none.

    Raises ``ValidationFailed`` for an unusable agency, ``AccessRefused`` (audited) for a user who
    may not import this authority's return, and ``MissingReturnRejected`` naming every bad row.
    """
    agency = agency_for_import(agency_code)
    _require_permission(actor, agency)
    rows, errors = read_missing_table(lines)
    if errors:
        raise MissingReturnRejected(sorted(errors + [e for row in rows for e in row.errors]))
    _mark_duplicates(rows)
    with transaction.atomic():
        children = _find_children(agency, rows)
        person_ids = {row.row: children.person_id(row, agency) for row in rows if row.child is not None}
        existing = _existing_episodes(agency, rows)
        for row in rows:
            if not row.errors:
                _check_against_lantern(row, person_ids.get(row.row), existing.get(row.source_id))
        row_errors = sorted(error for row in rows for error in row.errors)
        if row_errors:
            raise MissingReturnRejected(row_errors)
        counts = _Writer(actor=actor, agency=agency, existing=existing).write(
            [(row, person_id) for row in rows if (person_id := person_ids.get(row.row)) is not None]
        )
        audit_record(
            actor=actor,
            action="import",
            object_type=OBJECT_TYPE,
            purpose=f"Loaded the Missing table of {agency.code}'s SSDA903 return",
            detail={"agency": agency.code, **counts.as_dict()},
            username="" if actor is not None else COMMAND_LINE,
        )
    return counts
