"""Workforce learning courses in the interchange format, keyed by their unique name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.interchange.services import RecordsRejected, records_export, records_import
from lantern.interchange.tests.factories import as_lines, course_records, sample_records
from lantern.interchange.tests.test_pathway import RECORDS, api_client_for
from lantern.interchange.validation import parse_line
from lantern.prevent.models import Course

YOUTH, RETIRED = range(2)
FIRST = len(sample_records()) + 1  # the line of the first course
NAMES = [record["name"] for record in course_records()]


def courses(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file and the course records, ``changes`` merged by index name."""
    records = course_records()
    for name, change in changes.items():
        records[globals()[name.upper()]].update(change)
    return [*sample_records(), *records]


def imported() -> list[tuple[str, str, int | None, bool, int]]:
    return list(
        Course.objects.filter(name__in=NAMES)
        .order_by("name")
        .values_list("name", "description", "refresher_months", "active", "version")
    )


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = (Course.objects.count(), imported())
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert (Course.objects.count(), imported()) == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [str(error) for error in parse_line(3, json.dumps(record))[1]]


def test_every_course_record_is_valid() -> None:
    for record in course_records():
        assert schema_errors(record) == [], record


BAD = [
    ({"name": ""}, "line 3: name: must not be empty"),
    ({"name": None}, "line 3: name: must be text"),
    ({"name": "x" * 201}, "line 3: name:"),
    ({"refresher_months": 0}, "line 3: refresher_months: must be 1 or more"),
    ({"refresher_months": "12"}, "line 3: refresher_months: must be a whole number or null"),
    ({"active": "yes"}, "line 3: active:"),
    ({"code": "EA1"}, "line 3: code: is not a field of this type"),
]


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_a_bad_course_names_the_field_and_reason(change: dict[str, Any], expected: str) -> None:
    assert any(error.startswith(expected) for error in schema_errors({**course_records()[YOUTH], **change}))


@pytest.mark.django_db
def test_import_creates_courses_and_a_second_import_changes_nothing() -> None:
    report = records_import(actor=None, lines=as_lines(courses()))

    assert report.counts["course"].created == 2
    assert imported() == [
        (
            "Contextual safeguarding for youth workers",
            "Places and peer groups where harm happens.",
            24,
            True,
            1,
        ),
        ("Old induction module", "", None, False, 1),
    ]
    again = records_import(actor=None, lines=as_lines(courses()))
    assert (again.created, again.updated, again.counts["course"].unchanged) == (0, 0, 2)
    assert [row[4] for row in imported()] == [1, 1]


@pytest.mark.django_db
def test_the_same_name_updates_the_course_already_in_lantern() -> None:
    seeded = Course.objects.create(name=NAMES[YOUTH], refresher_months=12)

    records = courses()
    del records[FIRST - 1 + YOUTH]["active"]  # left out means still offered

    report = records_import(actor=None, lines=as_lines(records))

    assert (report.counts["course"].created, report.counts["course"].updated) == (1, 1)
    seeded.refresh_from_db()
    assert (seeded.refresher_months, seeded.active, seeded.version) == (24, True, 2)


@pytest.mark.django_db
def test_a_bad_line_names_line_and_field_and_changes_nothing() -> None:
    errors = rejected(courses(retired={"refresher_months": -1}))

    assert errors == [f"line {FIRST + RETIRED}: refresher_months: must be 1 or more"]
    assert Course.objects.filter(name__in=NAMES).count() == 0


@pytest.mark.django_db
def test_a_course_may_appear_only_once_in_a_file() -> None:
    records = courses(retired={"name": NAMES[YOUTH]})

    assert rejected(records) == [f"line {FIRST + RETIRED}: name: repeats the course on line {FIRST}"]


@pytest.mark.django_db
def test_courses_are_exported_after_the_other_types() -> None:
    records_import(actor=None, lines=as_lines(courses()))

    exported = list(records_export(actor=None))

    kinds = [record["type"] for record in exported]
    assert kinds[-Course.objects.count() :] == ["course"] * Course.objects.count()
    assert [record for record in exported if record["type"] == "course" and record["name"] in NAMES] == (
        course_records()
    )


# --- the REST API (the same service) ----------------------------------------------------------


def test_the_api_accepts_courses(world: Any) -> None:
    client = api_client_for(world.partnership_admin)

    response = client.post(RECORDS, course_records(), format="json")

    assert response.status_code == 200, response.content
    assert response.json()["created"]["course"] == 2
    again = client.generic(
        "POST", RECORDS, "".join(as_lines(course_records())), content_type="application/x-ndjson"
    )
    assert again.status_code == 200
    assert sum(again.json()["created"].values()) == sum(again.json()["updated"].values()) == 0


def test_the_api_names_a_bad_course_line_and_changes_nothing(world: Any) -> None:
    records = course_records()
    records[RETIRED]["refresher_months"] = 0
    response = api_client_for(world.partnership_admin).post(RECORDS, records, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 2, "field": "refresher_months", "reason": "must be 1 or more"}
    ]
    assert imported() == []


def test_the_api_refuses_courses_from_an_outsider(world: Any) -> None:
    response = api_client_for(world.outsider_b).post(RECORDS, course_records(), format="json")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="interchange", username=world.outsider_b.username
    ).exists()
    assert imported() == []
