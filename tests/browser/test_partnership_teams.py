"""The partnership admin finds who manages a team and who is in it (axe-core on each page)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from lantern.accounts.roles import Role
from lantern.core.testing import make_user
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def test_the_admin_goes_from_the_team_list_to_a_team_and_its_manager(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    make_user(
        "mo_manager",
        agency=live_world.csc_a,
        role=Role.CASE_HOLDER,
        team=live_world.team_a,
        manages_team=True,
        first_name="Mo",
        last_name="Manager",
    )
    sign_in(page, live_server.url, live_world.partnership_admin)
    page.goto(f"{live_server.url}/partnership/teams/")
    expect(page.get_by_test_id("team-managers")).to_have_text("Mo Manager")
    assert_accessible(page)

    page.get_by_role("link", name="Exploitation team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploitation team")
    expect(page.get_by_test_id("team-managers")).to_contain_text("Mo Manager")
    members = page.get_by_test_id("team-members")
    expect(members).to_contain_text(live_world.social_worker_a.display_name)
    expect(members).to_contain_text("Mo Manager")
    assert_accessible(page)

    page.get_by_test_id("team-managers").get_by_role("link", name="Mo Manager").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mo Manager")
