"""Concern to referral to front-door decision in a real browser, with axe-core on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from lantern.referrals.tests.factories import make_screening
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def test_concern_triage_referral_and_decision(live_server: Any, page: Page, live_world: TestWorld) -> None:
    world = live_world
    world.area_a.emergency_guidance = "North: after 999, ring the MASH duty line."
    world.area_a.save()
    make_screening(world.child, final_level="high", outcome="strategy_discussion")

    sign_in(page, live_server.url, world.teacher)
    page.goto(f"{live_server.url}/people/{world.child.pk}/")
    page.get_by_role("link", name="Record a concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a concern")
    guidance = page.locator("#conditional-immediate-danger")
    expect(guidance).to_be_hidden()
    page.get_by_role("radio", name="Yes").check()
    expect(guidance).to_be_visible()
    expect(guidance).to_contain_text("North: after 999, ring the MASH duty line.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the concern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one category")
    expect(guidance).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="Criminal exploitation").check()
    page.get_by_label("What happened?").fill("Seen at the station with older males at 11pm.")
    page.get_by_role("button", name="Save the concern").click()
    expect(page.get_by_test_id("immediate-danger")).to_contain_text("ring the MASH duty line")
    assert_accessible(page)

    sign_in(page, live_server.url, world.school_dsl)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name="please triage it").first.click()
    page.get_by_role("button", name="Triage this concern").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Refer to the front door").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to the front door")
    expect(page.get_by_test_id("screening")).to_contain_text("High")
    assert_accessible(page)
    page.get_by_label("Why are you referring?").fill("Exploited by older males; deal line phone found.")
    page.get_by_role("group", name="Did you ask for consent to refer?").get_by_role(
        "radio", name="No"
    ).check()
    page.get_by_role("group", name="Was consent given?").get_by_role("radio", name="No").check()
    page.get_by_label("If consent was not given").fill("Asking would alert the adults exploiting him.")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_test_id("consent")).to_have_text("Not sought")
    assert_accessible(page)

    sign_in(page, live_server.url, world.front_door_a)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Referral queue").click()
    assert_accessible(page)
    page.get_by_test_id("queue-row").first.get_by_role("link").click()
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Strategy discussion (s47)").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Strategy discussion (s47)")
    assert_accessible(page)
    page.goto(f"{live_server.url}/referrals/queue/?show=decided")
    assert_accessible(page)
