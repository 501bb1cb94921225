from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused
from lantern.interchange import services
from lantern.interchange.services import RecordsRejected, records_import
from lantern.interchange.tests.factories import (
    CSC,
    OTHER_VALID_NHS,
    POLICE,
    as_lines,
    sample_records,
    source,
    valid_upn,
)
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
from lantern.risk.models import RiskAssessment

MODELS: list[Any] = [
    Partnership,
    Area,
    Agency,
    Person,
    PersonAlias,
    PersonIdentifier,
    PersonAddress,
    CareStatus,
    EducationStatus,
    YouthJusticeStatus,
    Involvement,
    RiskAssessment,
]


def snapshot() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def rejected(records: list[Any]) -> list[str]:
    before = snapshot()
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert snapshot() == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    calls: list[list[int]] = []
    monkeypatch.setattr(services, "index_people", lambda ids: calls.append(list(ids)))
    return calls


@pytest.mark.django_db
def test_import_creates_every_record(indexed: list[list[int]]) -> None:
    report = records_import(actor=None, lines=as_lines(sample_records()))

    assert report.as_dict()["created"] == {
        "partnership": 1,
        "area": 2,
        "agency": 2,
        "person": 2,
        "care_status": 1,
        "education_status": 1,
        "youth_justice": 1,
        "involvement": 1,
        "risk_assessment": 1,
        "concern": 0,
        "screening": 0,
        "referral": 0,
        "missing_episode": 0,
        "return_interview": 0,
        "context": 0,
        "context_link": 0,
        "meeting": 0,
        "action": 0,
        "intelligence": 0,
        "disruption": 0,
        "nrm_referral": 0,
        "course": 0,
        "training_session": 0,
        "attendance": 0,
    }
    assert Partnership.objects.get().risk_scale == ["category_1", "category_2", "category_3"]
    assert Agency.objects.get(code=POLICE).area == Area.objects.get(code="allerdale")
    jade = Person.objects.get(source_agency__code=CSC, source_id="C104")
    assert (
        jade.given_name,
        jade.date_of_birth,
        jade.area.code if jade.area else None,
        jade.learning_disability,
    ) == (
        "Jade",
        date(2010, 3, 14),
        "allerdale",
        True,
    )
    assert list(jade.identifiers.order_by("pk").values_list("kind", "value")) == [
        ("nhs_number", "9434765919"),
        ("upn", valid_upn(1)),
    ]
    assert jade.aliases.get().name == "JJ"
    assert jade.addresses.get().postcode == "CA14 1AA"
    assert jade.care_statuses.get().status == "cin_plan"
    assert jade.education_statuses.get().setting_name == "Workington Learning Centre"
    assert jade.youth_justice.get().end == date(2021, 8, 1)
    assert jade.involvements.get().agency.code == CSC
    assessment = jade.risk_assessments.get()
    assert (
        assessment.level,
        assessment.other_types,
        assessment.agency.code if assessment.agency else None,
    ) == (
        "category_1",
        ["online"],
        CSC,
    )
    liam = Person.objects.get(source_id="P77")
    assert liam.identifiers.get().value == "PNC 99/123"
    assert sorted(indexed[0]) == sorted([jade.pk, liam.pk])
    event = AuditEvent.objects.get(action="import")
    assert event.detail["created"]["person"] == 2
    assert event.username == "command line"


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_and_updates_nothing(indexed: list[list[int]]) -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    before = snapshot()
    versions = list(Person.objects.order_by("pk").values_list("version", flat=True))

    again = records_import(actor=None, lines=as_lines(sample_records()))

    assert again.created == 0
    assert again.updated == 0
    assert again.counts["person"].unchanged == 2
    assert snapshot() == before
    assert list(Person.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert indexed[1:] == []


@pytest.mark.django_db
def test_same_source_pair_updates_never_duplicates(indexed: list[list[int]]) -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    jade = Person.objects.get(source_id="C104")
    changed = sample_records()
    changed[5]["family_name"] = "Smith-Jones"
    changed[5]["aliases"] = [{"kind": "nickname", "name": "Jay"}]
    changed[7]["end"] = "2021-01-31"
    changed[11]["level"] = "category_2"

    report = records_import(actor=None, lines=as_lines(changed))

    assert report.created == 0
    assert (report.counts["person"].updated, report.counts["care_status"].updated) == (1, 1)
    assert report.counts["risk_assessment"].updated == 1
    jade.refresh_from_db()
    assert (jade.family_name, jade.version) == ("Smith-Jones", 2)
    assert list(jade.aliases.values_list("name", flat=True)) == ["Jay"]
    assert jade.identifiers.count() == 2
    assert CareStatus.objects.get().end == date(2021, 1, 31)
    assert RiskAssessment.objects.get().level == "category_2"
    assert Person.objects.count() == 2
    assert indexed[-1] == [jade.pk]


@pytest.mark.django_db
def test_one_bad_line_changes_nothing_and_names_line_and_field() -> None:
    records = sample_records()
    records[5]["date_of_birth"] = "2010-02-30"

    assert rejected(records) == [
        "line 6: date_of_birth: must be a real date written YYYY-MM-DD, not '2010-02-30'"
    ]
    assert not AuditEvent.objects.filter(action="import").exists()


@pytest.mark.django_db
def test_every_bad_line_is_reported_in_line_order() -> None:
    records: list[Any] = sample_records()
    records[3]["agency_type"] = "church"
    records[6]["identifiers"] = [{"kind": "nhs_number", "value": "943 476 5918"}]
    records[9]["end"] = "2020-01-01"

    errors = rejected(records)

    assert [error.split(":")[0] for error in errors] == ["line 4", "line 7", "line 10"]
    assert errors[1] == "line 7: identifiers.0.value: Enter a real NHS number: the check digit does not match"
    assert errors[2] == "line 10: end: is before start"


@pytest.mark.django_db
def test_risk_level_not_on_the_scale_is_refused() -> None:
    records = sample_records()
    records[11]["level"] = "high"  # the file's partnership uses category_1..3

    assert rejected(records) == [
        "line 12: level: 'high' is not on the partnership's risk scale (category_1, category_2, category_3)"
    ]


@pytest.mark.django_db
def test_risk_level_checked_against_the_scale_in_lantern_without_a_partnership_line() -> None:
    records = sample_records()[1:]
    assert rejected(records)[-1] == (
        "line 11: level: 'category_1' is not on the partnership's risk scale (low, medium, high)"
    )
    records[-1]["level"] = "medium"
    assert records_import(actor=None, lines=as_lines(records)).counts["risk_assessment"].created == 1


@pytest.mark.django_db
def test_references_to_unknown_people_are_refused() -> None:
    records = sample_records()
    records[7]["person"] = source("C999")

    assert rejected(records) == [
        "line 8: person: no person with source cumbria-csc/C999 earlier in the file or in Lantern"
    ]


@pytest.mark.django_db
def test_references_must_point_to_earlier_lines() -> None:
    records = sample_records()
    records[5], records[7] = records[7], records[5]  # the care status now comes before Jade

    assert rejected(records) == [
        "line 6: person: no person with source cumbria-csc/C104 earlier in the file or in Lantern"
    ]


@pytest.mark.django_db
def test_references_to_records_already_in_lantern_are_accepted() -> None:
    records_import(actor=None, lines=as_lines(sample_records()[:7]))
    report = records_import(actor=None, lines=as_lines(sample_records()[7:]))
    assert report.created == 5


@pytest.mark.parametrize(
    ("index", "change", "expected"),
    [
        (4, {"area": "penrith"}, "line 5: area: no area 'penrith' earlier in the file or in Lantern"),
        (
            6,
            {"source": {"agency": "nca", "id": "1"}},
            "line 7: source.agency: no agency 'nca' earlier in the file or in Lantern",
        ),
        (10, {"agency": "nca"}, "line 11: agency: no agency 'nca' earlier in the file or in Lantern"),
        (10, {"worker": "nobody"}, "line 11: worker: no Lantern user 'nobody'"),
        (
            5,
            {"addresses": [{"line_1": "1 Road", "start": "2020-01-02", "end": "2020-01-01"}]},
            "line 6: addresses.0.end: is before start",
        ),
        (
            5,
            {"identifiers": [{"kind": "upn", "value": "A820200100001"}]},
            "line 6: identifiers.0.value: Enter a real UPN: the check letter does not match",
        ),
        (11, {"closed_on": "2020-12-01"}, "line 12: closed_on: is before assessed_on"),
        (1, {"front_door_email": "not-an-email"}, "line 2: front_door_email: must be an email address"),
        (3, {"code": "lantern"}, "line 4: code: 'lantern' is reserved for records created in Lantern"),
    ],
)
@pytest.mark.django_db
def test_checks_that_need_the_file_or_the_database(index: int, change: dict[str, Any], expected: str) -> None:
    records = sample_records()
    records[index].update(change)
    assert expected in rejected(records)


@pytest.mark.django_db
def test_a_record_repeated_in_one_file_is_refused() -> None:
    records = sample_records()
    records.append(dict(records[7]))
    records.append(dict(records[0]))
    assert rejected(records) == [
        "line 13: source: repeats the care_status on line 8",
        "line 14: type: repeats the partnership on line 1",
    ]


@pytest.mark.django_db
def test_an_identifier_belongs_to_one_person_only() -> None:
    records = sample_records()
    records[6]["identifiers"] = [{"kind": "nhs_number", "value": "9434765919"}]
    assert rejected(records) == [
        "line 7: identifiers.0.value: nhs_number is also given to the person on line 6"
    ]

    records_import(actor=None, lines=as_lines(sample_records()))
    newcomer = {
        "type": "person",
        "source": source("C200"),
        "given_name": "Amy",
        "family_name": "Example",
        "identifiers": [
            {"kind": "nhs_number", "value": "9434765919"},
            {"kind": "nhs_number", "value": OTHER_VALID_NHS},
        ],
    }
    assert rejected([newcomer]) == [
        "line 1: identifiers.0.value: nhs_number already belongs to another person in Lantern"
    ]


@pytest.mark.django_db
def test_a_bad_line_does_not_also_fail_the_lines_that_refer_to_it() -> None:
    records = sample_records()
    records[5]["sex"] = "f"
    assert rejected(records) == ["line 6: sex: must be one of: female, male, unknown"]


@pytest.mark.django_db
def test_blank_lines_are_skipped_but_counted() -> None:
    lines = as_lines(sample_records()[:3])
    lines.insert(1, "\n")
    lines.append('{"type": "area", "code": "x", "nme": "X"}\n')
    before = snapshot()
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=lines)
    assert [str(e) for e in caught.value.line_errors] == [
        "line 5: name: is required",
        "line 5: nme: is not a field of this type",
    ]
    assert snapshot() == before


@pytest.mark.django_db
def test_only_a_partnership_admin_may_import(world: Any) -> None:
    with pytest.raises(AccessRefused):
        records_import(actor=world.outsider_b, lines=as_lines(sample_records()))
    refusal = AuditEvent.objects.get(action="access_refused", object_type="interchange")
    assert refusal.username == world.outsider_b.username
    report = records_import(actor=world.partnership_admin, lines=as_lines(sample_records()))
    assert report.counts["person"].created == 2
    assert Person.objects.get(source_id="C104").created_by == world.partnership_admin
    assert AuditEvent.objects.get(action="import").username == world.partnership_admin.username


@pytest.mark.django_db
def test_workers_are_matched_by_username(world: Any) -> None:
    records = sample_records()
    records[10]["worker"] = world.social_worker_a.username
    records_import(actor=None, lines=as_lines(records))
    assert Involvement.objects.get(source_id="INV1").worker == world.social_worker_a


def _people_file(count: int) -> list[str]:
    records: list[dict[str, Any]] = sample_records()[:5]
    for number in range(count):
        records.append(
            {
                "type": "person",
                "source": source(f"S{number}"),
                "given_name": "Child",
                "family_name": f"Example{number}",
                "date_of_birth": "2010-01-01",
                "aliases": [{"kind": "alias", "name": f"A{number}"}],
                "identifiers": [{"kind": "upn", "value": valid_upn(number)}],
            }
        )
        records.append(
            {
                "type": "care_status",
                "source": source(f"CS{number}"),
                "person": source(f"S{number}"),
                "status": "early_help",
                "start": "2024-01-01",
            }
        )
    return [json.dumps(record) for record in records]


def _queries(run: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_lines(indexed: list[list[int]]) -> None:
    small = _queries(lambda: records_import(actor=None, lines=_people_file(20)))
    Person.objects.all().delete()
    large = _queries(lambda: records_import(actor=None, lines=_people_file(400)))
    assert large <= small + 10
    reimport = _queries(lambda: records_import(actor=None, lines=_people_file(400)))
    assert reimport <= small + 10
