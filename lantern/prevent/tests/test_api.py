"""The learning API: an existing learning system loads courses and attendance."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.prevent.models import Attendance, Course

pytestmark = pytest.mark.django_db


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def test_the_admin_loads_courses_and_attendance_and_resending_adds_nobody_twice(world):
    client = api_client(world.partnership_admin)
    created = client.post(
        "/api/v1/learning/courses/", {"name": "County lines briefing", "refresher_months": 12}, format="json"
    )
    assert created.status_code == 201
    course_id = created.json()["id"]
    assert any(c["name"] == "County lines briefing" for c in client.get("/api/v1/learning/courses/").json())
    body = {
        "course_id": course_id,
        "held_on": "2025-01-15",
        "trainer": "Partnership trainer",
        "usernames": [world.teacher.username, world.nurse.username],
    }
    first = client.post("/api/v1/learning/attendance/", body, format="json")
    assert first.status_code == 200 and first.json()["added"] == 2
    again = client.post("/api/v1/learning/attendance/", body, format="json")
    assert again.json() == {"session_id": first.json()["session_id"], "added": 0}
    assert Attendance.objects.filter(session__course_id=course_id).count() == 2
    unknown = client.post(
        "/api/v1/learning/attendance/", {**body, "usernames": ["nobody_here"]}, format="json"
    )
    assert unknown.status_code == 400 and "nobody_here" in str(unknown.json())


def test_learning_api_refuses_other_roles_and_audits(world):
    course = Course.objects.get(name="Exploitation awareness")
    for user in (world.outsider_b, world.police_analyst):
        client = api_client(user)
        assert client.get("/api/v1/learning/courses/").status_code == 403
        assert client.post("/api/v1/learning/courses/", {"name": "x"}, format="json").status_code == 403
        body = {"course_id": course.pk, "held_on": "2025-01-15", "usernames": [user.username]}
        assert client.post("/api/v1/learning/attendance/", body, format="json").status_code == 403
        assert client.post("/api/v1/learning/attendance/", {}, format="json").status_code == 403
        assert _refused(user)


def test_learning_record_api_follows_the_page_rules(world):
    teacher = api_client(world.teacher)
    assert teacher.get(f"/api/v1/learning/people/{world.teacher.pk}/").status_code == 200
    assert teacher.get(f"/api/v1/learning/people/{world.school_dsl.pk}/").status_code == 403
    assert _refused(world.teacher)
    manager = api_client(world.school_dsl)
    response = manager.get(f"/api/v1/learning/people/{world.teacher.pk}/")
    assert response.status_code == 200 and response.json()["courses"][0]["in_date"] is False


def test_a_team_manager_reads_their_teams_records_through_the_api(world):
    world.social_worker_a.manages_team = True
    world.social_worker_a.save(update_fields=["manages_team"])
    colleague = world.meeting_chair
    colleague.team = world.team_a
    colleague.save(update_fields=["team"])

    manager = api_client(world.social_worker_a)

    assert manager.get(f"/api/v1/learning/people/{colleague.pk}/").status_code == 200
    assert manager.get(f"/api/v1/learning/people/{world.front_door_a.pk}/").status_code == 403
    assert _refused(world.social_worker_a)
    assert (
        api_client(colleague).get(f"/api/v1/learning/people/{world.social_worker_a.pk}/").status_code == 403
    )
    assert _refused(colleague)
