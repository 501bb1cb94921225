"""The identification pathway in the interchange format: concerns (with amendments), screenings
(with answers) and referrals."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.concerns.chronology import concern_entries
from lantern.concerns.models import Concern, ConcernAmendment, ConcernStatus
from lantern.interchange.services import RecordsRejected, records_import, referral_submission_key
from lantern.interchange.tests.factories import (
    CSC,
    DSL,
    FRONT_DOOR,
    POLICE,
    add_pathway_users,
    as_lines,
    pathway_records,
    sample_records,
    screening_answers,
    source,
)
from lantern.interchange.validation import parse_line
from lantern.people.models import Person
from lantern.referrals.chronology import referral_entries
from lantern.referrals.models import Referral
from lantern.screening.chronology import screening_entries
from lantern.screening.models import IndicatorCatalogue, Screening, ScreeningAnswer, ScreeningStatus

CONCERN, POLICE_CONCERN, SCREENING, REFERRAL, POLICE_REFERRAL = range(5)
FIRST_PATHWAY_LINE = len(sample_records()) + 1


def pathway(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file followed by the pathway records, with ``changes`` merged into the concern
    (``concern=...``), the screening (``screening=...``) or the referral (``referral=...``)."""
    records = pathway_records()
    records[CONCERN].update(changes.get("concern", {}))
    records[SCREENING].update(changes.get("screening", {}))
    records[REFERRAL].update(changes.get("referral", {}))
    return sample_records() + records


def counts() -> tuple[int, int, int, int, int]:
    return (
        Concern.objects.count(),
        ConcernAmendment.objects.count(),
        Screening.objects.count(),
        ScreeningAnswer.objects.count(),
        Referral.objects.count(),
    )


ANSWERS = len(screening_answers())


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = (counts(), Person.objects.count())
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert (counts(), Person.objects.count()) == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [str(error) for error in parse_line(3, json.dumps(record))[1]]


# --- schemas ----------------------------------------------------------------------------------


def test_every_pathway_record_is_valid() -> None:
    for record in pathway_records():
        assert schema_errors(record) == [], record


BAD_CONCERNS = [
    ({"categories": []}, "line 3: categories: must have at least 1 entries"),
    (
        {"categories": ["gangs"]},
        "line 3: categories.0: must be one of: sexual, criminal, county_lines, trafficking, modern_slavery, "
        "radicalisation, online, financial, peer_on_peer, missing, other",
    ),
    ({"categories": ["online", "online"]}, "line 3: categories: must not repeat an entry"),
    (
        {"happened_on": "01/12/2020"},
        "line 3: happened_on: must be a real date written YYYY-MM-DD, not '01/12/2020'",
    ),
    (
        {"happened_time": "25:00"},
        "line 3: happened_time: must be a time written HH:MM or HH:MM:SS, not '25:00'",
    ),
    (
        {"triaged_at": "2020-12-01 16:05"},
        "line 3: triaged_at: must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, not '2020-12-01 16:05'",
    ),
    (
        {"triaged_at": "2020-02-30T10:00:00Z"},
        "line 3: triaged_at: must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, "
        "not '2020-02-30T10:00:00Z'",
    ),
    (
        {"triage_decision": "escalate"},
        "line 3: triage_decision: must be one of: no_further_action, monitor, start_screening, refer, null",
    ),
    ({"immediate_danger": "yes"}, "line 3: immediate_danger: must be true or false"),
    ({"what_happened": ""}, "line 3: what_happened: must not be empty"),
    ({"status": "open"}, "line 3: status: is not a field of this type"),
    (
        {"amendments": [{"field": "categories", "reason": "x"}]},
        "line 3: amendments.0.amended_by: is required",
    ),
    (
        {
            "amendments": [
                {"field": "person", "reason": "x", "amended_by": DSL, "amended_at": "2020-12-01T16:00:00Z"}
            ]
        },
        "line 3: amendments.0.field: must be one of: happened_on, happened_time, categories, what_happened, "
        "childs_words, actions_taken",
    ),
]

BAD_REFERRALS = [
    ({"consent_sought": "yes"}, "line 3: consent_sought: must be true or false"),
    (
        {"received_at": "2020-12-02T09:00:00"},
        "line 3: received_at: must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, "
        "not '2020-12-02T09:00:00'",
    ),
    (
        {"decision": "s47"},
        "line 3: decision: must be one of: no_further_action, advice, early_help, assessment_s17, "
        "strategy_discussion_s47, already_open, null",
    ),
    ({"concern": {"agency": CSC}}, "line 3: concern.id: is required"),
    ({"screening": {"agency": CSC}}, "line 3: screening.id: is required"),
    ({"screening": "SCR5"}, "line 3: screening: must be an object or null"),
    ({"reason": ""}, "line 3: reason: must not be empty"),
]


BAD_SCREENINGS = [
    ({"status": "draft"}, "line 3: status: is not a field of this type"),
    ({"catalogue_version": 0}, "line 3: catalogue_version: must be 1 or more"),
    ({"catalogue_version": "1"}, "line 3: catalogue_version: must be a whole number"),
    (
        {"answers": [{"indicator": "older_partner", "answer": "yes"}]},
        "line 3: answers.0.indicator: must be written <domain code>.<indicator code>, not 'older_partner'",
    ),
    (
        {"answers": [{"indicator": "sexual_health.older_partner", "answer": "maybe"}]},
        "line 3: answers.0.answer: must be one of: yes, no, possible, not_known",
    ),
    ({"answers": [{"indicator": "sexual_health.older_partner"}]}, "line 3: answers.0.answer: is required"),
    (
        {"outcome": "refer"},
        "line 3: outcome: must be one of: no_further_action, single_agency, early_help, "
        "refer_to_front_door, strategy_discussion, police_immediate",
    ),
    ({"started_from": "school"}, "line 3: started_from: must be one of: person, concern, missing_episode"),
    (
        {"completed_at": "2020-12-01T18:30:00"},
        "line 3: completed_at: must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, "
        "not '2020-12-01T18:30:00'",
    ),
    ({"suggestion_reasons": "high"}, "line 3: suggestion_reasons: must be a list"),
    ({"final_level": 3}, "line 3: final_level: must be text"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_SCREENINGS)
def test_bad_screenings_name_the_field_and_reason(change: dict[str, Any], expected: str) -> None:
    assert expected in schema_errors({**pathway_records()[SCREENING], **change})


@pytest.mark.parametrize(("change", "expected"), BAD_CONCERNS)
def test_bad_concerns_name_the_field_and_reason(change: dict[str, Any], expected: str) -> None:
    assert expected in schema_errors({**pathway_records()[CONCERN], **change})


@pytest.mark.parametrize(("change", "expected"), BAD_REFERRALS)
def test_bad_referrals_name_the_field_and_reason(change: dict[str, Any], expected: str) -> None:
    assert expected in schema_errors({**pathway_records()[REFERRAL], **change})


def test_a_time_written_both_ways_and_a_date_time_in_any_offset_is_accepted() -> None:
    record = {
        **pathway_records()[CONCERN],
        "happened_time": "15:30:45",
        "triaged_at": "2020-12-01T16:05:00.5-05:00",
    }
    assert schema_errors(record) == []


# --- import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_concerns_with_their_amendments_screenings_and_referrals() -> None:
    add_pathway_users()
    report = records_import(actor=None, lines=as_lines(pathway()))

    assert (report.counts["concern"].created, report.counts["referral"].created) == (2, 2)
    assert report.counts["screening"].created == 1
    concern = Concern.objects.get(source_agency__code=CSC, source_id="CON12")
    assert concern.person == Person.objects.get(source_id="C104")
    assert (concern.agency.code, concern.raised_by, concern.happened_on, concern.happened_time) == (
        CSC,
        None,
        date(2020, 12, 1),
        time(15, 30),
    )
    assert (concern.categories, concern.immediate_danger) == (["sexual", "online"], True)
    assert (concern.status, concern.triage_decision, concern.triaged_by.username) == (  # type: ignore[union-attr]
        ConcernStatus.TRIAGED,
        "refer",
        DSL,
    )
    assert concern.triaged_at == datetime(2020, 12, 1, 16, 5, tzinfo=UTC)
    assert list(concern.amendments.values_list("field", "amended_at")) == [
        ("happened_on", datetime(2020, 12, 1, 16, 0, tzinfo=UTC)),
        ("actions_taken", datetime(2020, 12, 1, 16, 0, tzinfo=UTC)),  # 17:00+01:00
    ]
    untriaged = Concern.objects.get(source_id="CON13")
    assert (untriaged.status, untriaged.triage_decision, untriaged.triaged_at) == (
        ConcernStatus.OPEN,
        "",
        None,
    )

    screening = Screening.objects.get(source_agency__code=CSC, source_id="SCR5")
    assert (screening.person, screening.agency.code, screening.completed_by.username) == (  # type: ignore[union-attr]
        concern.person,
        CSC,
        DSL,
    )
    assert (screening.status, screening.catalogue.version_number, screening.started_from) == (
        ScreeningStatus.COMPLETED,
        1,
        "concern",
    )
    assert (screening.suggested_level, screening.final_level, screening.outcome) == (
        "category_2",
        "category_3",
        "refer_to_front_door",
    )
    assert screening.level_reason.startswith("He collects her from school")
    assert screening.suggestion_reasons == ["A high-weight indicator was answered yes."]
    assert screening.completed_at == datetime(2020, 12, 1, 18, 30, tzinfo=UTC)
    # yes to a weight-3 and a weight-2 indicator, possible to a weight-3 one: 3 + 2 + 1.5
    assert screening.weighted_total == Decimal("6.5")
    assert screening.domain_totals["sexual_health"] == "3"
    assert screening.domain_totals["online_harm"] == "1.5"
    assert screening.answers.count() == ANSWERS
    older_partner = screening.answers.get(
        indicator__domain__code="sexual_health", indicator__code="older_partner"
    )
    assert (older_partner.answer, older_partner.evidence) == (
        "yes",
        "Seen with a man in his twenties who collects her from school.",
    )

    referral = Referral.objects.get(source_agency__code=CSC, source_id="REF3")
    assert (referral.concern, referral.area.code, referral.from_agency.code) == (concern, "allerdale", CSC)
    assert referral.screening == screening
    assert (referral.consent_sought, referral.consent_given) == (True, False)
    assert referral.reason_without_consent == "Seeking consent would put Jade at greater risk."
    assert (referral.decision, referral.decided_by.username) == ("strategy_discussion_s47", FRONT_DOOR)  # type: ignore[union-attr]
    assert referral.submission_key == referral_submission_key((CSC, "REF3"))
    assert len(referral.submission_key) == 64
    police = Referral.objects.get(source_id="REF4")
    assert (police.concern, police.decision, police.decided_at, police.referred_by) == (None, "", None, None)
    assert police.screening is None


@pytest.mark.django_db
def test_importing_the_pathway_twice_creates_and_updates_nothing() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    before = counts()
    versions = list(Concern.objects.order_by("pk").values_list("version", flat=True))
    answer_ids = list(ScreeningAnswer.objects.order_by("pk").values_list("pk", flat=True))

    again = records_import(actor=None, lines=as_lines(pathway()))

    assert (again.created, again.updated) == (0, 0)
    assert (again.counts["concern"].unchanged, again.counts["referral"].unchanged) == (2, 2)
    assert again.counts["screening"].unchanged == 1
    assert counts() == before
    assert list(Concern.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert Screening.objects.get().version == 1
    assert list(ScreeningAnswer.objects.order_by("pk").values_list("pk", flat=True)) == answer_ids


@pytest.mark.django_db
def test_same_source_pair_updates_the_concern_its_amendments_and_the_referral() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    amendments = pathway_records()[CONCERN]["amendments"][:1]
    amendments[0]["reason"] = "Wrong day entered on the form"

    report = records_import(
        actor=None,
        lines=as_lines(
            pathway(concern={"amendments": amendments}, referral={"decision_notes": "Held today."})
        ),
    )

    assert (report.counts["concern"].updated, report.counts["concern"].unchanged) == (1, 1)
    assert report.counts["referral"].updated == 1
    concern = Concern.objects.get(source_id="CON12")
    assert concern.version == 2
    assert list(concern.amendments.values_list("reason", flat=True)) == ["Wrong day entered on the form"]
    assert Referral.objects.get(source_id="REF3").decision_notes == "Held today."
    assert counts() == (2, 1, 1, ANSWERS, 2)


@pytest.mark.django_db
def test_same_source_pair_replaces_the_screenings_answers() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    answers = screening_answers()
    answers[-1] = {"indicator": "gifts_money.paid_for_by_others", "answer": "possible", "evidence": "Taxis."}

    report = records_import(
        actor=None, lines=as_lines(pathway(screening={"answers": answers, "final_level": "category_2"}))
    )

    assert report.counts["screening"].updated == 1
    screening = Screening.objects.get()
    assert (screening.version, screening.final_level, screening.weighted_total) == (
        2,
        "category_2",
        Decimal("5.5"),
    )
    assert screening.domain_totals["gifts_money"] == "1"
    assert set(
        screening.answers.filter(indicator__domain__code="gifts_money").values_list(
            "indicator__code", "answer"
        )
    ) == {("paid_for_by_others", "possible")}
    assert counts() == (2, 2, 1, ANSWERS, 2)


@pytest.mark.django_db
def test_a_referral_may_refer_to_a_concern_and_screening_already_in_lantern() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(sample_records() + pathway_records()[: SCREENING + 1]))
    referral = pathway_records()[REFERRAL]

    report = records_import(actor=None, lines=as_lines([referral]))

    assert report.counts["referral"].created == 1
    assert Referral.objects.get().concern == Concern.objects.get(source_id="CON12")
    assert Referral.objects.get().screening == Screening.objects.get(source_id="SCR5")


@pytest.mark.django_db
def test_a_concern_or_screening_in_lantern_about_someone_else_is_refused() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    referral = {**pathway_records()[REFERRAL], "source": source("REF9"), "person": source("P77", POLICE)}

    assert rejected([referral]) == [
        "line 1: concern: is about someone else",
        "line 1: screening: is about someone else",
    ]


def add_draft_screening() -> Screening:
    """A screening a practitioner is still writing in Lantern: it has no source pair of its own."""
    jade = Person.objects.get(source_id="C104")
    return Screening.objects.create(person=jade, catalogue=IndicatorCatalogue.objects.get(version_number=1))


@pytest.mark.django_db
def test_a_draft_screening_in_lantern_is_never_overwritten_or_carried_by_a_referral() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    draft = add_draft_screening()
    draft_pair = {"agency": "lantern", "id": f"lantern-{draft.pk}"}
    screening = {**pathway_records()[SCREENING], "source": draft_pair}
    referral = {**pathway_records()[REFERRAL], "screening": draft_pair}

    assert rejected([screening, referral]) == [
        "line 1: source: is a draft screening in Lantern; drafts are never exchanged",
        "line 2: screening: is a draft in Lantern; only a completed screening goes with a referral",
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.version) == (ScreeningStatus.DRAFT, 1)


LINE = FIRST_PATHWAY_LINE
CONTEXT_CHECKS = [
    (
        {"concern": {"agency": "nowhere"}},
        f"line {LINE}: agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    ({"concern": {"raised_by": "nobody"}}, f"line {LINE}: raised_by: no Lantern user 'nobody'"),
    (
        {"concern": {"person": source("C999")}},
        f"line {LINE}: person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
    (
        {"concern": {"triaged_at": None}},
        f"line {LINE}: triaged_at: is required when triage_decision is given",
    ),
    (
        {"concern": {"triage_decision": None, "triaged_by": None}},
        f"line {LINE}: triaged_at: must be null when triage_decision is null",
    ),
    (
        {
            "concern": {
                "amendments": [
                    {
                        "field": "categories",
                        "reason": "x",
                        "amended_by": "ghost",
                        "amended_at": "2021-01-01T00:00:00Z",
                    }
                ]
            }
        },
        f"line {LINE}: amendments.0.amended_by: no Lantern user 'ghost'",
    ),
    (
        {"referral": {"reason_without_consent": ""}},
        f"line {LINE + REFERRAL}: reason_without_consent: Enter why you are referring without consent",
    ),
    (
        {"referral": {"consent_sought": False, "consent_given": True}},
        f"line {LINE + REFERRAL}: consent_given: Consent cannot have been given if it was not sought",
    ),
    (
        {"referral": {"decided_at": None}},
        f"line {LINE + REFERRAL}: decided_at: is required when decision is given",
    ),
    (
        {"referral": {"area": "kendal"}},
        f"line {LINE + REFERRAL}: area: no area 'kendal' earlier in the file or in Lantern",
    ),
    (
        {"referral": {"from_agency": "lantern"}},
        f"line {LINE + REFERRAL}: from_agency: no agency 'lantern' earlier in the file or in Lantern",
    ),
    ({"referral": {"decided_by": "nobody"}}, f"line {LINE + REFERRAL}: decided_by: no Lantern user 'nobody'"),
    (
        {"referral": {"concern": source("CON99")}},
        f"line {LINE + REFERRAL}: concern: no concern with source {CSC}/CON99 earlier in the file or in Lantern",
    ),
    (
        {"referral": {"person": source("P77", POLICE), "screening": None}},
        f"line {LINE + REFERRAL}: concern: is about someone else",
    ),
    (
        {"referral": {"person": source("P77", POLICE), "concern": None}},
        f"line {LINE + REFERRAL}: screening: is about someone else",
    ),
    (
        {"referral": {"screening": source("SCR99")}},
        f"line {LINE + REFERRAL}: screening: no screening with source {CSC}/SCR99 earlier in the file or in Lantern",
    ),
    (
        {"screening": {"agency": "nowhere"}},
        f"line {LINE + SCREENING}: agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    (
        {"screening": {"completed_by": "nobody"}},
        f"line {LINE + SCREENING}: completed_by: no Lantern user 'nobody'",
    ),
    (
        {"screening": {"catalogue_version": 99}},
        f"line {LINE + SCREENING}: catalogue_version: no indicator catalogue version 99 in Lantern",
    ),
    (
        {
            "screening": {
                "answers": [*screening_answers(), {"indicator": "sexual_health.tattoo", "answer": "no"}]
            }
        },
        f"line {LINE + SCREENING}: answers.{ANSWERS}.indicator: no indicator 'sexual_health.tattoo' in "
        "catalogue version 1",
    ),
    (
        {
            "screening": {
                "answers": [
                    *screening_answers(),
                    {"indicator": "radicalisation.changed_views", "answer": "no"},
                    {"indicator": "radicalisation.changed_views", "answer": "yes"},
                ]
            }
        },
        f"line {LINE + SCREENING}: answers.{ANSWERS + 1}.indicator: repeats the answer in answers.{ANSWERS}",
    ),
    (
        {"screening": {"answers": screening_answers()[2:]}},
        f"line {LINE + SCREENING}: answers: no answer to the required indicators sexual_health.sti_or_pregnancy, "
        "sexual_health.older_partner",
    ),
    (
        {"screening": {"final_level": "high"}},
        f"line {LINE + SCREENING}: final_level: 'high' is not on the partnership's risk scale "
        "(category_1, category_2, category_3)",
    ),
    (
        {"screening": {"suggested_level": "medium"}},
        f"line {LINE + SCREENING}: suggested_level: 'medium' is not on the partnership's risk scale "
        "(category_1, category_2, category_3)",
    ),
    (
        {"screening": {"level_reason": None}},
        f"line {LINE + SCREENING}: level_reason: is required when final_level differs from suggested_level",
    ),
    (
        {"screening": {"person": source("C999")}},
        f"line {LINE + SCREENING}: person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CONTEXT_CHECKS)
def test_a_bad_pathway_line_names_line_and_field_and_changes_nothing(
    changes: dict[str, Any], expected: str
) -> None:
    add_pathway_users()
    assert rejected(pathway(**changes)) == [expected]


@pytest.mark.django_db
def test_a_referral_must_come_after_its_concern_and_screening() -> None:
    add_pathway_users()
    records = pathway()
    referral = records.pop(FIRST_PATHWAY_LINE + REFERRAL - 1)
    records.insert(FIRST_PATHWAY_LINE - 1, referral)

    assert rejected(records) == [
        f"line {FIRST_PATHWAY_LINE}: concern: no concern with source {CSC}/CON12 earlier in the file or in Lantern",
        f"line {FIRST_PATHWAY_LINE}: screening: no screening with source {CSC}/SCR5 earlier in the file or in "
        "Lantern",
    ]


@pytest.mark.django_db
def test_a_referral_to_a_bad_concern_line_is_not_also_reported() -> None:
    add_pathway_users()
    assert rejected(pathway(concern={"categories": []})) == [
        f"line {LINE}: categories: must have at least 1 entries"
    ]


@pytest.mark.django_db
def test_a_referral_to_a_bad_screening_line_is_not_also_reported() -> None:
    add_pathway_users()
    assert rejected(pathway(screening={"outcome": None})) == [
        f"line {LINE + SCREENING}: outcome: must be one of: no_further_action, single_agency, early_help, "
        "refer_to_front_door, strategy_discussion, police_immediate"
    ]


@pytest.mark.django_db
def test_a_repeated_screening_is_refused() -> None:
    add_pathway_users()
    records = pathway()
    records.append(copy.deepcopy(records[FIRST_PATHWAY_LINE + SCREENING - 1]))
    assert rejected(records) == [
        f"line {len(records)}: source: repeats the screening on line {LINE + SCREENING}"
    ]


@pytest.mark.django_db
def test_a_repeated_concern_is_refused() -> None:
    add_pathway_users()
    records = pathway()
    records.append(copy.deepcopy(records[FIRST_PATHWAY_LINE - 1]))
    assert rejected(records) == [f"line {len(records)}: source: repeats the concern on line {LINE}"]


# --- the chronology -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_imported_concerns_screenings_and_referrals_are_on_the_chronology() -> None:
    add_pathway_users()
    records_import(actor=None, lines=as_lines(pathway()))
    jade = Person.objects.get(source_id="C104")

    concern_titles = [entry.title for entry in concern_entries(jade, None)]
    referral_titles = [entry.title for entry in referral_entries(jade, None)]
    screening_titles = [entry.title for entry in screening_entries(jade, None)]

    assert len(concern_titles) == 2 + 2 + 1  # two concerns, two amendments, one triage
    assert "Concern triaged: Refer to the front door" in concern_titles
    assert any("(immediate danger)" in title for title in concern_titles)
    assert "Front door decision: Strategy discussion (s47)" in " ".join(referral_titles)
    assert any("without consent" in title for title in referral_titles)
    assert len(screening_titles) == 1
    assert screening_titles[0].startswith("Screening completed: suggested Category 2")
    assert "final Category 3" in screening_titles[0]


# --- the REST API (the same service) ----------------------------------------------------------

RECORDS = "/api/v1/records/"


def api_client_for(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def test_the_api_accepts_concerns_screenings_and_referrals(world: Any) -> None:
    add_pathway_users()
    client = api_client_for(world.partnership_admin)

    response = client.post(RECORDS, pathway(), format="json")

    assert response.status_code == 200, response.content
    created = response.json()["created"]
    assert (created["concern"], created["screening"], created["referral"]) == (2, 1, 2)
    again = client.generic("POST", RECORDS, "".join(as_lines(pathway())), content_type="application/x-ndjson")
    assert again.status_code == 200
    assert sum(again.json()["created"].values()) == sum(again.json()["updated"].values()) == 0
    assert counts() == (2, 2, 1, ANSWERS, 2)
    assert Referral.objects.get(source_id="REF3").screening == Screening.objects.get(source_id="SCR5")


def test_the_api_names_a_bad_pathway_line_and_changes_nothing(world: Any) -> None:
    add_pathway_users()
    records = pathway(referral={"reason_without_consent": ""})

    response = api_client_for(world.partnership_admin).post(RECORDS, records, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": LINE + REFERRAL,
            "field": "reason_without_consent",
            "reason": "Enter why you are referring without consent",
        }
    ]
    assert counts() == (0, 0, 0, 0, 0)
    assert not Person.objects.filter(source_id="C104").exists()


def test_the_api_names_a_bad_screening_line_and_changes_nothing(world: Any) -> None:
    add_pathway_users()
    records = pathway(screening={"catalogue_version": 99})

    response = api_client_for(world.partnership_admin).post(RECORDS, records, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": LINE + SCREENING,
            "field": "catalogue_version",
            "reason": "no indicator catalogue version 99 in Lantern",
        }
    ]
    assert counts() == (0, 0, 0, 0, 0)


def test_the_api_refuses_pathway_records_from_an_outsider(world: Any) -> None:
    add_pathway_users()
    response = api_client_for(world.outsider_b).post(RECORDS, pathway(), format="json")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="interchange", username=world.outsider_b.username
    ).exists()
    assert counts() == (0, 0, 0, 0, 0)
