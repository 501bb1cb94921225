"""Interchange files for tests: a small, synthetic partnership in dependency order."""

from __future__ import annotations

import copy
import json
from typing import Any

from lantern.people.validators import upn_check_letter
from lantern.screening.default_catalogue import DOMAINS

CSC = "cumbria-csc"
POLICE = "cumbria-police"
VALID_NHS = "943 476 5919"
OTHER_VALID_NHS = "9876543210"


def valid_upn(serial: int) -> str:
    body = f"8202001{serial:05d}"
    return upn_check_letter(body) + body


def source(record_id: str, agency: str = CSC) -> dict[str, str]:
    return {"agency": agency, "id": record_id}


def sample_records() -> list[dict[str, Any]]:
    return copy.deepcopy(
        [
            {
                "type": "partnership",
                "name": "Cumbria Safeguarding Children Partnership",
                "risk_scale": ["category_1", "category_2", "category_3"],
            },
            {
                "type": "area",
                "code": "allerdale",
                "name": "Allerdale",
                "front_door_email": "fd@allerdale.example.org",
            },
            {"type": "area", "code": "carlisle", "name": "Carlisle"},
            {
                "type": "agency",
                "code": CSC,
                "name": "Cumbria Children's Services",
                "agency_type": "childrens_social_care",
                "area": None,
            },
            {
                "type": "agency",
                "code": POLICE,
                "name": "Cumbria Police",
                "agency_type": "police",
                "area": "allerdale",
            },
            {
                "type": "person",
                "source": source("C104"),
                "given_name": "Jade",
                "family_name": "Smith",
                "date_of_birth": "2010-03-14",
                "sex": "female",
                "area": "allerdale",
                "learning_disability": True,
                "aliases": [{"kind": "street_name", "name": "JJ"}],
                "identifiers": [
                    {"kind": "nhs_number", "value": VALID_NHS},
                    {"kind": "upn", "value": valid_upn(1)},
                ],
                "addresses": [
                    {
                        "line_1": "1 Example Street",
                        "postcode": "CA14 1AA",
                        "area": "allerdale",
                        "start": "2019-06-01",
                    }
                ],
            },
            {
                "type": "person",
                "source": source("P77", POLICE),
                "given_name": "Liam",
                "family_name": "Example",
                "date_of_birth": "1995-01-01",
                "date_of_birth_estimated": True,
                "sex": "male",
                "identifiers": [{"kind": "police_id", "value": "pnc 99/123"}],
            },
            {
                "type": "care_status",
                "source": source("CS88"),
                "person": source("C104"),
                "status": "cin_plan",
                "start": "2020-05-01",
                "end": None,
            },
            {
                "type": "education_status",
                "source": source("ED1"),
                "person": source("C104"),
                "status": "pru",
                "setting_name": "Workington Learning Centre",
                "start": "2020-09-01",
            },
            {
                "type": "youth_justice",
                "source": source("YJ1"),
                "person": source("C104"),
                "status": "prevention",
                "start": "2021-02-01",
                "end": "2021-08-01",
            },
            {
                "type": "involvement",
                "source": source("INV1"),
                "person": source("C104"),
                "agency": CSC,
                "role": "Allocated social worker",
                "start": "2020-05-01",
            },
            {
                "type": "risk_assessment",
                "source": source("RA9"),
                "person": source("C104"),
                "assessed_on": "2020-12-20",
                "exploitation_type": "sexual",
                "other_types": ["online"],
                "level": "category_1",
                "summary": "Jade may have been groomed online by an adult.",
                "next_review_due": "2021-01-20",
                "closed_on": None,
            },
        ]
    )


# Users are not exchanged: a file names them by username, and they must already exist.
DSL = "dsl_cumbria"
FRONT_DOOR = "frontdoor_allerdale"


def add_pathway_users() -> None:
    from lantern.core.testing import make_user

    for username in (DSL, FRONT_DOOR):
        make_user(username)


def screening_answers() -> list[dict[str, str]]:
    """Answers to the default catalogue (version 1): every required indicator, one yes among them."""
    answers = [
        {"indicator": f"{domain}.{code}", "answer": "no", "evidence": ""}
        for domain, _, indicators in DOMAINS
        for code, _, weight in indicators
        if weight == 3
    ]
    older_partner = next(answer for answer in answers if answer["indicator"] == "sexual_health.older_partner")
    older_partner.update(
        answer="yes", evidence="Seen with a man in his twenties who collects her from school."
    )
    groomed = next(answer for answer in answers if answer["indicator"] == "online_harm.groomed_online")
    groomed["answer"] = "possible"
    answers.append(
        {
            "indicator": "gifts_money.unexplained_items",
            "answer": "yes",
            "evidence": "A new phone and trainers.",
        }
    )
    return answers


def pathway_records() -> list[dict[str, Any]]:
    """A concern, triaged and amended, the screening it led to and the referral that carried it:
    to follow ``sample_records``."""
    return copy.deepcopy(
        [
            {
                "type": "concern",
                "source": source("CON12"),
                "person": source("C104"),
                "agency": CSC,
                "raised_by": None,
                "happened_on": "2020-12-01",
                "happened_time": "15:30",
                "categories": ["sexual", "online"],
                "what_happened": "Jade was seen getting into a car with an older man after school.",
                "childs_words": "He is my boyfriend, he buys me things.",
                "actions_taken": "Told the safeguarding lead.",
                "immediate_danger": True,
                "triage_decision": "refer",
                "triaged_by": DSL,
                "triaged_at": "2020-12-01T16:05:00Z",
                "triage_notes": "Refer today.",
                "amendments": [
                    {
                        "field": "happened_on",
                        "old_value": "2020-12-02",
                        "new_value": "2020-12-01",
                        "reason": "Wrong day entered",
                        "amended_by": DSL,
                        "amended_at": "2020-12-01T16:00:00+00:00",
                    },
                    {
                        "field": "actions_taken",
                        "old_value": "Told the safeguarding lead.",
                        "new_value": "Told the safeguarding lead and rang the police on 101.",
                        "reason": "Left out the call",
                        "amended_by": DSL,
                        "amended_at": "2020-12-01T17:00:00+01:00",
                    },
                ],
            },
            {
                "type": "concern",
                "source": source("CON13", POLICE),
                "person": source("C104"),
                "agency": POLICE,
                "happened_on": "2021-01-05",
                "categories": ["missing"],
                "what_happened": "Reported missing overnight; found in another town.",
            },
            {
                "type": "screening",
                "source": source("SCR5"),
                "person": source("C104"),
                "agency": CSC,
                "completed_by": DSL,
                "catalogue_version": 1,
                "answers": screening_answers(),
                "professional_judgement": "Jade is being groomed by an older man; she does not see it.",
                "suggested_level": "category_2",
                "suggestion_reasons": ["A high-weight indicator was answered yes."],
                "final_level": "category_3",
                "level_reason": "He collects her from school and she has new things she cannot explain.",
                "outcome": "refer_to_front_door",
                "started_from": "concern",
                "completed_at": "2020-12-01T18:30:00+00:00",
            },
            {
                "type": "referral",
                "source": source("REF3"),
                "person": source("C104"),
                "area": "allerdale",
                "from_agency": CSC,
                "referred_by": DSL,
                "concern": source("CON12"),
                "screening": source("SCR5"),
                "reason": "Signs of grooming by an adult.",
                "consent_sought": True,
                "consent_given": False,
                "reason_without_consent": "Seeking consent would put Jade at greater risk.",
                "received_at": "2020-12-02T09:00:00+00:00",
                "decision": "strategy_discussion_s47",
                "decided_at": "2020-12-02T14:00:00+00:00",
                "decided_by": FRONT_DOOR,
                "decision_notes": "Strategy discussion tomorrow.",
            },
            {
                "type": "referral",
                "source": source("REF4", POLICE),
                "person": source("C104"),
                "area": "allerdale",
                "from_agency": POLICE,
                "reason": "Second missing episode this month.",
                "consent_sought": True,
                "consent_given": True,
                "received_at": "2021-01-06T08:15:00+00:00",
            },
        ]
    )


def as_lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(record) + "\n" for record in records]


def write_jsonl(path: Any, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(as_lines(records)), encoding="utf-8")
    return str(path)
