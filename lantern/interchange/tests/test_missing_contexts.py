"""Missing episodes, return home interviews, contexts and context links in the interchange format."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.contexts.models import Context, ContextLink
from lantern.interchange.services import RecordsRejected, records_import
from lantern.interchange.tests.factories import (
    CSC,
    DSL,
    POLICE,
    RHI_PROVIDER,
    add_pathway_users,
    as_lines,
    harm_records,
    provider_agency,
    sample_records,
    source,
)
from lantern.interchange.tests.test_pathway import RECORDS, api_client_for
from lantern.interchange.validation import parse_line
from lantern.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview, RiskGrading
from lantern.people.models import Person

EPISODE, OPEN_EPISODE, INTERVIEW, PARK, CHAT, PARK_LINK, CHAT_LINK = range(7)
FIRST = len(sample_records()) + 2  # the line of the first harm record, after the provider agency


def harm(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample file, the provider and the harm records, with ``changes`` merged by index name."""
    records = harm_records()
    for name, change in changes.items():
        records[globals()[name.upper()]].update(change)
    return [*sample_records(), provider_agency(), *records]


def counts() -> tuple[int, ...]:
    return (
        MissingEpisode.objects.count(),
        RiskGrading.objects.count(),
        ReturnInterview.objects.count(),
        InterviewAttempt.objects.count(),
        Context.objects.count(),
        ContextLink.objects.count(),
        MissingEpisode.found_with.through.objects.count(),
        ReturnInterview.people_named.through.objects.count(),
    )


IMPORTED = (2, 2, 1, 1, 2, 2, 1, 1)


def rejected(records: list[dict[str, Any]]) -> list[str]:
    before = (counts(), Person.objects.count())
    with pytest.raises(RecordsRejected) as caught:
        records_import(actor=None, lines=as_lines(records))
    assert (counts(), Person.objects.count()) == before, "a rejected file must change nothing"
    return [str(error) for error in caught.value.line_errors]


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [str(error) for error in parse_line(3, json.dumps(record))[1]]


# --- schemas ----------------------------------------------------------------------------------


def test_every_harm_record_is_valid() -> None:
    for record in [provider_agency(), *harm_records()]:
        assert schema_errors(record) == [], record


BAD = [
    (
        EPISODE,
        {"missing_from": "school"},
        "line 3: missing_from: must be one of: home, care, education",
    ),
    (
        EPISODE,
        {"risk_grade": "severe"},
        "line 3: risk_grade: must be one of: absent, no_apparent_risk, very_low, low, medium, high",
    ),
    (
        EPISODE,
        {"reported_at": "2021-01-08 22:10"},
        "line 3: reported_at: must be a real date and time written YYYY-MM-DDTHH:MM:SS+00:00, "
        "not '2021-01-08 22:10'",
    ),
    (EPISODE, {"gradings": [{"grade": "low"}]}, "line 3: gradings.0.graded_at: is required"),
    (EPISODE, {"found_with": [{"agency": POLICE}]}, "line 3: found_with.0.id: is required"),
    (EPISODE, {"found_with": source("P77", POLICE)}, "line 3: found_with: must be a list"),
    (EPISODE, {"status": "found"}, "line 3: status: must be one of: open, closed"),
    (EPISODE, {"found_postcode": "X" * 11}, "line 3: found_postcode: must be 10 characters or fewer"),
    (EPISODE, {"grade": "high"}, "line 3: grade: is not a field of this type"),
    (INTERVIEW, {"outcome": "refused"}, "line 3: outcome: must be one of: accepted, declined, null"),
    (INTERVIEW, {"episode": "MIS42"}, "line 3: episode: must be an object"),
    (INTERVIEW, {"attempts": [{"note": "x"}]}, "line 3: attempts.0.attempted_at: is required"),
    (INTERVIEW, {"childs_words": 7}, "line 3: childs_words: must be text or null"),
    (INTERVIEW, {"interviewer": "x" * 201}, "line 3: interviewer: must be 200 characters or fewer"),
    (
        PARK,
        {"kind": "place"},
        "line 3: kind: must be one of: location, peer_group, education_setting, online_space",
    ),
    (
        PARK,
        {"location_type": "pub"},
        "line 3: location_type: must be one of: park, shop, takeaway, transport_hub, hotel, house, "
        "cuckooed_home, other, null",
    ),
    (PARK, {"latitude": 91}, "line 3: latitude: must be 90 or less"),
    (PARK, {"longitude": -180.5}, "line 3: longitude: must be -180 or more"),
    (PARK, {"latitude": "54.6"}, "line 3: latitude: must be a number or null"),
    (PARK, {"urn": "12345"}, "line 3: urn: must be 6 digits, not '12345'"),
    (PARK, {"name": ""}, "line 3: name: must not be empty"),
    (
        PARK_LINK,
        {"relationship": "visits"},
        "line 3: relationship: must be one of: attends, frequents, found_at, member_of, exploited_at, lives_at",
    ),
    (PARK_LINK, {"weighting": 5}, "line 3: weighting: must be one of: 1, 2, 3, 4, null"),
    (
        PARK_LINK,
        {"start": "09/01/2021"},
        "line 3: start: must be a real date written YYYY-MM-DD, not '09/01/2021'",
    ),
    (
        PARK_LINK,
        {"source_kind": "rumour"},
        "line 3: source_kind: must be one of: concern, missing_episode, return_interview, intelligence, "
        "meeting, other",
    ),
    (PARK_LINK, {"source_ref": "CON12"}, "line 3: source_ref: is not a field of this type"),
]


@pytest.mark.parametrize(("index", "change", "expected"), BAD)
def test_a_bad_record_names_the_field_and_reason(index: int, change: dict[str, Any], expected: str) -> None:
    assert expected in schema_errors({**harm_records()[index], **change})


# --- import -----------------------------------------------------------------------------------


def import_harm(records: list[dict[str, Any]] | None = None) -> Any:
    add_pathway_users()
    return records_import(actor=None, lines=as_lines(records or harm()))


@pytest.mark.django_db
def test_import_creates_episodes_interviews_contexts_and_links() -> None:
    report = import_harm()

    assert report.counts["missing_episode"].created == 2
    assert report.counts["return_interview"].created == 1
    assert (report.counts["context"].created, report.counts["context_link"].created) == (2, 2)
    assert counts() == IMPORTED
    jade = Person.objects.get(source_id="C104")
    liam = Person.objects.get(source_id="P77")
    episode = MissingEpisode.objects.get(source_agency__code=POLICE, source_id="MIS42")
    assert (episode.person, episode.missing_from, episode.risk_grade, episode.status) == (
        jade,
        "care",
        "high",
        "closed",
    )
    assert (episode.reported_by.code, episode.recorded_by.username) == (POLICE, DSL)  # type: ignore[union-attr]
    assert episode.returned_at == datetime(2021, 1, 9, 15, 45, tzinfo=UTC)
    assert (episode.found_postcode, episode.how_returned) == ("CA1 2AB", "found_by_police")
    assert list(episode.found_with.all()) == [liam]
    assert list(episode.gradings.values_list("grade", "graded_at", "graded_by__username", "reason")) == [
        ("medium", datetime(2021, 1, 8, 22, 10, tzinfo=UTC), DSL, ""),
        (
            "high",
            datetime(2021, 1, 9, 6, 0, tzinfo=UTC),
            None,
            "Seen in a car with an adult linked to county lines.",
        ),
    ]
    still_missing = MissingEpisode.objects.get(source_id="MIS43")
    assert (still_missing.status, still_missing.returned_at, still_missing.gradings.count()) == (
        "open",
        None,
        0,
    )

    interview = ReturnInterview.objects.get(source_agency__code=RHI_PROVIDER, source_id="RHI881")
    assert interview.episode == episode
    assert interview.due_at == episode.returned_at + timedelta(hours=72)
    assert (interview.provider.code, interview.outcome, interview.interviewer) == (  # type: ignore[union-attr]
        RHI_PROVIDER,
        "accepted",
        "Sam Example",
    )
    assert not interview.completed_late
    assert interview.childs_words == "I only went because they said I owed them."
    assert (interview.before, interview.harm_or_threats) == ("", "")
    assert list(interview.attempts.values_list("note", "recorded_by__username")) == [
        ("Did not want to talk today.", DSL)
    ]
    assert list(interview.people_named.all()) == [liam]

    park = Context.objects.get(source_id="CTX7")
    assert (park.kind, park.location_type, park.area.code, park.postcode) == (  # type: ignore[union-attr]
        "location",
        "park",
        "allerdale",
        "CA14 2AA",
    )
    assert (park.latitude, park.longitude) == (Decimal("54.642600"), Decimal("-3.548200"))
    assert (park.raised_by.username, park.raised_by_agency.code) == (DSL, CSC)  # type: ignore[union-attr]
    chat = Context.objects.get(source_id="CTX8")
    assert (chat.platform, chat.online_account, chat.area, chat.latitude) == (
        "Snapchat",
        "wtown_crew",
        None,
        None,
    )
    link = ContextLink.objects.get(source_id="CTXL31")
    assert (link.person, link.context, link.relationship, link.weighting) == (jade, park, "found_at", 4)
    assert (link.source_kind, link.source_ref, link.recorded_by_agency.code) == ("missing_episode", "", CSC)  # type: ignore[union-attr]
    other = ContextLink.objects.get(source_id="CTXL32")
    assert (other.person, other.context, other.source_kind, other.weighting) == (liam, chat, "other", None)


@pytest.mark.django_db
def test_importing_twice_creates_and_updates_nothing() -> None:
    import_harm()
    grading_ids = list(RiskGrading.objects.order_by("pk").values_list("pk", flat=True))

    again = records_import(actor=None, lines=as_lines(harm()))

    assert (again.created, again.updated) == (0, 0)
    for record_type, unchanged in (
        ("missing_episode", 2),
        ("return_interview", 1),
        ("context", 2),
        ("context_link", 2),
    ):
        assert again.counts[record_type].unchanged == unchanged
    assert counts() == IMPORTED
    assert list(RiskGrading.objects.order_by("pk").values_list("pk", flat=True)) == grading_ids
    assert {episode.version for episode in MissingEpisode.objects.all()} == {1}
    assert ReturnInterview.objects.get().version == 1


@pytest.mark.django_db
def test_same_source_pair_updates_and_replaces_the_nested_lists() -> None:
    import_harm()
    gradings = harm_records()[EPISODE]["gradings"][:1]
    gradings[0]["grade"] = "high"
    returned = "2021-01-09T18:00:00+00:00"

    report = records_import(
        actor=None,
        lines=as_lines(
            harm(
                episode={"gradings": gradings, "found_with": [], "returned_at": returned},
                interview={"due_at": None, "attempts": [], "people_named": []},
                park={"latitude": 54.64261234, "longitude": -3.5482},
                park_link={"weighting": None, "end": "2021-06-30"},
            )
        ),
    )

    assert (report.counts["missing_episode"].updated, report.counts["missing_episode"].unchanged) == (1, 1)
    assert (report.counts["return_interview"].updated, report.counts["context"].updated) == (1, 1)
    assert report.counts["context_link"].updated == 1
    episode = MissingEpisode.objects.get(source_id="MIS42")
    assert episode.version == 2
    assert list(episode.gradings.values_list("grade", flat=True)) == ["high"]
    assert not episode.found_with.exists()
    interview = ReturnInterview.objects.get()
    assert interview.due_at == datetime(2021, 1, 12, 18, 0, tzinfo=UTC)
    assert not interview.attempts.exists() and not interview.people_named.exists()
    assert Context.objects.get(source_id="CTX7").latitude == Decimal("54.642612")
    link = ContextLink.objects.get(source_id="CTXL31")
    assert (link.weighting, str(link.end)) == (None, "2021-06-30")
    assert counts() == (2, 1, 1, 0, 2, 2, 0, 0)


@pytest.mark.django_db
def test_a_later_return_moves_the_due_time_of_an_interview_not_in_the_file() -> None:
    import_harm()
    episode = {**harm_records()[EPISODE], "returned_at": "2021-01-10T09:00:00+00:00"}

    records_import(actor=None, lines=as_lines([episode]))

    assert ReturnInterview.objects.get().due_at == datetime(2021, 1, 13, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_an_interview_may_follow_an_episode_already_in_lantern() -> None:
    records = harm()
    import_harm([record for record in records if record["type"] != "return_interview"])

    report = records_import(actor=None, lines=as_lines([harm_records()[INTERVIEW]]))

    assert report.counts["return_interview"].created == 1
    assert ReturnInterview.objects.get().episode.source_id == "MIS42"


@pytest.mark.django_db
def test_an_episode_already_with_an_interview_in_lantern_may_not_have_another_or_reopen() -> None:
    import_harm()
    second = {**harm_records()[INTERVIEW], "source": source("RHI999", RHI_PROVIDER)}
    reopened = {**harm_records()[EPISODE], "status": "open", "returned_at": None}

    assert rejected([second]) == [
        f"line 1: episode: already has a return interview ({RHI_PROVIDER}/RHI881) in Lantern"
    ]
    assert rejected([reopened]) == [
        f"line 1: status: must be closed: the episode has a return interview ({RHI_PROVIDER}/RHI881) in Lantern"
    ]


LINE = FIRST
CHECKS = [
    (
        {"episode": {"person": source("C999")}},
        f"line {LINE}: person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
    (
        {"episode": {"reported_by": "nowhere"}},
        f"line {LINE}: reported_by: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    ({"episode": {"recorded_by": "nobody"}}, f"line {LINE}: recorded_by: no Lantern user 'nobody'"),
    (
        {"episode": {"found_with": [source("P99", POLICE)]}},
        f"line {LINE}: found_with.0: no person with source {POLICE}/P99 earlier in the file or in Lantern",
    ),
    (
        {"episode": {"found_with": [source("C104")]}},
        f"line {LINE}: found_with: names the child who went missing",
    ),
    (
        {"episode": {"last_seen_at": "2021-01-09T00:00:00+00:00"}},
        f"line {LINE}: reported_at: is before last_seen_at",
    ),
    (
        {"episode": {"returned_at": "2021-01-08T19:00:00+00:00"}, "interview": {"due_at": None}},
        f"line {LINE}: returned_at: is before last_seen_at",
    ),
    (
        {"episode": {"risk_grade": "medium"}},
        f"line {LINE}: risk_grade: must be the grade of the latest grading (high)",
    ),
    (
        {
            "episode": {
                "gradings": [
                    {"grade": "medium", "graded_at": "2021-01-09T00:00:00Z"},
                    {"grade": "high", "graded_at": "2021-01-08T23:00:00Z", "graded_by": "ghost"},
                ]
            }
        },
        [
            f"line {LINE}: gradings.1.graded_at: is before the grading before it",
            f"line {LINE}: gradings.1.graded_by: no Lantern user 'ghost'",
        ],
    ),
    (
        {"open_episode": {"status": "closed"}},
        f"line {LINE + 1}: returned_at: is required when status is closed",
    ),
    (
        {"open_episode": {"returned_at": "2021-02-02T08:00:00Z"}},
        f"line {LINE + 1}: returned_at: must be null while status is open",
    ),
    (
        {"interview": {"episode": source("MIS43", POLICE)}},
        f"line {LINE + 2}: episode: is still open: an interview follows the child's return",
    ),
    (
        {"interview": {"episode": source("MIS99", POLICE)}},
        f"line {LINE + 2}: episode: no missing episode with source {POLICE}/MIS99 earlier in the file or in Lantern",
    ),
    (
        {"interview": {"due_at": "2021-01-12T09:00:00+00:00"}},
        f"line {LINE + 2}: due_at: must be 72 hours after the episode's returned_at (2021-01-12T15:45:00+00:00)",
    ),
    (
        {"interview": {"offered_at": "2021-01-09T10:00:00+00:00"}},
        f"line {LINE + 2}: offered_at: is before the child returned",
    ),
    (
        {"interview": {"attempts": [{"attempted_at": "2021-01-09T12:00:00Z"}]}},
        f"line {LINE + 2}: attempts.0.attempted_at: is before the child returned",
    ),
    (
        {"interview": {"completed_at": "2021-01-10T09:00:00+00:00"}},
        f"line {LINE + 2}: completed_at: is before offered_at",
    ),
    (
        {"interview": {"outcome": "declined"}},
        f"line {LINE + 2}: outcome: must be accepted when completed_at is given",
    ),
    (
        {"interview": {"interviewer": ""}},
        f"line {LINE + 2}: interviewer: is required when completed_at is given",
    ),
    (
        {"interview": {"provider": "nowhere"}},
        f"line {LINE + 2}: provider: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    (
        {"interview": {"people_named": [source("P99", POLICE)]}},
        f"line {LINE + 2}: people_named.0: no person with source {POLICE}/P99 earlier in the file or in Lantern",
    ),
    (
        {"interview": {"attempts": [{"attempted_at": "2021-01-10T10:00:00Z", "recorded_by": "ghost"}]}},
        f"line {LINE + 2}: attempts.0.recorded_by: no Lantern user 'ghost'",
    ),
    ({"park": {"location_type": None}}, f"line {LINE + 3}: location_type: is required for a location"),
    ({"park": {"longitude": None}}, f"line {LINE + 3}: latitude: must be given with longitude, or neither"),
    (
        {"park": {"area": "kendal"}},
        f"line {LINE + 3}: area: no area 'kendal' earlier in the file or in Lantern",
    ),
    (
        {"park": {"raised_by_agency": "nowhere"}},
        f"line {LINE + 3}: raised_by_agency: no agency 'nowhere' earlier in the file or in Lantern",
    ),
    ({"chat": {"platform": " "}}, f"line {LINE + 4}: platform: is required for an online space"),
    (
        {"chat": {"kind": "education_setting"}},
        f"line {LINE + 4}: education_setting_type: is required for an education setting",
    ),
    (
        {"park_link": {"context": source("CTX99")}},
        f"line {LINE + 5}: context: no context with source {CSC}/CTX99 earlier in the file or in Lantern",
    ),
    ({"park_link": {"end": "2021-01-01"}}, f"line {LINE + 5}: end: is before start"),
    (
        {"park_link": {"person": source("C999")}},
        f"line {LINE + 5}: person: no person with source {CSC}/C999 earlier in the file or in Lantern",
    ),
    ({"park_link": {"recorded_by": "nobody"}}, f"line {LINE + 5}: recorded_by: no Lantern user 'nobody'"),
    (
        {"park_link": {"recorded_by_agency": "lantern"}},
        f"line {LINE + 5}: recorded_by_agency: no agency 'lantern' earlier in the file or in Lantern",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "expected"), CHECKS)
def test_a_bad_line_names_line_and_field_and_changes_nothing(
    changes: dict[str, Any], expected: str | list[str]
) -> None:
    add_pathway_users()
    assert rejected(harm(**changes)) == (expected if isinstance(expected, list) else [expected])


@pytest.mark.django_db
def test_a_schema_error_names_its_line_and_changes_nothing() -> None:
    add_pathway_users()
    assert rejected(harm(park_link={"weighting": "high"})) == [
        f"line {LINE + 5}: weighting: must be one of: 1, 2, 3, 4, null"
    ]


@pytest.mark.django_db
def test_records_referring_to_a_bad_line_are_not_also_reported() -> None:
    add_pathway_users()
    assert rejected(harm(episode={"status": "lost"}, park={"kind": "place"})) == [
        f"line {LINE}: status: must be one of: open, closed",
        f"line {LINE + 3}: kind: must be one of: location, peer_group, education_setting, online_space",
    ]


@pytest.mark.django_db
def test_two_interviews_for_one_episode_and_repeated_records_are_refused() -> None:
    add_pathway_users()
    records = harm()
    second = {**harm_records()[INTERVIEW], "source": source("RHI882", RHI_PROVIDER)}
    records.append(second)
    records.append(copy.deepcopy(records[LINE + 3 - 1]))
    assert rejected(records) == [
        f"line {len(records) - 1}: episode: already has a return interview ({RHI_PROVIDER}/RHI881) on line "
        f"{LINE + 2}",
        f"line {len(records)}: source: repeats the context on line {LINE + 3}",
    ]


@pytest.mark.django_db
def test_an_interview_and_a_link_must_come_after_their_episode_and_context() -> None:
    add_pathway_users()
    records = harm()
    interview = records.pop(LINE + 2 - 1)
    records.insert(LINE - 1, interview)
    link = records.pop(LINE + 5 - 1)
    records.insert(LINE - 1, link)
    assert rejected(records) == [
        f"line {LINE}: context: no context with source {CSC}/CTX7 earlier in the file or in Lantern",
        f"line {LINE + 1}: episode: no missing episode with source {POLICE}/MIS42 earlier in the file or in "
        "Lantern",
    ]


# --- the REST API (the same service) ----------------------------------------------------------


def test_the_api_accepts_episodes_interviews_contexts_and_links(world: Any) -> None:
    add_pathway_users()
    client = api_client_for(world.partnership_admin)

    response = client.post(RECORDS, harm(), format="json")

    assert response.status_code == 200, response.content
    created = response.json()["created"]
    assert (created["missing_episode"], created["return_interview"]) == (2, 1)
    assert (created["context"], created["context_link"]) == (2, 2)
    again = client.generic("POST", RECORDS, "".join(as_lines(harm())), content_type="application/x-ndjson")
    assert again.status_code == 200
    assert sum(again.json()["created"].values()) == sum(again.json()["updated"].values()) == 0
    assert counts() == IMPORTED


def test_the_api_names_a_bad_line_and_changes_nothing(world: Any) -> None:
    add_pathway_users()
    records = harm(interview={"due_at": "2021-01-12T09:00:00+00:00"})

    response = api_client_for(world.partnership_admin).post(RECORDS, records, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": LINE + 2,
            "field": "due_at",
            "reason": "must be 72 hours after the episode's returned_at (2021-01-12T15:45:00+00:00)",
        }
    ]
    assert counts() == (0,) * 8
    assert not Person.objects.filter(source_id="C104").exists()


def test_the_api_refuses_these_records_from_an_outsider(world: Any) -> None:
    add_pathway_users()
    response = api_client_for(world.outsider_b).post(RECORDS, harm(), format="json")

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="interchange", username=world.outsider_b.username
    ).exists()
    assert counts() == (0,) * 8
