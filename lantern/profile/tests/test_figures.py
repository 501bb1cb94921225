"""The further figure families and their monthly trends."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from lantern.concerns.models import Concern
from lantern.contexts.tests.factories import make_context, make_link
from lantern.core.testing import make_person
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.people.models import EducationStatus, YouthJusticeStatus
from lantern.profile.figures import figures, trends
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
