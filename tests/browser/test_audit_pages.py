"""The auditor's pages in a real browser, with axe-core (WCAG 2.2 AA) on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from lantern.audit.services import audit_record
from lantern.core.testing import TEST_PASSWORD, totp_code
from tests.browser.fixtures import assert_accessible

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def test_an_auditor_searches_reads_and_verifies_the_trail(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    for n in range(60):
        audit_record(actor=live_world.social_worker_a, action="view", object_type="person", object_id=n)
    audit_record(
        actor=live_world.outsider_b,
        action="break_glass",
        object_type="person",
        object_id=live_world.child.pk,
        person_id=live_world.child.pk,
        purpose="Found in our area overnight; police asked for history",
    )
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill(live_world.auditor.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Security code").fill(totp_code(live_world.auditor))
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Audit trail").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.locator("table")).to_contain_text("Found in our area overnight")
    assert_accessible(page)
    page.get_by_role("link", name="Older events").click()
    assert "page=2" in page.url
    assert_accessible(page)

    page.get_by_label("Action").select_option("break_glass")
    page.get_by_role("button", name="Apply filters").click()
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit event")
    expect(page.locator("main")).to_contain_text("Reason given")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the audit trail").click()
    page.get_by_role("button", name="Verify the trail").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("Audit trail intact")
    assert_accessible(page)
