"""The partnership dashboard in a real browser, with axe-core (WCAG 2.2 AA) on every page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from lantern.core.testing import make_person
from lantern.profile.tests.factories import assess
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _show_dashboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/profile/dashboard/")
    page.get_by_role("textbox", name="Day").fill("31")
    page.get_by_role("textbox", name="Month").fill("12")
    page.get_by_role("textbox", name="Year").fill("2020")
    page.get_by_role("button", name="Show the dashboard").click()
    expect(page.get_by_test_id("dashboard-as-at")).to_contain_text("As at 31 December 2020")


def _children(world: TestWorld) -> None:
    assess(world.child, date(2020, 12, 10))
    assess(make_person(area=world.area_a, given_name="Rowan", family_name="Unrelated"), date(2020, 9, 1))


def test_a_case_holder_reads_the_charts_and_drills_down(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    _children(live_world)
    sign_in(page, live_server.url, live_world.social_worker_a)
    _show_dashboard(page, live_server.url)
    for name in ("areas", "exploitation", "care_status", "identification_route", "education"):
        expect(page.get_by_test_id(f"chart-{name}")).to_be_visible()
        expect(page.get_by_test_id(f"table-{name}")).to_be_visible()
    expect(page.get_by_test_id("chart-trend-population")).to_be_visible()
    expect(page.get_by_test_id("table-trends")).to_contain_text("Children with an open risk assessment")
    expect(page.get_by_test_id("table-exploitation")).to_contain_text("Criminal exploitation: High")
    assert_accessible(page)

    page.get_by_test_id("table-exploitation").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children behind a figure")
    expect(page.get_by_test_id("drilldown-table")).to_contain_text("Jade Smith")
    expect(page.get_by_test_id("drilldown-table")).not_to_contain_text("Unrelated")
    assert_accessible(page)


def test_an_analyst_sees_counts_and_is_refused_the_children(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    _children(live_world)
    sign_in(page, live_server.url, live_world.police_analyst)
    _show_dashboard(page, live_server.url)
    expect(page.get_by_test_id("chart-exploitation")).to_be_visible()
    expect(page.get_by_test_id("table-exploitation").get_by_role("link")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(
        f"{live_server.url}/profile/children/?as_at=2020-12-31&table=exploitation&key=criminal.high&area=total"
    )
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text("Jade Smith")


def test_the_map_of_areas_links_each_area_to_its_dashboard(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    west = [[-3.0, 53.0], [-2.5, 53.0], [-2.5, 53.5], [-3.0, 53.5], [-3.0, 53.0]]
    east = [[-2.5, 53.0], [-2.0, 53.0], [-2.0, 53.5], [-2.5, 53.5], [-2.5, 53.0]]
    for area, ring in ((live_world.area_a, west), (live_world.area_b, east)):
        area.boundary = {"type": "Polygon", "coordinates": [ring]}
        area.save()
    _children(live_world)
    sign_in(page, live_server.url, live_world.police_analyst)
    _show_dashboard(page, live_server.url)
    expect(page.get_by_test_id("map-areas")).to_be_visible()
    expect(page.get_by_test_id("chart-areas")).to_have_count(0)
    expect(page.get_by_test_id("table-areas")).to_contain_text("North")
    expect(page.get_by_test_id("map-legend")).to_contain_text("2 children")
    links = page.get_by_test_id("map-area-link")
    expect(links).to_have_count(2)
    expect(links.first).to_have_accessible_name("North: 2 children. Show the dashboard for North")
    assert_accessible(page)

    links.first.focus()
    assert page.evaluate("document.activeElement.dataset.area") == "north"
    fill = page.evaluate("getComputedStyle(document.activeElement.querySelector('path')).fill")
    assert fill == "rgb(255, 221, 0)"  # the focus style: the area turns yellow
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dashboard-as-at")).to_contain_text("As at 31 December 2020, North")
    expect(page.locator('[data-testid="map-area-link"][aria-current="true"]')).to_have_attribute(
        "data-area", "north"
    )
    assert_accessible(page)


def test_the_type_and_trend_period_filters_narrow_the_dashboard(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    _children(live_world)
    assess(
        make_person(area=live_world.area_a, given_name="Ash", family_name="Filtered"),
        date(2020, 12, 1),
        exploitation_type="sexual",
    )
    sign_in(page, live_server.url, live_world.meeting_chair)
    _show_dashboard(page, live_server.url)
    for name in ("intelligence", "disruption", "nrm", "meeting_actions", "transitions", "prevent"):
        expect(page.get_by_test_id(f"table-{name}")).to_be_visible()
    expect(page.get_by_test_id("table-trends")).to_contain_text("Meeting actions overdue")
    page.get_by_role("combobox", name="Exploitation type").select_option("sexual")
    page.get_by_role("combobox", name="Trend period").select_option("6")
    page.get_by_role("button", name="Show the dashboard").click()
    expect(page.get_by_test_id("dashboard-as-at")).to_contain_text("sexual exploitation only")
    expect(page.get_by_test_id("type-filter-definition")).to_contain_text(
        "records with no child are left out"
    )
    expect(
        page.get_by_role(
            "heading", name="Trends over the last 6 months (all areas, sexual exploitation only)"
        )
    ).to_be_visible()
    expect(page.get_by_test_id("table-exploitation")).to_contain_text("Sexual exploitation: High")
    expect(page.get_by_test_id("table-exploitation")).not_to_contain_text("Criminal")
    expect(page.get_by_test_id("table-trends").locator("thead th")).to_have_count(7)
    assert_accessible(page)

    page.get_by_role("combobox", name="Trend period").select_option("24")
    page.get_by_role("textbox", name="Month").fill("13")
    page.get_by_role("button", name="Show the dashboard").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
