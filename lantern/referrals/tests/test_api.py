from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.concerns.tests.factories import make_concern
from lantern.concerns.tests.test_api import api_client
from lantern.core.testing import make_person, make_user
from lantern.referrals.models import Referral
from lantern.referrals.tests.factories import make_referral, make_screening

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

REFERRALS = "/api/v1/referrals/"
QUEUE = "/api/v1/referrals/queue/"


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def _body(world: TestWorld, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "person_id": world.child.pk,
        "reason": "Found with a deal line phone out of area.",
        "consent_sought": False,
        "consent_given": False,
        "reason_without_consent": "Asking would alert the adults exploiting him.",
        "submission_key": "agency-system-key-000000000001",
    }
    body.update(overrides)
    return body


def test_referring_then_sending_the_same_key_again_returns_the_first(world: TestWorld) -> None:
    screening = make_screening(world.child, final_level="high")
    concern = make_concern(world.child, world.teacher)
    client = api_client(world.teacher)
    first = client.post(REFERRALS, _body(world, concern_id=concern.pk), format="json")
    assert first.status_code == 201, first.content
    again = client.post(REFERRALS, _body(world, concern_id=concern.pk), format="json")
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Referral.objects.count() == 1
    data = first.json()
    assert data["screening"]["id"] == screening.pk
    assert data["concern_id"] == concern.pk
    assert data["area"] == "north"


def test_without_consent_a_reason_is_required(world: TestWorld) -> None:
    response = api_client(world.teacher).post(
        REFERRALS, _body(world, reason_without_consent=""), format="json"
    )
    assert response.status_code == 400
    assert "reason_without_consent" in response.json()["errors"]


def test_without_a_key_each_request_makes_a_referral(world: TestWorld) -> None:
    client = api_client(world.teacher)
    assert client.post(REFERRALS, _body(world, submission_key=""), format="json").status_code == 201
    assert client.post(REFERRALS, _body(world, submission_key=""), format="json").status_code == 201
    assert Referral.objects.count() == 2


def test_the_queue_and_a_decision(world: TestWorld) -> None:
    other = make_person(area=world.area_a)
    low = make_referral(
        world.child,
        world.teacher,
        received_at=timezone.now() - timedelta(hours=4),
        screening=make_screening(world.child, final_level="low"),
    )
    high = make_referral(other, world.teacher, screening=make_screening(other, final_level="high"))
    client = api_client(world.front_door_a)
    assert [row["id"] for row in client.get(QUEUE).json()] == [high.pk, low.pk]
    response = client.post(
        f"{REFERRALS}{high.pk}/decision/",
        {"decision": "strategy_discussion_s47", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "strategy_discussion_s47"
    assert response.json()["late"] is False
    assert [row["id"] for row in client.get(QUEUE).json()] == [low.pk]
    assert [row["id"] for row in client.get(QUEUE, {"show": "decided"}).json()] == [high.pk]
    stale = client.post(f"{REFERRALS}{low.pk}/decision/", {"decision": "advice", "version": 7}, format="json")
    assert stale.status_code == 409


@pytest.mark.parametrize("endpoint", ["create", "detail", "queue", "decide"])
def test_the_outsider_is_refused_every_endpoint_and_it_is_audited(world: TestWorld, endpoint: str) -> None:
    referral = make_referral(world.child, world.teacher)
    client = api_client(world.outsider_b)
    response = {
        "create": lambda: client.post(REFERRALS, _body(world), format="json"),
        "detail": lambda: client.get(f"{REFERRALS}{referral.pk}/"),
        "queue": lambda: client.get(QUEUE),
        "decide": lambda: client.post(
            f"{REFERRALS}{referral.pk}/decision/", {"decision": "advice", "version": 1}, format="json"
        ),
    }[endpoint]()
    assert response.status_code == 403
    assert _refused(world.outsider_b)
    assert Referral.objects.count() == 1


def test_a_front_door_of_area_b_cannot_see_area_as_referrals(world: TestWorld) -> None:
    referral = make_referral(world.child, world.teacher)
    front_door_b = make_user("south_front_door", agency=world.csc_b, role=Role.FRONT_DOOR)
    client = api_client(front_door_b)
    assert client.get(QUEUE).json() == []
    assert client.get(f"{REFERRALS}{referral.pk}/").status_code == 403
    decide = client.post(
        f"{REFERRALS}{referral.pk}/decision/", {"decision": "advice", "version": 1}, format="json"
    )
    assert decide.status_code == 403
    assert _refused(front_door_b)


def test_endpoints_need_a_token(world: TestWorld) -> None:
    assert APIClient().get(QUEUE).status_code == 401
    assert APIClient().post(REFERRALS, {}, format="json").status_code == 401
