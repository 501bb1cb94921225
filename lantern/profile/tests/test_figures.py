"""The further figure families and their monthly trends."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from lantern.accounts.models import User
from lantern.concerns.models import Concern
from lantern.contexts.tests.factories import make_context, make_link
from lantern.core.testing import make_person
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    IntelligenceReport,
    NrmReferral,
    ReportSubject,
)
from lantern.meetings.models import Action, Meeting, TransitionPlan
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.people.models import EducationStatus, YouthJusticeStatus
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import AwarenessActivity, Course, PublicWorry, TrainingSession
from lantern.profile.figures import figures, trends
from lantern.profile.selectors import profile_report
from lantern.profile.tests.factories import assess
from lantern.referrals.tests.factories import make_referral, make_screening

AS_AT = date(2020, 12, 31)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def family(report: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: row["counts"] for row in report["figures"][name]}


def child(world: Any, area: Any = None) -> Any:
    person = make_person(area=area or world.area_a)
    assess(person, date(2020, 10, 1))
    return person


def concern(person: Any, agency: Any, happened_on: date) -> Concern:
    return Concern.objects.create(
        person=person, agency=agency, happened_on=happened_on, what_happened="Seen with older men."
    )


def test_identification_route_is_the_first_agency_to_raise_the_child(world: Any) -> None:
    first_police = child(world)
    concern(first_police, world.school_a, date(2020, 9, 2))
    make_screening(first_police, agency=world.police, completed_at=at(2020, 9, 1))
    first_school = child(world, world.area_b)
    concern(first_school, world.school_a, date(2020, 5, 1))
    make_referral(first_school, world.police_officer, received_at=at(2020, 5, 1))  # same day: concern first
    by_referral = child(world)
    make_referral(by_referral, world.nurse, received_at=at(2020, 11, 1))
    concern(by_referral, world.police, date(2021, 1, 2))  # after the date: not yet
    child(world)  # nothing recorded
    assert family(figures(as_at=AS_AT), "identification_route") == {
        "police": {"north": 1, "south": 0, "total": 1},
        "education": {"north": 0, "south": 1, "total": 1},
        "health": {"north": 1, "south": 0, "total": 1},
        "not_recorded": {"north": 1, "south": 0, "total": 1},
    }


def test_referral_timeliness_counts_working_days(world: Any) -> None:
    person = make_person(area=world.area_a)
    # Tuesday 24 Dec 2024 decided Friday 27 Dec: 25 and 26 Dec are bank holidays, so one working day.
    make_referral(person, world.police_officer, received_at=at(2024, 12, 24), decided_at=at(2024, 12, 27))
    make_referral(person, world.police_officer, received_at=at(2024, 12, 2), decided_at=at(2024, 12, 4))
    make_referral(person, world.police_officer, received_at=at(2024, 12, 30), decided_at=at(2025, 1, 6))
    make_referral(person, world.police_officer, received_at=at(2024, 11, 20), decided_at=at(2024, 11, 20))
    rows = family(figures(as_at=date(2024, 12, 31)), "referral_timeliness")
    assert rows["in_time"]["total"] == 1
    assert rows["late"]["total"] == 1
    assert rows["not_yet"]["total"] == 1
    assert rows["percent_in_time"] == {"north": 33.3, "south": None, "total": 33.3}


def test_screening_timeliness(world: Any) -> None:
    person = make_person(area=world.area_b)
    quick = make_screening(person, completed_at=at(2020, 12, 10))
    slow = make_screening(person, completed_at=at(2020, 12, 10))
    type(quick).objects.filter(pk=quick.pk).update(created_at=at(2020, 12, 9))
    type(slow).objects.filter(pk=slow.pk).update(created_at=at(2020, 12, 1))
    rows = family(figures(as_at=AS_AT), "screening_timeliness")
    assert rows == {
        "in_time": {"north": 0, "south": 1, "total": 1},
        "late": {"north": 0, "south": 1, "total": 1},
        "percent_in_time": {"north": None, "south": 50.0, "total": 50.0},
    }


def episode(person: Any, reported: datetime, returned: datetime | None = None) -> MissingEpisode:
    return MissingEpisode.objects.create(
        person=person,
        missing_from="home",
        reported_at=reported,
        risk_grade="medium",
        returned_at=returned,
        status="closed" if returned else "open",
    )


def test_missing_episodes_return_interviews_and_repeats(world: Any) -> None:
    repeat = make_person(area=world.area_a)
    episode(repeat, at(2020, 3, 1), at(2020, 3, 2))
    returned = episode(repeat, at(2020, 12, 20), at(2020, 12, 21))
    ReturnInterview.objects.create(
        episode=returned, due_at=at(2020, 12, 21) + timedelta(hours=72), completed_at=at(2020, 12, 23)
    )
    once = make_person(area=world.area_b)
    late = episode(once, at(2020, 12, 5), at(2020, 12, 6))
    ReturnInterview.objects.create(
        episode=late, due_at=at(2020, 12, 6) + timedelta(hours=72), completed_at=at(2020, 12, 15)
    )
    episode(once, at(2019, 12, 5), at(2019, 12, 6))  # more than twelve months before
    rows = family(figures(as_at=AS_AT), "missing")
    assert rows["episodes"] == {"north": 1, "south": 1, "total": 2}
    assert rows["children"] == {"north": 1, "south": 1, "total": 2}
    assert rows["repeat_missing"] == {"north": 1, "south": 0, "total": 1}
    assert rows["rhi_due"] == {"north": 1, "south": 1, "total": 2}
    assert rows["rhi_within_72h"] == {"north": 1, "south": 0, "total": 1}
    assert rows["percent_rhi_within_72h"] == {"north": 100.0, "south": 0.0, "total": 50.0}


def test_education_and_youth_justice_shares_of_the_population(world: Any) -> None:
    excluded = child(world)
    EducationStatus.objects.create(person=excluded, status="excluded", start=date(2020, 9, 1))
    EducationStatus.objects.create(person=excluded, status="neet", start=date(2020, 9, 1))
    ended = child(world)
    EducationStatus.objects.create(person=ended, status="pru", start=date(2020, 1, 1), end=date(2020, 7, 1))
    YouthJusticeStatus.objects.create(person=ended, status="referral_order", start=date(2020, 6, 1))
    mainstream = child(world)
    EducationStatus.objects.create(person=mainstream, status="mainstream", start=date(2020, 9, 1))
    outside = make_person(area=world.area_a)  # not in the population
    EducationStatus.objects.create(person=outside, status="excluded", start=date(2020, 9, 1))
    report = figures(as_at=AS_AT)
    education = family(report, "education")
    assert education["excluded"]["total"] == 1 and education["neet"]["total"] == 1
    assert education["pru"]["total"] == 0
    assert education["any"] == {"north": 1, "south": 0, "total": 1}
    assert education["percent_any"] == {"north": 33.3, "south": None, "total": 33.3}
    assert family(report, "youth_justice")["percent_flagged"]["total"] == 33.3


def test_contexts_with_someone_linked_on_the_date(world: Any) -> None:
    person = make_person(area=world.area_a)
    make_link(person, make_context(area=world.area_a), start=date(2020, 6, 1))
    make_link(
        person, make_context(area=world.area_b, name="Old park"), start=date(2020, 1, 1), end=date(2020, 6, 1)
    )
    make_link(person, make_context(area=world.area_b, name="New park"), start=date(2021, 1, 1))
    assert family(figures(as_at=AS_AT), "contexts") == {"active": {"north": 1, "south": 0, "total": 1}}


def test_monthly_trend_has_twelve_points_up_to_the_date(world: Any) -> None:
    person = make_person(area=world.area_a)
    assess(person, date(2020, 6, 15))
    episode(person, at(2020, 12, 20))
    points = trends(as_at=AS_AT)
    assert [point["as_at"] for point in points][:2] == ["2020-01-31", "2020-02-29"]
    assert points[-1]["as_at"] == "2020-12-31" and len(points) == 12
    assert [point["population"] for point in points] == [0] * 5 + [1] * 7
    assert points[-1]["missing_episodes"] == 1 and points[-2]["missing_episodes"] == 0
    assert points[-1]["education_percent_any"] == 0.0 and points[0]["education_percent_any"] is None


def report(world: Any, received: datetime, *, child: Any = None, graded_at: datetime | None = None) -> Any:
    made = IntelligenceReport.objects.create(
        received_via="practitioner" if child else "public",
        reporter_agency=world.police,
        original_text="A car waits outside the school.",
        status="graded" if graded_at else "ungraded",
        graded_at=graded_at,
    )
    IntelligenceReport.objects.filter(pk=made.pk).update(created_at=received)
    if child is not None:
        ReportSubject.objects.create(report=made, kind="person", person=child, person_role="child")
    return made


def test_intelligence_received_in_the_month_by_route_and_grading(world: Any) -> None:
    north, south = make_person(area=world.area_a), make_person(area=world.area_b)
    report(world, at(2020, 12, 31, 23), child=north, graded_at=at(2020, 12, 30))
    report(world, at(2020, 12, 2), child=south, graded_at=at(2021, 1, 2))  # graded after the date
    report(world, at(2020, 12, 15))  # no child: the police have no area, so only in the total
    report(world, at(2020, 11, 30, 12), child=north)  # the day the month starts after: not counted
    report(world, at(2021, 1, 1, 0), child=north)  # after the date
    rows = family(figures(as_at=AS_AT), "intelligence")
    assert rows["received"] == {"north": 1, "south": 1, "total": 3}
    assert rows["via.practitioner"] == {"north": 1, "south": 1, "total": 2}
    assert rows["via.public"] == {"north": 0, "south": 0, "total": 1}
    assert rows["graded"] == {"north": 1, "south": 0, "total": 1}
    assert rows["ungraded"] == {"north": 0, "south": 1, "total": 2}


def disruption_of(world: Any, kind: Any, happened_on: date, expires_on: date | None, **fields: Any) -> Any:
    return Disruption.objects.create(
        disruption_type=kind, happened_on=happened_on, expires_on=expires_on, agency=world.police, **fields
    )


def test_disruption_in_the_month_and_in_force_on_the_date(world: Any) -> None:
    order, _ = DisruptionType.objects.get_or_create(code="cawn", defaults={"label": "CAWN", "is_order": True})
    visit, _ = DisruptionType.objects.get_or_create(code="visit", defaults={"label": "Home visit"})
    child_b = make_person(area=world.area_b)
    disruption_of(world, order, date(2020, 12, 1), date(2021, 6, 1), protected_child=child_b)
    disruption_of(
        world, order, date(2020, 6, 1), date(2020, 12, 31), target_context=make_context(area=world.area_a)
    )
    disruption_of(world, order, date(2020, 6, 1), date(2020, 12, 30))  # expired the day before
    disruption_of(world, visit, date(2020, 12, 20), date(2020, 12, 20))  # police: no area
    disruption_of(world, visit, date(2021, 1, 1), None, protected_child=child_b)  # after the date
    rows = family(figures(as_at=AS_AT), "disruption")
    assert rows["happened"] == {"north": 0, "south": 1, "total": 2}
    assert rows["happened.cawn"]["total"] == 1 and rows["happened.visit"]["total"] == 1
    assert rows["in_force"] == {"north": 1, "south": 1, "total": 2}
    assert rows["in_force.cawn"] == {"north": 1, "south": 1, "total": 2}
    assert "in_force.visit" not in rows


def nrm_referral(
    world: Any, person: Any, submitted: datetime, decision: str = "pending", on: date | None = None
) -> Any:
    return NrmReferral.objects.create(
        person=person,
        first_responder_agency=world.csc_a,
        submitted_at=submitted,
        reasonable_grounds_decision=decision,
        reasonable_grounds_on=on,
    )


def test_nrm_referrals_and_the_five_working_day_rule(world: Any) -> None:
    person = make_person(area=world.area_a)
    # Submitted Monday 7 Dec 2020: five working days later is Monday 14 Dec.
    nrm_referral(world, person, at(2020, 12, 7), "positive", date(2020, 12, 14))
    nrm_referral(world, person, at(2020, 12, 7), "negative", date(2020, 12, 15))  # a day late
    # Submitted Thursday 24 Dec: 25, 28 (Boxing Day substitute) Dec are bank holidays, due 4 Jan.
    nrm_referral(world, person, at(2020, 12, 24))
    nrm_referral(world, person, at(2020, 11, 2), "positive", date(2021, 1, 5))  # decided after the date
    nrm_referral(world, person, at(2021, 1, 4))  # after the date
    rows = family(figures(as_at=AS_AT), "nrm")
    assert rows["submitted"] == {"north": 3, "south": 0, "total": 3}
    assert rows["rg_positive"]["total"] == 1 and rows["rg_negative"]["total"] == 1
    assert rows["rg_late"]["total"] == 1
    assert rows["rg_waiting"]["total"] == 2
    assert rows["rg_overdue"]["total"] == 1  # 2 Nov was due 9 Nov; 24 Dec is not due until January


def action(
    world: Any, meeting: Any, due_on: date, completed_at: datetime | None = None, **fields: Any
) -> Action:
    return Action.objects.create(
        meeting=meeting,
        description="Visit the family.",
        owner_agency=world.csc_a,
        due_on=due_on,
        status="completed" if completed_at else "open",
        completed_at=completed_at,
        **fields,
    )


def test_meeting_actions_open_and_overdue_on_the_date(world: Any) -> None:
    north = Meeting.objects.create(
        meeting_type="mace", area=world.area_a, scheduled_at=at(2020, 11, 1), chair=world.meeting_chair
    )
    south = Meeting.objects.create(
        meeting_type="mace", area=world.area_b, scheduled_at=at(2020, 12, 31, 9), chair=world.meeting_chair
    )
    later = Meeting.objects.create(
        meeting_type="mace", area=world.area_a, scheduled_at=at(2021, 1, 4), chair=world.meeting_chair
    )
    action(world, north, date(2020, 12, 30))  # overdue
    action(world, north, date(2020, 12, 31))  # due on the date: not overdue
    action(world, north, date(2020, 12, 1), completed_at=at(2021, 1, 2))  # completed after: overdue
    action(world, north, date(2020, 12, 1), completed_at=at(2020, 12, 31))  # completed by then
    action(world, south, date(2021, 2, 1))
    action(world, later, date(2020, 12, 1))  # agreed after the date
    rows = family(figures(as_at=AS_AT), "meeting_actions")
    assert rows["open"] == {"north": 3, "south": 1, "total": 4}
    assert rows["overdue"] == {"north": 2, "south": 0, "total": 2}
    assert rows["percent_overdue"] == {"north": 66.7, "south": 0.0, "total": 50.0}


def test_transitions_of_young_people_aged_17_or_over(world: Any) -> None:
    seventeen = make_person(area=world.area_a, date_of_birth=date(2003, 12, 31))  # 17 on the date
    assess(seventeen, date(2020, 10, 1))
    made = TransitionPlan.objects.create(
        person=seventeen,
        receiving_service="Adult services",
        target_handover_on=date(2021, 3, 1),
        status="referred",
    )
    TransitionPlan.objects.filter(pk=made.pk).update(created_at=at(2020, 12, 31, 23))
    planned_later = make_person(area=world.area_b, date_of_birth=date(2002, 5, 1))
    assess(planned_later, date(2020, 10, 1))
    late = TransitionPlan.objects.create(
        person=planned_later, receiving_service="Adult services", target_handover_on=date(2021, 5, 1)
    )
    TransitionPlan.objects.filter(pk=late.pk).update(created_at=at(2021, 1, 5))
    young = make_person(area=world.area_a, date_of_birth=date(2004, 1, 1))  # 17 the next day
    assess(young, date(2020, 10, 1))
    rows = family(figures(as_at=AS_AT), "transitions")
    assert rows["aged_17_plus"] == {"north": 1, "south": 1, "total": 2}
    assert rows["with_plan"] == {"north": 1, "south": 0, "total": 1}
    assert rows["status.referred"]["total"] == 1 and rows["status.planning"]["total"] == 0
    assert rows["percent_with_plan"] == {"north": 100.0, "south": 0.0, "total": 50.0}


def test_prevent_worries_school_activities_and_workforce_training(world: Any) -> None:
    identified = make_person(area=world.area_b)
    triaged = PublicWorry.objects.create(
        area=world.area_a,
        what_worries="Older boys outside the shop.",
        relationship="community",
        status="triaged",
        outcome="concern_created",
        triaged_at=at(2020, 12, 20),
        person=identified,
    )
    waiting = PublicWorry.objects.create(
        area=world.area_a,
        what_worries="A girl picked up late at night.",
        relationship="parent",
        status="triaged",
        outcome="no_further_action",
        triaged_at=at(2021, 1, 2),
    )
    early = PublicWorry.objects.create(area=world.area_a, what_worries="Graffiti.", relationship="other")
    PublicWorry.objects.filter(pk=triaged.pk).update(created_at=at(2020, 12, 18))
    PublicWorry.objects.filter(pk=waiting.pk).update(created_at=at(2020, 12, 31, 22))
    PublicWorry.objects.filter(pk=early.pk).update(created_at=at(2020, 11, 30))
    for held_on, reached in ((date(2020, 12, 1), 30), (date(2020, 12, 31), 20), (date(2021, 1, 1), 99)):
        AwarenessActivity.objects.create(
            agency=world.school_a,
            held_on=held_on,
            activity="Assembly",
            audience="pupils",
            number_reached=reached,
            recorded_by=world.school_dsl,
        )
    User.objects.update(date_joined=at(2019, 1, 1))
    Course.objects.update(active=False)  # the courses a migration may have loaded
    yearly = Course.objects.create(name="Test exploitation awareness", refresher_months=12)
    once = Course.objects.create(name="Test induction")
    Course.objects.create(name="Test retired course", active=False)
    for course, held_on, people in (
        (yearly, date(2019, 12, 31), [world.teacher, world.nurse, world.outsider_b]),  # due on the date
        (yearly, date(2019, 12, 30), [world.school_dsl]),  # expired the day before
        (yearly, date(2021, 1, 1), [world.social_worker_a]),  # after the date
        (once, date(2018, 1, 1), [world.teacher, world.school_dsl, world.social_worker_a, world.outsider_b]),
    ):
        session = TrainingSession.objects.create(course=course, held_on=held_on)
        for person in people:
            TrainingAttendance.objects.create(
                session=session, user=person, recorded_by=world.partnership_admin
            )
    rows = family(figures(as_at=AS_AT), "prevent")
    assert rows["worries"] == {"north": 1, "south": 1, "total": 2}  # the child's area where identified
    assert rows["worries.concern_created"] == {"north": 0, "south": 1, "total": 1}
    assert rows["worries.awaiting_triage"] == {"north": 1, "south": 0, "total": 1}
    assert rows["school_activities"] == {"north": 2, "south": 0, "total": 2}
    assert rows["school_people_reached"]["total"] == 50 and rows["schools_active"]["total"] == 1
    assert rows["staff"] == {"north": 7, "south": 1, "total": 10}
    assert rows["staff_in_date"] == {"north": 1, "south": 1, "total": 2}  # the teacher and the outsider
    assert rows["percent_staff_in_date"] == {"north": 14.3, "south": 100.0, "total": 20.0}


def test_the_type_filter_restricts_children_and_their_records(world: Any) -> None:
    sexual = make_person(area=world.area_a, date_of_birth=date(2003, 1, 1))
    assess(sexual, date(2020, 3, 1))
    assess(sexual, date(2020, 10, 1), exploitation_type="sexual")  # the latest open one is sexual
    criminal = make_person(area=world.area_a, date_of_birth=date(2003, 1, 1))
    assess(criminal, date(2020, 10, 1))
    for person in (sexual, criminal):
        episode(person, at(2020, 12, 20))
        nrm_referral(world, person, at(2020, 12, 7))
    report(world, at(2020, 12, 15), child=sexual)
    report(world, at(2020, 12, 15))  # about no child: left out when filtered
    make_link(criminal, make_context(area=world.area_a), start=date(2020, 6, 1))
    filtered = figures(as_at=AS_AT, exploitation_type="sexual")
    assert family(filtered, "missing")["episodes"]["total"] == 1
    assert family(filtered, "nrm")["submitted"]["total"] == 1
    assert family(filtered, "intelligence")["received"]["total"] == 1
    assert family(filtered, "transitions")["aged_17_plus"]["total"] == 1
    assert family(filtered, "contexts")["active"]["total"] == 1  # places: not filtered
    assert family(figures(as_at=AS_AT), "intelligence")["received"]["total"] == 2
    assert family(figures(as_at=AS_AT, exploitation_type="online"), "missing")["episodes"]["total"] == 0
    profile = profile_report(as_at=AS_AT, exploitation_type="sexual")
    assert [row["key"] for row in profile["tables"]["exploitation"]] == ["sexual.high"]
    assert sum(row["counts"]["total"] for row in profile["tables"]["care_status"]) == 1
    points = trends(as_at=AS_AT, months=3, exploitation_type="sexual")
    assert [point["population"] for point in points] == [1, 1, 1]
    assert points[-1]["missing_episodes"] == 1 and points[-1]["nrm_submitted"] == 1
    assert trends(as_at=AS_AT, months=3, exploitation_type="criminal")[-1]["intelligence_received"] == 0
