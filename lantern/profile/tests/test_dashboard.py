"""The dashboard and the drill-down from a count to the children behind it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

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


def test_dashboard_filters_by_exploitation_type_and_trend_period(world: Any, children: Any) -> None:
    sexual = make_person(area=world.area_a, given_name="Ash", family_name="Filtered")
    assess(sexual, date(2020, 12, 1), exploitation_type="sexual")
    client = world.client_for(world.social_worker_a)
    response = client.get(
        reverse("profile:dashboard"), {**AS_AT, "exploitation_type": "sexual", "months": "3"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "sexual exploitation only" in page
    assert 'data-testid="type-filter-definition"' in page and "records with no child are left out" in page
    assert "Trends over the last 3 months" in page
    assert page.count('<th scope="col" class="govuk-table__header govuk-table__header--numeric">2020-') == 3
    # the drill-down lists the children of the type counted
    assert "key=sexual.high&amp;area=total&amp;exploitation_type=sexual&amp;months=3" in page
    assert response.context["bars"][0]["rows"] == [
        {"key": "sexual.high", "label": "Sexual exploitation: High", "value": 1}
    ]
    assert response.context["trend_points"][-1]["population"] == 1
    everyone = client.get(reverse("profile:dashboard"), AS_AT)
    assert everyone.context["trend_points"][-1]["population"] == 3
    assert len(everyone.context["trend_points"]) == 12
    event = AuditEvent.objects.filter(action="view", object_type="profile_dashboard").first()
    assert event is not None and {
        event.detail["months"]
        for event in AuditEvent.objects.filter(object_type="profile_dashboard", action="view")
    } == {3, 12}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("months", "5", "Select a valid choice"), ("exploitation_type", "gossip", "Select a valid choice")],
)
def test_dashboard_shows_errors_for_bad_filters(world: Any, field: str, value: str, message: str) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("profile:dashboard"), {**AS_AT, field: value}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "dashboard-as-at" not in page
    assert "govuk-error-summary" in page and message in page


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


def _drilldown_links(page: str) -> dict[str, int]:
    """Each drill-down link on a dashboard page and the count it is on."""
    found = re.findall(r'data-testid="drilldown-link" href="([^"]+)">(\d+)<', page)
    return {href.replace("&amp;", "&"): int(count) for href, count in found}


def test_drill_down_under_a_type_filter_lists_exactly_the_children_counted(world: Any, children: Any) -> None:
    """Every count on the filtered dashboard, followed by someone who may see every child of the
    area, lists as many children as it counts, and only children of that type."""
    ash = make_person(area=world.area_a, given_name="Ash", family_name="Filtered")
    assess(ash, date(2020, 12, 1), exploitation_type="sexual", level="medium")
    moved_on = make_person(area=world.area_a, given_name="Kai", family_name="Moved")
    assess(moved_on, date(2020, 6, 1), exploitation_type="sexual")  # open, but not the latest
    assess(moved_on, date(2020, 11, 1), exploitation_type="criminal")
    lee = make_person(area=world.area_a, given_name="Lee", family_name="Earlier")
    assess(lee, date(2020, 9, 1), exploitation_type="sexual", level="high")  # overdue
    client = world.client_for(world.front_door_a)
    response = client.get(reverse("profile:dashboard"), {**AS_AT, "exploitation_type": "sexual"})
    links = _drilldown_links(response.content.decode())
    assert len(links) >= 5 and all("exploitation_type=sexual" in href for href in links)
    not_open = next(count for href, count in links.items() if "table=care_status&key=not_open" in href)
    assert not_open == 2  # Ash and Lee; 5 children for all types
    for href, count in links.items():
        page = client.get(href).content.decode()
        assert page.count('data-testid="drilldown-row"') == count, href
        assert "Kai Moved" not in page and "Jade Smith" not in page
        assert (
            '<dd class="govuk-summary-list__value" data-testid="drilldown-type">Sexual exploitation</dd>'
            in page
        )
    unfiltered = _drilldown_links(client.get(reverse("profile:dashboard"), AS_AT).content.decode())
    assert next(count for href, count in unfiltered.items() if "key=not_open" in href) == 5
    events = AuditEvent.objects.filter(action="view", object_type="profile_drilldown")
    assert {event.detail["exploitation_type"] for event in events} == {"sexual"}


def test_drill_down_back_link_keeps_the_dashboard_filters(world: Any, children: Any) -> None:
    page = world.client_for(world.social_worker_a).get(DRILL + "&exploitation_type=criminal&months=6")
    back = re.search(r'class="govuk-back-link" href="([^"]+)"', page.content.decode())
    assert back is not None
    query = parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query)
    assert query == {
        "as_at_0": ["31"],
        "as_at_1": ["12"],
        "as_at_2": ["2020"],
        "area": ["north"],
        "months": ["6"],
        "exploitation_type": ["criminal"],
    }


@pytest.mark.parametrize("name", ["police_analyst", "partnership_admin"])
def test_a_filtered_drill_down_is_still_refused_to_counts_only_roles(
    world: Any, children: Any, name: str
) -> None:
    user = getattr(world, name)
    response = world.client_for(user).get(DRILL + "&exploitation_type=criminal")
    assert response.status_code == 403 and "Jade" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action="access_refused", user_id_ref=user.pk, object_type="profile_drilldown"
    ).exists()
    assert not AuditEvent.objects.filter(action="view", object_type="profile_drilldown").exists()
