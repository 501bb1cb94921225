from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from lantern.interchange.docs import EXAMPLES
from lantern.interchange.schemas import SCHEMAS, TYPE_ORDER
from lantern.interchange.tests.factories import sample_records
from lantern.interchange.validation import parse_line


def errors_of(record: Any) -> list[str]:
    _, errors = parse_line(3, json.dumps(record))
    return [str(error) for error in errors]


@pytest.mark.parametrize("record_type", TYPE_ORDER)
def test_each_schema_is_valid_draft_2020_12(record_type: str) -> None:
    Draft202012Validator.check_schema(SCHEMAS[record_type])
    assert SCHEMAS[record_type]["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("record_type", TYPE_ORDER)
def test_documented_example_of_each_type_is_valid(record_type: str) -> None:
    assert errors_of(EXAMPLES[record_type]) == []


def test_every_sample_record_is_valid() -> None:
    for record in sample_records():
        assert errors_of(record) == [], record


def _sample(record_type: str) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES[record_type])


BAD_RECORDS = [
    ("partnership", {"risk_scale": ["only"]}, "line 3: risk_scale: must have at least 2 entries"),
    ("partnership", {"risk_scale": ["low", "low"]}, "line 3: risk_scale: must not repeat an entry"),
    (
        "area",
        {"code": "all erdale"},
        "line 3: code: may contain only letters, digits, hyphens and underscores",
    ),
    ("area", {"name": ""}, "line 3: name: must not be empty"),
    (
        "agency",
        {"agency_type": "church"},
        "line 3: agency_type: must be one of: childrens_social_care, police, education, health, "
        "youth_justice, adult_social_care, housing, voluntary, other",
    ),
    ("agency", {"area": 7}, "line 3: area: must be text or null"),
    (
        "person",
        {"date_of_birth": "14/03/2006"},
        "line 3: date_of_birth: must be a real date written YYYY-MM-DD, not '14/03/2006'",
    ),
    (
        "person",
        {"date_of_birth": "2006-02-30"},
        "line 3: date_of_birth: must be a real date written YYYY-MM-DD, not '2006-02-30'",
    ),
    ("person", {"favourite_colour": "blue"}, "line 3: favourite_colour: is not a field of this type"),
    ("person", {"given_name": "x" * 101}, "line 3: given_name: must be 100 characters or fewer"),
    ("person", {"aliases": [{"kind": "street_name"}]}, "line 3: aliases.0.name: is required"),
    ("person", {"source": {"agency": "cumbria-csc"}}, "line 3: source.id: is required"),
    ("person", {"learning_disability": "yes"}, "line 3: learning_disability: must be true or false"),
    (
        "care_status",
        {"status": "adopted"},
        "line 3: status: must be one of: early_help, open_assessment, cin_plan, cp_plan, looked_after, care_leaver",
    ),
    ("education_status", {"start": None}, "line 3: start: must be text"),
    ("youth_justice", {"end": "soon"}, "line 3: end: must be a real date written YYYY-MM-DD, not 'soon'"),
    ("involvement", {"role": ""}, "line 3: role: must not be empty"),
    (
        "risk_assessment",
        {"other_types": ["gangs"]},
        "line 3: other_types.0: must be one of: sexual, criminal, county_lines, trafficking, modern_slavery, radicalisation, online, financial, peer_on_peer, other",
    ),
    (
        "risk_assessment",
        {"next_review_due": "2021-13-01"},
        "line 3: next_review_due: must be a real date written YYYY-MM-DD, not '2021-13-01'",
    ),
]


@pytest.mark.parametrize(("record_type", "change", "expected"), BAD_RECORDS)
def test_bad_records_name_the_field_and_reason(
    record_type: str, change: dict[str, Any], expected: str
) -> None:
    record = {**_sample(record_type), **change}
    assert expected in errors_of(record)


@pytest.mark.parametrize("record_type", TYPE_ORDER)
def test_missing_required_fields_are_named(record_type: str) -> None:
    record = _sample(record_type)
    required = [name for name in SCHEMAS[record_type]["required"] if name != "type"]
    for name in required:
        del record[name]
    assert errors_of(record) == [f"line 3: {name}: is required" for name in sorted(required)]


def test_lines_that_are_not_records() -> None:
    assert [str(e) for e in parse_line(1, "{not json")[1]] == [
        "line 1: (line): is not valid JSON: Expecting property name enclosed in double quotes at character 2"
    ]
    assert [str(e) for e in parse_line(2, "[1, 2]")[1]] == ["line 2: (line): must be a JSON object"]
    assert [str(e) for e in parse_line(3, b"\xff\xfe")[1]] == ["line 3: (line): is not valid UTF-8"]
    unknown = [str(e) for e in parse_line(4, '{"type": "visit"}')[1]]
    assert unknown[0].startswith("line 4: type: must be one of: partnership, area, agency, person")
    assert parse_line(5, "   \n") == (None, [])
