"""The MACE journey in a real browser, with axe-core (WCAG 2.2 AA) on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.core.testing import involve, make_person
from lantern.meetings.tests.factories import assess, go_missing
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _fill_date(page: Page, day: Any) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def _add_action(page: Page, item_number: int, text: str, agency: str, due: Any) -> None:
    page.get_by_role("link", name=f"Add an action for item {item_number}").click()
    assert_accessible(page)
    page.locator("textarea[name=description]").fill(text)
    page.get_by_label("Owner agency").select_option(label=agency)
    _fill_date(page, due)
    page.get_by_role("button", name="Agree the action").click()
    expect(page.locator("main")).to_contain_text("Action agreed")


def test_a_coordinator_runs_a_mace_and_each_agency_sees_its_actions(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    world = live_world
    today = timezone.localdate()
    review_due = make_person(given_name="Amira", family_name="Review", area=world.area_a)
    involve(review_due, world.csc_a)
    assess(world, review_due, review_due=today + timedelta(days=10))
    missing = make_person(given_name="Leon", family_name="Missing", area=world.area_a)
    involve(missing, world.csc_a)
    go_missing(world, missing, 3)

    sign_in(page, live_server.url, world.meeting_chair)
    page.get_by_role("link", name="Meetings").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)
    page.get_by_label("MACE (child-focused)").check()
    page.get_by_label("Area").select_option(label="North")
    _fill_date(page, today + timedelta(days=1))
    page.get_by_label("Time of the meeting").fill("14:00")
    page.get_by_label("Repeat every (weeks)").fill("4")
    page.get_by_label("North Children's Services").check()
    page.get_by_label("Test Constabulary").check()
    page.get_by_role("button", name="Schedule the meeting").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting")
    items = page.get_by_test_id("agenda-item")
    expect(items.filter(has_text="Amira Review")).to_contain_text("Risk review due")
    expect(items.filter(has_text="Leon Missing")).to_contain_text("Missing 3 times")
    assert_accessible(page)
    titles = [text.strip() for text in items.locator("h3").all_inner_texts()]
    leon = next(n for n, title in enumerate(titles, start=1) if "Leon Missing" in title)

    page.get_by_role("link", name=f"Minute item {leon}").click()
    assert_accessible(page)
    page.get_by_label("Summary of the discussion").fill("Three missing episodes; found with older males.")
    page.locator("textarea[name=decisions]").fill("Refer to the exploitation team.")
    page.get_by_label("High").check()
    page.get_by_label("Primary type of exploitation").select_option(label="Criminal exploitation")
    page.get_by_role("button", name="Save the minutes").click()
    expect(items.filter(has_text="Leon Missing")).to_contain_text("High")

    due = today + timedelta(days=7)
    _add_action(
        page, leon, "Visit the family with the young person's consent.", "North Children's Services", due
    )
    _add_action(page, leon, "Disruption visit to the address of concern.", "Test Constabulary", due)
    assert_accessible(page)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_test_id("minutes-status")).to_contain_text("Approved")
    expect(page.get_by_role("link", name=f"Minute item {leon}")).to_have_count(0)
    assert_accessible(page)

    # The actions fall due before the next meeting: both come back to its agenda if not completed.
    page.get_by_role("button", name="Schedule the next one").click()
    expect(page.get_by_test_id("agenda-item").filter(has_text="Overdue action")).to_have_count(2)
    assert_accessible(page)

    sign_in(page, live_server.url, world.police_officer)
    page.goto(f"{live_server.url}/meetings/actions/")
    table = page.get_by_test_id("action-table")
    expect(table).to_contain_text("Disruption visit")
    expect(table).not_to_contain_text("Visit the family")
    assert_accessible(page)


def test_a_safety_plan_in_the_childs_words_is_shown_as_a_family_page(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    world = live_world
    sign_in(page, live_server.url, world.social_worker_a)
    page.goto(f"{live_server.url}/people/{world.child.pk}/")
    page.get_by_role("link", name="Safety plan").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Write a safety plan").click()
    assert_accessible(page)
    page.get_by_label("What the young person says, in their own words").fill("I feel safe at my nan's house.")
    page.get_by_label("Strengths").fill("Jade loves football and goes to training every week.")
    page.get_by_label("What the family will do").fill("Nan will pick Jade up after training.")
    _fill_date(page, timezone.localdate() + timedelta(days=42))
    page.get_by_role("button", name="Save the safety plan").click()
    expect(page.get_by_test_id("young-persons-words")).to_contain_text("I feel safe at my nan's house.")
    assert_accessible(page)
    page.get_by_role("link", name="Plan for the young person and family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our plan to keep Jade safe")
    expect(page.get_by_test_id("family-words")).to_contain_text("I feel safe at my nan's house.")
    expect(page.get_by_role("button", name="Print this plan")).to_be_visible()
    assert_accessible(page)
