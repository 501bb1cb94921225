"""Training sessions and attendance in the interchange format, and the learning API's source pairs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_user
from lantern.interchange.records import native_id
from lantern.interchange.services import RecordsRejected, records_export, records_import
from lantern.interchange.tests.factories import (
    CHAIR,
    CSC,
    DSL,
    FRONT_DOOR,
    add_meeting_users,
    as_lines,
    course_records,
    learning_records,
    sample_records,
    source,
)
from lantern.interchange.tests.test_pathway import RECORDS, api_client_for
from lantern.partnership.models import Agency
from lantern.prevent.models import Attendance, Course, TrainingSession
from lantern.prevent.tests.test_api import api_client

SESSION, DSL_ATTENDS, CHAIR_ATTENDS = range(3)
FIRST = len(sample_records()) + len(course_records()) + 1  # the line of the session


def learning(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file, its courses and the learning records, ``changes`` merged by index name."""
    records = learning_records()
    for name, change in changes.items():
        records[globals()[name.upper()]].update(change)
    return [*sample_records(), *course_records(), *records]


def stored() -> list[tuple[Any, ...]]:
    return list(
        Attendance.objects.order_by("source_id").values_list(
            "source_agency__code",
            "source_id",
            "session__source_id",
            "user__username",
            "agency__code",
            "recorded_by__username",
            "version",
        )
    )


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = (TrainingSession.objects.count(), stored())
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert (TrainingSession.objects.count(), stored()) == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


@pytest.fixture
def attendees(db: None) -> None:
    add_meeting_users()


@pytest.mark.django_db
def test_import_creates_the_session_and_attendance_and_a_second_import_changes_nothing(
    attendees: None,
) -> None:
    report = records_import(actor=None, lines=as_lines(learning()))

    assert (report.counts["training_session"].created, report.counts["attendance"].created) == (1, 2)
    session = TrainingSession.objects.get(source_id="S-2291")
    assert (session.source_agency.code if session.source_agency else None, session.course.name) == (
        CSC,
        "Contextual safeguarding for youth workers",
    )
    assert (session.held_on, session.trainer, session.place) == (
        date(2025, 1, 15),
        "Partnership training team",
        "Workington library",
    )
    # Nobody records an attendance loaded at the command line; a null agency is the person's own.
    assert stored() == [
        (CSC, "E-1", "S-2291", DSL, CSC, None, 1),
        (CSC, "E-2", "S-2291", CHAIR, None, FRONT_DOOR, 1),
    ]
    again = records_import(actor=None, lines=as_lines(learning()))
    assert (again.created, again.updated) == (0, 0)
    assert (again.counts["training_session"].unchanged, again.counts["attendance"].unchanged) == (1, 2)
    assert TrainingSession.objects.get(source_id="S-2291").version == 1


@pytest.mark.django_db
def test_the_same_pair_updates_the_session_and_attendance(attendees: None) -> None:
    records_import(actor=None, lines=as_lines(learning()))

    report = records_import(
        actor=None,
        lines=as_lines(learning(session={"place": "Carlisle hub"}, dsl_attends={"recorded_by": CHAIR})),
    )

    assert (report.counts["training_session"].updated, report.counts["attendance"].updated) == (1, 1)
    assert TrainingSession.objects.get(source_id="S-2291").place == "Carlisle hub"
    assert stored()[0] == (CSC, "E-1", "S-2291", DSL, CSC, CHAIR, 2)


BAD = [
    (
        {"session": {"course": "No such course"}},
        f"line {FIRST}: course: no course 'No such course' earlier in the file or in Lantern",
    ),
    (
        {"dsl_attends": {"session": source("S-404")}},
        f"line {FIRST + 1}: session: no training session with source {CSC}/S-404 earlier in the file "
        "or in Lantern",
    ),
    ({"dsl_attends": {"user": "nobody_here"}}, f"line {FIRST + 1}: user: no Lantern user 'nobody_here'"),
    ({"dsl_attends": {"agency": "no-such"}}, f"line {FIRST + 1}: agency: no agency 'no-such' earlier"),
    ({"chair_attends": {"user": DSL}}, f"line {FIRST + 2}: user: already attends this session on line"),
    ({"chair_attends": {"source": source("E-1")}}, f"line {FIRST + 2}: source: repeats the attendance"),
    ({"session": {"held_on": "2025-02-30"}}, f"line {FIRST}: held_on: must be a real date"),
    ({"dsl_attends": {"user": None}}, f"line {FIRST + 1}: user: must be text"),
    ({"dsl_attends": {"course": "x"}}, f"line {FIRST + 1}: course: is not a field of this type"),
]


@pytest.mark.parametrize(("changes", "expected"), BAD)
def test_a_bad_line_names_line_and_field_and_nothing_is_written(
    attendees: None, changes: dict[str, dict[str, Any]], expected: str
) -> None:
    errors = rejected(learning(**changes))

    assert any(error.startswith(expected) for error in errors), errors
    assert not TrainingSession.objects.filter(source_id="S-2291").exists()
    assert not Course.objects.filter(name="Old induction module").exists()


@pytest.mark.django_db
def test_attendance_is_recorded_once_the_session_has_happened(attendees: None) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    errors = rejected(learning(session={"held_on": tomorrow}))

    assert errors == [
        f"line {FIRST + 1}: session: the session has not happened yet: record attendance once it has",
        f"line {FIRST + 2}: session: the session has not happened yet: record attendance once it has",
    ]


@pytest.mark.django_db
def test_a_file_names_a_session_recorded_in_lantern_by_its_lantern_id(attendees: None) -> None:
    records_import(actor=None, lines=as_lines(learning()))
    native = TrainingSession.objects.create(
        course=Course.objects.get(name="Exploitation awareness"), held_on=date(2024, 6, 1)
    )
    record = {
        "type": "attendance",
        "source": source("E-3"),
        "session": source(native_id(native.pk), "lantern"),
        "user": FRONT_DOOR,
    }

    report = records_import(actor=None, lines=as_lines([record]))

    assert report.counts["attendance"].created == 1
    assert Attendance.objects.get(source_id="E-3").session == native


@pytest.mark.django_db
def test_someone_already_recorded_at_the_session_is_not_counted_twice(attendees: None) -> None:
    records_import(actor=None, lines=as_lines(learning()))
    session = TrainingSession.objects.get(source_id="S-2291")
    front_door = Attendance.objects.create(
        session=session, user=make_user("lantern_admin_recorded"), recorded_by=None
    )
    record = {
        "type": "attendance",
        "source": source("E-9"),
        "session": source("S-2291"),
        "user": front_door.user.username,
        "agency": CSC,
    }

    report = records_import(actor=None, lines=as_lines([record]))

    assert (report.counts["attendance"].created, report.counts["attendance"].updated) == (0, 1)
    assert session.attendances.count() == 3
    front_door.refresh_from_db()
    assert (front_door.source_id, front_door.agency, front_door.version) == (
        "",
        Agency.objects.get(code=CSC),
        2,
    )
    # Moving an attendance onto someone already recorded at the session is refused.
    moved = {**learning_records()[DSL_ATTENDS], "user": CHAIR}
    assert rejected([moved]) == ["line 1: user: already attends that session in another attendance record"]


@pytest.mark.django_db
def test_export_writes_sessions_and_attendance_after_courses_and_round_trips(attendees: None) -> None:
    records_import(actor=None, lines=as_lines(learning()))

    exported = list(records_export(actor=None))

    kinds = [record["type"] for record in exported]
    assert kinds[-3:] == ["training_session", "attendance", "attendance"]
    assert exported[-3:] == learning_records()
    report = records_import(actor=None, lines=as_lines(exported))
    assert (report.created, report.updated) == (0, 0)


# --- the learning REST API and files share the session's source pair -------------------------


def _session_record(world: Any, held_on: str = "2025-01-15") -> dict[str, Any]:
    return {
        "type": "training_session",
        "source": source("LMS-77", world.csc_a.code),
        "course": "Exploitation awareness",
        "held_on": held_on,
        "trainer": "Partnership trainer",
    }


def _attendance_record(world: Any, user: Any, record_id: str) -> dict[str, Any]:
    return {
        "type": "attendance",
        "source": source(record_id, world.csc_a.code),
        "session": source("LMS-77", world.csc_a.code),
        "user": user.username,
    }


def test_the_api_and_a_file_load_the_same_session_and_count_nobody_twice(world: Any) -> None:
    course = Course.objects.get(name="Exploitation awareness")
    body = {
        "source": {"agency": world.csc_a.code, "id": "LMS-77"},
        "course_id": course.pk,
        "held_on": "2025-01-15",
        "trainer": "Partnership trainer",
        "usernames": [world.teacher.username],
    }
    by_api = api_client(world.partnership_admin).post("/api/v1/learning/attendance/", body, format="json")
    assert by_api.status_code == 200 and by_api.json()["added"] == 1

    file = [
        _session_record(world),
        _attendance_record(world, world.teacher, "ENROL-1"),
        _attendance_record(world, world.nurse, "ENROL-2"),
    ]
    by_file = api_client_for(world.partnership_admin).post(RECORDS, file, format="json")

    assert by_file.status_code == 200, by_file.content
    assert by_file.json()["created"]["training_session"] == 0
    assert by_file.json()["created"]["attendance"] == 1  # the nurse; the teacher was already there
    session = TrainingSession.objects.get(pk=by_api.json()["session_id"])
    assert (session.source_agency, session.source_id) == (world.csc_a, "LMS-77")
    assert sorted(session.attendances.values_list("user__username", flat=True)) == sorted(
        [world.teacher.username, world.nurse.username]
    )
    again = api_client(world.partnership_admin).post(
        "/api/v1/learning/attendance/", {**body, "usernames": [world.nurse.username]}, format="json"
    )
    assert again.json() == {"session_id": session.pk, "added": 0}


def test_the_api_refuses_a_session_pair_of_another_course(world: Any) -> None:
    records_import(actor=None, lines=as_lines([_session_record(world)]))
    other = Course.objects.get(name="Appropriate language")
    body = {
        "source": {"agency": world.csc_a.code, "id": "LMS-77"},
        "course_id": other.pk,
        "held_on": "2025-01-15",
        "usernames": [world.teacher.username],
    }

    response = api_client(world.partnership_admin).post("/api/v1/learning/attendance/", body, format="json")

    assert response.status_code == 400 and "another course" in str(response.json())
    unknown = api_client(world.partnership_admin).post(
        "/api/v1/learning/attendance/",
        {**body, "source": {"agency": "no-such", "id": "LMS-77"}},
        format="json",
    )
    assert unknown.status_code == 400 and "no agency with the code 'no-such'" in str(unknown.json())
    assert not Attendance.objects.exists()


def test_the_api_names_a_session_recorded_in_lantern_by_its_lantern_id(world: Any) -> None:
    course = Course.objects.get(name="Exploitation awareness")
    native = TrainingSession.objects.create(course=course, held_on=date(2025, 3, 1))
    client = api_client(world.partnership_admin)
    body = {
        "source": {"agency": "lantern", "id": native_id(native.pk)},
        "course_id": course.pk,
        "held_on": "2025-03-01",
        "usernames": [world.nurse.username],
    }

    response = client.post("/api/v1/learning/attendance/", body, format="json")

    assert response.json() == {"session_id": native.pk, "added": 1}
    missing = client.post(
        "/api/v1/learning/attendance/",
        {**body, "source": {"agency": "lantern", "id": native_id(native.pk + 1000)}},
        format="json",
    )
    assert missing.status_code == 400 and "no session with that Lantern id" in str(missing.json())
    assert TrainingSession.objects.count() == 1


def test_only_the_partnership_admin_imports_and_exports_learning_records(world: Any) -> None:
    file = [_session_record(world), _attendance_record(world, world.teacher, "ENROL-1")]
    for user in (world.outsider_b, world.school_dsl, world.social_worker_a):
        client = api_client_for(user)
        assert client.post(RECORDS, file, format="json").status_code == 403
        assert client.get("/api/v1/export/").status_code == 403
        assert AuditEvent.objects.filter(
            action="access_refused", object_type="interchange", username=user.username
        ).exists()
    assert not TrainingSession.objects.filter(source_id="LMS-77").exists()
    allowed = api_client_for(world.partnership_admin).post(RECORDS, file, format="json")
    assert allowed.status_code == 200 and allowed.json()["created"]["attendance"] == 1
