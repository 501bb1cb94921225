"""The accounts and partnership pages in a real browser, each checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lantern.core.testing import TEST_PASSWORD, build_world, totp_code
from tests.browser.fixtures import assert_accessible

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(tab: Any, base: str, world: TestWorld) -> None:
    tab.goto(f"{base}/account/login/")
    tab.fill("#id_username", world.partnership_admin.username)
    tab.fill("#id_password", TEST_PASSWORD)
    tab.fill("#id_token", totp_code(world.partnership_admin))
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{base}/home/")


def test_sign_in_errors_are_accessible(live_server: Any, page: Any) -> None:
    build_world()
    page.goto(f"{live_server.url}/account/login/")
    page.fill("#id_username", "someone")
    page.click("button[type=submit]")
    assert "Enter a correct username, password and security code" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_admin_pages_are_accessible(live_server: Any, page: Any) -> None:
    world = build_world()
    base = live_server.url
    _sign_in(page, base, world)
    for path in [
        "/account/profile/",
        "/account/profile/password/",
        "/account/users/",
        "/account/users/new/",
        f"/account/users/{world.nurse.pk}/",
        f"/account/users/{world.nurse.pk}/edit/",
        f"/account/users/{world.nurse.pk}/reset-mfa/",
        "/partnership/",
        "/partnership/edit/",
        "/partnership/areas/",
        "/partnership/areas/new/",
        f"/partnership/areas/{world.area_a.pk}/edit/",
        "/partnership/agencies/",
        "/partnership/agencies/new/",
        f"/partnership/agencies/{world.csc_a.pk}/edit/",
        "/partnership/teams/",
        "/partnership/teams/new/",
        f"/partnership/teams/{world.team_a.pk}/edit/",
    ]:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)

    # A form with errors, then the one-time enrolment page with its QR code.
    page.goto(f"{base}/account/users/new/")
    page.fill("#id_username", "new_worker")
    page.click("button[type=submit]:has-text('Create account')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.fill("#id_first_name", "Nia")
    page.fill("#id_last_name", "Worker")
    page.fill("#id_email", "nia@example.org")
    page.select_option("#id_agency", label="North Children's Services")
    page.check("input[name=role][value=case_holder]")
    page.click("button[type=submit]:has-text('Create account')")
    assert page.locator("svg.lantern-qr-code").is_visible()
    assert_accessible(page)
