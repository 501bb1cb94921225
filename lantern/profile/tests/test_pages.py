"""The profile pages and endpoint: who may use them, and that every use is audited."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.profile.tests.factories import assess

ALLOWED = [
    "police_analyst",
    "partnership_admin",
    "meeting_chair",
    "social_worker_a",
    "front_door_a",
    "outsider_b",
]
REFUSED = ["teacher", "nurse", "police_officer", "school_dsl", "yjs_worker", "auditor"]
DOWNLOAD = reverse("profile:report-download") + "?as_at=2020-12-31&format=csv"


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


@pytest.fixture
def children(world: Any) -> None:
    for _ in range(3):
        assess(make_person(area=world.area_a), date(2020, 12, 10))


@pytest.mark.parametrize("name", REFUSED)
def test_roles_without_a_need_are_refused_everywhere(world: Any, name: str) -> None:
    user = getattr(world, name)
    client = world.client_for(user)
    assert client.get(reverse("profile:report")).status_code == 403
    assert refused(user)
    assert client.get(DOWNLOAD).status_code == 403
    assert api_client(user).get("/api/v1/profile/?as_at=2020-12-31").status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() == 3


def test_anonymous_is_sent_to_sign_in(world: Any) -> None:
    from django.test import Client

    assert Client().get(reverse("profile:report")).status_code == 302
    assert APIClient().get("/api/v1/profile/?as_at=2020-12-31").status_code in {401, 403}


@pytest.mark.parametrize("name", ALLOWED)
def test_allowed_roles_see_counts_and_are_audited(world: Any, children: None, name: str) -> None:
    user = getattr(world, name)
    response = world.client_for(user).get(
        reverse("profile:report"), {"as_at_0": "31", "as_at_1": "12", "as_at_2": "2020"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "As at 31 December 2020" in page
    assert "Criminal exploitation: High" in page
    assert world.child.family_name not in page
    assert AuditEvent.objects.filter(
        action="view", object_type="profile_report", user_id_ref=user.pk
    ).exists()


def test_report_page_shows_todays_profile_without_a_date(world: Any) -> None:
    response = world.client_for(world.police_analyst).get(reverse("profile:report"))
    assert response.status_code == 200
    assert "profile-table-care_status" in response.content.decode()


def test_report_page_rejects_an_impossible_date(world: Any) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("profile:report"), {"as_at_0": "30", "as_at_1": "2", "as_at_2": "2020"}
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()
    assert "profile-as-at" not in response.content.decode()


def test_download_is_audited_as_an_export(world: Any, children: None) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.get(DOWNLOAD + "&suppress=on")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "profile-2020-12-31-suppressed.csv" in response["Content-Disposition"]
    assert "<5" in response.content.decode()
    event = AuditEvent.objects.get(action="export", object_type="profile_report")
    assert event.detail["suppressed"] is True and event.detail["channel"] == "web"
    xlsx = client.get(reverse("profile:report-download") + "?as_at=2020-12-31&format=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("profile:report-download") + "?as_at=yesterday&format=csv").status_code == 400


def test_api_returns_the_profile(world: Any, children: None) -> None:
    client = api_client(world.police_analyst)
    response = client.get("/api/v1/profile/?as_at=2020-12-31")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["as_at"] == "2020-12-31" and body["areas"] == ["north", "south"]
    assert body["tables"]["exploitation"] == [
        {
            "key": "criminal.high",
            "label": "Criminal exploitation: High",
            "counts": {"north": 3, "south": 0, "total": 3},
        }
    ]
    hidden = json.loads(client.get("/api/v1/profile/?as_at=2020-12-31&suppress=true").content)
    assert hidden["tables"]["exploitation"][0]["counts"] == {"north": "<5", "south": 0, "total": "<5"}
    assert client.get("/api/v1/profile/?as_at=31/12/2020").status_code == 400
    assert (
        AuditEvent.objects.filter(object_type="profile_report", user_id_ref=world.police_analyst.pk).count()
        == 2
    )


def test_navigation_offers_the_profile_to_allowed_roles(world: Any) -> None:
    from lantern.core.navigation import nav_items_for

    assert "profile:report" in [item.url_name for item in nav_items_for(world.police_analyst)]
    assert "profile:report" not in [item.url_name for item in nav_items_for(world.teacher)]
