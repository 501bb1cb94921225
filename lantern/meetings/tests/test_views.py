from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person
from lantern.meetings import plans_services
from lantern.meetings.models import Action, Meeting, SafetyPlanVersion, TransitionPlan
from lantern.meetings.tests.factories import go_missing, item_for, make_action, make_meeting

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


@pytest.fixture
def setup(world: TestWorld) -> dict[str, Any]:
    go_missing(world, world.child, 3)
    meeting = make_meeting(world)
    item = item_for(meeting, world.child)
    action = make_action(world, item, agency=world.police, due_on=timezone.localdate() + timedelta(days=7))
    plans_services.safety_plan_save(
        actor=world.social_worker_a,
        person=world.child,
        expected_version=0,
        review_on=timezone.localdate() + timedelta(days=30),
        young_persons_words="I feel safe at my nan's.",
    )
    return {"meeting": meeting, "item": item, "action": action}


def _pages(world: TestWorld, s: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(method, url, outsider): each page and the user who must be refused it."""
    m, i, a, p = s["meeting"].pk, s["item"].pk, s["action"].pk, world.child.pk
    outsider, auditor = world.outsider_b, world.auditor
    return [
        ("get", "/meetings/", auditor),
        ("get", "/meetings/new/", outsider),
        ("post", "/meetings/new/", outsider),
        ("get", f"/meetings/{m}/", outsider),
        ("post", f"/meetings/{m}/next/", outsider),
        ("post", f"/meetings/{m}/agenda/refresh/", outsider),
        ("get", f"/meetings/{m}/agenda/add/", outsider),
        ("get", f"/meetings/{m}/attendance/", outsider),
        ("post", f"/meetings/{m}/approve/", outsider),
        ("get", f"/meetings/items/{i}/", outsider),
        ("post", f"/meetings/items/{i}/remove/", outsider),
        ("post", f"/meetings/items/{i}/move/", outsider),
        ("get", f"/meetings/items/{i}/actions/new/", outsider),
        ("get", f"/meetings/items/{i}/amend/", outsider),
        ("get", "/meetings/actions/", auditor),
        ("get", f"/meetings/actions/{a}/", outsider),
        ("get", f"/meetings/people/{p}/safety-plan/", outsider),
        ("get", f"/meetings/people/{p}/safety-plan/versions/1/", outsider),
        ("get", f"/meetings/people/{p}/safety-plan/edit/", outsider),
        ("get", f"/meetings/people/{p}/safety-plan/family/", outsider),
        ("get", "/meetings/transitions/", auditor),
        ("get", f"/meetings/people/{p}/transition-plan/", outsider),
    ]


def test_every_page_refuses_an_outsider_and_audits_it(world: TestWorld, setup: dict[str, Any]) -> None:
    for method, url, user in _pages(world, setup):
        before = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
        response = getattr(world.client_for(user), method)(url)
        assert response.status_code == 403, url
        after = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
        assert after > before, url


def test_every_page_renders_for_the_people_who_use_it(world: TestWorld, setup: dict[str, Any]) -> None:
    chair = world.client_for(world.meeting_chair)
    for method, url, _user in _pages(world, setup):
        if (
            method == "get"
            and "/actions/" not in url
            and "safety-plan" not in url
            and "transition" not in url
        ):
            assert chair.get(url).status_code == 200, url
    worker = world.client_for(world.social_worker_a)
    for url in [
        "/meetings/transitions/",
        f"/meetings/people/{world.child.pk}/safety-plan/",
        f"/meetings/people/{world.child.pk}/safety-plan/versions/1/",
        f"/meetings/people/{world.child.pk}/safety-plan/edit/",
        f"/meetings/people/{world.child.pk}/safety-plan/family/",
        f"/meetings/people/{world.child.pk}/transition-plan/",
    ]:
        assert worker.get(url).status_code == 200, url
    police = world.client_for(world.police_officer)
    assert police.get("/meetings/actions/").status_code == 200
    assert police.get(f"/meetings/actions/{setup['action'].pk}/").status_code == 200


def test_forms_save_through_the_pages(world: TestWorld, setup: dict[str, Any]) -> None:
    chair = world.client_for(world.meeting_chair)
    response = chair.post(
        "/meetings/new/",
        {
            "meeting_type": "mace",
            "area": world.area_a.pk,
            "date_0": "1",
            "date_1": "6",
            "date_2": str(timezone.localdate().year + 1),
            "time": "14:00",
            "recurrence_weeks": "4",
            "chair": world.meeting_chair.pk,
            "invited_agencies": [world.csc_a.pk, world.police.pk],
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.count() == 2
    item = setup["item"]
    response = chair.post(
        f"/meetings/items/{item.pk}/actions/new/",
        {
            "description": "Visit",
            "owner_agency": world.csc_a.pk,
            "owner": "",
            "due_on_0": "1",
            "due_on_1": "1",
            "due_on_2": "2030",
        },
    )
    assert response.status_code == 302 and Action.objects.count() == 2
    stale = chair.post(f"/meetings/items/{item.pk}/", {"version": "0", "summary": "S", "decisions": "D"})
    assert stale.status_code == 200 and b"Someone else changed" in stale.content
    worker = world.client_for(world.social_worker_a)
    response = worker.post(
        f"/meetings/people/{world.child.pk}/safety-plan/edit/",
        {
            "version": "1",
            "young_persons_words": "I like school",
            "review_on_0": "1",
            "review_on_1": "1",
            "review_on_2": "2030",
        },
    )
    assert response.status_code == 302 and SafetyPlanVersion.objects.count() == 2
    response = worker.post(
        f"/meetings/people/{world.child.pk}/transition-plan/",
        {
            "version": "0",
            "receiving_service": "Adult social care",
            "consent": "given",
            "target_handover_on_0": "1",
            "target_handover_on_1": "1",
            "target_handover_on_2": "2030",
            "status": "planning",
        },
    )
    assert response.status_code == 302 and TransitionPlan.objects.count() == 1
    police = world.client_for(world.police_officer)
    response = police.post(
        f"/meetings/actions/{setup['action'].pk}/",
        {"version": "1", "status": "in_progress", "progress": "Started"},
    )
    assert response.status_code == 302


def test_api_endpoints_refuse_outsiders_and_serve_the_caller(world: TestWorld, setup: dict[str, Any]) -> None:
    m, a, p = setup["meeting"].pk, setup["action"].pk, world.child.pk
    refusals = [
        ("get", "/api/v1/meetings/", world.auditor),
        ("get", f"/api/v1/meetings/{m}/agenda/", world.outsider_b),
        ("get", "/api/v1/meeting-actions/", world.auditor),
        ("patch", f"/api/v1/meeting-actions/{a}/", world.outsider_b),
        ("get", f"/api/v1/people/{p}/safety-plan/", world.outsider_b),
    ]
    for method, url, user in refusals:
        response = (
            getattr(api_client(user), method)(url, {}, format="json")
            if method == "patch"
            else api_client(user).get(url)
        )
        assert response.status_code == 403, url
        assert _refused(user), url
    police = api_client(world.police_officer)
    assert [row["id"] for row in police.get("/api/v1/meeting-actions/").json()] == [a]
    assert police.get(f"/api/v1/meetings/{m}/agenda/").status_code == 200
    updated = police.patch(
        f"/api/v1/meeting-actions/{a}/", {"expected_version": 1, "status": "completed"}, format="json"
    )
    assert updated.status_code == 200 and updated.json()["status"] == "completed"
    stale = police.patch(
        f"/api/v1/meeting-actions/{a}/", {"expected_version": 1, "status": "open"}, format="json"
    )
    assert stale.status_code == 409
    assert api_client(world.meeting_chair).get("/api/v1/meetings/").json()[0]["id"] == m
    plan = api_client(world.social_worker_a).get(f"/api/v1/people/{p}/safety-plan/").json()
    assert plan["plan"]["young_persons_words"] == "I feel safe at my nan's."


def test_meetings_decisions_actions_and_plans_are_on_the_chronology(
    world: TestWorld, setup: dict[str, Any]
) -> None:
    from lantern.chronology.registry import chronology_for

    kinds = {entry.kind for entry in chronology_for(world.child, world.social_worker_a)}
    assert {"meeting", "meeting_action", "safety_plan"} <= kinds


def test_attendance_and_apologies_are_recorded_and_shown(world: TestWorld, setup: dict[str, Any]) -> None:
    chair = world.client_for(world.meeting_chair)
    meeting = setup["meeting"]
    response = chair.post(
        f"/meetings/{meeting.pk}/attendance/", {"user": world.police_officer.pk, "status": "apologies"}
    )
    assert response.status_code == 302
    page = chair.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "(Test Constabulary): sent apologies" in page


def test_the_meeting_page_explains_the_rules_links_to_reviews_not_proposed_and_pages(
    world: TestWorld, settings: Any
) -> None:
    from lantern.meetings import services
    from lantern.meetings.tests.factories import assess

    settings.MEETINGS_AGENDA_REVIEW_CAP = 1
    for _ in range(2):
        child = make_person(area=world.area_a)
        involve(child, world.csc_a)
        assess(world, child, review_due=timezone.localdate() + timedelta(days=5))
    meeting = make_meeting(world)
    for number in range(50):
        services.agenda_item_add(actor=world.meeting_chair, meeting=meeting, reason=f"Theme {number}")
    client = world.client_for(world.meeting_chair)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Why items are proposed" in page
    assert "1 more risk review due before the next meeting is not on this agenda" in page
    assert f"/risk/reviews/?area={meeting.area_id}" in page
    assert "Items 1 to 50 of 51." in page
    second = client.get(f"/meetings/{meeting.pk}/?page=2").content.decode()
    assert "Items 51 to 51 of 51." in second
    assert "51. Added by the coordinator" in second
    assert "Theme 49" in second
    officer = world.client_for(world.police_officer).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "more risk review" not in officer
    api = api_client(world.meeting_chair).get(f"/api/v1/meetings/{meeting.pk}/agenda/?page=2").json()
    assert (api["page"], api["pages"], api["count"], api["reviews_not_proposed"]) == (2, 2, 51, 1)
    assert len(api["agenda"]) == 1
