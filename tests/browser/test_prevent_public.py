"""Prevent in a real browser. A member of the public, on a phone-sized screen, reads the page for
their area and raises a worry; it reaches that area's front door and nowhere public. The same
journey works with JavaScript off. The partnership admin edits and publishes a page and the
previous version is kept. axe-core (WCAG 2.2 AA) runs on every public page. A manager (a
safeguarding lead, or a team manager) sees their team's training; a worker sees only their own."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, ViewportSize, expect

from lantern.prevent.models import (
    Attendance,
    Course,
    PublicPageVersion,
    PublicWorry,
    Resource,
    ResourceKind,
    TrainingSession,
)
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 375, "height": 740}
WORRY = "A girl from the estate is picked up late at night by older men in a grey car."


def _default_pages() -> None:
    """Browser tests empty every table between tests, so put the default pages back."""
    from django.apps import apps

    importlib.import_module("lantern.prevent.migrations.0002_default_pages").create_pages(apps, None)


def _raise_worry(page: Page, base_url: str, words: str) -> None:
    page.goto(f"{base_url}/public/")
    assert_accessible(page)
    page.get_by_role("link", name="What to do if you are worried about a child in North").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("If you are worried about a child in North")
    expect(page.get_by_text("0300 123 4567")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Raise a worry about a child in North").click()
    assert_accessible(page)
    # Nothing typed: the error summary, and the area chosen from the link is kept.
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what is worrying you")
    assert_accessible(page)
    expect(page.get_by_label("North")).to_be_checked()
    page.get_by_label("What is worrying you?").fill(words)
    page.get_by_label("I am a neighbour, shopkeeper or member of the public").check()
    page.get_by_label("Where they live, go to school or spend time (optional)").fill("Riverside estate")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)
    assert words not in page.content()


def test_public_reads_their_area_page_on_a_phone_and_raises_a_worry_that_only_the_front_door_sees(
    live_server, browser: Browser, live_world: TestWorld
) -> None:
    cache.clear()
    _default_pages()
    phone = browser.new_context(bypass_csp=True, locale="en-GB", viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/public/")
        page.get_by_role("link", name="County lines").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("County lines")
        assert_accessible(page)
        # The page fits the phone: nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _raise_worry(page, live_server.url, WORRY)
        for path in ("/public/", "/public/areas/north/", "/public/worry/thanks/", "/public/worry/"):
            page.goto(f"{live_server.url}{path}")
            assert "grey car" not in page.content()
        page.goto(f"{live_server.url}/prevent/worries/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Lantern")
    finally:
        phone.close()

    worry = PublicWorry.objects.get()
    assert worry.area == live_world.area_a

    # No JavaScript at all: the same journey still works.
    no_js = browser.new_context(bypass_csp=True, locale="en-GB", viewport=PHONE, java_script_enabled=False)
    page = no_js.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/public/areas/north/")
        page.get_by_role("link", name="Raise a worry about a child in North").click()
        page.get_by_label("What is worrying you?").fill("Sent without JavaScript: a boy is carrying parcels.")
        page.get_by_label("I am their parent or carer").check()
        # The security cookie is lost (expired, or cleared by the browser): the form comes back
        # with the words kept, and pressing Send again works.
        no_js.clear_cookies()
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Your worry has not been sent yet")
        expect(page.get_by_label("What is worrying you?")).to_have_value(
            "Sent without JavaScript: a boy is carrying parcels."
        )
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    finally:
        no_js.close()
    assert PublicWorry.objects.count() == 2

    staff = browser.new_context(bypass_csp=True, locale="en-GB")
    page = staff.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, live_world.front_door_a)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Public worries").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Worries from the public")
        assert_accessible(page)
        page.get_by_role("link", name=f"Worry {worry.pk},").click()
        expect(page.get_by_text(WORRY)).to_be_visible()
        assert_accessible(page)
        page.get_by_label("No further action").check()
        page.get_by_label("Reasons for the decision").fill(
            "Known to the team already; passed to the key worker."
        )
        page.get_by_role("button", name="Record decision").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    finally:
        staff.close()
    worry.refresh_from_db()
    assert worry.outcome == "no_further_action"


def test_partnership_admin_edits_and_publishes_a_page_and_the_previous_version_is_kept(
    live_server, page: Page, live_world: TestWorld
) -> None:
    _default_pages()
    sign_in(page, live_server.url, live_world.partnership_admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Public pages").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit going-missing").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("If a child goes missing")
    page.get_by_label("Words of the page").fill("Call 101 or 999.\n\n## Coming home\n\n- Stay calm\n- Listen")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=2, name="Coming home")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 is now the public page")
    assert_accessible(page)
    page.get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=2, name="When a child goes missing")).to_be_visible()
    page.goto(f"{live_server.url}/public/pages/going-missing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("If a child goes missing")
    assert_accessible(page)
    statuses = dict(
        PublicPageVersion.objects.filter(page__slug="going-missing").values_list("number", "status")
    )
    assert statuses == {1: "superseded", 2: "published"}


def test_a_manager_sees_their_teams_training_and_a_worker_cannot_see_a_colleagues_record(
    live_server, browser: Browser, live_world: TestWorld
) -> None:
    course, _ = Course.objects.get_or_create(name="Exploitation awareness", defaults={"refresher_months": 24})
    session = TrainingSession.objects.create(course=course, held_on=date.today() - timedelta(days=20))
    Attendance.objects.create(
        session=session,
        user=live_world.teacher,
        agency=live_world.school_a,
        recorded_by=live_world.partnership_admin,
    )
    manager = browser.new_context(bypass_csp=True, locale="en-GB")
    page = manager.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, live_world.school_dsl)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Learning").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your learning record")
        assert_accessible(page)
        page.get_by_role("link", name="Your team's learning").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your team's learning")
        expect(page.get_by_role("row", name=live_world.teacher.display_name)).to_contain_text("In date")
        expect(page.locator("tfoot")).to_contain_text("50%")
        assert_accessible(page)
        page.get_by_role("link", name=live_world.teacher.display_name).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(live_world.teacher.display_name)
        assert_accessible(page)
    finally:
        manager.close()

    worker = browser.new_context(bypass_csp=True, locale="en-GB")
    page = worker.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, live_world.teacher)
        page.goto(f"{live_server.url}/prevent/learning/")
        expect(page.get_by_role("cell", name="In date")).to_be_visible()
        expect(page.get_by_role("link", name="Your team's learning")).to_have_count(0)
        response = page.goto(f"{live_server.url}/prevent/learning/people/{live_world.school_dsl.pk}/")
        assert response is not None and response.status == 403
        response = page.goto(f"{live_server.url}/prevent/learning/team/")
        assert response is not None and response.status == 403
    finally:
        worker.close()


def test_every_public_page_passes_axe_on_a_phone(
    live_server, browser: Browser, live_world: TestWorld
) -> None:
    cache.clear()
    _default_pages()
    resource = Resource.objects.create(
        title="Talking to your child about county lines",
        summary="A short guide for parents and carers.",
        kind=ResourceKind.GUIDE,
        audiences=["parents"],
        body="Listen first.\n\n- Stay calm\n- Keep talking",
        is_public=True,
        created_by=live_world.partnership_admin,
    )
    paths = [
        "/public/",
        *(
            f"/public/pages/{version.page.slug}/"
            for version in PublicPageVersion.objects.filter(status="published")
        ),
        f"/public/areas/{live_world.area_a.code}/",
        f"/public/areas/{live_world.area_b.code}/",
        "/public/resources/",
        f"/public/resources/{resource.pk}/",
        "/public/worry/",
        "/public/worry/thanks/",
    ]
    assert len(paths) > 8  # every published default page is visited
    phone = browser.new_context(bypass_csp=True, locale="en-GB", viewport=PHONE, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    try:
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    finally:
        phone.close()


def test_a_team_manager_sees_their_teams_training_but_not_other_teams(
    live_server, browser: Browser, live_world: TestWorld
) -> None:
    course, _ = Course.objects.get_or_create(name="Exploitation awareness", defaults={"refresher_months": 24})
    session = TrainingSession.objects.create(course=course, held_on=date.today() - timedelta(days=20))
    for attendee in (live_world.social_worker_a, live_world.front_door_a):
        Attendance.objects.create(
            session=session, user=attendee, agency=live_world.csc_a, recorded_by=live_world.partnership_admin
        )
    live_world.meeting_chair.team = live_world.team_a
    live_world.meeting_chair.manages_team = True
    live_world.meeting_chair.save(update_fields=["team", "manages_team"])
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, live_world.meeting_chair)
        page.goto(f"{live_server.url}/prevent/learning/")
        page.get_by_role("link", name="Your team's learning").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your team's learning")
        expect(page.get_by_role("row", name=live_world.social_worker_a.display_name)).to_contain_text(
            "In date"
        )
        expect(page.get_by_role("row", name=live_world.front_door_a.display_name)).to_have_count(0)
        expect(page.locator("tfoot")).to_contain_text("50%")
        assert_accessible(page)
        response = page.goto(f"{live_server.url}/prevent/learning/people/{live_world.front_door_a.pk}/")
        assert response is not None and response.status == 403
    finally:
        context.close()
