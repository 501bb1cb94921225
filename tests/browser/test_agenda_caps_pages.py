"""The capped agenda's "N more" lines and the lists they link to, in a real browser with axe-core."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.core.testing import involve, make_person
from lantern.meetings import services
from lantern.meetings.tests.factories import go_missing, make_action, make_meeting
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def test_the_more_lines_link_to_the_repeat_missing_list_and_the_overdue_actions(
    live_server: Any, page: Page, live_world: TestWorld, settings: Any
) -> None:
    world = live_world
    settings.MEETINGS_AGENDA_REVIEW_CAP = 1
    for times, name in ((4, "Most"), (3, "Fewer")):
        child = make_person(given_name="Leon", family_name=name, area=world.area_a)
        involve(child, world.csc_a)
        go_missing(world, child, times)
    earlier = make_meeting(world, at=timezone.now() - timedelta(weeks=4), weeks=None)
    item = services.agenda_item_add(actor=world.meeting_chair, meeting=earlier, reason="Themes")
    for days in (20, 10):
        make_action(world, item, agency=world.police, due_on=timezone.localdate() - timedelta(days=days))
    meeting = make_meeting(world)

    sign_in(page, live_server.url, world.meeting_chair)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    more_missing = page.get_by_test_id("repeat-missing-not-proposed")
    expect(more_missing).to_contain_text("1 more child missing repeatedly is not on this agenda")
    expect(page.get_by_test_id("overdue-actions-not-proposed")).to_contain_text("1 more overdue action")
    assert_accessible(page)

    more_missing.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Repeat missing")
    expect(page.locator("main")).to_contain_text("Leon Fewer")
    assert_accessible(page)

    page.go_back()
    page.get_by_test_id("overdue-actions-not-proposed").get_by_role("link").click()
    expect(page.get_by_label("Status")).to_have_value("overdue")
    expect(page.get_by_test_id("action-table").locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
