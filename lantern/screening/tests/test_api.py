"""The screening REST endpoints under /api/v1/."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve
from lantern.screening.models import Screening
from lantern.screening.services import screening_create
from lantern.screening.tests.factories import HIGH_CODE, child_aged, completed_screening, indicators_by_code

CATALOGUE = "/api/v1/screening/catalogue/"


def client_for(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def screenings_url(person_id: int) -> str:
    return f"/api/v1/people/{person_id}/screenings/"


def refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def body_for(*, yes: tuple[str, ...] = (), skip: tuple[str, ...] = (), **fields: Any) -> dict[str, Any]:
    answers = [
        {
            "code": code,
            "answer": "yes" if code in yes else "not_known",
            "evidence": "Seen by police" if code in yes else "",
        }
        for code in indicators_by_code()
        if code not in skip
    ]
    return {"answers": answers, "final_level": "high", "outcome": "refer_to_front_door", **fields}


def test_catalogue_lists_domains_indicators_and_rules(world: Any) -> None:
    response = client_for(world.teacher).get(CATALOGUE)
    assert response.status_code == 200
    data = response.json()
    assert data["version_number"] == 1 and data["rules"]["floor_max_age"] == 13
    codes = [i["code"] for d in data["domains"] for i in d["indicators"]]
    assert HIGH_CODE in codes


def test_catalogue_refuses_roles_that_do_not_screen(world: Any) -> None:
    assert client_for(world.auditor).get(CATALOGUE).status_code == 403
    assert refused(world.auditor)
    assert APIClient().get(CATALOGUE).status_code in (401, 403)


def test_record_a_screening_for_a_thirteen_year_old(world: Any) -> None:
    child = child_aged(13, area=world.area_a)
    involve(child, world.police)
    response = client_for(world.police_officer).post(
        screenings_url(child.pk),
        body_for(yes=(HIGH_CODE,), started_from="missing_episode", started_from_id=4),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["suggested_level"], data["final_level"], data["status"]) == ("high", "high", "completed")
    assert data["started_from"] == "missing_episode" and data["started_from_id"] == 4
    assert any(reason.startswith("The floor applied") for reason in data["suggestion_reasons"])
    answer = next(a for a in data["answers"] if a["code"] == HIGH_CODE)
    assert (answer["answer"], answer["evidence"], answer["weight"]) == ("yes", "Seen by police", 3)
    assert data["catalogue"]["version_number"] == 1


def test_record_accepts_indicator_ids(world: Any) -> None:
    body = body_for(final_level="low", outcome="no_further_action")
    by_code = indicators_by_code()
    for answer in body["answers"]:
        answer["indicator"] = by_code[answer.pop("code")].pk
    response = client_for(world.teacher).post(screenings_url(world.child.pk), body, format="json")
    assert response.status_code == 201, response.json()


def test_record_with_unanswered_required_indicators_is_refused_and_nothing_is_saved(world: Any) -> None:
    by_code = indicators_by_code()
    response = client_for(world.teacher).post(
        screenings_url(world.child.pk), body_for(skip=(HIGH_CODE,)), format="json"
    )
    assert response.status_code == 400
    assert f"answer_{by_code[HIGH_CODE].pk}" in response.json()["errors"]
    assert not Screening.objects.exists()


def test_record_needs_a_reason_to_differ_from_the_suggestion(world: Any) -> None:
    response = client_for(world.teacher).post(
        screenings_url(world.child.pk), body_for(final_level="high"), format="json"
    )
    assert response.status_code == 400 and "level_reason" in response.json()["errors"]
    ok = client_for(world.teacher).post(
        screenings_url(world.child.pk),
        body_for(final_level="high", level_reason="Disclosed to the nurse today"),
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["suggested_level"] == "low"


def test_record_rejects_unknown_indicators_and_answers(world: Any) -> None:
    body = body_for()
    body["answers"].append({"code": "made.up", "answer": "yes"})
    response = client_for(world.teacher).post(screenings_url(world.child.pk), body, format="json")
    assert response.status_code == 400 and "answers" in response.json()["errors"]
    bad = body_for()
    bad["answers"][0]["answer"] = "maybe"
    assert (
        client_for(world.teacher).post(screenings_url(world.child.pk), bad, format="json").status_code == 400
    )
    assert not Screening.objects.exists()


def test_record_refuses_an_outsider_and_audits(world: Any) -> None:
    response = client_for(world.outsider_b).post(screenings_url(world.child.pk), body_for(), format="json")
    assert response.status_code == 403
    assert refused(world.outsider_b)
    assert not Screening.objects.exists()


def test_list_and_detail(world: Any) -> None:
    done = completed_screening(world.teacher, world.child, yes=[HIGH_CODE])
    screening_create(actor=world.social_worker_a, person=world.child)
    client = client_for(world.teacher)
    listed = client.get(screenings_url(world.child.pk))
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()] == [done.pk]  # the social worker's draft is theirs
    detail = client.get(f"/api/v1/screenings/{done.pk}/")
    assert detail.status_code == 200 and detail.json()["final_level"] == "medium"
    assert (
        AuditEvent.objects.filter(
            action="view", user_id_ref=world.teacher.pk, person_id_ref=world.child.pk
        ).count()
        >= 2
    )


def test_list_and_detail_refuse_an_outsider(world: Any) -> None:
    done = completed_screening(world.teacher, world.child)
    client = client_for(world.outsider_b)
    assert client.get(screenings_url(world.child.pk)).status_code == 403
    assert client.get(f"/api/v1/screenings/{done.pk}/").status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.outsider_b.pk).count() == 2
