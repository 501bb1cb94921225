"""Intelligence reports, disruption and NRM referrals in the interchange format."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.intelligence.models import (
    Disruption,
    Entity,
    EntityKind,
    IntelligenceReport,
    NrmReferral,
    PersonOfConcern,
    ReportStatus,
    ReportSubject,
    ShareDecision,
)
from lantern.intelligence.selectors import known_entities_for
from lantern.intelligence.services import SubjectInput, report_create
from lantern.interchange.services import RecordsRejected, records_import
from lantern.interchange.tests.factories import (
    CSC,
    DSL,
    FRONT_DOOR,
    POLICE,
    add_meeting_users,
    as_lines,
    harm_records,
    intelligence_records,
    meeting_records,
    provider_agency,
    sample_records,
    source,
)
from lantern.interchange.tests.test_pathway import RECORDS, api_client_for
from lantern.interchange.validation import parse_line
from lantern.people.models import Person

GRADED, PUBLIC, WARNING, CLOSURE, NRM = range(5)
FIRST = len(sample_records()) + 1 + len(harm_records()) + len(meeting_records()) + 1
LINE = FIRST  # the line of the first intelligence report


def intelligence(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file with the harm and meeting records, then the intelligence records with
    ``changes`` merged by index name."""
    records = intelligence_records()
    for name, change in changes.items():
        records[globals()[name.upper()]].update(change)
    return [*sample_records(), provider_agency(), *harm_records(), *meeting_records(), *records]


def counts() -> tuple[int, ...]:
    return (
        IntelligenceReport.objects.count(),
        ReportSubject.objects.count(),
        ShareDecision.objects.count(),
        Entity.objects.count(),
        Disruption.objects.count(),
        NrmReferral.objects.count(),
    )


IMPORTED = (2, 8, 1, 4, 2, 1)  # entities: the car, the nickname, the phone and the account


def import_intelligence(records: list[dict[str, Any]] | None = None) -> Any:
    add_meeting_users()
    return records_import(actor=None, lines=as_lines(records or intelligence()))


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = counts()
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert counts() == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [str(error) for error in parse_line(3, json.dumps(record))[1]]


# --- schemas ----------------------------------------------------------------------------------


def test_every_intelligence_record_is_valid() -> None:
    for record in intelligence_records():
        assert schema_errors(record) == [], record


BAD = [
    (GRADED, {"source_grade": "4"}, "line 3: source_grade: must be one of: 1, 2, 3, null"),
    (GRADED, {"information_grade": "F"}, "line 3: information_grade: must be one of: A, B, C, D, E, null"),
    (GRADED, {"handling": "X"}, "line 3: handling: must be one of: P, C, null"),
    (GRADED, {"original_text": ""}, "line 3: original_text: must not be empty"),
    (GRADED, {"submitted_at": "2021-01-10"}, "line 3: submitted_at: must be a real date and time"),
    (GRADED, {"subjects": [{"kind": "boat"}]}, "line 3: subjects.0.kind: must be one of:"),
    (GRADED, {"subjects": [{"kind": "vehicle", "vin": "X"}]}, "line 3: subjects.0.vin: is not a field"),
    (WARNING, {"happened_on": "25/01/2021"}, "line 3: happened_on: must be a real date written YYYY-MM-DD"),
    (NRM, {"reasonable_grounds_decision": "maybe"}, "line 3: reasonable_grounds_decision: must be one of:"),
    (NRM, {"consent_given": "yes"}, "line 3: consent_given: must be true or false or null"),
]


@pytest.mark.parametrize(("index", "change", "expected"), BAD)
def test_a_bad_record_names_the_field_and_reason(index: int, change: dict[str, Any], expected: str) -> None:
    errors = schema_errors({**intelligence_records()[index], **change})
    assert any(error.startswith(expected) for error in errors), errors


# --- import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_reports_subjects_entities_disruptions_and_referrals() -> None:
    report = import_intelligence()

    assert (
        report.counts["intelligence"].created,
        report.counts["disruption"].created,
        report.counts["nrm_referral"].created,
    ) == (2, 2, 1)
    assert counts() == IMPORTED
    graded = IntelligenceReport.objects.get(source_agency__code=POLICE, source_id="INT1")
    assert graded.graded_by is not None
    assert (graded.status, graded.grading, graded.graded_by.username) == (
        ReportStatus.GRADED,
        "2/B/P",
        FRONT_DOOR,
    )
    assert graded.created_at == datetime(2021, 1, 10, 15, 30, tzinfo=UTC)
    assert (graded.reporter.username, graded.reporter_agency.code) == (DSL, CSC)  # type: ignore[union-attr]
    assert graded.source_details == "Seen by the school's receptionist."
    vehicle = graded.subjects.get(kind="vehicle")
    assert (vehicle.vrm, vehicle.vehicle_make, vehicle.entity.key) == ("AB12CDE", "Ford", "AB12CDE")  # type: ignore[union-attr]
    phone = graded.subjects.get(kind="phone")
    assert (phone.phone_number, phone.deal_line, phone.entity.kind) == ("07700900123", True, EntityKind.PHONE)  # type: ignore[union-attr]
    assert graded.subjects.get(kind="online_account").entity.key == "snapchat:wtown_boss"  # type: ignore[union-attr]
    adult = graded.subjects.get(person_role="adult_of_concern")
    assert adult.person is not None and adult.person.source_id == "P77"
    assert PersonOfConcern.objects.get().person == adult.person
    assert graded.subjects.get(kind="location").context.source_id == "CTX7"  # type: ignore[union-attr]
    decision = graded.share_decisions.get()
    assert (decision.to_agency.code, decision.shared, decision.lawful_basis) == (CSC, True, "safeguarding")
    public = IntelligenceReport.objects.get(source_id="INT2")
    assert (public.received_via, public.status, public.reporter, public.grading) == (
        "public",
        "ungraded",
        None,
        "",
    )
    # Both reports name the same car and the same nickname: one entity each.
    assert public.subjects.get(kind="vehicle").entity == vehicle.entity
    assert public.subjects.get(kind="person").entity == adult.entity
    warning = Disruption.objects.get(source_id="DIS1")
    assert (warning.target_person, warning.protected_child.source_id, warning.report) == (  # type: ignore[union-attr]
        adult.person,
        "C104",
        graded,
    )
    assert warning.expires_on is None
    closure = Disruption.objects.get(source_id="DIS2")
    assert (closure.target_context.source_id, closure.expires_on) == ("CTX7", date(2021, 5, 3))  # type: ignore[union-attr]
    nrm = NrmReferral.objects.get()
    assert (nrm.person.source_id, nrm.first_responder_agency.code, nrm.consent_given) == ("C104", CSC, None)
    assert (nrm.reasonable_grounds_decision, nrm.reasonable_grounds_on) == ("positive", date(2021, 1, 18))
    assert (nrm.guardian_allocated, nrm.guardian_allocated_on) == (True, date(2021, 1, 20))


@pytest.mark.django_db
def test_a_new_report_matches_the_imported_entities(world: Any) -> None:
    """Entities are worked out on import with the intelligence app's own matching."""
    import_intelligence()
    new = report_create(
        actor=world.teacher,
        text="Car AB 12 CDE outside again.",
        subjects=[SubjectInput(kind="vehicle", vrm="ab12cde")],
    )

    known = known_entities_for(world.police_analyst, new)

    assert [entity.entity.key for entity in known] == ["AB12CDE"]
    assert {report.source_id for report in known[0].reports} == {"INT1", "INT2"}


@pytest.mark.django_db
def test_importing_twice_creates_and_updates_nothing() -> None:
    import_intelligence()
    subject_ids = list(ReportSubject.objects.order_by("pk").values_list("pk", flat=True))

    again = records_import(actor=None, lines=as_lines(intelligence()))

    assert (again.created, again.updated) == (0, 0)
    assert again.counts["intelligence"].unchanged == 2
    assert (again.counts["disruption"].unchanged, again.counts["nrm_referral"].unchanged) == (2, 1)
    assert counts() == IMPORTED
    assert list(ReportSubject.objects.order_by("pk").values_list("pk", flat=True)) == subject_ids


@pytest.mark.django_db
def test_same_source_pair_updates_and_replaces_subjects_and_decisions() -> None:
    import_intelligence()

    report = records_import(
        actor=None,
        lines=as_lines(
            intelligence(
                graded={
                    "handling": "C",
                    "handling_conditions": "Not to be shared with the family.",
                    "subjects": [{"kind": "phone", "number": "07700 900999"}],
                    "share_decisions": [],
                    "submitted_at": "2021-01-10T16:00:00+00:00",
                },
                nrm={"conclusive_grounds_decision": "positive", "conclusive_grounds_on": "2021-06-01"},
            )
        ),
    )

    assert (report.counts["intelligence"].updated, report.counts["nrm_referral"].updated) == (1, 1)
    graded = IntelligenceReport.objects.get(source_id="INT1")
    assert (graded.grading, graded.version) == ("2/B/C", 2)
    assert graded.created_at == datetime(2021, 1, 10, 16, 0, tzinfo=UTC)
    assert list(graded.subjects.values_list("phone_number", "entity__key")) == [
        ("07700900999", "07700900999")
    ]
    assert not graded.share_decisions.exists()
    assert NrmReferral.objects.get().conclusive_grounds_on == date(2021, 6, 1)


CHECKS = [
    ({"graded": {"handling": "C"}}, f"line {LINE}: handling_conditions: is required with handling code C"),
    (
        {"graded": {"handling_conditions": "Only police."}},
        f"line {LINE}: handling_conditions: must be empty with handling code P",
    ),
    (
        {"graded": {"information_grade": None}},
        f"line {LINE}: information_grade: is required when the report is graded",
    ),
    (
        {"graded": {"sanitised_text": ""}},
        f"line {LINE}: sanitised_text: is required when the report is graded",
    ),
    ({"graded": {"reporter": "ghost"}}, f"line {LINE}: reporter: no Lantern user 'ghost'"),
    (
        {"graded": {"reporter_agency": "nowhere"}},
        f"line {LINE}: reporter_agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    (
        {"public": {"reporter": DSL}},
        f"line {LINE + 1}: reporter: must be null for a report from a member of the public",
    ),
    (
        {"public": {"graded_at": "2021-01-21T09:00:00+00:00"}},
        f"line {LINE + 1}: graded_at: must be null while the report is ungraded",
    ),
    (
        {"public": {"subjects": [{"kind": "vehicle", "vrm": "!!"}]}},
        f"line {LINE + 1}: subjects.0.vrm: is required: a registration such as AB12 CDE",
    ),
    (
        {"public": {"subjects": [{"kind": "phone", "number": "12345"}]}},
        f"line {LINE + 1}: subjects.0.number: is required: a UK phone number such as 07700 900123",
    ),
    (
        {"public": {"subjects": [{"kind": "vehicle", "vrm": "AB12CDE", "handle": "x"}]}},
        f"line {LINE + 1}: subjects.0.handle: is only for a subject of kind online_account",
    ),
    (
        {"public": {"subjects": [{"kind": "person", "person": source("C999")}]}},
        f"line {LINE + 1}: subjects.0.person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
    (
        {"public": {"subjects": [{"kind": "location", "context": source("CTX99")}]}},
        f"line {LINE + 1}: subjects.0.context: no context with source {CSC}/CTX99 earlier in the file or in Lantern",
    ),
    (
        {
            "public": {
                "share_decisions": [
                    {
                        "to_agency": CSC,
                        "shared": False,
                        "reasons_not_shared": "x",
                        "decided_by": FRONT_DOOR,
                        "decided_at": "2021-01-21T09:00:00+00:00",
                    }
                ]
            }
        },
        f"line {LINE + 1}: share_decisions: must be empty while the report is ungraded",
    ),
    (
        {
            "graded": {
                "share_decisions": [
                    {
                        "to_agency": CSC,
                        "shared": True,
                        "decided_by": FRONT_DOOR,
                        "decided_at": "2021-01-11T09:30:00+00:00",
                        "purpose": "x",
                    }
                ]
            }
        },
        f"line {LINE}: share_decisions.0.lawful_basis: is required when shared is true",
    ),
    (
        {"warning": {"disruption_type": "gang_injunction"}},
        f"line {LINE + 2}: disruption_type: no disruption type 'gang_injunction' in Lantern",
    ),
    (
        {"warning": {"target_person": None}},
        f"line {LINE + 2}: target_person: is required when target_context is null",
    ),
    ({"warning": {"expires_on": "2021-01-01"}}, f"line {LINE + 2}: expires_on: is before happened_on"),
    (
        {"warning": {"report": source("INT9", POLICE)}},
        f"line {LINE + 2}: report: no intelligence report with source {POLICE}/INT9 earlier in the file or in Lantern",
    ),
    (
        {"closure": {"target_context": source("CTX99")}},
        f"line {LINE + 3}: target_context: no context with source {CSC}/CTX99 earlier in the file or in Lantern",
    ),
    (
        {"nrm": {"reasonable_grounds_on": None}},
        f"line {LINE + 4}: reasonable_grounds_on: is required when reasonable_grounds_decision is decided",
    ),
    (
        {
            "nrm": {
                "reasonable_grounds_decision": "negative",
                "conclusive_grounds_decision": "positive",
                "conclusive_grounds_on": "2021-03-01",
            }
        },
        f"line {LINE + 4}: conclusive_grounds_decision: follows only a positive reasonable_grounds_decision",
    ),
    (
        {"nrm": {"guardian_allocated_on": None}},
        f"line {LINE + 4}: guardian_allocated_on: is required when guardian_allocated is true",
    ),
    (
        {"nrm": {"person": source("P77", POLICE)}},
        f"line {LINE + 4}: person: was 26 when submitted: NRM referrals here are for under-25s",
    ),
    (
        {"nrm": {"first_responder_agency": "nowhere"}},
        f"line {LINE + 4}: first_responder_agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CHECKS)
def test_a_bad_line_names_line_and_field_and_changes_nothing(changes: dict[str, Any], expected: str) -> None:
    add_meeting_users()
    assert expected in rejected(intelligence(**changes))


@pytest.mark.django_db
def test_a_young_adult_must_consent_to_an_nrm_referral() -> None:
    add_meeting_users()
    records = intelligence(nrm={"submitted_at": "2028-03-20T10:00:00+00:00"})  # Jade is 18
    for record in records:
        if record["type"] == "nrm_referral":
            record.update(reasonable_grounds_on="2028-03-25", guardian_allocated_on="2028-03-26")
    assert rejected(records) == [
        f"line {LINE + 4}: consent_given: must be true: a young adult (18 or over, or with no date of birth) "
        "must consent"
    ]
    records[-1]["consent_given"] = True
    assert records_import(actor=None, lines=as_lines(records)).counts["nrm_referral"].created == 1


@pytest.mark.django_db
def test_a_disruption_must_come_after_the_report_it_follows() -> None:
    add_meeting_users()
    records = intelligence()
    records.insert(LINE - 1, records.pop(LINE + 2 - 1))
    assert rejected(records) == [
        f"line {LINE}: report: no intelligence report with source {POLICE}/INT1 earlier in the file or in Lantern"
    ]


# --- the REST API (the same service) ----------------------------------------------------------


def test_the_api_accepts_intelligence_disruption_and_nrm_referrals(world: Any) -> None:
    add_meeting_users()
    client = api_client_for(world.partnership_admin)

    response = client.post(RECORDS, intelligence(), format="json")

    assert response.status_code == 200, response.content
    created = response.json()["created"]
    assert (created["intelligence"], created["disruption"], created["nrm_referral"]) == (2, 2, 1)
    again = client.generic(
        "POST", RECORDS, "".join(as_lines(intelligence())), content_type="application/x-ndjson"
    )
    assert again.status_code == 200
    assert sum(again.json()["created"].values()) == sum(again.json()["updated"].values()) == 0
    assert counts() == IMPORTED


def test_the_api_names_a_bad_line_and_changes_nothing(world: Any) -> None:
    add_meeting_users()
    response = api_client_for(world.partnership_admin).post(
        RECORDS, intelligence(graded={"handling": "C"}), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": LINE, "field": "handling_conditions", "reason": "is required with handling code C"}
    ]
    assert counts() == (0,) * 6
    assert not Person.objects.filter(source_id="C104").exists()


def test_the_api_refuses_intelligence_from_an_outsider(world: Any) -> None:
    add_meeting_users()
    response = api_client_for(world.outsider_b).post(RECORDS, intelligence(), format="json")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="interchange", username=world.outsider_b.username
    ).exists()
    assert counts() == (0,) * 6
