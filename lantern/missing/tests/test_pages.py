"""The missing pages and API: happy paths, and every page and endpoint refusing outsiders with
the refusal audited."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.missing.models import MissingEpisode, RiskGrading
from lantern.missing.services import episode_regrade
from lantern.missing.tests.factories import ago, make_provider, open_episode, returned_episode
from lantern.people.models import Relationship


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def moment(prefix: str, when: Any) -> dict[str, str]:
    local = timezone.localtime(when)
    return {
        f"{prefix}_date_0": str(local.day),
        f"{prefix}_date_1": str(local.month),
        f"{prefix}_date_2": str(local.year),
        f"{prefix}_time": local.strftime("%H:%M"),
    }


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    episode, interview = returned_episode(
        world.social_worker_a, world.child, reported_at=ago(hours=30), returned_at=ago(hours=3)
    )
    still_missing = open_episode(world.social_worker_a, world.child)
    return {"episode": episode, "interview": interview, "open": still_missing}


def _urls(world: Any, records: dict[str, Any]) -> list[str]:
    person, episode, interview = world.child.pk, records["open"].pk, records["interview"].pk
    return [
        reverse("missing:person-episodes", args=[person]),
        reverse("missing:episode-create", args=[person]),
        reverse("missing:philomena-edit", args=[person]),
        reverse("missing:episode-detail", args=[episode]),
        reverse("missing:episode-regrade", args=[episode]),
        reverse("missing:episode-close", args=[episode]),
        reverse("missing:philomena-produce", args=[episode]),
        reverse("missing:philomena-print", args=[episode]),
        reverse("missing:interview-detail", args=[interview]),
        reverse("missing:interview-attempt", args=[interview]),
        reverse("missing:interview-record", args=[interview]),
    ]


def _api_urls(world: Any, records: dict[str, Any]) -> list[str]:
    return [
        reverse("v1:missing-episode-detail", args=[records["open"].pk]),
        reverse("v1:person-missing-episodes", args=[world.child.pk]),
        reverse("v1:return-interview-detail", args=[records["interview"].pk]),
    ]


@pytest.mark.django_db
def test_every_record_page_and_endpoint_refuses_an_outsider(world: Any, records: dict[str, Any]) -> None:
    client = world.client_for(world.outsider_b)
    for url in _urls(world, records):
        AuditEvent.objects.filter(action="access_refused").delete()
        assert client.get(url).status_code == 403, url
        assert refused(world.outsider_b), url
    api = api_client(world.outsider_b)
    for url in _api_urls(world, records):
        AuditEvent.objects.filter(action="access_refused").delete()
        assert api.get(url).status_code == 403, url
        assert refused(world.outsider_b), url
    AuditEvent.objects.filter(action="access_refused").delete()
    response = api.post(
        reverse("v1:missing-episode-create"),
        {
            "person_id": world.child.pk,
            "missing_from": "home",
            "reported_at": ago(hours=1).isoformat(),
            "risk_grade": "low",
        },
        format="json",
    )
    assert response.status_code == 403 and refused(world.outsider_b)


@pytest.mark.django_db
def test_work_lists_refuse_roles_without_casework(world: Any, records: dict[str, Any]) -> None:
    client = world.client_for(world.auditor)
    for name in ("missing:episode-list", "missing:interview-list", "missing:repeat-list"):
        AuditEvent.objects.filter(action="access_refused").delete()
        assert client.get(reverse(name)).status_code == 403, name
        assert refused(world.auditor), name


@pytest.mark.django_db
def test_work_lists_show_outsiders_nothing(world: Any, records: dict[str, Any]) -> None:
    client = world.client_for(world.outsider_b)
    assert world.child.full_name not in client.get(reverse("missing:episode-list")).content.decode()
    assert world.child.full_name not in client.get(reverse("missing:interview-list")).content.decode()


@pytest.mark.django_db
def test_police_see_open_episodes_in_any_area_but_not_closed_ones(
    world: Any, records: dict[str, Any]
) -> None:
    client = world.client_for(world.police_officer)
    page = client.get(reverse("missing:episode-list")).content.decode()
    assert world.child.full_name in page
    assert client.get(reverse("missing:episode-detail", args=[records["open"].pk])).status_code == 200
    assert client.get(reverse("missing:episode-detail", args=[records["episode"].pk])).status_code == 403
    assert refused(world.police_officer)


@pytest.mark.django_db
def test_only_police_may_regrade(world: Any, records: dict[str, Any]) -> None:
    url = reverse("missing:episode-regrade", args=[records["open"].pk])
    client = world.client_for(world.social_worker_a)
    response = client.post(url, {"version": 1, "grade": "high", "reason": "More worried"})
    assert response.status_code == 403 and refused(world.social_worker_a)
    response = world.client_for(world.police_officer).post(
        url, {"version": 1, "grade": "high", "reason": "More worried"}
    )
    assert response.status_code == 302
    assert RiskGrading.objects.filter(episode=records["open"]).count() == 2


@pytest.mark.django_db
def test_record_an_episode_and_its_return_through_the_pages(world: Any) -> None:
    associate = make_person(given_name="Rob", family_name="Older", area=world.area_a)
    Relationship.objects.create(person=world.child, other=associate, kind="associate")
    provider = make_provider()
    client = world.client_for(world.social_worker_a)
    data = {"missing_from": "care", "risk_grade": "medium", **moment("reported_at", ago(hours=5))}
    response = client.post(reverse("missing:episode-create", args=[world.child.pk]), data)
    assert response.status_code == 302
    episode = MissingEpisode.objects.get(person=world.child)
    returned = ago(hours=1)
    close = {
        "version": episode.version,
        "found_where": "Park",
        "found_postcode": "ab1 2cd",
        "found_with": [associate.pk],
        "how_returned": "found_by_police",
        "provider": provider.pk,
        **moment("returned_at", returned),
    }
    response = client.post(reverse("missing:episode-close", args=[episode.pk]), close)
    assert response.status_code == 302, response.content.decode()[:3000]
    episode.refresh_from_db()
    assert episode.status == "closed" and list(episode.found_with.all()) == [associate]
    assert episode.found_postcode == "AB1 2CD"
    interview = episode.return_interview
    assert episode.returned_at is not None
    assert interview.due_at == episode.returned_at + timedelta(hours=72)
    listing = client.get(reverse("missing:interview-list")).content.decode()
    assert "Due" in listing and world.child.full_name in listing


@pytest.mark.django_db
def test_an_invalid_episode_form_keeps_what_was_typed(world: Any) -> None:
    client = world.client_for(world.social_worker_a)
    response = client.post(
        reverse("missing:episode-create", args=[world.child.pk]),
        {"missing_from": "care", "last_seen_where": "Bus station", "reported_at_time": "25:99"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and "Bus station" in body


@pytest.mark.django_db
def test_a_stale_regrade_is_shown_as_a_conflict(world: Any, records: dict[str, Any]) -> None:
    episode = records["open"]
    episode_regrade(
        actor=world.police_officer, episode=episode, grade="high", reason="First", expected_version=1
    )
    response = world.client_for(world.police_officer).post(
        reverse("missing:episode-regrade", args=[episode.pk]),
        {"version": 1, "grade": "low", "reason": "Mine"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this record" in body and "Mine" in body


@pytest.mark.django_db
def test_repeat_list_and_person_page_flag(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANTERN_REPEAT_MISSING_EPISODES", "2")
    for hours in (50, 20):
        open_episode(world.social_worker_a, world.child, reported_at=ago(hours=hours))
    client = world.client_for(world.social_worker_a)
    assert world.child.full_name in client.get(reverse("missing:repeat-list")).content.decode()
    person_page = client.get(reverse("people:person-detail", args=[world.child.pk])).content.decode()
    assert "Repeat missing: 2 episodes" in person_page


@pytest.mark.django_db
def test_produce_and_print_the_profile(world: Any, records: dict[str, Any]) -> None:
    client = world.client_for(world.social_worker_a)
    client.post(
        reverse("missing:philomena-edit", args=[world.child.pk]),
        {"version": 0, "description": "Slim, dark curly hair", "medical_needs": "Inhaler"},
    )
    response = client.post(
        reverse("missing:philomena-produce", args=[records["open"].pk]),
        {"to_agency": world.police.pk, "lawful_basis": "safeguarding", "purpose": "To help find the child"},
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Slim, dark curly hair" in body and "Produced for Test Constabulary" in body
    assert AuditEvent.objects.filter(action="share", person_id_ref=world.child.pk).exists()


@pytest.mark.django_db
def test_api_reads_and_creates(world: Any, records: dict[str, Any]) -> None:
    client = api_client(world.social_worker_a)
    data = client.get(reverse("v1:person-missing-episodes", args=[world.child.pk])).json()
    assert len(data["episodes"]) == 2
    detail = client.get(reverse("v1:missing-episode-detail", args=[records["episode"].pk])).json()
    assert detail["return_interview"]["due_at"]
    response = client.post(
        reverse("v1:missing-episode-create"),
        {
            "person_id": world.child.pk,
            "missing_from": "home",
            "reported_at": ago(hours=1).isoformat(),
            "risk_grade": "low",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["risk_grade"] == "low"
    interview = client.get(reverse("v1:return-interview-detail", args=[records["interview"].pk])).json()
    assert interview["clock"] == "due"


@pytest.mark.django_db
def test_chronology_lists_episodes_and_interviews(world: Any, records: dict[str, Any]) -> None:
    body = (
        world.client_for(world.social_worker_a)
        .get(reverse("people:person-detail", args=[world.child.pk]))
        .content.decode()
    )
    assert "Reported missing from care" in body and "Returned from missing" in body
