"""Risk assessment pages in a real browser, with axe-core (WCAG 2.2 AA) on every page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.risk.models import RiskAssessment
from lantern.risk.tests.factories import make_assessment
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def test_a_social_worker_records_and_closes_an_assessment(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    make_assessment(
        live_world.child, assessed_on=date(2024, 1, 1), next_review_due=date(2024, 2, 1), level="medium"
    )
    sign_in(page, live_server.url, live_world.social_worker_a)
    page.goto(f"{live_server.url}/risk/person/{live_world.child.pk}/")
    expect(page.get_by_test_id("review-overdue")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a risk assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a risk assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the risk level")
    assert_accessible(page)

    page.get_by_role("radio", name="High").check()
    page.get_by_role("radio", name="Criminal exploitation").check()
    page.get_by_role("checkbox", name="County lines").check()
    page.get_by_label("Summary of the assessment").fill("Groomed by older males; found out of area.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("current-level")).to_have_text("High")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "High \N{EN DASH} Criminal exploitation"
    )
    assert_accessible(page)

    newest = RiskAssessment.objects.order_by("-id").first()
    assert newest is not None and newest.other_types == ["county_lines"]
    page.goto(f"{live_server.url}/risk/{newest.pk}/close/")
    assert_accessible(page)
    page.get_by_label("Why is it being closed?").fill("Safety plan in place; she is back at school.")
    page.get_by_role("button", name="Close the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Risk assessment closed")
    newest.refresh_from_db()
    assert newest.closed_on == timezone.localdate()
