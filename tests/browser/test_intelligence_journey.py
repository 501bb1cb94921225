"""Intelligence and Pursue in a real browser: a teacher reports a car and a nickname seen with a
child; the police intelligence officer grades it 2/B/P, links the child and an adult of concern
and shares it; a second report (from the public form) with the same registration shows the link;
a child abduction warning notice is recorded; an NRM referral is recorded and flagged when the
reasonable-grounds decision is late. axe-core (WCAG 2.2 AA) runs on every page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.core.testing import involve, make_person
from lantern.intelligence.models import IntelligenceReport
from lantern.referrals.working_days import is_working_day
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _fill_date(page: Page, name: str, day: date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def _working_days_ago(days: int) -> date:
    day = timezone.localdate()
    while days:
        day -= timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def test_intelligence_journey(live_server: Any, page: Page, live_world: TestWorld) -> None:
    base = live_server.url
    world = live_world
    involve(world.child, world.police, role="Exploitation team")
    adult = make_person(given_name="Dean", family_name="Carter", area=world.area_a)
    involve(adult, world.police, role="Exploitation team")

    # A teacher reports a car and a nickname seen with a child.
    sign_in(page, base, world.teacher)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Report intelligence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report intelligence")
    assert_accessible(page)
    page.get_by_label("What did you see or hear?").fill(
        "A red Ford waits outside the school gates at 3pm. Jade was seen getting into it with a man called Big D."
    )
    page.get_by_label("How do you know this?").fill("I saw it from the staff car park.")
    page.get_by_label("Or describe the child or young person").fill("Year 9 girl")
    page.get_by_label("Their name or nickname, if you know it").fill("Big D")
    page.get_by_label("Vehicle registration").fill("ab12 cde")
    page.get_by_label("Vehicle make and model").fill("Ford Focus")
    page.get_by_label("Vehicle colour").fill("Red")
    page.get_by_role("button", name="Send to the police").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    assert_accessible(page)
    first = IntelligenceReport.objects.get()

    # The teacher cannot read the report once it is in the police's hands.
    response = page.goto(f"{base}/intelligence/reports/{first.pk}/")
    assert response is not None and response.status == 403

    # The police intelligence officer grades it 2/B/P, links the child and an adult of concern.
    sign_in(page, base, world.police_officer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Intelligence", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Intelligence reports")
    assert_accessible(page)
    page.get_by_role("link", name=first.reference).click()
    expect(page.get_by_test_id("original-text")).to_contain_text("Big D")
    expect(page.get_by_test_id("source-details")).to_contain_text("staff car park")
    assert_accessible(page)
    page.get_by_role("radio", name="2: Untested").check()
    page.get_by_role("radio", name="B: Known indirectly, corroborated").check()
    page.get_by_role("radio", name="P: Lawful sharing permitted").check()
    page.get_by_label("Sanitised version").fill(
        "A child was seen getting into a red Ford AB12 CDE with an adult known as Big D."
    )
    page.get_by_role("button", name="Save grading").click()
    expect(page.get_by_test_id("grading")).to_have_text("2/B/P")
    assert_accessible(page)
    link_form = page.get_by_test_id("link-form")
    link_form.get_by_label("Lantern record number of the person").fill(str(world.child.pk))
    link_form.get_by_role("radio", name="Child or young person (victim)").check()
    link_form.get_by_role("button", name="Link person").click()
    expect(page.get_by_test_id("subjects")).to_contain_text("Jade Smith")
    link_form.get_by_label("Lantern record number of the person").fill(str(adult.pk))
    link_form.get_by_role("radio", name="Adult of concern").check()
    link_form.get_by_label("Nickname used in the report").fill("Big D")
    link_form.get_by_role("button", name="Link person").click()
    expect(page.get_by_test_id("subjects")).to_contain_text("Dean Carter")
    assert_accessible(page)

    # ... and shares it with children's social care, recording the lawful basis.
    share_form = page.get_by_test_id("share-form")
    share_form.get_by_label("Agency").select_option(label=world.csc_a.name)
    share_form.get_by_role("radio", name="Yes").check()
    share_form.get_by_label("Lawful basis").select_option("law_enforcement")
    share_form.get_by_label("Why (purpose)").fill("To safeguard the child named in the report")
    share_form.get_by_role("button", name="Record sharing decision").click()
    expect(page.get_by_test_id("share-decisions")).to_contain_text(world.csc_a.name)
    assert_accessible(page)

    # The adult of concern's profile shows the car, the nickname and the child.
    page.get_by_role("link", name="adult of concern profile for Dean Carter").click()
    expect(page.get_by_test_id("vehicles")).to_contain_text("AB12CDE")
    expect(page.get_by_test_id("children")).to_contain_text("Jade Smith")
    assert_accessible(page)

    # The network view of the child now shows the car and the adult of concern.
    page.goto(f"{base}/contexts/people/{world.child.pk}/network/")
    expect(page.get_by_test_id("network-table")).to_contain_text("AB12CDE")
    expect(page.get_by_test_id("network-table")).to_contain_text("Dean Carter")
    assert_accessible(page)

    # A member of the public reports the same car without signing in.
    page.context.clear_cookies()
    page.goto(f"{base}/intelligence/share/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Share what you know")
    assert_accessible(page)
    page.get_by_label("What did you see or hear?").fill("<b>Red car</b> again by the park")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Remove web code")
    assert_accessible(page)
    page.get_by_label("What did you see or hear?").fill(
        "The same red car was by the park with two young teenagers."
    )
    page.get_by_label("Vehicle registration").fill("AB12CDE")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert "AB12" not in page.content()
    assert_accessible(page)
    second = IntelligenceReport.objects.exclude(pk=first.pk).get()

    # The police see the link on the second report.
    sign_in(page, base, world.police_officer)
    page.goto(f"{base}/intelligence/reports/{second.pk}/")
    known = page.get_by_test_id("known-entities")
    expect(known).to_contain_text(first.reference)
    expect(known).to_contain_text("2/B/P")
    expect(known).to_contain_text("Dean Carter (adult of concern)")
    assert_accessible(page)

    # A child abduction warning notice is recorded against the adult.
    page.goto(f"{base}/intelligence/disruptions/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a disruption").click()
    assert_accessible(page)
    page.get_by_label("Type of disruption").select_option(label="Child abduction warning notice")
    page.get_by_label("Lantern record number of the person it is against").fill(str(adult.pk))
    page.get_by_label("Lantern record number of the child it protects (optional)").fill(str(world.child.pk))
    today = timezone.localdate()
    _fill_date(page, "happened_on", today)
    _fill_date(page, "expires_on", today + timedelta(days=60))
    page.get_by_label("Outcome").fill("Notice served in person.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("disruptions")).to_contain_text("Child abduction warning notice")
    expect(page.get_by_test_id("expiring")).to_contain_text("Dean Carter")
    assert_accessible(page)

    # An NRM referral is recorded; with no reasonable-grounds decision after 5 working days it is flagged.
    page.goto(f"{base}/intelligence/nrm/")
    assert_accessible(page)
    page.get_by_role("link", name="Record an NRM referral").click()
    assert_accessible(page)
    page.get_by_label("Lantern record number of the child or young adult").fill(str(world.child.pk))
    page.get_by_label("First responder agency").select_option(label=world.police.name)
    _fill_date(page, "submitted_on", _working_days_ago(7))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("rg-late")).to_contain_text("Reasonable-grounds decision late")
    assert_accessible(page)
    page.goto(f"{base}/intelligence/nrm/")
    expect(page.get_by_test_id("nrm-list")).to_contain_text("Late: due")
    assert_accessible(page)

    # The adults of concern list.
    page.goto(f"{base}/intelligence/adults-of-concern/")
    assert_accessible(page)
    page.goto(f"{base}/intelligence/summary/")
    expect(page.get_by_test_id("summary-grading")).to_contain_text("2/B/P")
    assert_accessible(page)
