"""The dashboard and the drill-down from a count to the children behind it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.profile.charts import bar_chart, line_chart, summary_of_bars, summary_of_line
from lantern.profile.tests.factories import assess

AS_AT = {"as_at_0": "31", "as_at_1": "12", "as_at_2": "2020"}
DRILL = reverse("profile:drilldown") + "?as_at=2020-12-31&table=exploitation&key=criminal.high&area=north"


@pytest.fixture
def children(world: Any) -> Any:
    """Jade (north, involved with csc_a) and another north child nobody at csc_a works with."""
    assess(world.child, date(2020, 12, 10))
    stranger = make_person(area=world.area_a, given_name="Rowan", family_name="Unrelated")
    assess(stranger, date(2020, 12, 10))
    return stranger


def test_charts_geometry_and_summaries() -> None:
    chart = bar_chart([("A", 2), ("B", 4), ("C", None)])
    assert [bar.width for bar in chart.bars] == [180.0, 360.0, 0.0]
    assert summary_of_bars("Children", [("A", 2), ("B", 4)]) == "Children: 6 in all; the largest is B with 4."
    line = line_chart([("Jan", 1), ("Feb", None), ("Mar", 2)])
    assert line.polyline == "40.0,100.0 560.0,40.0"
    assert (
        summary_of_line("Children", [("Jan", 1), ("Feb", None), ("Mar", 2)])
        == "Children rose, from 1 at Jan to 2 at Mar."
    )


@pytest.mark.parametrize("name", ["teacher", "nurse", "police_officer", "auditor"])
def test_dashboard_refuses_roles_without_a_need(world: Any, name: str) -> None:
    user = getattr(world, name)
    assert world.client_for(user).get(reverse("profile:dashboard")).status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", user_id_ref=user.pk, object_type="profile_dashboard"
    ).exists()


def test_dashboard_shows_charts_tables_and_counts_only_to_an_analyst(world: Any, children: Any) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("profile:dashboard"), {**AS_AT, "area": "north"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="chart-exploitation"' in page and 'data-testid="table-exploitation"' in page
    assert 'data-testid="table-trends"' in page
    assert "Your role sees counts only." in page
    assert "drilldown-link" not in page
    assert "Unrelated" not in page
    assert AuditEvent.objects.filter(
        action="view", object_type="profile_dashboard", user_id_ref=world.police_analyst.pk
    ).exists()


def test_dashboard_offers_drill_down_to_a_case_holder(world: Any, children: Any) -> None:
    page = world.client_for(world.social_worker_a).get(reverse("profile:dashboard"), AS_AT).content.decode()
    assert "drilldown-link" in page
    assert "key=criminal.high&amp;area=total" in page


def test_dashboard_rejects_an_unknown_area(world: Any) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("profile:dashboard"), {**AS_AT, "area": "atlantis"}
    )
    assert response.status_code == 200
    assert "dashboard-as-at" not in response.content.decode()


@pytest.mark.parametrize("name", ["police_analyst", "partnership_admin", "teacher", "auditor"])
def test_drill_down_is_refused_to_roles_that_see_counts_only(world: Any, children: Any, name: str) -> None:
    user = getattr(world, name)
    response = world.client_for(user).get(DRILL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()
    assert "Unrelated" not in response.content.decode()


def test_drill_down_lists_only_the_children_the_user_may_see(world: Any, children: Any) -> None:
    response = world.client_for(world.social_worker_a).get(DRILL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jade Smith" in page
    assert "Unrelated" not in page  # in the count, but not a child csc_a works with
    event = AuditEvent.objects.get(action="view", object_type="profile_drilldown")
    assert event.detail["shown"] == 1


def test_front_door_sees_every_child_of_its_area(world: Any, children: Any) -> None:
    page = world.client_for(world.front_door_a).get(DRILL).content.decode()
    assert "Jade Smith" in page and "Rowan Unrelated" in page


def test_outsider_case_holder_sees_none_of_another_areas_children(world: Any, children: Any) -> None:
    response = world.client_for(world.outsider_b).get(DRILL)
    assert response.status_code == 200
    assert 'data-testid="drilldown-empty"' in response.content.decode()


@pytest.mark.parametrize(
    ("table", "key", "expected"),
    [
        ("care_status", "not_open", 1),
        ("care_status", "looked_after", 0),
        ("risk_assessment", "up_to_date", 1),
        ("risk_assessment", "overdue", 0),
        ("exploitation_by_sex", "criminal.female", 1),
    ],
)
def test_drill_down_matches_each_table(
    world: Any, children: Any, table: str, key: str, expected: int
) -> None:
    url = reverse("profile:drilldown") + f"?as_at=2020-12-31&table={table}&key={key}&area=total"
    page = world.client_for(world.social_worker_a).get(url).content.decode()
    assert page.count('data-testid="drilldown-row"') == expected


def test_drill_down_rejects_a_malformed_query(world: Any) -> None:
    url = reverse("profile:drilldown") + "?as_at=2020-12-31&table=people&key=x"
    assert world.client_for(world.social_worker_a).get(url).status_code == 400
