"""Grading, entity matching, normalising, disruption expiry and NRM rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.testing import make_person
from lantern.intelligence import selectors, services
from lantern.intelligence.models import DisruptionType, Entity, NrmDecision, PersonOfConcern, ReportStatus
from lantern.intelligence.normalise import (
    looks_like_markup,
    normalise_handle,
    normalise_nickname,
    normalise_uk_phone,
    normalise_vrm,
)
from lantern.intelligence.services import SubjectInput
from lantern.intelligence.tests.factories import adult_of_concern, graded, police_involved, teacher_report
from lantern.people.models import LawfulBasis

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def test_normalising_vrm_phone_nickname_handle() -> None:
    assert normalise_vrm("ab12 cde") == normalise_vrm("AB12-CDE") == "AB12CDE"
    assert normalise_vrm("!") == ""
    assert normalise_uk_phone("+44 7700 900123") == normalise_uk_phone("07700-900-123") == "07700900123"
    assert normalise_uk_phone("0044 (0)7700900123") == ""  # the (0) after 0044 is stripped only as a group
    assert normalise_uk_phone("12345") == ""
    assert normalise_nickname("Big  D") == normalise_nickname("bigd") == normalise_nickname("BIG D")
    assert normalise_handle("Snapchat", "@Big_D") == normalise_handle("snapchat", "big_d")


def test_markup_is_recognised() -> None:
    assert looks_like_markup("<script>alert(1)</script>")
    assert looks_like_markup("click javascript:alert(1)")
    assert looks_like_markup('<img src=x onerror="x">')
    assert not looks_like_markup("He is 5 < 6 feet tall and drove off at 3pm")


@pytest.mark.django_db
def test_report_creates_entities_and_audits(world: TestWorld) -> None:
    report = teacher_report(world)
    assert report.status == ReportStatus.UNGRADED
    kinds = sorted(s.entity.kind for s in report.subjects.all() if s.entity)
    assert kinds == ["nickname", "vehicle"]
    assert AuditEvent.objects.filter(
        action="create", object_type="intelligence_report", object_id=str(report.pk)
    ).exists()
    assert _original_not_in_audit(report.pk)


def _original_not_in_audit(report_id: int) -> bool:
    event = AuditEvent.objects.get(
        action="create", object_type="intelligence_report", object_id=str(report_id)
    )
    return "Jade" not in str(event.detail)


@pytest.mark.django_db
def test_same_vrm_phone_and_nickname_are_one_entity(world: TestWorld) -> None:
    first = teacher_report(world, vrm="AB12 CDE", nickname="Big D")
    second = teacher_report(world, vrm="ab12cde", nickname="big   d")
    assert Entity.objects.filter(kind="vehicle").count() == 1
    assert Entity.objects.filter(kind="nickname").count() == 1
    known = selectors.known_entities_for(world.police_officer, second)
    assert {k.entity.kind for k in known} == {"vehicle", "nickname"}
    assert all(first in k.reports for k in known)
    services.report_create(
        actor=world.teacher,
        text="Phone seen",
        subjects=[SubjectInput(kind="phone", phone_number="+44 7700 900123")],
    )
    services.report_create(
        actor=world.teacher,
        text="Phone again",
        subjects=[SubjectInput(kind="phone", phone_number="07700 900 123", deal_line=True)],
    )
    assert Entity.objects.filter(kind="phone").count() == 1


@pytest.mark.django_db
def test_reporter_may_link_only_people_they_may_see(world: TestWorld) -> None:
    stranger = make_person(given_name="Sam", family_name="Other", area=world.area_b)
    with pytest.raises(ValidationFailed) as error:
        services.report_create(
            actor=world.teacher, text="Seen", subjects=[SubjectInput(kind="person", person_id=stranger.pk)]
        )
    assert "subjects.0.person_id" in error.value.errors


@pytest.mark.django_db
def test_invalid_vrm_phone_and_markup_refused(world: TestWorld) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.report_create(
            actor=world.teacher,
            text="<script>x</script>",
            subjects=[SubjectInput(kind="vehicle", vrm="!"), SubjectInput(kind="phone", phone_number="12")],
        )
    assert set(error.value.errors) >= {"text", "subjects.0.vrm", "subjects.1.phone_number"}


@pytest.mark.django_db
def test_grading_handling_c_needs_conditions(world: TestWorld) -> None:
    report = teacher_report(world)
    with pytest.raises(ValidationFailed) as error:
        graded(world, report, handling="C")
    assert "handling_conditions" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        services.report_grade(
            actor=world.police_officer,
            report=report,
            expected_version=report.version,
            source_grade="4",
            information_grade="F",
            handling="X",
            sanitised_text="",
        )
    assert set(error.value.errors) == {"source_grade", "information_grade", "handling", "sanitised_text"}
    result = graded(world, report, handling="C", conditions="Not to be shared with the family")
    assert result.grading == "2/B/C" and result.handling_conditions


@pytest.mark.django_db
def test_grading_refuses_a_stale_version(world: TestWorld) -> None:
    report = teacher_report(world)
    graded(world, report)
    with pytest.raises(ConflictingEdit):
        graded(world, report)  # the same stale object: version 1


@pytest.mark.django_db
def test_share_decision_records_lawful_basis_and_refusals(world: TestWorld) -> None:
    report = teacher_report(world)
    with pytest.raises(ValidationFailed):  # not graded yet
        services.share_decision_record(
            actor=world.police_officer,
            report=report,
            to_agency=world.csc_a,
            shared=True,
            lawful_basis="law_enforcement",
            purpose="x",
        )
    report = graded(world, report)
    with pytest.raises(ValidationFailed) as error:
        services.share_decision_record(
            actor=world.police_officer, report=report, to_agency=world.csc_a, shared=True
        )
    assert set(error.value.errors) == {"lawful_basis", "purpose"}
    with pytest.raises(ValidationFailed) as error:
        services.share_decision_record(
            actor=world.police_officer, report=report, to_agency=world.health_a, shared=False
        )
    assert "reasons_not_shared" in error.value.errors
    declined = services.share_decision_record(
        actor=world.police_officer,
        report=report,
        to_agency=world.health_a,
        shared=False,
        reasons_not_shared="No role",
    )
    shared = services.share_decision_record(
        actor=world.police_officer,
        report=report,
        to_agency=world.csc_a,
        shared=True,
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
        purpose="Safeguarding",
    )
    assert not declined.shared and shared.lawful_basis == LawfulBasis.LAW_ENFORCEMENT
    assert AuditEvent.objects.filter(action="share_declined").exists()
    assert AuditEvent.objects.filter(action="share", detail__to_agency=world.csc_a.code).exists()


@pytest.mark.django_db
def test_linking_an_adult_of_concern_marks_them(world: TestWorld) -> None:
    report = teacher_report(world)
    adult = adult_of_concern(world)
    services.report_subject_add(
        actor=world.police_officer,
        report=report,
        subject=SubjectInput(
            kind="person", person_id=adult.pk, person_role="adult_of_concern", nickname="Big D"
        ),
    )
    assert PersonOfConcern.objects.filter(person=adult).exists()
    profile = selectors.person_of_concern_get_for(world.police_officer, adult.pk)
    assert profile.nicknames == ["Big D"]
    assert [v.vrm for v in profile.vehicles] == ["AB12CDE"]
    police_involved(world, world.child)
    profile = selectors.person_of_concern_get_for(world.police_officer, adult.pk)
    assert [c.person_label for c in profile.children] == ["Jade Smith"]


@pytest.mark.django_db
def test_disruption_default_expiry_and_expiring_list(world: TestWorld) -> None:
    adult = adult_of_concern(world)
    order = DisruptionType.objects.get(code="slavery_trafficking_prevention_order")
    today = timezone.localdate()
    stpo = services.disruption_create(
        actor=world.police_officer,
        disruption_type=order,
        happened_on=today,
        agency=world.police,
        target_person=adult,
    )
    assert stpo.expires_on == today + timedelta(days=1826)
    notice = DisruptionType.objects.get(code="closure_notice")
    closure = services.disruption_create(
        actor=world.police_officer,
        disruption_type=notice,
        happened_on=today,
        agency=world.police,
        target_person=adult,
    )
    assert closure.expires_on == today + timedelta(days=2)
    cawn = DisruptionType.objects.get(code="child_abduction_warning_notice")
    given = services.disruption_create(
        actor=world.police_officer,
        disruption_type=cawn,
        happened_on=today,
        agency=world.police,
        target_person=adult,
        protected_child=world.child,
        expires_on=today + timedelta(days=30),
    )
    expiring = selectors.disruption_expiring_list_for(world.police_officer)
    assert [d.pk for d in expiring] == [closure.pk, given.pk]
    with pytest.raises(ValidationFailed):
        services.disruption_create(
            actor=world.police_officer, disruption_type=cawn, happened_on=today, agency=world.police
        )
    with pytest.raises(ValidationFailed):
        services.disruption_create(
            actor=world.police_officer,
            disruption_type=cawn,
            happened_on=today,
            agency=world.police,
            target_person=adult,
            expires_on=today - timedelta(days=1),
        )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


@pytest.mark.django_db
def test_nrm_rg_decision_flagged_after_five_working_days(world: TestWorld) -> None:
    # Monday 2 March 2026: five working days later is Monday 9 March.
    referral = services.nrm_referral_create(
        actor=world.social_worker_a,
        person=world.child,
        first_responder_agency=world.csc_a,
        submitted_at=_at(date(2026, 3, 2)),
    )
    assert selectors.rg_decision_due(referral) == date(2026, 3, 9)
    assert not selectors.rg_decision_late(referral, today=date(2026, 3, 9))
    assert selectors.rg_decision_late(referral, today=date(2026, 3, 10))
    # Over Easter 2026 (Good Friday 3 April, Easter Monday 6 April): due Friday 10 April.
    easter = services.nrm_referral_create(
        actor=world.social_worker_a,
        person=world.child,
        first_responder_agency=world.csc_a,
        submitted_at=_at(date(2026, 4, 1)),
    )
    assert selectors.rg_decision_due(easter) == date(2026, 4, 10)
    decided = services.nrm_referral_update(
        actor=world.social_worker_a,
        referral=referral,
        expected_version=referral.version,
        reasonable_grounds_decision=NrmDecision.POSITIVE,
        reasonable_grounds_on=date(2026, 3, 12),
    )
    assert selectors.rg_decision_late(decided)  # decided, but after the five working days
    with pytest.raises(ConflictingEdit):
        services.nrm_referral_update(actor=world.social_worker_a, referral=referral, expected_version=1)


@pytest.mark.django_db
def test_nrm_consent_needed_for_young_adults_only(world: TestWorld) -> None:
    today = timezone.localdate()
    young_adult = make_person(
        given_name="Kai",
        family_name="Lee",
        date_of_birth=today.replace(year=today.year - 19),
        area=world.area_a,
    )
    with pytest.raises(ValidationFailed) as error:
        services.nrm_referral_create(
            actor=world.social_worker_a,
            person=young_adult,
            first_responder_agency=world.csc_a,
            submitted_at=timezone.now(),
        )
    assert "consent_given" in error.value.errors
    referral = services.nrm_referral_create(
        actor=world.social_worker_a,
        person=young_adult,
        first_responder_agency=world.csc_a,
        submitted_at=timezone.now(),
        consent_given=True,
    )
    assert referral.consent_recorded_on == today
    child = make_person(
        given_name="Ava",
        family_name="Lee",
        date_of_birth=today.replace(year=today.year - 14),
        area=world.area_a,
    )
    assert (
        services.nrm_referral_create(
            actor=world.social_worker_a,
            person=child,
            first_responder_agency=world.csc_a,
            submitted_at=timezone.now(),
        ).consent_given
        is None
    )
    with pytest.raises(ValidationFailed) as error:
        services.nrm_referral_create(
            actor=world.social_worker_a,
            person=child,
            first_responder_agency=world.csc_a,
            submitted_at=timezone.now(),
            conclusive_grounds_decision=NrmDecision.POSITIVE,
            conclusive_grounds_on=today,
        )
    assert "conclusive_grounds_decision" in error.value.errors
