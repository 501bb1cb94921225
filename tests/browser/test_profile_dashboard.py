"""The partnership dashboard in a real browser, with axe-core (WCAG 2.2 AA) on every page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from lantern.core.testing import TEST_PASSWORD, make_person, totp_code
from lantern.profile.tests.factories import assess
from tests.browser.fixtures import assert_accessible

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _sign_in(page: Page, base_url: str, user: Any) -> None:
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Security code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern")


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
    _sign_in(page, live_server.url, live_world.social_worker_a)
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
    _sign_in(page, live_server.url, live_world.police_analyst)
    _show_dashboard(page, live_server.url)
    expect(page.get_by_test_id("chart-exploitation")).to_be_visible()
    expect(page.get_by_test_id("table-exploitation").get_by_role("link")).to_have_count(0)
    assert_accessible(page)
    response = page.goto(
        f"{live_server.url}/profile/children/?as_at=2020-12-31&table=exploitation&key=criminal.high&area=total"
    )
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text("Jade Smith")
