from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused
from lantern.core.testing import make_user
from lantern.interchange.schemas import TYPE_ORDER
from lantern.interchange.services import records_export, records_import
from lantern.interchange.tests.factories import CSC, as_lines, sample_records
from lantern.interchange.validation import parse_line
from lantern.partnership.models import Agency, Area, Partnership
from lantern.people.models import (
    CareStatus,
    EducationStatus,
    Involvement,
    Person,
    PersonAlias,
    YouthJusticeStatus,
)
from lantern.risk.models import RiskAssessment


def export() -> list[dict[str, Any]]:
    return list(records_export(actor=None))


def add_records_created_in_lantern() -> User:
    """A person, episode and assessment recorded through Lantern's pages: no source pair."""
    csc = Agency.objects.get(code=CSC)
    worker = make_user("lantern_worker", agency=csc, role=Role.CASE_HOLDER)
    person = Person.objects.create(given_name="Mia", family_name="Native", created_by=worker, sex="female")
    PersonAlias.objects.create(person=person, kind="nickname", name="Mimi")
    CareStatus.objects.create(person=person, status="early_help", start=date(2024, 2, 1))
    RiskAssessment.objects.create(
        person=person,
        assessed_on=date(2024, 2, 2),
        exploitation_type="criminal",
        level="category_2",
        next_review_due=date(2024, 3, 2),
        agency=csc,
    )
    Involvement.objects.create(
        person=person, agency=csc, worker=None, role="Early help", start=date(2024, 2, 1)
    )
    return worker


def wipe_everything() -> None:
    for model in (RiskAssessment, Involvement, CareStatus, EducationStatus, YouthJusticeStatus, Person):
        model.objects.all().delete()
    User.objects.all().delete()
    Agency.objects.all().delete()
    Area.objects.all().delete()
    Partnership.objects.all().delete()


@pytest.mark.django_db
def test_export_writes_the_format_in_dependency_order() -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    exported = export()

    types = [record["type"] for record in exported]
    assert types == sorted(types, key=TYPE_ORDER.index)
    for number, record in enumerate(exported, start=1):
        assert parse_line(number, as_lines([record])[0])[1] == []
    audit = AuditEvent.objects.get(action="export")
    assert audit.detail["counts"]["person"] == 2


@pytest.mark.django_db
def test_records_created_in_lantern_get_a_stable_source_pair() -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    add_records_created_in_lantern()
    mia = Person.objects.get(given_name="Mia")
    exported = export()

    person = next(
        record for record in exported if record["type"] == "person" and record["given_name"] == "Mia"
    )
    assert person["source"] == {"agency": CSC, "id": f"lantern-{mia.pk}"}
    care = next(
        record for record in exported if record["type"] == "care_status" and record["status"] == "early_help"
    )
    assert care["person"] == person["source"]
    assert care["source"]["agency"] == "lantern"
    assessment = next(record for record in exported if record.get("level") == "category_2")
    assert assessment["source"]["agency"] == CSC
    assert export() == exported


@pytest.mark.django_db
def test_importing_our_own_export_changes_nothing() -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    add_records_created_in_lantern()
    report = records_import(actor=None, lines=as_lines(export()))
    assert (report.created, report.updated) == (0, 0)


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_reproduces_every_record() -> None:
    records = sample_records()
    records[5]["middle_names"] = "Anne Marie"
    records[5]["preferred_name"] = "Jadey"
    records[5]["send"] = "ehcp"
    records[5]["gender"] = "Girl"
    records[5]["ethnicity"] = "White British"
    records[5]["first_language"] = "English"
    records[5]["disability"] = "Hearing impairment"
    records[5]["addresses"].append(
        {
            "line_1": "Flat 2",
            "line_2": "3 Road",
            "town": "Carlisle",
            "postcode": "CA1 1AA",
            "area": "carlisle",
            "start": "2015-01-01",
            "end": "2019-05-31",
        }
    )
    records_import(actor=None, lines=as_lines(records))
    add_records_created_in_lantern()
    first = export()
    assert {record["type"] for record in first} == set(TYPE_ORDER)

    wipe_everything()
    assert export() == []
    report = records_import(actor=None, lines=as_lines(first))

    assert report.created == len(first)
    assert export() == first


@pytest.mark.django_db
def test_only_a_partnership_admin_may_export(world: Any) -> None:
    with pytest.raises(AccessRefused):
        records_export(actor=world.social_worker_a)
    assert AuditEvent.objects.filter(action="access_refused", object_type="interchange").count() == 1
    assert not AuditEvent.objects.filter(action="export").exists()
    exported = list(records_export(actor=world.partnership_admin))
    assert any(record.get("given_name") == "Jade" for record in exported)
    assert AuditEvent.objects.get(action="export").username == world.partnership_admin.username
