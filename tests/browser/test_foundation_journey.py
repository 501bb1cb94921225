"""A practitioner's first journey, as a person would take it, with axe on every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lantern.audit.models import AuditEvent
from lantern.core.testing import TestWorld
from tests.browser.fixtures import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_social_worker_finds_a_child_by_a_misspelt_name_and_reads_the_chronology(
    live_server, page: Page, live_world: TestWorld
):
    sign_in(page, live_server.url, live_world.social_worker_a, check_accessible=True)

    page.get_by_role("link", name="Find a person").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do we know this child?")
    assert_accessible(page)
    page.get_by_label("Name").fill("Jade Smiht")
    page.get_by_role("button", name="Search").click()
    result = page.get_by_test_id("search-result").first
    expect(result).to_contain_text("Jade Smith")
    assert_accessible(page)
    # The search terms never reach the address bar or the server's request log.
    assert "Smiht" not in page.url

    result.get_by_role("link", name="Jade Smith").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jade Smith")
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    expect(page.locator("main")).to_contain_text("North Children's Services")
    assert_accessible(page)
    assert AuditEvent.objects.filter(
        action="view", person_id_ref=live_world.child.pk, username=live_world.social_worker_a.username
    ).exists()


def test_outsider_is_refused_and_the_auditor_sees_the_refusal(live_server, page: Page, live_world: TestWorld):
    sign_in(page, live_server.url, live_world.outsider_b, check_accessible=True)
    response = page.goto(f"{live_server.url}/people/{live_world.child.pk}/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("do not have access")
    assert "Jade" not in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_test_id("sign-out").click()

    sign_in(page, live_server.url, live_world.auditor, check_accessible=True)
    page.get_by_role("link", name="Audit trail").first.click()
    page.get_by_label("Person record number").fill(str(live_world.child.pk))
    page.get_by_label("Action").select_option("access_refused")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table")).to_contain_text(live_world.outsider_b.username)
    assert_accessible(page)
