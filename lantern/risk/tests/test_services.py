from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.risk.models import RiskAssessment
from lantern.risk.scale import add_months
from lantern.risk.services import risk_assessment_close, risk_assessment_create
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _create(world: TestWorld, **overrides: object) -> RiskAssessment:
    fields: dict[str, object] = {
        "actor": world.social_worker_a,
        "person": world.child,
        "assessed_on": date(2025, 1, 15),
        "exploitation_type": "criminal",
        "other_types": [],
        "level": "high",
        "summary": "Found out of area with a second phone; older males are grooming her.",
    }
    fields.update(overrides)
    return risk_assessment_create(**fields)  # type: ignore[arg-type]


def test_create_records_the_assessment_agency_and_an_audit_row(world: TestWorld) -> None:
    assessment = _create(world)
    assert assessment.level == "high"
    assert assessment.agency == world.csc_a
    assert assessment.assessed_by == world.social_worker_a
    assert assessment.closed_on is None
    event = AuditEvent.objects.get(action="create", object_type="risk_assessment")
    assert event.object_id == str(assessment.pk)
    assert event.person_id_ref == world.child.pk
    assert event.detail["level"] == "high"
    assert event.agency_code == world.csc_a.code


def test_the_level_must_be_on_the_partnerships_scale(world: TestWorld) -> None:
    with pytest.raises(ValidationFailed) as error:
        _create(world, level="category_2")
    assert "level" in error.value.errors
    assert "Low, Medium, High" in error.value.errors["level"][0]
    assert not RiskAssessment.objects.exists()


def test_a_partnership_using_categories_accepts_only_categories(world: TestWorld) -> None:
    world.partnership.risk_scale = ["category_1", "category_2", "category_3"]
    world.partnership.save()
    with pytest.raises(ValidationFailed) as error:
        _create(world, level="high")
    assert "Category 2 (being targeted or groomed)" in error.value.errors["level"][0]
    assert _create(world, level="category_2").level == "category_2"


def test_the_next_review_defaults_to_one_month_after_the_assessment(world: TestWorld) -> None:
    assert _create(world).next_review_due == date(2025, 2, 15)
    assert _create(world, assessed_on=date(2024, 1, 31)).next_review_due == date(2024, 2, 29)


def test_the_review_interval_can_be_set_per_level(world: TestWorld, settings: object) -> None:
    settings.LANTERN_REVIEW_MONTHS_BY_LEVEL = {"low": 3}  # type: ignore[attr-defined]
    settings.LANTERN_REVIEW_MONTHS = 2  # type: ignore[attr-defined]
    assert _create(world, level="low").next_review_due == date(2025, 4, 15)
    assert _create(world, level="high").next_review_due == date(2025, 3, 15)


def test_the_review_interval_can_come_from_the_environment(
    world: TestWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANTERN_REVIEW_MONTHS_BY_LEVEL", "medium=2, high=1")
    assert _create(world, level="medium").next_review_due == date(2025, 3, 15)
    assert _create(world, level="low").next_review_due == date(2025, 2, 15)


def test_a_chosen_review_date_is_kept(world: TestWorld) -> None:
    assert _create(world, next_review_due=date(2025, 1, 29)).next_review_due == date(2025, 1, 29)


def test_dates_are_checked(world: TestWorld) -> None:
    with pytest.raises(ValidationFailed) as error:
        _create(
            world,
            assessed_on=timezone.localdate() + timedelta(days=1),
            next_review_due=timezone.localdate(),
        )
    assert set(error.value.errors) == {"assessed_on", "next_review_due"}


def test_other_types_are_known_and_do_not_repeat_the_primary(world: TestWorld) -> None:
    assessment = _create(world, other_types=["online", "criminal", "sexual", "online"])
    assert assessment.other_types == ["sexual", "online"]
    with pytest.raises(ValidationFailed) as error:
        _create(world, other_types=["gangs"])
    assert "other_types" in error.value.errors
    with pytest.raises(ValidationFailed):
        _create(world, exploitation_type="gangs")


def test_a_role_that_may_not_record_is_refused_and_audited(world: TestWorld) -> None:
    with pytest.raises(AccessRefused):
        _create(world, actor=world.teacher)
    assert not RiskAssessment.objects.exists()
    refusal = AuditEvent.objects.get(action="access_refused")
    assert refusal.username == world.teacher.username
    assert refusal.person_id_ref == world.child.pk


def test_close_records_the_date_reason_and_a_new_version(world: TestWorld) -> None:
    assessment = make_assessment(world.child, assessed_on=date(2025, 1, 1))
    closed = risk_assessment_close(
        actor=world.social_worker_a,
        assessment=assessment,
        closed_on=date(2025, 3, 1),
        reason="Risk reduced: safety plan in place and she is back at school.",
        expected_version=1,
    )
    assert closed.closed_on == date(2025, 3, 1)
    assert closed.version == 2
    event = AuditEvent.objects.get(action="update", object_type="risk_assessment")
    assert event.person_id_ref == world.child.pk
    assert event.detail == {"closed_on": "2025-03-01", "version": 2}


def test_close_with_a_stale_version_is_refused_and_changes_nothing(world: TestWorld) -> None:
    assessment = make_assessment(world.child, assessed_on=date(2025, 1, 1), version=3)
    with pytest.raises(ConflictingEdit) as error:
        risk_assessment_close(
            actor=world.social_worker_a,
            assessment=assessment,
            closed_on=date(2025, 3, 1),
            reason="Closing",
            expected_version=2,
        )
    assert error.value.current_version == 3
    assessment.refresh_from_db()
    assert assessment.closed_on is None
    assert not AuditEvent.objects.filter(action="update").exists()


def test_close_checks_its_answers(world: TestWorld) -> None:
    assessment = make_assessment(world.child, assessed_on=date(2025, 1, 10))
    with pytest.raises(ValidationFailed) as error:
        risk_assessment_close(
            actor=world.social_worker_a,
            assessment=assessment,
            closed_on=date(2025, 1, 9),
            reason="  ",
            expected_version=1,
        )
    assert set(error.value.errors) == {"closed_on", "reason"}


def test_an_assessment_cannot_be_closed_twice(world: TestWorld) -> None:
    assessment = make_assessment(world.child, assessed_on=date(2025, 1, 10), closed_on=date(2025, 2, 1))
    with pytest.raises(ValidationFailed) as error:
        risk_assessment_close(
            actor=world.social_worker_a,
            assessment=assessment,
            closed_on=date(2025, 3, 1),
            reason="Again",
            expected_version=1,
        )
    assert "already closed on 1 February 2025" in error.value.errors["closed_on"][0]


def test_a_role_that_may_not_close_is_refused_and_audited(world: TestWorld) -> None:
    assessment = make_assessment(world.child)
    with pytest.raises(AccessRefused):
        risk_assessment_close(
            actor=world.nurse,
            assessment=assessment,
            closed_on=date(2025, 3, 1),
            reason="x",
            expected_version=1,
        )
    assert AuditEvent.objects.filter(action="access_refused", username=world.nurse.username).exists()


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 5, 31), 3, date(2025, 8, 31)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
