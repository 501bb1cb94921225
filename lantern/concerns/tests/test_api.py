from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.concerns.models import Concern, Notification
from lantern.concerns.tests.factories import make_concern
from lantern.core.testing import make_user

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

CONCERNS = "/api/v1/concerns/"


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def _body(world: TestWorld, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "person_id": world.child.pk,
        "happened_on": "2025-03-01",
        "happened_time": "15:30",
        "categories": ["criminal", "missing"],
        "what_happened": "Found at the station with older males.",
        "childs_words": "I had to go.",
        "immediate_danger": True,
    }
    body.update(overrides)
    return body


def test_recording_a_concern_alerts_the_lead_and_returns_the_guidance(world: TestWorld) -> None:
    mail.outbox.clear()
    response = api_client(world.teacher).post(CONCERNS, _body(world), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["categories"] == ["criminal", "missing"]
    assert data["happened_time"] == "15:30"
    assert data["emergency_guidance"]["emergency"] == "999"
    assert data["emergency_guidance"]["front_door_phone"] == "0300 123 4567"
    assert Notification.objects.get().recipient == world.school_dsl
    assert len(mail.outbox) == 1
    assert "Jade" not in mail.outbox[0].body


def test_invalid_input_is_answered_400_with_the_errors(world: TestWorld) -> None:
    client = api_client(world.teacher)
    response = client.post(CONCERNS, _body(world, categories=[]), format="json")
    assert response.status_code == 400
    response = client.post(CONCERNS, _body(world, happened_on="2999-01-01"), format="json")
    assert response.status_code == 400
    assert "happened_on" in response.json()["errors"]
    assert not Concern.objects.exists()


def test_reading_a_concern_with_its_amendments(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    concern.amendments.create(
        field="what_happened",
        old_value=concern.what_happened,
        new_value="Corrected.",
        reason="Typo",
        amended_by=world.teacher,
        amended_at=concern.created_at,
    )
    data = api_client(world.social_worker_a).get(f"{CONCERNS}{concern.pk}/").json()
    assert data["what_happened"] == "Corrected."
    assert data["original"]["what_happened"] == "Seen getting into a car with older males after school."
    assert data["amendments"][0]["reason"] == "Typo"


def test_listing_a_persons_concerns(world: TestWorld) -> None:
    make_concern(world.child, world.teacher)
    make_concern(world.child, world.nurse)
    response = api_client(world.social_worker_a).get(f"/api/v1/people/{world.child.pk}/concerns/")
    assert response.status_code == 200
    assert {row["agency"] for row in response.json()} == {"north-high", "north-health"}


@pytest.mark.parametrize("endpoint", ["create", "detail", "person"])
def test_the_outsider_is_refused_every_endpoint_and_it_is_audited(world: TestWorld, endpoint: str) -> None:
    concern = make_concern(world.child, world.teacher)
    client = api_client(world.outsider_b)
    if endpoint == "create":
        response = client.post(CONCERNS, _body(world), format="json")
    elif endpoint == "detail":
        response = client.get(f"{CONCERNS}{concern.pk}/")
    else:
        response = client.get(f"/api/v1/people/{world.child.pk}/concerns/")
    assert response.status_code == 403
    assert _refused(world.outsider_b)
    assert Concern.objects.count() == 1


def test_a_dsl_of_another_agency_cannot_read_the_concern(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    other_dsl = make_user("south_dsl", agency=world.csc_b, role=Role.SAFEGUARDING_LEAD)
    assert api_client(other_dsl).get(f"{CONCERNS}{concern.pk}/").status_code == 403
    assert _refused(other_dsl)


def test_endpoints_need_a_token(world: TestWorld) -> None:
    assert APIClient().get(f"{CONCERNS}1/").status_code == 401
    assert APIClient().post(CONCERNS, {}, format="json").status_code == 401
