"""The screening pages in a real browser: autosave, the evidence reveal, the error summary, the
suggestion and completion, each page checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, Route, expect

from lantern.core.testing import involve
from lantern.screening.models import Screening, ScreeningAnswer
from lantern.screening.tests.factories import HIGH_CODE, child_aged, indicators_by_code
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


# A form post re-renders the whole page: on a loaded machine that can take longer than
# Playwright's five-second default for expectations.
PAGE_LOAD_MS = 15_000


def _stored(screening: Screening, indicator_id: int) -> tuple[str, str]:
    answer = ScreeningAnswer.objects.filter(screening=screening, indicator_id=indicator_id).first()
    return (answer.answer, answer.evidence) if answer else ("", "")


def _start_screening(page: Page, base_url: str, child: Any) -> Screening:
    page.goto(f"{base_url}/screening/person/{child.pk}/")
    page.get_by_role("button", name="Start a screening").click()
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploitation screening")
    return Screening.objects.get()


def test_a_teacher_screens_a_thirteen_year_old(live_server: Any, page: Page, live_world: TestWorld) -> None:
    child = child_aged(13, area=live_world.area_a, given_name="Kai")
    involve(child, live_world.school_a)
    sign_in(page, live_server.url, live_world.teacher)
    page.goto(f"{live_server.url}/screening/person/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Start a screening").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploitation screening")
    assert_accessible(page)

    screening = Screening.objects.get()
    by_code = indicators_by_code(screening.catalogue)
    high = by_code[HIGH_CODE]
    evidence = page.locator(f"#id_evidence_{high.pk}")
    expect(evidence).to_be_hidden()
    page.locator(f"#id_answer_{high.pk}_0").check()  # yes
    expect(evidence).to_be_visible()
    evidence.fill("Found with £400 and two phones near the station")
    evidence.blur()
    # What the practitioner sees once the last change has arrived (not an earlier save's status).
    status = page.get_by_test_id("autosave-status")
    expect(status).to_have_attribute("data-autosave-state", "saved", timeout=PAGE_LOAD_MS)
    expect(status).to_contain_text("Draft saved automatically")
    assert _stored(screening, high.pk) == ("yes", "Found with £400 and two phones near the station")

    # A reload (as after signing in again) returns to the draft as it was saved.
    page.reload()
    expect(page.locator(f"#id_answer_{high.pk}_0")).to_be_checked()
    expect(evidence).to_have_value("Found with £400 and two phones near the station")

    page.get_by_role("button", name="Save and continue to review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Answer \u201cTravelling without explanation, or found out of area", timeout=PAGE_LOAD_MS
    )
    assert_accessible(page)
    expect(page.locator(f"#id_answer_{high.pk}_0")).to_be_checked()

    for code, indicator in by_code.items():
        if code != HIGH_CODE:
            page.locator(f"#id_answer_{indicator.pk}_1").check()  # no
    page.get_by_label("Professional judgement").fill("Older males are collecting Kai from school.")
    page.get_by_role("button", name="Save and continue to review").click()
    expect(page.get_by_test_id("suggested-level")).to_have_text("High", timeout=PAGE_LOAD_MS)
    expect(page.get_by_test_id("suggestion-reasons")).to_contain_text("The floor applied: the child is 13")
    assert_accessible(page)

    page.get_by_role("radio", name="Medium").check()
    page.get_by_role("radio", name="Refer to front door").check()
    page.get_by_role("button", name="Complete the screening").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the final level differs", timeout=PAGE_LOAD_MS
    )
    assert_accessible(page)
    page.get_by_role("radio", name="High").check()
    page.get_by_role("button", name="Complete the screening").click()
    expect(page.get_by_test_id("final-level")).to_have_text("High", timeout=PAGE_LOAD_MS)
    expect(page.get_by_test_id("catalogue-version")).to_contain_text("version 1")
    assert_accessible(page)


@pytest.mark.parametrize("autosave_answer", ["never", "server_error"])
def test_the_button_sends_the_form_whatever_happens_to_a_save_on_its_way(
    live_server: Any, page: Page, live_world: TestWorld, autosave_answer: str
) -> None:
    """A person is never stuck: a save that hangs or fails does not hold the button press back."""
    child = child_aged(13, area=live_world.area_a, given_name="Kai")
    involve(child, live_world.school_a)
    sign_in(page, live_server.url, live_world.teacher)
    screening = _start_screening(page, live_server.url, child)
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    held: list[Route] = []

    def answer_autosave(route: Route) -> None:
        if autosave_answer == "never":
            held.append(route)  # the request stays on its way until the page leaves
        else:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server error</h1>")

    page.route("**/autosave/", answer_autosave)
    page.locator(f"#id_answer_{high.pk}_0").check()
    status = page.get_by_test_id("autosave-status")
    expected_state = "saving" if autosave_answer == "never" else "failed"
    expect(status).to_have_attribute("data-autosave-state", expected_state)

    page.get_by_role("button", name="Save and continue to review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer", timeout=PAGE_LOAD_MS)
    expect(page.locator(f"#id_answer_{high.pk}_0")).to_be_checked()
    assert _stored(screening, high.pk) == ("yes", "")


def test_catalogue_admin_pages_are_accessible(live_server: Any, page: Page, live_world: TestWorld) -> None:
    indicators_by_code()  # the default catalogue, reinstalled if an earlier test emptied the tables
    sign_in(page, live_server.url, live_world.partnership_admin)
    page.goto(f"{live_server.url}/screening/catalogue/")
    assert_accessible(page)
    page.get_by_role("button", name="Edit into a new version").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what changed in this version")
    assert_accessible(page)
    page.get_by_label("What changed in this version").fill("Annual review")
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.get_by_test_id("catalogue-version")).to_have_text("2 (current)")
