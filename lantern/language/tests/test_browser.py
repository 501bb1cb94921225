"""The language pages and the live check in a real browser, each page checked with axe-core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lantern.core.testing import TEST_PASSWORD, build_world, totp_code
from lantern.language.models import LanguagePhrase
from tests.browser.fixtures import assert_accessible

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "/static/language/check.js"


def _sign_in(tab: Any, base: str, user: Any) -> None:
    tab.goto(f"{base}/account/login/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", TEST_PASSWORD)
    tab.fill("#id_token", totp_code(user))
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{base}/home/")


def _with_check_script(tab: Any, base: str) -> None:
    """Until the page shell loads language/check.js itself, add it as the shell will."""
    if tab.locator(f"script[src='{SCRIPT}']").count() == 0:
        tab.add_script_tag(url=f"{base}{SCRIPT}")


def test_live_check_shows_the_suggestion_as_the_user_types(live_server: Any, page: Any) -> None:
    world: TestWorld = build_world()
    base = live_server.url
    _sign_in(page, base, world.partnership_admin)
    page.goto(f"{base}/language/phrases/try/")
    _with_check_script(page, base)
    region = page.locator("#id_text-language")
    assert region.get_attribute("aria-live") == "polite"
    page.locator("#id_text").press_sequentially("He is putting himself at risk", delay=5)
    page.wait_for_selector("#id_text-language [data-testid=language-findings]")
    assert (
        "You wrote “putting himself at risk”. Consider: “may have been groomed or is being exploited”."
        in (region.inner_text().replace("\n", " "))
    )
    assert_accessible(page)
    # Correcting the words clears the advice.
    page.fill("#id_text", "He may have been groomed")
    page.locator("#id_text").dispatch_event("input")
    page.wait_for_function("document.querySelector('#id_text-language').innerText.trim() === ''")
    # The check never blocks: the form still submits.
    page.fill("#id_text", "She is promiscuous")
    page.click("button[type=submit]:has-text('Check the text')")
    assert "You wrote “promiscuous”" in page.inner_text("[data-testid=try-result]")


def test_language_pages_are_accessible(live_server: Any, page: Any) -> None:
    world: TestWorld = build_world()
    base = live_server.url
    phrase = LanguagePhrase.objects.get(pattern="sexually active")
    _sign_in(page, base, world.partnership_admin)
    for path in [
        "/language/phrases/",
        "/language/phrases/try/",
        "/language/phrases/new/",
        f"/language/phrases/{phrase.pk}/",
        f"/language/phrases/{phrase.pk}/edit/",
        f"/language/phrases/{phrase.pk}/deactivate/",
    ]:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.goto(f"{base}/language/phrases/new/")
    page.click("button[type=submit]:has-text('Add phrase')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
