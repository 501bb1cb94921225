"""``docs/interchange.md``, generated from the schemas so the reference never drifts from the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from lantern.interchange.schemas import LANTERN_SOURCE_AGENCY, NATURAL_KEYS, SCHEMAS, TYPE_ORDER

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "interchange.md"

_JADE = {"agency": "cumbria-csc", "id": "C104"}
EXAMPLES: dict[str, dict[str, Any]] = {
    "course": {
        "type": "course",
        "name": "Exploitation awareness",
        "description": "Recognising and responding to child criminal and sexual exploitation.",
        "refresher_months": 36,
        "active": True,
    },
    "training_session": {
        "type": "training_session",
        "source": {"agency": "cumbria-csc", "id": "LMS-SESSION-2291"},
        "course": "Exploitation awareness",
        "held_on": "2025-01-15",
        "trainer": "Partnership training team",
        "place": "Workington library",
    },
    "attendance": {
        "type": "attendance",
        "source": {"agency": "cumbria-csc", "id": "LMS-ENROL-88120"},
        "session": {"agency": "cumbria-csc", "id": "LMS-SESSION-2291"},
        "user": "sam.worker",
        "agency": "cumbria-csc",
        "recorded_by": None,
    },
    "partnership": {
        "type": "partnership",
        "name": "Cumbria Safeguarding Children Partnership",
        "risk_scale": ["category_1", "category_2", "category_3"],
    },
    "area": {
        "type": "area",
        "code": "allerdale",
        "name": "Allerdale",
        "front_door_name": "Allerdale Children's Front Door",
        "front_door_phone": "0300 123 4567",
        "front_door_email": "frontdoor@allerdale.example.org",
        "emergency_guidance": "If a child is in immediate danger, call the police on 999.",
    },
    "agency": {
        "type": "agency",
        "code": "cumbria-csc",
        "name": "Cumbria Children's Services",
        "agency_type": "childrens_social_care",
        "area": None,
    },
    "person": {
        "type": "person",
        "source": _JADE,
        "given_name": "Jade",
        "family_name": "Smith",
        "date_of_birth": "2006-03-14",
        "date_of_birth_estimated": False,
        "sex": "female",
        "area": "allerdale",
        "send": "sen_support",
        "aliases": [{"kind": "street_name", "name": "JJ"}],
        "identifiers": [
            {"kind": "nhs_number", "value": "9434765919"},
            {"kind": "upn", "value": "U820200101001"},
        ],
        "addresses": [
            {
                "line_1": "1 Example Street",
                "town": "Workington",
                "postcode": "CA14 1AA",
                "area": "allerdale",
                "start": "2019-06-01",
                "end": None,
            }
        ],
    },
    "care_status": {
        "type": "care_status",
        "source": {"agency": "cumbria-csc", "id": "CS88"},
        "person": _JADE,
        "status": "cin_plan",
        "start": "2020-05-01",
        "end": None,
    },
    "education_status": {
        "type": "education_status",
        "source": {"agency": "cumbria-csc", "id": "ED12"},
        "person": _JADE,
        "status": "pru",
        "setting_name": "Workington Learning Centre",
        "start": "2020-09-01",
        "end": None,
    },
    "youth_justice": {
        "type": "youth_justice",
        "source": {"agency": "cumbria-csc", "id": "YJ3"},
        "person": _JADE,
        "status": "prevention",
        "start": "2021-02-01",
        "end": "2021-08-01",
    },
    "involvement": {
        "type": "involvement",
        "source": {"agency": "cumbria-csc", "id": "INV7"},
        "person": _JADE,
        "agency": "cumbria-csc",
        "worker": None,
        "role": "Allocated social worker",
        "start": "2020-05-01",
        "end": None,
    },
    "risk_assessment": {
        "type": "risk_assessment",
        "source": {"agency": "cumbria-csc", "id": "RA9"},
        "person": _JADE,
        "assessed_on": "2020-12-20",
        "exploitation_type": "sexual",
        "other_types": ["online"],
        "level": "category_1",
        "summary": "Jade may have been groomed online by an adult.",
        "next_review_due": "2021-01-20",
        "closed_on": None,
        "closed_reason": "",
    },
    "concern": {
        "type": "concern",
        "source": {"agency": "cumbria-csc", "id": "CON12"},
        "person": _JADE,
        "agency": "cumbria-csc",
        "raised_by": None,
        "happened_on": "2020-12-01",
        "happened_time": "15:30:00",
        "categories": ["sexual", "online"],
        "what_happened": "Jade was seen getting into a car with an older man after school.",
        "childs_words": "He is my boyfriend, he buys me things.",
        "actions_taken": "Spoke to Jade and told the safeguarding lead.",
        "immediate_danger": False,
        "triage_decision": "start_screening",
        "triaged_by": None,
        "triaged_at": "2020-12-01T16:05:00+00:00",
        "triage_notes": "Screen this week.",
        "amendments": [
            {
                "field": "happened_on",
                "old_value": "2020-12-02",
                "new_value": "2020-12-01",
                "reason": "Wrong day entered",
                "amended_by": "dsl.allerdale",
                "amended_at": "2020-12-01T16:00:00+00:00",
            }
        ],
    },
    "screening": {
        "type": "screening",
        "source": {"agency": "cumbria-csc", "id": "SCR5"},
        "person": _JADE,
        "agency": "cumbria-csc",
        "completed_by": None,
        "catalogue_version": 1,
        "answers": [
            {
                "indicator": "sexual_health.older_partner",
                "answer": "yes",
                "evidence": "Seen with a man in his twenties who collects her from school.",
            },
            {"indicator": "absent_or_missing.missing_overnight", "answer": "not_known", "evidence": ""},
        ],
        "professional_judgement": "Jade is being groomed by an older man; she does not see it.",
        "suggested_level": "category_2",
        "suggestion_reasons": [
            "A high-weight indicator was answered yes, so the suggestion is at least Category 2."
        ],
        "final_level": "category_3",
        "level_reason": "He collects her from school and she has new things she cannot explain.",
        "outcome": "refer_to_front_door",
        "started_from": "concern",
        "completed_at": "2020-12-01T18:30:00+00:00",
    },
    "referral": {
        "type": "referral",
        "source": {"agency": "cumbria-csc", "id": "REF3"},
        "person": _JADE,
        "area": "allerdale",
        "from_agency": "cumbria-csc",
        "referred_by": None,
        "concern": {"agency": "cumbria-csc", "id": "CON12"},
        "screening": {"agency": "cumbria-csc", "id": "SCR5"},
        "reason": "Signs of grooming by an adult; screening suggests high risk.",
        "consent_sought": True,
        "consent_given": False,
        "reason_without_consent": "Seeking consent would put Jade at greater risk.",
        "received_at": "2020-12-02T09:00:00+00:00",
        "decision": "strategy_discussion_s47",
        "decided_at": "2020-12-02T14:00:00+00:00",
        "decided_by": None,
        "decision_notes": "",
    },
    "missing_episode": {
        "type": "missing_episode",
        "source": {"agency": "cumbria-police", "id": "MIS-2021-0042"},
        "person": _JADE,
        "missing_from": "care",
        "reported_at": "2021-01-08T22:10:00+00:00",
        "reported_by": "cumbria-police",
        "recorded_by": None,
        "risk_grade": "high",
        "gradings": [
            {"grade": "medium", "graded_at": "2021-01-08T22:10:00+00:00", "graded_by": None, "reason": ""},
            {
                "grade": "high",
                "graded_at": "2021-01-09T06:00:00+00:00",
                "graded_by": None,
                "reason": "Seen in a car with an adult linked to county lines.",
            },
        ],
        "last_seen_at": "2021-01-08T19:30:00+00:00",
        "last_seen_where": "Workington bus station",
        "clothing": "Black puffer jacket, grey joggers, white trainers",
        "circumstances": "Did not return to her placement after school.",
        "returned_at": "2021-01-09T15:45:00+00:00",
        "found_where": "A flat in Carlisle",
        "found_postcode": "CA1 2AB",
        "found_with": [{"agency": "cumbria-police", "id": "P77"}],
        "how_returned": "found_by_police",
        "safe_and_well_check_at": "2021-01-09T17:00:00+00:00",
        "safe_and_well_check_by": "PC 1234 Example",
        "status": "closed",
    },
    "return_interview": {
        "type": "return_interview",
        "source": {"agency": "cumbria-rhi", "id": "RHI-881"},
        "episode": {"agency": "cumbria-police", "id": "MIS-2021-0042"},
        "due_at": "2021-01-12T15:45:00+00:00",
        "provider": "cumbria-rhi",
        "offered_at": "2021-01-10T10:00:00+00:00",
        "outcome": "accepted",
        "completed_at": "2021-01-11T16:00:00+00:00",
        "interviewer": "Sam Example",
        "recorded_by": None,
        "attempts": [
            {
                "attempted_at": "2021-01-10T10:00:00+00:00",
                "note": "Jade did not want to talk today; agreed to try tomorrow.",
                "recorded_by": None,
            }
        ],
        "before": "An argument at her placement about her phone.",
        "during": "Stayed at a flat with older boys.",
        "after": "Tired and quiet.",
        "push_factors": "Feels nobody at the placement listens to her.",
        "pull_factors": "Older boys give her money and attention.",
        "where_went": "Carlisle",
        "who_with": "Liam and two boys she did not know",
        "how_travelled": "Train, ticket bought by Liam",
        "harm_or_threats": "Told she owes them for the ticket.",
        "what_would_help": "Someone to talk to who is not a social worker.",
        "childs_words": "I only went because they said I owed them.",
        "people_named": [{"agency": "cumbria-police", "id": "P77"}],
    },
    "context": {
        "type": "context",
        "source": {"agency": "cumbria-csc", "id": "CTX-7"},
        "kind": "location",
        "name": "Vulcan Park",
        "description": "Young people gather by the skate ramp after dark.",
        "area": "allerdale",
        "location_type": "park",
        "address": "Vulcan Park, Workington",
        "postcode": "CA14 2AA",
        "latitude": 54.6426,
        "longitude": -3.5482,
        "education_setting_type": None,
        "urn": None,
        "platform": "",
        "online_account": "",
        "raised_by": None,
        "raised_by_agency": "cumbria-csc",
    },
    "context_link": {
        "type": "context_link",
        "source": {"agency": "cumbria-csc", "id": "CTXL-31"},
        "person": _JADE,
        "context": {"agency": "cumbria-csc", "id": "CTX-7"},
        "relationship": "frequents",
        "start": "2020-11-01",
        "end": None,
        "source_kind": "return_interview",
        "weighting": 4,
        "recorded_by_agency": "cumbria-csc",
        "recorded_by": None,
    },
    "meeting": {
        "type": "meeting",
        "source": {"agency": "lantern", "id": "lantern-12"},
        "meeting_type": "mace",
        "area": "allerdale",
        "scheduled_at": "2021-01-14T10:00:00+00:00",
        "recurrence_weeks": 4,
        "previous": None,
        "chair": "chair.allerdale",
        "invited_agencies": ["cumbria-csc", "cumbria-police"],
        "attendance": [
            {"agency": "cumbria-csc", "user": "sw.allerdale", "status": "attended"},
            {"agency": "cumbria-police", "user": "pc.allerdale", "status": "apologies"},
        ],
        "agenda": [
            {
                "position": 1,
                "kind": "repeat_missing",
                "reason": "Missing 3 times in 90 days",
                "person": _JADE,
                "context": None,
                "removed_at": None,
                "summary": "Jade has been found in Carlisle with older boys twice this month.",
                "decisions": "Disruption plan for the flat in Carlisle.",
                "agreed_risk_level": "category_3",
            }
        ],
        "minutes_approved_at": "2021-01-15T09:00:00+00:00",
        "minutes_approved_by": "chair.allerdale",
    },
    "action": {
        "type": "action",
        "source": {"agency": "lantern", "id": "lantern-31"},
        "meeting": {"agency": "lantern", "id": "lantern-12"},
        "agenda_item": 1,
        "person": _JADE,
        "owner_agency": "cumbria-police",
        "owner": None,
        "description": "Visit the flat in Carlisle and serve a child abduction warning notice.",
        "due_on": "2021-01-28",
        "status": "open",
        "completed_at": None,
        "progress": "",
    },
    "intelligence": {
        "type": "intelligence",
        "source": {"agency": "cumbria-police", "id": "INT-2021-0007"},
        "received_via": "practitioner",
        "submitted_at": "2021-01-10T15:30:00+00:00",
        "reporter_agency": "cumbria-csc",
        "reporter": "dsl.workington",
        "original_text": "A blue Ford AB12 CDE picks Jade up from school; the driver is called Smudge.",
        "source_details": "Seen by the school's receptionist.",
        "occurred_on": "2021-01-08",
        "source_grade": "2",
        "information_grade": "B",
        "handling": "P",
        "handling_conditions": "",
        "sanitised_text": "A car is seen collecting a child from school; the driver is known as Smudge.",
        "graded_by": "intel.allerdale",
        "graded_at": "2021-01-11T09:00:00+00:00",
        "subjects": [
            {"kind": "person", "person": _JADE, "person_role": "child"},
            {
                "kind": "person",
                "person": {"agency": "cumbria-police", "id": "P77"},
                "person_role": "adult_of_concern",
                "nickname": "Smudge",
                "linked_by": "intel.allerdale",
            },
            {"kind": "vehicle", "vrm": "AB12CDE", "make": "Ford", "colour": "Blue"},
            {"kind": "phone", "number": "07700900123", "deal_line": True},
            {"kind": "online_account", "platform": "Snapchat", "handle": "@wtown_boss"},
            {"kind": "location", "context": {"agency": "cumbria-csc", "id": "CTX-7"}},
        ],
        "share_decisions": [
            {
                "to_agency": "cumbria-csc",
                "shared": True,
                "lawful_basis": "safeguarding",
                "purpose": "To protect Jade.",
                "what_shared": "The sanitised report and its grading",
                "reasons_not_shared": "",
                "decided_by": "intel.allerdale",
                "decided_at": "2021-01-11T09:30:00+00:00",
            }
        ],
    },
    "disruption": {
        "type": "disruption",
        "source": {"agency": "cumbria-police", "id": "DIS-88"},
        "disruption_type": "child_abduction_warning_notice",
        "target_person": {"agency": "cumbria-police", "id": "P77"},
        "target_context": None,
        "protected_child": _JADE,
        "happened_on": "2021-01-25",
        "agency": "cumbria-police",
        "outcome": "Notice served at his address.",
        "expires_on": None,
        "report": {"agency": "cumbria-police", "id": "INT-2021-0007"},
        "recorded_by": "intel.allerdale",
    },
    "nrm_referral": {
        "type": "nrm_referral",
        "source": {"agency": "cumbria-csc", "id": "NRM-4"},
        "person": _JADE,
        "first_responder_agency": "cumbria-csc",
        "submitted_at": "2021-01-12T10:00:00+00:00",
        "consent_given": None,
        "consent_recorded_on": None,
        "reasonable_grounds_decision": "positive",
        "reasonable_grounds_on": "2021-01-18",
        "conclusive_grounds_decision": "pending",
        "conclusive_grounds_on": None,
        "guardian_allocated": True,
        "guardian_allocated_on": "2021-01-20",
        "notes": "",
        "recorded_by": "sw.allerdale",
    },
}

INTRODUCTION = f"""# Lantern interchange format

<!-- Generated from lantern/interchange/schemas.py by `python manage.py interchange_docs`.
     Do not edit by hand: a test fails when this file and the schemas differ. -->

The interchange format is how other agencies' systems give records to Lantern and how Lantern
gives them back (DESIGN.md §5). The same format is read by `python manage.py import_records`
and `POST /api/v1/records/`, and written by `python manage.py export_records` and
`GET /api/v1/export/`.

## The format

- **JSON Lines, UTF-8**: one JSON object per line. Blank lines are ignored.
- Every record has a `type` (one of the types below) and that type's fields; a field not
  listed for the type is an error, so misspelt names are caught.
- Field names are snake_case. **Dates** are ISO 8601 calendar dates, `YYYY-MM-DD`; **date-times**
  are ISO 8601 with their UTC offset, `YYYY-MM-DDTHH:MM:SS+00:00` (an export writes UTC).
- **Users** are named by their Lantern username, and must already exist in Lantern.
- **Source pair**: records that come from an agency's system carry
  `"source": {{"agency": "<agency code>", "id": "<id in that system>"}}`. The pair identifies
  the record for ever: importing the same pair again updates the record, never duplicates it.
  Records created in Lantern itself are exported with the code of the agency that created them
  (or `"{LANTERN_SOURCE_AGENCY}"` when no agency did) and the id `lantern-<number>`, and keep that pair
  in every later export. The agency code `"{LANTERN_SOURCE_AGENCY}"` is reserved for this.
- **References**: records refer to a person by the person's source pair
  (`"person": {{"agency": "...", "id": "..."}}`), a referral to its concern and its screening by
  their source pairs, a return interview to its missing episode, a context link to its context,
  a meeting to the meeting before it in its series and its agenda items to their person and
  context, an action to its meeting (and to an agenda item by the item's `position`),
  an intelligence report's subjects to their person and context, a disruption to its target
  person or context, the child it protects and the report it followed, an NRM referral to its
  person, a training session to its course by the course's `name`, an attendance to its
  training session by the session's source pair,
  and the people found with a missing child or named in an interview as lists of source pairs;
  to areas and agencies by `code`. A screening names its indicator
  catalogue by version number (the version must already be in Lantern) and each indicator it
  answers as `<domain code>.<indicator code>`.
- The `partnership` is a single record; areas and agencies are keyed by `code`; learning
  courses by their `name`, which is unique in Lantern (so an existing learning system can load
  its course list and load it again without duplicates); every other type is keyed by its
  source pair. A person attends a training session once: an `attendance` naming someone already
  recorded at that session (through Lantern's form, the learning REST API or another file) is
  that same attendance, so the API and files never count anyone twice. The learning API's
  attendance endpoint takes the same session source pair as a `training_session` record.
- A record replaces the stored record: an optional field left out, or `null`, is stored as
  empty (or its default). A person's aliases, identifiers and addresses are replaced by the
  lists given; so are an episode's gradings and the people found with the child, an
  interview's attempts and the people named, and a meeting's invitees, attendance and agenda
  (an agenda item is matched to the stored one by its `position`), and an intelligence report's
  subjects and sharing decisions.
- **Derived and local values**: a return interview's `due_at` is always 72 hours after its
  episode's `returned_at`; an export writes it and an import works it out (a different value is
  an error). Importing a closed episode does not create its return interview: the interview is a
  record of its own. A context link's free-text source reference, typed by a practitioner in
  Lantern, is not a source pair and is not exchanged: an import keeps the stored one. Map points
  are stored to 6 decimal places. Intelligence entities (the same vehicle, phone number,
  nickname or online account across reports) are not exchanged: an import works them out from
  each report's subjects with the intelligence app's own normalisation and matching, so a new
  report still shows what is already known. Disruption types are Lantern's configuration and are
  not exchanged: a disruption names one already in Lantern by its code. Importing a report that
  links an adult of concern records that person as a person of concern, as linking them in
  Lantern does.

## Order

A record may refer only to records **earlier in the same file** or already in Lantern. Write
files in dependency order: `partnership`, `area`, `agency`, `person`, `care_status`,
`education_status`, `youth_justice`, `involvement`, `risk_assessment`, `concern`, `screening`,
`referral`, `missing_episode`, `return_interview`, `context`, `context_link`, `meeting`,
`action`, `intelligence`, `disruption`, `nrm_referral`, `course`, `training_session`,
`attendance` (an export is
always in this order). A risk assessment's `level`, and a screening's
suggested and final levels, must be on the partnership's risk scale: the scale of a
`partnership` record earlier in the file, otherwise the scale already in Lantern (by default
`low`, `medium`, `high`).

## Validation: all or nothing

Every line is checked before anything is written: JSON syntax, the type's schema (below),
enumerations, dates, references, the risk scale, identifier checks (an NHS number's modulus 11
check digit, a UPN's check letter, and that an identifier belongs to one person only), end
dates not before start dates, a decision given with the moment it was made, a referral's
consent (consent given only if sought; a reason when it was not given, as in Lantern's referral
form), a screening's answers (every required indicator of its catalogue version answered, none
twice, and a reason when the final level differs from the suggested one), a missing episode's
gradings (oldest first, the latest being the current `risk_grade`) and its return (given when
closed, never while open), a return interview's episode (closed, with no other interview), a
context's kind (a location's type, an education setting's type, an online space's platform),
a meeting's agenda (positions unique, agreed levels on the risk scale) and attendance (a user
once), an action's agenda item (a position on its meeting's agenda), an intelligence report's
3x5x2 grading (all of it or none, handling C with its conditions and P without, a sanitised
version once graded, no sharing decisions while ungraded, a lawful basis and purpose when
shared and reasons when not) and subjects (a registration, UK phone number or handle that
Lantern's matching accepts, and only the fields of the subject's kind), a disruption's target
and type, an NRM referral's person (under 25 when submitted), consent (required from anyone 18
or over, as Lantern's form asks) and decisions (a date once decided, and a conclusive-grounds
decision only after a positive reasonable-grounds one), an attendance's session (already held,
and each person once per session), and that no record
appears twice in a file. Only completed screenings are exchanged: a draft is never exported, and
a file may not name one. If any line is bad,
**nothing changes** and the report names every bad line, the field and the reason:

```
line 4: date_of_birth: must be a real date written YYYY-MM-DD, not '2006-02-30'
line 9: person: no person with source cumbria-csc/C999 earlier in the file or in Lantern
line 12: level: 'severe' is not on the partnership's risk scale (category_1, category_2, category_3)
```

The command exits with status 1; the API answers `400` with the same errors.

## Idempotency

A good file is written in one transaction. For each type the report says how many records
were **created**, **updated** and **unchanged**: a record already stored with the same values is
left alone, so importing the same file twice creates and updates nothing the second time.
Exporting everything and importing it into an empty Lantern reproduces every record, and the
second instance's export is the same file.

## Who may import and export

At the command line, the server's operator (add `--as USERNAME` to record the user in the audit
trail). Through the API, a partnership admin's token (`python manage.py api_token USERNAME`).
Every import and export is audited with its counts.

**Sensitive fields.** An `intelligence` record carries the report's original text and source
details, which can identify the person who gave the information; in Lantern only exploitation
police read them, and partner agencies see only the sanitised version. An export includes them
only because export is restricted to partnership admins (and the operator at the command line)
and every export is audited: treat an export file as police-restricted material, hold and move it
as securely as the police would, and delete it when the exchange is done.

## Record types

| type | key | what it is |
|---|---|---|
"""


def _type_text(schema: dict[str, Any]) -> str:
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        values = ", ".join(f"`{json.dumps(value)}`" for value in schema["enum"])
        return f"one of {values}"
    kinds = schema.get("type", "any")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    names = []
    for kind in kinds:
        if kind == "string" and schema.get("format") == "date":
            names.append("date")
        elif kind == "array" and "items" in schema and schema["items"].get("type") != "object":
            names.append(f"list of ({_type_text(schema['items'])})")
        elif kind == "array":
            names.append("list of objects")
        elif kind == "object" and set(schema.get("properties", {})) == {"agency", "id"}:
            names.append("source pair")
        else:
            names.append(kind)
    text = " or ".join(names)
    if schema.get("maxLength"):
        text += f", at most {schema['maxLength']} characters"
    return text


def _field_rows(schema: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    required = set(schema.get("required", []))
    for name, field_schema in schema["properties"].items():
        path = f"{prefix}{name}"
        description = field_schema.get("description", "").replace("|", "\\|")
        rows.append(
            f"| `{path}` | {_type_text(field_schema)} | {'yes' if name in required else 'no'} | {description} |"
        )
        items = field_schema.get("items", {})
        if items.get("type") == "object":
            rows.extend(_field_rows(items, prefix=f"{path}[]."))
    return rows


def _key_of(record_type: str) -> str:
    if record_type == "partnership":
        return "single record"
    if record_type in NATURAL_KEYS:
        return f"`{NATURAL_KEYS[record_type]}`"
    return "`source`"


def _type_section(record_type: str) -> str:
    schema = SCHEMAS[record_type]
    lines = [
        f"### `{record_type}` — {schema['title']}",
        "",
        schema["description"],
        "",
        "| field | type | required | description |",
        "|---|---|---|---|",
        *_field_rows(schema),
        "",
        "Example:",
        "",
        "```json",
        json.dumps(EXAMPLES[record_type], ensure_ascii=False),
        "```",
        "",
        "<details><summary>JSON Schema</summary>",
        "",
        "```json",
        json.dumps(schema, indent=2, ensure_ascii=False),
        "```",
        "",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def render_interchange_doc() -> str:
    table = "\n".join(f"| `{name}` | {_key_of(name)} | {SCHEMAS[name]['title']} |" for name in TYPE_ORDER)
    sections = "\n".join(_type_section(name) for name in TYPE_ORDER)
    return f"{INTRODUCTION}{table}\n\n{sections}".rstrip("\n") + "\n"
