from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused
from lantern.risk.selectors import (
    risk_assessment_current_for,
    risk_assessment_get_for,
    risk_assessment_is_up_to_date,
    risk_assessment_list_for,
)
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def test_the_list_is_newest_first_with_the_current_one(world: TestWorld) -> None:
    older = make_assessment(world.child, assessed_on=date(2024, 11, 1), level="medium")
    newer = make_assessment(
        world.child, assessed_on=date(2025, 1, 1), level="high", closed_on=date(2025, 2, 1)
    )
    history = risk_assessment_list_for(world.social_worker_a, world.child.pk)
    assert history.person == world.child
    assert history.assessments == [newer, older]
    assert history.current == older
    assert history.review_overdue is True
    assert history.can_record is True


def test_reading_the_list_is_audited_as_a_view_of_the_person(world: TestWorld) -> None:
    risk_assessment_list_for(world.social_worker_a, world.child.pk)
    view = AuditEvent.objects.get(action="view", object_type="person")
    assert view.person_id_ref == world.child.pk
    assert view.purpose == "Risk assessments"


def test_a_teacher_at_an_involved_school_may_read_but_not_record(world: TestWorld) -> None:
    make_assessment(world.child)
    history = risk_assessment_list_for(world.teacher, world.child.pk)
    assert len(history.assessments) == 1
    assert history.can_record is False


@pytest.mark.parametrize("who", ["outsider_b", "police_analyst", "auditor"])
def test_people_without_a_need_to_know_are_refused_and_audited(world: TestWorld, who: str) -> None:
    user = getattr(world, who)
    assessment = make_assessment(world.child)
    with pytest.raises(AccessRefused):
        risk_assessment_list_for(user, world.child.pk)
    with pytest.raises(AccessRefused):
        risk_assessment_get_for(user, assessment.pk)
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() == 2


def test_asking_for_a_missing_assessment_is_refused_like_any_other(world: TestWorld) -> None:
    with pytest.raises(AccessRefused):
        risk_assessment_get_for(world.social_worker_a, 424242)
    refusal = AuditEvent.objects.get(action="access_refused")
    assert refusal.object_type == "risk_assessment"


def test_current_is_the_latest_open_assessment(world: TestWorld) -> None:
    assert risk_assessment_current_for(world.child) is None
    first = make_assessment(world.child, assessed_on=date(2025, 1, 1))
    make_assessment(world.child, assessed_on=date(2025, 2, 1), closed_on=date(2025, 2, 20))
    assert risk_assessment_current_for(world.child) == first
    latest = make_assessment(world.child, assessed_on=date(2025, 3, 1))
    assert risk_assessment_current_for(world.child) == latest


def test_up_to_date_means_an_open_assessment_in_the_last_month(world: TestWorld) -> None:
    make_assessment(world.child, assessed_on=date(2025, 3, 10))
    assert risk_assessment_is_up_to_date(world.child, date(2025, 3, 10))
    assert risk_assessment_is_up_to_date(world.child, date(2025, 4, 10))
    assert not risk_assessment_is_up_to_date(world.child, date(2025, 4, 11))
    assert not risk_assessment_is_up_to_date(world.child, date(2025, 3, 9)), "not yet assessed on that day"


def test_a_closed_assessment_is_not_up_to_date_after_it_closed(world: TestWorld) -> None:
    make_assessment(world.child, assessed_on=date(2025, 3, 1), closed_on=date(2025, 3, 15))
    assert risk_assessment_is_up_to_date(world.child, date(2025, 3, 14))
    assert not risk_assessment_is_up_to_date(world.child, date(2025, 3, 15))


def test_review_is_not_overdue_before_it_is_due(world: TestWorld) -> None:
    make_assessment(
        world.child, assessed_on=timezone.localdate(), next_review_due=timezone.localdate() + timedelta(1)
    )
    assert risk_assessment_list_for(world.social_worker_a, world.child.pk).review_overdue is False
