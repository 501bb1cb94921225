from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.interchange.services import RecordsRejected, records_import
from lantern.interchange.tests.factories import as_lines, sample_records
from lantern.people.models import Person

SCHEMA = "/api/v1/schema/"
RECORDS = "/api/v1/records/"
EXPORT = "/api/v1/export/"
SEARCH = "/api/v1/people/search/"


def person_url(person_id: int) -> str:
    return f"/api/v1/people/{person_id}/"


def chronology_url(person_id: int) -> str:
    return f"/api/v1/people/{person_id}/chronology/"


def client_for(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def refusals(**filters: Any) -> int:
    return AuditEvent.objects.filter(action="access_refused", **filters).count()


# --- tokens -------------------------------------------------------------------------------


def test_api_token_command_creates_shows_and_rotates_audited(world: Any) -> None:
    first, err = StringIO(), StringIO()
    call_command("api_token", world.partnership_admin.username, stdout=first, stderr=err)
    assert "Created a new token" in err.getvalue()
    again = StringIO()
    call_command("api_token", world.partnership_admin.username, stdout=again, stderr=StringIO())
    assert again.getvalue() == first.getvalue()
    rotated = StringIO()
    call_command("api_token", world.partnership_admin.username, "--rotate", stdout=rotated, stderr=StringIO())
    assert rotated.getvalue() != first.getvalue()
    assert Token.objects.get(user=world.partnership_admin).key == rotated.getvalue().strip()
    events = AuditEvent.objects.filter(action="api_token", object_id=str(world.partnership_admin.pk))
    assert events.count() == 3
    assert all(event.detail["for"] == world.partnership_admin.username for event in events)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", SCHEMA),
        ("post", RECORDS),
        ("get", EXPORT),
        ("post", SEARCH),
        ("get", "person"),
        ("get", "chronology"),
    ],
)
def test_every_endpoint_needs_a_token(world: Any, method: str, url: str) -> None:
    url = {"person": person_url(world.child.pk), "chronology": chronology_url(world.child.pk)}.get(url, url)
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert getattr(bad, method)(url, {}, format="json").status_code == 401


def test_a_signed_in_web_session_is_not_an_api_credential(world: Any) -> None:
    web = world.client_for(world.social_worker_a)
    assert web.get(person_url(world.child.pk)).status_code == 401


# --- schema ---------------------------------------------------------------------------------


def test_schema_is_an_openapi_3_document_of_version_1(world: Any) -> None:
    response = client_for(world.teacher).get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/api/v1/records/",
        "/api/v1/export/",
        "/api/v1/people/search/",
        "/api/v1/people/{person_id}/",
        "/api/v1/people/{person_id}/chronology/",
    }
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    assert "Token" in json.dumps(document["components"]["securitySchemes"])


# --- records --------------------------------------------------------------------------------


def test_partnership_admin_imports_a_json_array(world: Any) -> None:
    response = client_for(world.partnership_admin).post(RECORDS, sample_records(), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["created"]["person"] == 2
    assert "person: 2 created, 0 updated, 0 unchanged" in body["summary"]
    again = client_for(world.partnership_admin).post(RECORDS, sample_records(), format="json").json()
    assert sum(again["created"].values()) == 0
    assert AuditEvent.objects.filter(action="import", username=world.partnership_admin.username).count() == 2


def test_partnership_admin_imports_json_lines(world: Any) -> None:
    body = "".join(as_lines(sample_records()))
    response = client_for(world.partnership_admin).generic(
        "POST", RECORDS, body, content_type="application/x-ndjson"
    )
    assert response.status_code == 200, response.content
    assert response.json()["lines"] == 12
    assert Person.objects.filter(source_id="C104").exists()


def test_records_validation_is_the_same_as_the_command(world: Any) -> None:
    records = sample_records()
    records[5]["date_of_birth"] = "2010-02-30"
    records[7]["person"] = {"agency": "cumbria-csc", "id": "C999"}
    records[11]["level"] = "severe"
    with pytest.raises(RecordsRejected) as from_service:
        records_import(actor=None, lines=as_lines(records))
    people_before = Person.objects.count()

    as_array = client_for(world.partnership_admin).post(RECORDS, records, format="json")
    as_lines_body = client_for(world.partnership_admin).generic(
        "POST", RECORDS, "".join(as_lines(records)), content_type="application/x-ndjson"
    )

    expected = [str(error) for error in from_service.value.line_errors]
    assert len(expected) == 3
    for response in (as_array, as_lines_body):
        assert response.status_code == 400
        assert response.json()["messages"] == expected
        assert response.json()["errors"][0] == {
            "line": 6,
            "field": "date_of_birth",
            "reason": "must be a real date written YYYY-MM-DD, not '2010-02-30'",
        }
    assert Person.objects.count() == people_before
    assert not AuditEvent.objects.filter(action="import").exists()


def test_records_body_must_be_an_array(world: Any) -> None:
    response = client_for(world.partnership_admin).post(RECORDS, {"type": "area"}, format="json")
    assert response.status_code == 400
    assert "JSON array" in response.json()["detail"]


@pytest.mark.parametrize("username", ["outsider_b", "social_worker_a", "police_analyst", "auditor"])
def test_only_a_partnership_admin_may_post_records(world: Any, username: str) -> None:
    user = getattr(world, username)
    response = client_for(user).post(RECORDS, sample_records(), format="json")
    assert response.status_code == 403
    assert refusals(object_type="interchange", username=user.username) == 1
    assert not Person.objects.filter(source_id="C104").exists()


# --- export ---------------------------------------------------------------------------------


def test_partnership_admin_streams_the_export(world: Any) -> None:
    response = client_for(world.partnership_admin).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    content: Any = response
    lines = b"".join(content.streaming_content).decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["type"] == "partnership"
    assert any(record.get("given_name") == "Jade" for record in records)
    assert AuditEvent.objects.get(action="export").username == world.partnership_admin.username


def test_outsider_may_not_export(world: Any) -> None:
    response = client_for(world.outsider_b).get(EXPORT)
    assert response.status_code == 403
    assert refusals(object_type="interchange", username=world.outsider_b.username) == 1
    assert not AuditEvent.objects.filter(action="export").exists()


# --- people ---------------------------------------------------------------------------------


def test_involved_worker_gets_the_person_in_interchange_shape(world: Any) -> None:
    response = client_for(world.social_worker_a).get(person_url(world.child.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "person"
    assert (body["given_name"], body["family_name"], body["area"]) == ("Jade", "Smith", "north")
    assert body["source"] == {"agency": "lantern", "id": f"lantern-{world.child.pk}"}
    view = AuditEvent.objects.get(action="view", person_id_ref=world.child.pk)
    assert view.username == world.social_worker_a.username


def test_outsider_is_refused_the_person_and_the_refusal_audited(world: Any) -> None:
    response = client_for(world.outsider_b).get(person_url(world.child.pk))
    assert response.status_code == 403
    assert "Jade" not in response.content.decode()
    assert refusals(person_id_ref=world.child.pk, username=world.outsider_b.username) == 1


def test_involved_worker_gets_the_chronology(world: Any) -> None:
    response = client_for(world.social_worker_a).get(chronology_url(world.child.pk))
    assert response.status_code == 200
    assert isinstance(response.json(), list)
    assert AuditEvent.objects.filter(action="view", person_id_ref=world.child.pk).exists()


def test_outsider_is_refused_the_chronology_and_the_refusal_audited(world: Any) -> None:
    response = client_for(world.outsider_b).get(chronology_url(world.child.pk))
    assert response.status_code == 403
    assert refusals(person_id_ref=world.child.pk, username=world.outsider_b.username) == 1


def test_search_shows_people_only_as_far_as_need_to_know(world: Any) -> None:
    query = {"name": "Jade Smith", "dob": "2010-03-14"}
    mine = client_for(world.social_worker_a).post(SEARCH, query, format="json")
    assert mine.status_code == 200
    visible = [result for result in mine.json() if result["visible"]]
    assert [result["person_id"] for result in visible] == [world.child.pk]
    assert visible[0]["given_name"] == "Jade"

    theirs = client_for(world.outsider_b).post(SEARCH, query, format="json")
    assert theirs.status_code == 200
    assert theirs.json(), "the outsider learns who to contact"
    for result in theirs.json():
        assert result["visible"] is False
        assert "person_id" not in result
        assert "given_name" not in result
    searches = AuditEvent.objects.filter(action="search")
    assert {event.username for event in searches} == {
        world.social_worker_a.username,
        world.outsider_b.username,
    }
    assert all("Jade" not in json.dumps(event.detail) for event in searches)


def test_search_terms_go_in_the_body_and_need_a_criterion(world: Any) -> None:
    client = client_for(world.social_worker_a)
    assert client.get(SEARCH, {"name": "Jade"}).status_code == 405
    assert client.post(SEARCH, {}, format="json").status_code == 400
    assert client.post(SEARCH, {"dob": "14/03/2010"}, format="json").status_code == 400


@pytest.mark.parametrize("username", ["police_analyst", "partnership_admin", "auditor"])
def test_roles_that_may_not_search_are_refused_and_audited(world: Any, username: str) -> None:
    user = getattr(world, username)
    response = client_for(user).post(SEARCH, {"name": "Jade"}, format="json")
    assert response.status_code == 403
    assert refusals(object_type="person", username=user.username) == 1
