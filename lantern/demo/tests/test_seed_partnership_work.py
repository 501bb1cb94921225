"""The demo seed's partnership work: intelligence and Pursue, meetings and transition plans,
Prevent and training. Every dashboard figure has data, and the rows follow the services' rules."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q

from lantern.accounts.models import User
from lantern.audit.models import AuditEvent
from lantern.concerns.models import Concern
from lantern.demo import modules
from lantern.demo.services import demo_seed
from lantern.intelligence.models import (
    Disruption,
    Handling,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonOfConcern,
    PersonRole,
    ReceivedVia,
    ReportStatus,
    ReportSubject,
)
from lantern.meetings.access import coordinates_area
from lantern.meetings.models import Action, ActionStatus, AgendaItem, Meeting, MeetingStatus, TransitionPlan
from lantern.partnership.models import AgencyType
from lantern.people.models import Involvement, Person
from lantern.people.selectors import age_on
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import AwarenessActivity, PublicWorry, TrainingSession, WorryOutcome, WorryStatus
from lantern.profile.figures import figures
from lantern.risk.models import RiskAssessment

from .test_seed_casework import BANNED, NOW
from .test_seed_demo import TODAY

CHILDREN = 400


@pytest.fixture
def seeded(db: None) -> dict[str, int]:
    return demo_seed(children=CHILDREN, seed=11, today=TODAY).casework


def _total(family: list[dict[str, Any]], key: str) -> Any:
    return next(row["counts"]["total"] for row in family if row["key"] == key)


def test_every_dashboard_figure_family_has_data_in_the_small_demo(seeded: dict[str, int]) -> None:
    for records in [
        "staff",
        "intelligence reports",
        "report subjects",
        "disruptions",
        "nrm referrals",
        "meetings",
        "agenda items",
        "actions",
        "transition plans",
        "public worries",
        "awareness activities",
        "training sessions",
        "training attendance",
    ]:
        assert seeded[records] > 0, records
    families = figures(as_at=TODAY)["figures"]
    assert _total(families["intelligence"], "received") > 0
    assert _total(families["intelligence"], "graded") > 0
    assert _total(families["disruption"], "happened") > 0
    assert _total(families["disruption"], "in_force") > 0
    assert _total(families["nrm"], "submitted") > 0
    assert _total(families["meeting_actions"], "open") > 0
    assert _total(families["meeting_actions"], "overdue") > 0
    assert _total(families["transitions"], "with_plan") > 0
    assert _total(families["prevent"], "worries") > 0
    assert _total(families["prevent"], "school_activities") > 0
    assert _total(families["prevent"], "staff_in_date") > 0


def test_intelligence_reports_are_graded_as_the_service_grades_them(seeded: dict[str, int]) -> None:
    reports = IntelligenceReport.objects.all()
    assert reports.filter(status=ReportStatus.GRADED).exists()
    assert reports.filter(status=ReportStatus.UNGRADED).exists()
    assert reports.filter(received_via=ReceivedVia.PUBLIC).exists()
    for report in reports:
        graded = report.status == ReportStatus.GRADED
        assert bool(report.source_grade and report.information_grade and report.handling) == graded
        assert bool(report.sanitised_text) == graded and (report.graded_at is not None) == graded
        assert (report.handling == Handling.C) == bool(report.handling_conditions)
        assert report.created_at <= NOW
        if graded:
            assert report.graded_at is not None and report.created_at <= report.graded_at <= NOW
    # The public never links a person record; practitioners' reports are about a child.
    assert not ReportSubject.objects.filter(
        report__received_via=ReceivedVia.PUBLIC, person__isnull=False
    ).exists()
    practitioner = reports.filter(received_via=ReceivedVia.PRACTITIONER)
    assert (
        practitioner.filter(subjects__person_role=PersonRole.CHILD).distinct().count() == practitioner.count()
    )
    adults = ReportSubject.objects.filter(person_role=PersonRole.ADULT_OF_CONCERN).values("person_id")
    assert adults.exists()
    assert set(PersonOfConcern.objects.values_list("person_id", flat=True)) >= {
        row["person_id"] for row in adults
    }


def test_nrm_referrals_follow_the_consent_and_decision_rules(seeded: dict[str, int]) -> None:
    referrals = list(NrmReferral.objects.select_related("person"))
    assert referrals
    ages = []
    for referral in referrals:
        submitted = referral.submitted_at.date()
        age = age_on(referral.person.date_of_birth, submitted)
        assert age is not None and age < 25
        ages.append(age)
        if age >= 18:
            assert referral.consent_given is True
        assert (referral.consent_recorded_on is None) == (referral.consent_given is None)
        assert (referral.reasonable_grounds_on is None) == (
            referral.reasonable_grounds_decision == NrmDecision.PENDING
        )
        assert (referral.conclusive_grounds_on is None) == (
            referral.conclusive_grounds_decision == NrmDecision.PENDING
        )
        if referral.conclusive_grounds_decision != NrmDecision.PENDING:
            assert referral.reasonable_grounds_decision == NrmDecision.POSITIVE
        if referral.guardian_allocated:
            assert referral.guardian_allocated_on is not None
        assert referral.submitted_at <= NOW
    assert any(age < 18 for age in ages)


def test_disruptions_have_a_target_and_imported_ones_their_whole_source_pair(seeded: dict[str, int]) -> None:
    disruptions = Disruption.objects.all()
    assert not disruptions.filter(target_person__isnull=True, target_context__isnull=True).exists()
    assert not disruptions.filter(expires_on__lt=F("happened_on")).exists()
    assert not disruptions.filter(protected_child__isnull=True).exists()
    imported = disruptions.exclude(source_id="")
    assert imported.exists() and not imported.filter(source_agency__isnull=True).exists()
    pairs = Counter(imported.values_list("source_agency_id", "source_id"))
    assert max(pairs.values()) == 1
    for model in [
        Disruption,
        NrmReferral,
        IntelligenceReport,
        Meeting,
        Action,
        TrainingSession,
        TrainingAttendance,
    ]:
        assert not model._default_manager.filter(
            (Q(source_agency__isnull=True) & ~Q(source_id="")) | Q(source_agency__isnull=False, source_id="")
        ).exists(), model


def test_meeting_actions_are_open_done_and_overdue_and_owned_within_the_agency(
    seeded: dict[str, int],
) -> None:
    actions = Action.objects.select_related("owner", "agenda_item", "meeting")
    statuses = Counter(actions.values_list("status", flat=True))
    assert (
        statuses[ActionStatus.COMPLETED]
        and statuses[ActionStatus.OPEN]
        and statuses[ActionStatus.IN_PROGRESS]
    )
    assert actions.exclude(status=ActionStatus.COMPLETED).filter(due_on__lt=TODAY).exists()
    for action in actions:
        if action.owner is not None:
            assert action.owner.agency_id == action.owner_agency_id
        assert (action.status == ActionStatus.COMPLETED) == (action.completed_at is not None)
        assert action.agenda_item is not None and action.agenda_item.meeting_id == action.meeting_id
        assert action.person_id == action.agenda_item.person_id
        assert action.meeting.status == MeetingStatus.APPROVED
        assert action.due_on >= action.meeting.scheduled_at.date()
    assert Meeting.objects.filter(status=MeetingStatus.SCHEDULED, scheduled_at__gt=NOW).exists()
    for meeting in Meeting.objects.select_related("chair__agency"):
        assert coordinates_area(meeting.chair, meeting.area_id), meeting.pk
    upcoming = AgendaItem.objects.filter(meeting__status=MeetingStatus.SCHEDULED)
    assert upcoming.exists() and not Action.objects.filter(agenda_item__in=upcoming).exists()


def test_transition_plans_are_only_for_young_people_of_17_and_over_at_risk(seeded: dict[str, int]) -> None:
    plans = list(TransitionPlan.objects.select_related("person"))
    assert plans
    at_risk = set(RiskAssessment.objects.filter(closed_on=None).values_list("person_id", flat=True))
    for plan in plans:
        born = plan.person.date_of_birth
        assert (age_on(born, plan.created_at.date()) or 0) >= 17
        assert (age_on(born, TODAY) or 0) >= 17
        assert plan.person_id in at_risk
        assert plan.created_at <= NOW


def test_prevent_worries_activities_and_training_follow_the_rules(seeded: dict[str, int]) -> None:
    worries = PublicWorry.objects.all()
    outcomes = Counter(worries.values_list("outcome", flat=True))
    assert all(outcomes[outcome] for outcome in WorryOutcome.values), outcomes
    for worry in worries:
        triaged = worry.status == WorryStatus.TRIAGED
        assert bool(worry.outcome) == triaged == (worry.triaged_at is not None)
        led_to_concern = worry.outcome in {WorryOutcome.CONCERN_CREATED, WorryOutcome.REFERRED}
        assert (worry.concern_id is not None) == led_to_concern == (worry.person_id is not None)
        assert (worry.referral_id is not None) == (worry.outcome == WorryOutcome.REFERRED)
        if led_to_concern:
            assert worry.concern is not None
            concern = worry.concern
            assert concern.person_id == worry.person_id
            assert Involvement.objects.filter(person_id=worry.person_id, agency_id=concern.agency_id).exists()
    for activity in AwarenessActivity.objects.select_related("agency", "recorded_by"):
        assert activity.agency.agency_type == AgencyType.EDUCATION
        assert activity.recorded_by.agency_id == activity.agency_id
        assert activity.number_reached >= 1 and activity.held_on <= TODAY
    attendance = TrainingAttendance.objects.select_related("user", "session")
    pairs = Counter(attendance.values_list("session_id", "user_id"))
    assert pairs and max(pairs.values()) == 1
    for row in attendance:
        assert row.agency_id == row.user.agency_id and row.session.held_on <= TODAY


def test_the_staff_cannot_sign_in(seeded: dict[str, int]) -> None:
    staff = User.objects.filter(username__startswith="staff.")
    assert staff.count() == seeded["staff"]
    assert not any(user.has_usable_password() for user in staff)
    assert not staff.filter(agency__isnull=True).exists()


def test_the_partnership_work_uses_appropriate_language(seeded: dict[str, int]) -> None:
    texts = [
        *IntelligenceReport.objects.values_list("original_text", flat=True),
        *IntelligenceReport.objects.values_list("sanitised_text", flat=True),
        *Disruption.objects.values_list("outcome", flat=True),
        *AgendaItem.objects.values_list("summary", flat=True),
        *Action.objects.values_list("description", flat=True),
        *PublicWorry.objects.values_list("what_worries", flat=True),
        *TransitionPlan.objects.values_list("notes", flat=True),
    ]
    assert texts
    for text in texts:
        for phrase in BANNED:
            assert phrase not in text.lower(), text


@pytest.mark.django_db
def test_existing_adds_the_modules_without_reseeding_people(monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(modules, "partnership_work_steps", lambda ctx, wanted: [])
        demo_seed(children=60, seed=5)
    assert not IntelligenceReport.objects.exists() and not Meeting.objects.exists()
    people = Person.objects.count()
    concerns = Concern.objects.count()
    out = StringIO()
    call_command("seed_demo", existing=True, modules="intelligence,meetings", stdout=out)
    assert "Done in" in out.getvalue()
    assert Person.objects.count() == people
    assert Concern.objects.count() == concerns
    assert IntelligenceReport.objects.exists() and Action.objects.exists() and TransitionPlan.objects.exists()
    assert not PublicWorry.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="demo_seed", detail__modules=["intelligence", "meetings"]
    ).exists()
    with pytest.raises(CommandError, match="already has intelligence"):
        call_command("seed_demo", existing=True, modules="intelligence", stdout=StringIO())
    with pytest.raises(CommandError, match="Unknown module"):
        call_command("seed_demo", existing=True, modules="weather", stdout=StringIO())
    call_command("seed_demo", existing=True, modules="prevent", stdout=StringIO())
    assert PublicWorry.objects.exists() and TrainingAttendance.objects.exists()


@pytest.mark.django_db
def test_existing_without_a_partnership_explains_what_to_do() -> None:
    with pytest.raises(CommandError, match="Run seed_demo first"):
        call_command("seed_demo", existing=True, stdout=StringIO())
