"""The repeat missing list's filters: area, and children already screened (the meeting agenda's
"N more children missing repeatedly" link uses both)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person
from lantern.missing.selectors import repeat_without_screening_list_for
from lantern.missing.tests.factories import ago, open_episode
from lantern.screening.models import IndicatorCatalogue, Screening, ScreeningStatus

pytestmark = pytest.mark.django_db


def _missing(world: Any, area: Any, times: int) -> Any:
    person = make_person(area=area)
    involve(person, world.csc_a)
    for day in range(times):
        open_episode(world.social_worker_a, person, reported_at=ago(days=day + 1))
    return person


def _screened(person: Any) -> None:
    catalogue = IndicatorCatalogue.objects.create(name="Test", version_number=98, published_at=timezone.now())
    Screening.objects.create(
        person=person,
        catalogue=catalogue,
        status=ScreeningStatus.COMPLETED,
        final_level="medium",
        completed_at=timezone.now(),
    )


@pytest.fixture
def missing(world: Any) -> dict[str, Any]:
    return {
        "in_a": _missing(world, world.area_a, 3),
        "screened_in_a": _missing(world, world.area_a, 4),
        "in_b": _missing(world, world.area_b, 3),
    }


def test_the_list_keeps_screened_children_out_unless_asked(world: Any, missing: dict[str, Any]) -> None:
    _screened(missing["screened_in_a"])
    _rule, unscreened = repeat_without_screening_list_for(world.social_worker_a)
    assert missing["screened_in_a"] not in list(unscreened)
    _rule, everyone = repeat_without_screening_list_for(world.social_worker_a, include_screened=True)
    assert everyone.first() == missing["screened_in_a"]  # most episodes first
    assert missing["in_a"] in list(everyone)


def test_the_list_filters_by_area(world: Any, missing: dict[str, Any]) -> None:
    _rule, in_a = repeat_without_screening_list_for(world.social_worker_a, area_id=world.area_a.pk)
    assert set(in_a) == {missing["in_a"], missing["screened_in_a"]}
    _rule, in_b = repeat_without_screening_list_for(world.social_worker_a, area_id=world.area_b.pk)
    assert list(in_b) == [missing["in_b"]]


def test_the_page_applies_both_filters_and_audits_them(world: Any, missing: dict[str, Any]) -> None:
    _screened(missing["screened_in_a"])
    client = world.client_for(world.social_worker_a)
    body = client.get(f"/missing/repeat/?area={world.area_a.pk}&screening=any").content.decode()
    assert '<h1 class="govuk-heading-l">Repeat missing</h1>' in body
    assert missing["screened_in_a"].full_name in body and missing["in_a"].full_name in body
    assert missing["in_b"].full_name not in body
    event = AuditEvent.objects.filter(object_type="repeat_missing_list").latest("pk")
    assert event.detail["area_id"] == world.area_a.pk and event.detail["include_screened"] is True
    default = client.get("/missing/repeat/").content.decode()
    assert "Repeat missing without a screening" in default
    assert missing["screened_in_a"].full_name not in default


def test_the_filtered_page_refuses_a_role_without_casework_and_audits_it(world: Any) -> None:
    response = world.client_for(world.auditor).get(f"/missing/repeat/?area={world.area_a.pk}&screening=any")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.auditor.pk).exists()


def test_an_outsider_sees_no_other_areas_children_in_the_filtered_list(
    world: Any, missing: dict[str, Any]
) -> None:
    body = world.client_for(world.outsider_b).get(f"/missing/repeat/?area={world.area_a.pk}&screening=any")
    assert body.status_code == 200
    assert missing["in_a"].full_name not in body.content.decode()
