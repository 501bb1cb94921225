"""The boundaries of the profile: which children and which records count on the as-at date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.core.testing import make_person
from lantern.profile.selectors import profile_report
from lantern.profile.tests.factories import assess, care

AS_AT = date(2020, 12, 31)


def rows(report: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: row["counts"] for row in report["tables"][name]}


def total(report: dict[str, Any], name: str, key: str) -> Any:
    return rows(report, name).get(key, {}).get("total", 0)


def test_assessment_after_the_date_is_left_out(world: Any) -> None:
    assess(make_person(area=world.area_a), date(2021, 1, 1))
    assert total(profile_report(as_at=AS_AT), "exploitation", "criminal.high") == 0
    assert total(profile_report(as_at=date(2021, 1, 1)), "exploitation", "criminal.high") == 1


def test_assessment_made_on_the_date_counts(world: Any) -> None:
    assess(make_person(area=world.area_a), AS_AT)
    report = profile_report(as_at=AS_AT)
    assert rows(report, "exploitation")["criminal.high"] == {"north": 1, "south": 0, "total": 1}


def test_closed_assessments_are_left_out(world: Any) -> None:
    assess(make_person(area=world.area_a), date(2020, 6, 1), closed_on=date(2020, 12, 30))
    assess(make_person(area=world.area_a), date(2020, 6, 1), closed_on=AS_AT)
    assess(make_person(area=world.area_a), date(2020, 6, 1), closed_on=date(2021, 1, 1))
    report = profile_report(as_at=AS_AT)
    # Closed on the day means closed on the day; closed later means still open then.
    assert total(report, "exploitation", "criminal.high") == 1


def test_latest_open_assessment_decides_the_row(world: Any) -> None:
    child = make_person(area=world.area_b)
    assess(child, date(2020, 5, 1), exploitation_type="sexual", level="low")
    assess(child, date(2020, 9, 1), exploitation_type="criminal", level="medium")
    assess(child, date(2020, 10, 1), exploitation_type="online", level="high", closed_on=date(2020, 11, 1))
    assess(child, date(2021, 1, 5), exploitation_type="trafficking", level="high")
    report = profile_report(as_at=AS_AT)
    assert rows(report, "exploitation") == {"criminal.medium": {"north": 0, "south": 1, "total": 1}}


def test_ended_care_statuses_are_left_out(world: Any) -> None:
    child = make_person(area=world.area_a)
    assess(child, date(2020, 11, 1))
    care(child, "looked_after", date(2019, 1, 1), date(2020, 12, 1))
    care(child, "cp_plan", date(2020, 1, 1), AS_AT)
    care(child, "looked_after", date(2021, 1, 1))
    care(child, "early_help", date(2020, 2, 1))
    assert rows(profile_report(as_at=AS_AT), "care_status")["early_help"]["total"] == 1
    assert rows(profile_report(as_at=date(2020, 11, 30)), "care_status")["looked_after"]["total"] == 1


def test_care_status_precedence_and_not_open(world: Any) -> None:
    for statuses in (
        ["early_help", "cin_plan"],
        ["cp_plan", "looked_after", "open_assessment"],
        ["care_leaver"],
        [],
    ):
        child = make_person(area=world.area_a)
        assess(child, date(2020, 12, 1))
        for status in statuses:
            care(child, status, date(2020, 1, 1))
    care_rows = rows(profile_report(as_at=AS_AT), "care_status")
    assert {key: counts["total"] for key, counts in care_rows.items()} == {
        "looked_after": 1,
        "cp_plan": 0,
        "cin_plan": 1,
        "open_assessment": 0,
        "early_help": 0,
        "not_open": 2,
    }


def test_up_to_date_is_within_one_calendar_month(world: Any) -> None:
    for assessed_on in (date(2020, 11, 30), date(2020, 11, 29), date(2020, 12, 31)):
        assess(make_person(area=world.area_a), assessed_on)
    currency = rows(profile_report(as_at=AS_AT), "risk_assessment")
    assert currency["up_to_date"] == {"north": 2, "south": 0, "total": 2}
    assert currency["overdue"] == {"north": 1, "south": 0, "total": 1}
    assert currency["percent_up_to_date"] == {"north": 66.7, "south": None, "total": 66.7}


def test_total_includes_children_without_an_area(world: Any) -> None:
    assess(make_person(area=None, sex="male"), date(2020, 12, 1))
    assess(make_person(area=world.area_a, sex="female"), date(2020, 12, 1))
    report = profile_report(as_at=AS_AT)
    assert rows(report, "exploitation")["criminal.high"] == {"north": 1, "south": 0, "total": 2}
    assert rows(report, "exploitation_by_sex") == {
        "criminal.female": {"north": 1, "south": 0, "total": 1},
        "criminal.male": {"north": 0, "south": 0, "total": 1},
    }


def test_a_handful_of_queries_however_many_children(world: Any) -> None:
    for _ in range(12):
        child = make_person(area=world.area_a)
        assess(child, date(2020, 12, 1))
        care(child, "cin_plan", date(2020, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        profile_report(as_at=AS_AT)
    selects = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert len(selects) == 3  # areas, risk scale, and one grouped count
