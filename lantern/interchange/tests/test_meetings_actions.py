"""Multi-agency meetings and their actions in the interchange format."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.interchange.services import RecordsRejected, records_import
from lantern.interchange.tests.factories import (
    CHAIR,
    CSC,
    DSL,
    FRONT_DOOR,
    POLICE,
    add_meeting_users,
    as_lines,
    harm_records,
    meeting_records,
    provider_agency,
    sample_records,
    source,
)
from lantern.interchange.tests.test_pathway import RECORDS, api_client_for
from lantern.interchange.validation import parse_line
from lantern.meetings.models import Action, AgendaItem, Attendance, Meeting, MeetingStatus

MACE, NEXT, DONE, OPEN = range(4)
FIRST = len(sample_records()) + 1 + len(harm_records()) + 1  # the line of the first meeting


def meetings(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file, the harm records and the meeting records, ``changes`` merged by index name."""
    records = meeting_records()
    for name, change in changes.items():
        records[globals()[name.upper()]].update(change)
    return [*sample_records(), provider_agency(), *harm_records(), *records]


def counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Attendance.objects.count(),
        Meeting.invited_agencies.through.objects.count(),
        Action.objects.count(),
    )


IMPORTED = (2, 2, 2, 3, 2)


def import_meetings(records: list[dict[str, Any]] | None = None) -> Any:
    add_meeting_users()
    return records_import(actor=None, lines=as_lines(records or meetings()))


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = counts()
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert counts() == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [str(error) for error in parse_line(3, json.dumps(record))[1]]


# --- schemas ----------------------------------------------------------------------------------


def test_every_meeting_record_is_valid() -> None:
    for record in meeting_records():
        assert schema_errors(record) == [], record


BAD = [
    (
        MACE,
        {"meeting_type": "huddle"},
        "line 3: meeting_type: must be one of: mace, contextual_mace, "
        "contextual_safeguarding_operational_group, context_conference, strategy_discussion",
    ),
    (MACE, {"chair": None}, "line 3: chair: must be text"),
    (MACE, {"recurrence_weeks": 53}, "line 3: recurrence_weeks: must be 52 or less"),
    (
        MACE,
        {"scheduled_at": "2021-01-14"},
        "line 3: scheduled_at: must be a real date and time written "
        "YYYY-MM-DDTHH:MM:SS+00:00, not '2021-01-14'",
    ),
    (
        MACE,
        {"invited_agencies": ["a b"]},
        "line 3: invited_agencies.0: may contain only letters, digits, hyphens and underscores",
    ),
    (MACE, {"attendance": [{"agency": CSC, "user": DSL}]}, "line 3: attendance.0.status: is required"),
    (MACE, {"agenda": [{"position": 1, "kind": "added"}]}, "line 3: agenda.0.reason: is required"),
    (
        MACE,
        {"agenda": [{"position": -1, "kind": "added", "reason": "x"}]},
        "line 3: agenda.0.position: must be 0 or more",
    ),
    (MACE, {"status": "approved"}, "line 3: status: is not a field of this type"),
    (DONE, {"status": "late"}, "line 3: status: must be one of: open, in_progress, completed"),
    (DONE, {"agenda_item": "1"}, "line 3: agenda_item: must be a whole number or null"),
    (
        DONE,
        {"due_on": "28/01/2021"},
        "line 3: due_on: must be a real date written YYYY-MM-DD, not '28/01/2021'",
    ),
    (OPEN, {"description": ""}, "line 3: description: must not be empty"),
]


@pytest.mark.parametrize(("index", "change", "expected"), BAD)
def test_a_bad_record_names_the_field_and_reason(index: int, change: dict[str, Any], expected: str) -> None:
    assert expected in schema_errors({**meeting_records()[index], **change})


# --- import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_meetings_agendas_attendance_and_actions() -> None:
    report = import_meetings()

    assert (report.counts["meeting"].created, report.counts["action"].created) == (2, 2)
    assert counts() == IMPORTED
    mace = Meeting.objects.get(source_agency__code=CSC, source_id="MACE1")
    assert (mace.meeting_type, mace.area.code, mace.chair.username, mace.recurrence_weeks) == (
        "mace",
        "allerdale",
        CHAIR,
        4,
    )
    assert mace.scheduled_at == datetime(2021, 1, 14, 10, 0, tzinfo=UTC)
    assert (mace.status, mace.minutes_approved_by.username) == (MeetingStatus.APPROVED, CHAIR)  # type: ignore[union-attr]
    assert sorted(mace.invited_agencies.values_list("code", flat=True)) == [CSC, POLICE]
    assert list(mace.attendance.order_by("pk").values_list("agency__code", "user__username", "status")) == [
        (CSC, DSL, "attended"),
        (POLICE, FRONT_DOOR, "apologies"),
    ]
    first, second = mace.items.order_by("position")
    assert (first.person.source_id, first.agreed_risk_level, first.removed_at) == ("C104", "category_3", None)  # type: ignore[union-attr]
    assert first.decisions == "Disruption plan for the flat."
    assert (second.context.source_id, second.person) == ("CTX7", None)  # type: ignore[union-attr]
    assert second.removed_at == datetime(2021, 1, 13, 9, 0, tzinfo=UTC)
    following = Meeting.objects.get(source_id="MACE2")
    assert (following.previous, following.status, following.minutes_approved_at) == (
        mace,
        MeetingStatus.SCHEDULED,
        None,
    )
    done = Action.objects.get(source_id="ACT1")
    assert (done.meeting, done.agenda_item, done.person.source_id) == (mace, first, "C104")  # type: ignore[union-attr]
    assert (done.owner_agency.code, done.owner.username, done.status) == (POLICE, FRONT_DOOR, "completed")  # type: ignore[union-attr]
    assert (done.due_on, done.completed_at) == (date(2021, 1, 28), datetime(2021, 1, 27, 16, 0, tzinfo=UTC))
    still_open = Action.objects.get(source_id="ACT2")
    assert (still_open.agenda_item, still_open.owner, still_open.person, still_open.progress) == (
        None,
        None,
        None,
        "",
    )


@pytest.mark.django_db
def test_importing_twice_creates_and_updates_nothing() -> None:
    import_meetings()
    item_ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))

    again = records_import(actor=None, lines=as_lines(meetings()))

    assert (again.created, again.updated) == (0, 0)
    assert (again.counts["meeting"].unchanged, again.counts["action"].unchanged) == (2, 2)
    assert counts() == IMPORTED
    assert list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True)) == item_ids
    assert {meeting.version for meeting in Meeting.objects.all()} == {1}


@pytest.mark.django_db
def test_same_source_pair_updates_and_replaces_the_lists_keeping_items_by_position() -> None:
    import_meetings()
    kept = AgendaItem.objects.get(position=1)
    agenda = meeting_records()[MACE]["agenda"][:1]
    agenda[0]["summary"] = "Updated summary."
    agenda.append({"position": 3, "kind": "added", "reason": "Added by the coordinator"})

    report = records_import(
        actor=None,
        lines=as_lines(
            meetings(
                mace={"agenda": agenda, "attendance": [], "invited_agencies": [POLICE]},
                next={"previous": None},
                open={"status": "in_progress", "progress": "Booked for Monday.", "agenda_item": 3},
            )
        ),
    )

    assert (report.counts["meeting"].updated, report.counts["action"].updated) == (2, 1)
    mace = Meeting.objects.get(source_id="MACE1")
    assert mace.version == 2
    assert list(mace.items.order_by("position").values_list("pk", "position", "summary")) == [
        (kept.pk, 1, "Updated summary."),
        (AgendaItem.objects.get(position=3).pk, 3, ""),
    ]
    assert AgendaItem.objects.get(pk=kept.pk).version == 2
    assert list(mace.invited_agencies.values_list("code", flat=True)) == [POLICE]
    assert not mace.attendance.exists()
    assert Meeting.objects.get(source_id="MACE2").previous is None
    action = Action.objects.get(source_id="ACT2")
    assert action.agenda_item is not None and action.agenda_item.position == 3
    assert (action.status, action.progress) == ("in_progress", "Booked for Monday.")
    assert Action.objects.get(source_id="ACT1").agenda_item == kept


@pytest.mark.django_db
def test_an_action_may_follow_a_meeting_already_in_lantern() -> None:
    import_meetings([record for record in meetings() if record["type"] != "action"])

    report = records_import(actor=None, lines=as_lines(meeting_records()[DONE:]))

    assert report.counts["action"].created == 2
    assert Action.objects.get(source_id="ACT1").agenda_item == AgendaItem.objects.get(position=1)
    assert rejected([{**meeting_records()[DONE], "agenda_item": 7}]) == [
        "line 1: agenda_item: the meeting has no agenda item at position 7"
    ]


LINE = FIRST
CHECKS = [
    ({"mace": {"area": "kendal"}}, f"line {LINE}: area: no area 'kendal' earlier in the file or in Lantern"),
    ({"mace": {"chair": "nobody"}}, f"line {LINE}: chair: no Lantern user 'nobody'"),
    (
        {"mace": {"invited_agencies": [CSC, "nowhere"]}},
        f"line {LINE}: invited_agencies.1: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    (
        {"mace": {"attendance": [{"agency": CSC, "user": "ghost", "status": "attended"}]}},
        f"line {LINE}: attendance.0.user: no Lantern user 'ghost'",
    ),
    (
        {
            "mace": {
                "attendance": [
                    {"agency": CSC, "user": DSL, "status": "attended"},
                    {"agency": POLICE, "user": DSL, "status": "apologies"},
                ]
            }
        },
        f"line {LINE}: attendance.1.user: repeats attendance.0",
    ),
    (
        {
            "mace": {
                "agenda": [
                    {"position": 1, "kind": "added", "reason": "x"},
                    {"position": 1, "kind": "added", "reason": "y"},
                ]
            }
        },
        f"line {LINE}: agenda.1.position: repeats the position of agenda.0",
    ),
    (
        {"mace": {"agenda": [{"position": 1, "kind": "added", "reason": "x", "person": source("C999")}]}},
        f"line {LINE}: agenda.0.person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
    (
        {"mace": {"agenda": [{"position": 1, "kind": "added", "reason": "x", "context": source("CTX99")}]}},
        f"line {LINE}: agenda.0.context: no context with source {CSC}/CTX99 earlier in the file or in Lantern",
    ),
    (
        {"mace": {"agenda": [{"position": 1, "kind": "added", "reason": "x", "agreed_risk_level": "high"}]}},
        f"line {LINE}: agenda.0.agreed_risk_level: 'high' is not on the partnership's risk scale "
        "(category_1, category_2, category_3)",
    ),
    (
        {"mace": {"minutes_approved_at": "2021-01-13T09:00:00+00:00"}},
        f"line {LINE}: minutes_approved_at: is before scheduled_at",
    ),
    (
        {"mace": {"minutes_approved_at": None}},
        f"line {LINE}: minutes_approved_by: must be null when minutes_approved_at is null",
    ),
    ({"mace": {"previous": source("MACE1")}}, f"line {LINE}: previous: is the meeting itself"),
    (
        {"next": {"previous": source("MACE9")}},
        f"line {LINE + 1}: previous: no meeting with source {CSC}/MACE9 earlier in the file or in Lantern",
    ),
    (
        {"done": {"meeting": source("MACE9")}},
        f"line {LINE + 2}: meeting: no meeting with source {CSC}/MACE9 earlier in the file or in Lantern",
    ),
    (
        {"done": {"agenda_item": 5}},
        f"line {LINE + 2}: agenda_item: the meeting has no agenda item at position 5",
    ),
    (
        {"done": {"owner_agency": "nowhere"}},
        f"line {LINE + 2}: owner_agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    ({"done": {"owner": "ghost"}}, f"line {LINE + 2}: owner: no Lantern user 'ghost'"),
    ({"done": {"status": "open"}}, f"line {LINE + 2}: completed_at: must be null unless status is completed"),
    (
        {"open": {"person": source("C999")}},
        f"line {LINE + 3}: person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CHECKS)
def test_a_bad_line_names_line_and_field_and_changes_nothing(changes: dict[str, Any], expected: str) -> None:
    add_meeting_users()
    assert rejected(meetings(**changes)) == [expected]


@pytest.mark.django_db
def test_actions_of_a_bad_meeting_line_are_not_also_reported() -> None:
    add_meeting_users()
    assert rejected(meetings(mace={"meeting_type": "huddle"})) == [
        f"line {LINE}: meeting_type: must be one of: mace, contextual_mace, "
        "contextual_safeguarding_operational_group, context_conference, strategy_discussion"
    ]


@pytest.mark.django_db
def test_an_action_must_come_after_its_meeting_and_a_meeting_after_its_previous() -> None:
    add_meeting_users()
    records = meetings()
    action = records.pop(LINE + 2 - 1)
    records.insert(LINE - 1, action)
    following = records.pop(LINE + 2 - 1)
    records.insert(LINE - 1, following)
    assert rejected(records) == [
        f"line {LINE}: previous: no meeting with source {CSC}/MACE1 earlier in the file or in Lantern",
        f"line {LINE + 1}: meeting: no meeting with source {CSC}/MACE1 earlier in the file or in Lantern",
    ]


@pytest.mark.django_db
def test_two_meetings_may_not_follow_the_same_meeting() -> None:
    add_meeting_users()
    records = meetings()
    records.insert(LINE + 2 - 1, {**meeting_records()[NEXT], "source": source("MACE3")})
    assert rejected(records) == [
        f"line {LINE + 2}: previous: is already the previous meeting of the meeting on line {LINE + 1}"
    ]


# --- the REST API (the same service) ----------------------------------------------------------


def test_the_api_accepts_meetings_and_actions(world: Any) -> None:
    add_meeting_users()
    client = api_client_for(world.partnership_admin)

    response = client.post(RECORDS, meetings(), format="json")

    assert response.status_code == 200, response.content
    created = response.json()["created"]
    assert (created["meeting"], created["action"]) == (2, 2)
    again = client.generic(
        "POST", RECORDS, "".join(as_lines(meetings())), content_type="application/x-ndjson"
    )
    assert again.status_code == 200
    assert sum(again.json()["created"].values()) == sum(again.json()["updated"].values()) == 0
    assert counts() == IMPORTED


def test_the_api_names_a_bad_line_and_changes_nothing(world: Any) -> None:
    add_meeting_users()
    response = api_client_for(world.partnership_admin).post(
        RECORDS, meetings(done={"agenda_item": 9}), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": LINE + 2, "field": "agenda_item", "reason": "the meeting has no agenda item at position 9"}
    ]
    assert counts() == (0,) * 5


def test_the_api_refuses_meetings_from_an_outsider(world: Any) -> None:
    add_meeting_users()
    response = api_client_for(world.outsider_b).post(RECORDS, meetings(), format="json")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="interchange", username=world.outsider_b.username
    ).exists()
    assert counts() == (0,) * 5
