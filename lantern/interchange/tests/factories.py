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


RHI_PROVIDER = "cumbria-rhi"


def provider_agency() -> dict[str, Any]:
    """An independent return interview provider, to follow the agencies of ``sample_records``."""
    return {
        "type": "agency",
        "code": RHI_PROVIDER,
        "name": "Cumbria Return Interviews",
        "agency_type": "voluntary",
        "area": None,
    }


def harm_records() -> list[dict[str, Any]]:
    """A missing episode re-graded and closed, its return interview (declined, then held), a park
    and a takeaway, and two links: to follow ``sample_records`` and ``provider_agency``."""
    return copy.deepcopy(
        [
            {
                "type": "missing_episode",
                "source": source("MIS42", POLICE),
                "person": source("C104"),
                "missing_from": "care",
                "reported_at": "2021-01-08T22:10:00+00:00",
                "reported_by": POLICE,
                "recorded_by": DSL,
                "risk_grade": "high",
                "gradings": [
                    {"grade": "medium", "graded_at": "2021-01-08T22:10:00Z", "graded_by": DSL},
                    {
                        "grade": "high",
                        "graded_at": "2021-01-09T07:00:00+01:00",
                        "reason": "Seen in a car with an adult linked to county lines.",
                    },
                ],
                "last_seen_at": "2021-01-08T19:30:00+00:00",
                "last_seen_where": "Workington bus station",
                "clothing": "Black puffer jacket",
                "circumstances": "Did not return to her placement after school.",
                "returned_at": "2021-01-09T15:45:00+00:00",
                "found_where": "A flat in Carlisle",
                "found_postcode": "ca1 2ab",
                "found_with": [source("P77", POLICE)],
                "how_returned": "found_by_police",
                "safe_and_well_check_at": "2021-01-09T17:00:00+00:00",
                "safe_and_well_check_by": "PC 1234 Example",
                "status": "closed",
            },
            {
                "type": "missing_episode",
                "source": source("MIS43", POLICE),
                "person": source("C104"),
                "missing_from": "home",
                "reported_at": "2021-02-01T20:00:00+00:00",
                "risk_grade": "low",
                "status": "open",
            },
            {
                "type": "return_interview",
                "source": source("RHI881", RHI_PROVIDER),
                "episode": source("MIS42", POLICE),
                "due_at": "2021-01-12T15:45:00+00:00",
                "provider": RHI_PROVIDER,
                "offered_at": "2021-01-10T10:00:00+00:00",
                "outcome": "accepted",
                "completed_at": "2021-01-11T16:00:00+00:00",
                "interviewer": "Sam Example",
                "recorded_by": DSL,
                "attempts": [
                    {
                        "attempted_at": "2021-01-10T10:00:00+00:00",
                        "note": "Did not want to talk today.",
                        "recorded_by": DSL,
                    }
                ],
                "push_factors": "Feels nobody at the placement listens to her.",
                "pull_factors": "Older boys give her money and attention.",
                "where_went": "Carlisle",
                "childs_words": "I only went because they said I owed them.",
                "people_named": [source("P77", POLICE)],
            },
            {
                "type": "context",
                "source": source("CTX7"),
                "kind": "location",
                "name": "Vulcan Park",
                "area": "allerdale",
                "location_type": "park",
                "address": "Vulcan Park, Workington",
                "postcode": "ca14 2aa",
                "latitude": 54.6426,
                "longitude": -3.5482,
                "raised_by": DSL,
                "raised_by_agency": CSC,
            },
            {
                "type": "context",
                "source": source("CTX8", POLICE),
                "kind": "online_space",
                "name": "Workington group chat",
                "platform": "Snapchat",
                "online_account": "wtown_crew",
            },
            {
                "type": "context_link",
                "source": source("CTXL31"),
                "person": source("C104"),
                "context": source("CTX7"),
                "relationship": "found_at",
                "start": "2021-01-09",
                "source_kind": "missing_episode",
                "weighting": 4,
                "recorded_by_agency": CSC,
                "recorded_by": DSL,
            },
            {
                "type": "context_link",
                "source": source("CTXL32", POLICE),
                "person": source("P77", POLICE),
                "context": source("CTX8", POLICE),
                "relationship": "member_of",
                "start": "2020-10-01",
                "end": "2021-03-01",
            },
        ]
    )


CHAIR = "chair_cumbria"


def add_meeting_users() -> None:
    """The pathway users and the meeting's chair (users are not exchanged)."""
    from lantern.core.testing import make_user

    add_pathway_users()
    make_user(CHAIR)


def meeting_records() -> list[dict[str, Any]]:
    """A MACE with its minutes approved, the next meeting in its series, and two actions: to follow
    ``sample_records``, ``provider_agency`` and ``harm_records``."""
    return copy.deepcopy(
        [
            {
                "type": "meeting",
                "source": source("MACE1"),
                "meeting_type": "mace",
                "area": "allerdale",
                "scheduled_at": "2021-01-14T10:00:00+00:00",
                "recurrence_weeks": 4,
                "chair": CHAIR,
                "invited_agencies": [CSC, POLICE],
                "attendance": [
                    {"agency": CSC, "user": DSL, "status": "attended"},
                    {"agency": POLICE, "user": FRONT_DOOR, "status": "apologies"},
                ],
                "agenda": [
                    {
                        "position": 1,
                        "kind": "repeat_missing",
                        "reason": "Missing 3 times in 90 days",
                        "person": source("C104"),
                        "summary": "Found in Carlisle with older boys twice this month.",
                        "decisions": "Disruption plan for the flat.",
                        "agreed_risk_level": "category_3",
                    },
                    {
                        "position": 2,
                        "kind": "context_raised",
                        "reason": "Raised since the last meeting",
                        "context": source("CTX7"),
                        "removed_at": "2021-01-13T09:00:00+00:00",
                    },
                ],
                "minutes_approved_at": "2021-01-15T09:00:00+00:00",
                "minutes_approved_by": CHAIR,
            },
            {
                "type": "meeting",
                "source": source("MACE2"),
                "meeting_type": "mace",
                "area": "allerdale",
                "scheduled_at": "2021-02-11T10:00:00+00:00",
                "recurrence_weeks": 4,
                "previous": source("MACE1"),
                "chair": CHAIR,
                "invited_agencies": [CSC],
            },
            {
                "type": "action",
                "source": source("ACT1"),
                "meeting": source("MACE1"),
                "agenda_item": 1,
                "person": source("C104"),
                "owner_agency": POLICE,
                "owner": FRONT_DOOR,
                "description": "Visit the flat in Carlisle.",
                "due_on": "2021-01-28",
                "status": "completed",
                "completed_at": "2021-01-27T16:00:00+00:00",
                "progress": "Visited; warning notice served.",
            },
            {
                "type": "action",
                "source": source("ACT2"),
                "meeting": source("MACE1"),
                "owner_agency": CSC,
                "description": "Safety plan with Jade.",
                "due_on": "2021-02-04",
                "status": "open",
            },
        ]
    )


def intelligence_records() -> list[dict[str, Any]]:
    """Two intelligence reports naming the same car, two disruptions and an NRM referral: to follow
    ``sample_records``, ``provider_agency``, ``harm_records`` and ``meeting_records``."""
    return copy.deepcopy(
        [
            {
                "type": "intelligence",
                "source": source("INT1", POLICE),
                "received_via": "practitioner",
                "submitted_at": "2021-01-10T15:30:00+00:00",
                "reporter_agency": CSC,
                "reporter": DSL,
                "original_text": "A blue Ford AB12 CDE picks Jade up from school; the driver is called Smudge.",
                "source_details": "Seen by the school's receptionist.",
                "occurred_on": "2021-01-08",
                "source_grade": "2",
                "information_grade": "B",
                "handling": "P",
                "sanitised_text": "A car is seen collecting a child from school; the driver is known as Smudge.",
                "graded_by": FRONT_DOOR,
                "graded_at": "2021-01-11T09:00:00+00:00",
                "subjects": [
                    {
                        "kind": "person",
                        "person": source("C104"),
                        "person_role": "child",
                        "linked_by": FRONT_DOOR,
                    },
                    {
                        "kind": "person",
                        "person": source("P77", POLICE),
                        "person_role": "adult_of_concern",
                        "nickname": "Smudge",
                        "linked_by": FRONT_DOOR,
                    },
                    {"kind": "vehicle", "vrm": "ab12 cde", "make": "Ford", "colour": "Blue"},
                    {"kind": "phone", "number": "+44 7700 900123", "deal_line": True},
                    {"kind": "online_account", "platform": "Snapchat", "handle": "@wtown_boss"},
                    {"kind": "location", "context": source("CTX7"), "location_text": "By the park gates"},
                ],
                "share_decisions": [
                    {
                        "to_agency": CSC,
                        "shared": True,
                        "lawful_basis": "safeguarding",
                        "purpose": "To protect Jade.",
                        "what_shared": "The sanitised report and its grading",
                        "decided_by": FRONT_DOOR,
                        "decided_at": "2021-01-11T09:30:00+00:00",
                    }
                ],
            },
            {
                "type": "intelligence",
                "source": source("INT2", POLICE),
                "received_via": "public",
                "submitted_at": "2021-01-20T18:00:00+00:00",
                "original_text": "The car AB12CDE parks by the park every night. The man is called smudge.",
                "source_details": "No contact given.",
                "subjects": [
                    {"kind": "vehicle", "vrm": "AB12CDE"},
                    {"kind": "person", "nickname": "smudge", "description": "Man in his twenties"},
                ],
            },
            {
                "type": "disruption",
                "source": source("DIS1", POLICE),
                "disruption_type": "child_abduction_warning_notice",
                "target_person": source("P77", POLICE),
                "protected_child": source("C104"),
                "happened_on": "2021-01-25",
                "agency": POLICE,
                "outcome": "Notice served at his address.",
                "report": source("INT1", POLICE),
                "recorded_by": FRONT_DOOR,
            },
            {
                "type": "disruption",
                "source": source("DIS2", POLICE),
                "disruption_type": "closure_order",
                "target_context": source("CTX7"),
                "happened_on": "2021-02-01",
                "agency": POLICE,
            },
            {
                "type": "nrm_referral",
                "source": source("NRM1"),
                "person": source("C104"),
                "first_responder_agency": CSC,
                "submitted_at": "2021-01-12T10:00:00+00:00",
                "reasonable_grounds_decision": "positive",
                "reasonable_grounds_on": "2021-01-18",
                "conclusive_grounds_decision": "pending",
                "guardian_allocated": True,
                "guardian_allocated_on": "2021-01-20",
                "notes": "ICTG service contacted.",
                "recorded_by": DSL,
            },
        ]
    )


def course_records() -> list[dict[str, Any]]:
    """Two courses an existing learning system might hold: one with a refresher, one retired."""
    return [
        {
            "type": "course",
            "name": "Contextual safeguarding for youth workers",
            "description": "Places and peer groups where harm happens.",
            "refresher_months": 24,
            "active": True,
        },
        {
            "type": "course",
            "name": "Old induction module",
            "description": "",
            "refresher_months": None,
            "active": False,
        },
    ]


def learning_records() -> list[dict[str, Any]]:
    """A learning system's session of the first of ``course_records`` and two attendances, to follow
    ``sample_records``, ``course_records`` and ``add_meeting_users`` (the attendees' accounts)."""
    session = source("S-2291", CSC)
    return [
        {
            "type": "training_session",
            "source": session,
            "course": "Contextual safeguarding for youth workers",
            "held_on": "2025-01-15",
            "trainer": "Partnership training team",
            "place": "Workington library",
        },
        {
            "type": "attendance",
            "source": source("E-1", CSC),
            "session": session,
            "user": DSL,
            "agency": CSC,
            "recorded_by": None,
        },
        {
            "type": "attendance",
            "source": source("E-2", CSC),
            "session": session,
            "user": CHAIR,
            "agency": None,
            "recorded_by": FRONT_DOOR,
        },
    ]
