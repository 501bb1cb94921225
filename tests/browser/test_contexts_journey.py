"""Contexts of harm in a real browser: a case holder records a park and a takeaway, links three
children, assesses the park, plans for it, holds a context conference; the map and the network
show the places and the shared links. An analyst then sees the map and network with no names.
axe-core (WCAG 2.2 AA) runs on every page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.contexts.models import Context
from lantern.core.testing import involve, make_person
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def _record_place(page: Page, base_url: str, name: str, place_type: str, lat: str, lng: str) -> None:
    page.goto(f"{base_url}/contexts/new/")
    assert_accessible(page)
    page.get_by_role("radio", name="Location").check()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Type of place (for a location)").select_option(label=place_type)
    page.get_by_label("Area").select_option(label="North")
    page.get_by_label("Latitude").fill(lat)
    page.get_by_label("Longitude").fill(lng)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_accessible(page)


def _link(page: Page, base_url: str, person_id: int, context_name: str, weighting: str = "") -> None:
    page.goto(f"{base_url}/contexts/people/{person_id}/")
    page.get_by_label("Context", exact=True).select_option(
        label=f"{context_name} ({'Park' if 'Park' in context_name else 'Takeaway'})"
    )
    page.get_by_role("radio", name="Frequents").check()
    _fill_date(page, "start", date(2025, 3, 1))
    page.get_by_role("radio", name="A missing episode").check()
    if weighting:
        page.get_by_label("How much does this context need to change").select_option(label=weighting)
    page.get_by_role("button", name="Link to this context").click()
    expect(page.get_by_test_id("person-links")).to_contain_text(context_name)
    assert_accessible(page)


def test_a_case_holder_works_on_two_places_and_an_analyst_sees_no_names(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    world = live_world
    children = [
        make_person(given_name=given, family_name=family)
        for given, family in [("Amira", "Okafor"), ("Bailey", "Northcott"), ("Corey", "Lindqvist")]
    ]
    for child in children:
        involve(child, world.csc_a, worker=world.social_worker_a)
    base = live_server.url
    today = timezone.localdate()

    sign_in(page, base, world.social_worker_a)
    _record_place(page, base, "Riverside Park", "Park", "53.480000", "-2.240000")
    _record_place(page, base, "Chicken Palace", "Takeaway", "53.482000", "-2.236000")
    park = Context.objects.get(name="Riverside Park")

    for index, child in enumerate(children):
        _link(
            page,
            base,
            child.pk,
            "Riverside Park",
            weighting="Highest: this context most needs to change" if index == 0 else "",
        )
    for child in children[:2]:
        _link(page, base, child.pk, "Chicken Palace")
    expect(page.get_by_test_id("person-links")).to_contain_text("Riverside Park")

    # Context assessment
    page.goto(f"{base}/contexts/{park.pk}/")
    page.get_by_role("button", name="Assess this context").click()
    assert_accessible(page)
    _fill_date(page, "assessed_on", today)
    page.get_by_label("Who is there, and when?").fill("Older males gather by the skate park after 6pm.")
    page.get_by_label("What harm happens there?").fill("Young people are recruited to carry drugs.")
    page.get_by_label("Who has influence?").fill("Park wardens and the cafe owner.")
    page.get_by_role("radio", name="High").check()
    _fill_date(page, "next_review_due", today + timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("risk")).to_have_text("High")
    assert_accessible(page)

    # Context plan with two responses
    page.get_by_role("button", name="Make a context plan").click()
    assert_accessible(page)
    page.get_by_label("Goals").fill("Young people can use the park safely after school.")
    page.get_by_label("Measures of change in the context").fill("Fewer sightings of older males recruiting.")
    _fill_date(page, "review_due", today + timedelta(days=60))
    page.get_by_label("Response 1: type").select_option(label="Detached youth work")
    page.get_by_label("Response 1: what will be done").fill("Youth workers in the park twice a week.")
    page.get_by_label("Response 1: owner agency").select_option(label=world.csc_a.name)
    _fill_date(page, "response_1_due_on", today + timedelta(days=14))
    page.get_by_label("Response 2: type").select_option(label="Lighting or CCTV")
    page.get_by_label("Response 2: what will be done").fill("Lighting by the north gate.")
    page.get_by_label("Response 2: owner agency").select_option(label=world.police.name)
    _fill_date(page, "response_2_due_on", today + timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("responses")).to_contain_text("Lighting or CCTV")
    expect(page.get_by_test_id("responses")).to_contain_text("Detached youth work")

    # Context conference: a child's name is refused, then minutes with no name are saved and shared
    page.get_by_role("button", name="Record a context conference").click()
    assert_accessible(page)
    _fill_date(page, "held_on", today)
    page.get_by_label("Chair").fill("Pat Chair")
    page.get_by_label("Context plan agreed").select_option(index=1)
    page.get_by_label("Attendees").fill(
        "Sam Patel, Riverside Youth Club, sam@example.org\nDee Ward, Park Wardens"
    )
    page.get_by_label("Shared minutes").fill("Bailey was seen at the gate with older males.")
    page.get_by_label("Decisions").fill("Lighting to be improved.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "appears to name a person linked to this context"
    )
    assert_accessible(page)
    page.get_by_label("Shared minutes").fill("A young person was seen at the gate with older males.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("conference-status")).to_have_text("Draft")
    assert_accessible(page)
    page.get_by_role("button", name="Approve and share the minutes and plan").click()
    expect(page.get_by_test_id("conference-status")).to_have_text("Approved and shared")

    # Map: both places in the table, and as markers when JavaScript runs
    page.goto(f"{base}/contexts/map/")
    expect(page.get_by_test_id("place-row")).to_have_count(2)
    expect(page.locator("#context-map")).to_have_attribute("data-markers", "2")
    expect(page.get_by_test_id("map-status")).to_have_text("2 places in this part of the map.")
    assert_accessible(page)
    page.get_by_label("Type of place").select_option(label="Park")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("place-row")).to_have_count(1)
    assert_accessible(page)

    # Network of the park: the three children, shared links highlighted
    page.goto(f"{base}/contexts/{park.pk}/network/")
    table = page.get_by_test_id("network-table")
    for child in children:
        expect(table).to_contain_text(child.full_name)
    expect(page.locator(".lantern-network__row--shared")).to_have_count(5)
    expect(page.locator("svg .lantern-network__edge--shared")).to_have_count(5)
    assert_accessible(page)

    # The analyst: map and network, no child named
    page.get_by_test_id("sign-out").click()
    sign_in(page, base, world.police_analyst)
    page.goto(f"{base}/contexts/map/")
    expect(page.get_by_test_id("place-row")).to_have_count(2)
    assert_accessible(page)
    page.goto(f"{base}/contexts/{park.pk}/network/")
    expect(page.get_by_test_id("network-row")).to_have_count(5)
    content = page.content()
    for child in children:
        assert child.given_name not in content and child.family_name not in content
    assert_accessible(page)
