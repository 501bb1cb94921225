"""Acceptance: the seeds' Cumbria "Current Picture" table at 31 December 2020, reproduced by
loading an interchange file through import_records and asking profile_report for every cell.

How the fixture reads the seed (seeds/002, "Current Picture", 31 Dec 2020):
- The six district columns are areas; the "Cumbria" column is ``total``. The districts add up
  to 59 of 60 children, so one child has no area (their person record has ``area: null``); that
  child is in the "other forms", "Not open" and "overdue" rows, the only rows whose districts
  fall one short of the Cumbria figure.
- CSE1/CSE2/CSE3 are ``sexual.category_1/2/3`` on the risk scale category_1..category_3.
  "Evidence or suspicion of other forms of exploitation" is a display grouping of every
  non-sexual base row; the seed does not say which forms, so the fixture splits them between
  ``criminal.category_1`` and ``county_lines.category_1`` (alternately within each district).
- Early Help, Open case, CiN plan, CP, CLA and Not open are ``early_help``, ``open_assessment``,
  ``cin_plan``, ``cp_plan``, ``looked_after`` and ``not_open``.
- "Up to date (within the last month)": the latest open assessment made on or after
  30 November 2020.
- The seed gives no sex: the fixture records the sexual category 1 and 2 children as female,
  category 3 as male, criminal as male and county lines as female, so exploitation_by_sex is
  fully determined too.
The fixture also carries records that must not change the table: assessments closed before or
on the day, an assessment made after it, later assessments of children in the table, care
episodes that ended before or on the day or start after it, and older open episodes under a
higher-precedence one.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from lantern.profile.selectors import profile_report

FIXTURE = Path(__file__).parent / "fixtures" / "cumbria_2020.jsonl"
AREAS = ["allerdale", "barrow", "carlisle", "copeland", "eden", "south-lakeland"]

# The seed's table, column order Cumbria (total), then AREAS.
SEED: dict[str, list[Any]] = {
    "sexual.category_1": [26, 8, 6, 7, 2, 2, 1],
    "sexual.category_2": [10, 2, 3, 3, 0, 0, 2],
    "sexual.category_3": [2, 0, 1, 1, 0, 0, 0],
    "other_forms": [22, 4, 10, 2, 2, 0, 3],
    "early_help": [10, 3, 2, 4, 0, 1, 0],
    "open_assessment": [4, 1, 1, 1, 0, 0, 1],
    "cin_plan": [12, 3, 4, 2, 1, 0, 2],
    "cp_plan": [15, 5, 5, 1, 3, 0, 1],
    "looked_after": [17, 1, 8, 5, 0, 1, 2],
    "not_open": [2, 1, 0, 0, 0, 0, 0],
    "up_to_date": [20, 4, 10, 5, 0, 0, 1],
    "overdue": [40, 10, 10, 8, 4, 2, 5],
    "percent_up_to_date": [33.3, 28.6, 50.0, 38.5, 0.0, 0.0, 16.7],
}
# The fixture's split of "other forms" (see the module docstring).
CRIMINAL = [12, 2, 5, 1, 1, 0, 2]
COUNTY_LINES = [10, 2, 5, 1, 1, 0, 1]


def counts(values: list[Any]) -> dict[str, Any]:
    return {**dict(zip(AREAS, values[1:], strict=True)), "total": values[0]}


def add(*rows: list[int]) -> list[int]:
    return [sum(column) for column in zip(*rows, strict=True)]


@pytest.fixture
def report(db: Any) -> dict[str, Any]:
    call_command("import_records", str(FIXTURE), stdout=StringIO(), stderr=StringIO())
    return profile_report(as_at=date(2020, 12, 31))


def table(report: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: row["counts"] for row in report["tables"][name]}


def test_shape_and_areas(report: dict[str, Any]) -> None:
    assert report["as_at"] == "2020-12-31"
    assert report["areas"] == AREAS
    assert set(report["tables"]) == {"exploitation", "care_status", "risk_assessment", "exploitation_by_sex"}
    for rows in report["tables"].values():
        for row in rows:
            assert set(row) == {"key", "label", "counts"}
            assert list(row["counts"]) == [*AREAS, "total"]


def test_exploitation_table_every_cell(report: dict[str, Any]) -> None:
    exploitation = table(report, "exploitation")
    assert exploitation == {
        "sexual.category_1": counts(SEED["sexual.category_1"]),
        "sexual.category_2": counts(SEED["sexual.category_2"]),
        "sexual.category_3": counts(SEED["sexual.category_3"]),
        "criminal.category_1": counts(CRIMINAL),
        "county_lines.category_1": counts(COUNTY_LINES),
    }
    other_forms = add(CRIMINAL, COUNTY_LINES)
    assert other_forms == SEED["other_forms"]
    population = add(
        *(SEED[key] for key in ("sexual.category_1", "sexual.category_2", "sexual.category_3", "other_forms"))
    )
    assert population == [60, 14, 20, 13, 4, 2, 6]
    assert sum(row["total"] for row in exploitation.values()) == 60


def test_care_status_table_every_cell(report: dict[str, Any]) -> None:
    care = table(report, "care_status")
    keys = ["looked_after", "cp_plan", "cin_plan", "open_assessment", "early_help", "not_open"]
    assert care == {key: counts(SEED[key]) for key in keys}
    assert list(care) == keys


def test_risk_assessment_table_every_cell(report: dict[str, Any]) -> None:
    currency = table(report, "risk_assessment")
    assert currency == {
        "up_to_date": counts(SEED["up_to_date"]),
        "overdue": counts(SEED["overdue"]),
        "percent_up_to_date": counts(SEED["percent_up_to_date"]),
    }


def test_exploitation_by_sex_every_cell(report: dict[str, Any]) -> None:
    assert table(report, "exploitation_by_sex") == {
        "sexual.female": counts(add(SEED["sexual.category_1"], SEED["sexual.category_2"])),
        "sexual.male": counts(SEED["sexual.category_3"]),
        "criminal.male": counts(CRIMINAL),
        "county_lines.female": counts(COUNTY_LINES),
    }


def test_command_writes_the_same_json(report: dict[str, Any], tmp_path: Path) -> None:
    import json

    out = StringIO()
    call_command("profile_report", "--as-at", "2020-12-31", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == report
