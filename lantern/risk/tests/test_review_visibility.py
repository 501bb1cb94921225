"""The reviews-due list reads need-to-know as subqueries of person ids (no join to every person):
the same assessments as ``person_visible_q`` allows, for every kind of access."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.core.testing import involve, make_agency, make_person, make_user
from lantern.people.models import Person
from lantern.people.selectors import person_visible_q
from lantern.risk.models import RiskAssessment
from lantern.risk.selectors import _visible_assessments_q, risk_review_list_for, risk_review_page
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _due(person: Person, days: int) -> RiskAssessment:
    today = timezone.localdate()
    return make_assessment(
        person, assessed_on=today - timedelta(days=60), next_review_due=today + timedelta(days=days)
    )


def _listed(user: object) -> set[int]:
    return {assessment.pk for assessment in risk_review_list_for(user).assessments}


def _allowed(user: object) -> set[int]:
    """What ``person_visible_q`` allows, read the plain way (a join to the person)."""
    return set(
        RiskAssessment.objects.filter(person_visible_q(user, "person__"), closed_on__isnull=True).values_list(
            "pk", flat=True
        )
    )


def test_every_reader_sees_what_person_visible_q_allows(world: TestWorld) -> None:
    north_involved = _due(world.child, -1)
    north_only = _due(make_person(given_name="Lee", area=world.area_a), 2)
    south_child = make_person(given_name="Kai", area=world.area_b)
    involve(south_child, world.csc_b)
    south = _due(south_child, -3)
    nowhere = _due(make_person(given_name="Ray", area=None), 1)
    everywhere = make_user(
        "whole_front_door", role=Role.FRONT_DOOR, agency=make_agency("mash", name="Partnership MASH")
    )

    assert _listed(world.social_worker_a) == _allowed(world.social_worker_a) == {north_involved.pk}
    assert _listed(world.front_door_a) == _allowed(world.front_door_a) == {north_involved.pk, north_only.pk}
    assert _listed(world.outsider_b) == _allowed(world.outsider_b) == {south.pk}
    assert _listed(everywhere) == {north_involved.pk, north_only.pk, south.pk, nowhere.pk}
    reviews = risk_review_list_for(world.front_door_a)
    assert (reviews.overdue, reviews.due_soon) == (1, 1)


def test_the_area_branch_is_a_subquery_not_a_join_to_every_person(world: TestWorld) -> None:
    sql = str(RiskAssessment.objects.filter(_visible_assessments_q(world.front_door_a)).query)
    assert "JOIN" not in sql
    assert sql.count('"risk_riskassessment"."person_id" IN (SELECT') == 3  # area, break glass, involvement


def test_the_page_uses_the_counts_instead_of_counting_again(world: TestWorld) -> None:
    overdue = [_due(world.child, -days) for days in (3, 2, 1)]
    soon = _due(world.child, 4)
    reviews = risk_review_list_for(world.social_worker_a)
    assert reviews.total == reviews.assessments.count() == 4
    assert risk_review_list_for(world.social_worker_a, due_status="due_soon").total == 1
    page = risk_review_page(reviews, "2", 3)
    assert ([row.pk for row in page.object_list], page.paginator.num_pages) == ([soon.pk], 2)
    assert [row.pk for row in risk_review_page(reviews, 1, 3).object_list] == [row.pk for row in overdue]
