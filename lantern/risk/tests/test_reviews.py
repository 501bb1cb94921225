from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person
from lantern.people.models import BreakGlass
from lantern.risk.selectors import risk_review_list_for, risk_review_overdue_since
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld
    from lantern.people.models import Person
    from lantern.risk.models import RiskAssessment

URL = "/risk/reviews/"


def _due_in(person: Person, days: int, **fields: object) -> RiskAssessment:
    today = timezone.localdate()
    return make_assessment(
        person,
        assessed_on=today - timedelta(days=60),
        next_review_due=today + timedelta(days=days),
        **fields,
    )


def _ids(user: object, **filters: object) -> list[int]:
    return [assessment.pk for assessment in risk_review_list_for(user, **filters).assessments]  # type: ignore[arg-type]


def test_the_url_name() -> None:
    assert reverse("risk:review-list") == URL


def test_lists_overdue_and_due_soon_most_overdue_first(world: TestWorld) -> None:
    soon = _due_in(world.child, 3)
    overdue = _due_in(world.child, -10)
    very_overdue = _due_in(world.child, -40)
    _due_in(world.child, 30)  # not due yet
    _due_in(world.child, -5, closed_on=timezone.localdate())  # closed
    assert _ids(world.social_worker_a) == [very_overdue.pk, overdue.pk, soon.pk]


def test_scoped_to_people_the_user_may_see(world: TestWorld) -> None:
    north = _due_in(world.child, -1)
    south_child = make_person(given_name="Kai", family_name="Brown", area=world.area_b)
    involve(south_child, world.csc_b)
    south = _due_in(south_child, -1)
    uninvolved_north = _due_in(make_person(given_name="Lee", family_name="Green", area=world.area_a), -2)
    assert _ids(world.outsider_b) == [south.pk]
    assert _ids(world.social_worker_a) == [north.pk]
    assert sorted(_ids(world.front_door_a)) == sorted([north.pk, uninvolved_north.pk])
    assert _ids(world.police_officer) == []
    BreakGlass.objects.create(
        user=world.police_officer,
        person=south_child,
        reason="Missing overnight",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert _ids(world.police_officer) == [south.pk]


def test_an_ended_involvement_no_longer_shows(world: TestWorld) -> None:
    _due_in(world.child, -1)
    world.child.involvements.filter(agency=world.csc_a).update(end=timezone.localdate() - timedelta(days=1))
    assert _ids(world.social_worker_a) == []
    assert _ids(world.meeting_chair) == []


def test_filters(world: TestWorld) -> None:
    by_worker = _due_in(world.child, -3, assessed_by=world.social_worker_a)
    by_chair = _due_in(world.child, 5, assessed_by=world.meeting_chair)
    user = world.front_door_a
    assert _ids(user, worker_id=world.meeting_chair.pk) == [by_chair.pk]
    assert _ids(user, team_id=world.team_a.pk) == [by_worker.pk]
    assert _ids(user, due_status="overdue") == [by_worker.pk]
    assert _ids(user, due_status="due_soon") == [by_chair.pk]
    assert _ids(user, area_id=world.area_b.pk) == []
    assert _ids(user, area_id=world.area_a.pk) == [by_worker.pk, by_chair.pk]


def test_the_page_shows_counts_and_filters_by_get(world: TestWorld) -> None:
    for days in (-20, -2, 1, 13, 14):
        _due_in(world.child, days)
    client = world.client_for(world.social_worker_a)
    html = client.get(URL).content.decode()
    assert "2 overdue, 3 due in the next 14 days" in html
    assert html.count('data-testid="review-row"') == 5
    filtered = client.get(URL, {"due_status": "overdue"}).content.decode()
    assert filtered.count('data-testid="review-row"') == 2
    assert "2 overdue, 3 due in the next 14 days" in filtered
    event = AuditEvent.objects.filter(action="view", object_type="risk_review_list").latest("pk")
    assert event.detail["filters"] == {"due_status": "overdue"}


def test_the_page_is_paginated(world: TestWorld) -> None:
    for _ in range(52):
        _due_in(world.child, -1)
    client = world.client_for(world.social_worker_a)
    first = client.get(URL).content.decode()
    assert first.count('data-testid="review-row"') == 50
    assert "Page 1 of 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert second.count('data-testid="review-row"') == 2


def test_an_invalid_filter_is_shown_as_an_error(world: TestWorld) -> None:
    _due_in(world.child, -1)
    response = world.client_for(world.social_worker_a).get(URL, {"area": "999999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'data-testid="review-row"' not in html


@pytest.mark.parametrize(
    "role_user", ["police_analyst", "partnership_admin", "auditor", "teacher", "school_dsl"]
)
def test_roles_that_do_not_review_risk_are_refused(world: TestWorld, role_user: str) -> None:
    user = getattr(world, role_user)
    response = world.client_for(user).get(URL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", user_id_ref=user.pk, object_type="risk_review_list"
    ).exists()


def test_the_query_count_does_not_grow_with_rows(world: TestWorld) -> None:
    client = world.client_for(world.front_door_a)
    _due_in(world.child, -1, assessed_by=world.social_worker_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for index in range(10):
        person = make_person(given_name=f"Child{index}", family_name="North", area=world.area_a)
        _due_in(person, -index, assessed_by=world.meeting_chair, agency=world.csc_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.content.decode().count('data-testid="review-row"') == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_nav_shows_reviews_due_to_risk_recording_roles(world: TestWorld) -> None:
    assert "Reviews due" in world.client_for(world.social_worker_a).get(URL).content.decode()
    home = world.client_for(world.teacher).get(reverse("core:home")).content.decode()
    assert "Reviews due" not in home


# --- The person page banner ----------------------------------------------------------------


def test_the_person_page_warns_when_the_latest_open_review_is_overdue(world: TestWorld) -> None:
    due = timezone.localdate() - timedelta(days=3)
    make_assessment(world.child, assessed_on=due - timedelta(days=30), next_review_due=due)
    assert risk_review_overdue_since(world.child) == due
    html = world.client_for(world.teacher).get(reverse("people:person-detail", args=[world.child.pk]))
    text = html.content.decode()
    assert 'data-testid="risk-review-overdue-banner"' in text
    assert f"Risk assessment review overdue since {due.day} {due:%B} {due.year}" in text


@pytest.mark.parametrize("days", [0, 10])
def test_no_banner_when_the_review_is_not_overdue(world: TestWorld, days: int) -> None:
    _due_in(world.child, days)
    response = world.client_for(world.social_worker_a).get(
        reverse("people:person-detail", args=[world.child.pk])
    )
    assert "risk-review-overdue-banner" not in response.content.decode()


def test_no_banner_when_the_overdue_assessment_is_superseded_or_closed(world: TestWorld) -> None:
    today = timezone.localdate()
    make_assessment(
        world.child, assessed_on=today - timedelta(days=90), next_review_due=today - timedelta(days=40)
    )
    make_assessment(
        world.child, assessed_on=today - timedelta(days=2), next_review_due=today + timedelta(days=20)
    )
    assert risk_review_overdue_since(world.child) is None
    response = world.client_for(world.social_worker_a).get(
        reverse("people:person-detail", args=[world.child.pk])
    )
    assert "risk-review-overdue-banner" not in response.content.decode()
    other = make_person(given_name="Ola", family_name="White", area=world.area_a)
    make_assessment(other, next_review_due=today - timedelta(days=1), closed_on=today)
    assert risk_review_overdue_since(other) is None
