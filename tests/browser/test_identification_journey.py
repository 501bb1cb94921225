"""The identification pathway end to end, as the people who do it would (issue item "What it
must show"): concern -> triage -> screening -> referral without consent -> front-door decision
-> risk assessment, then the chronology and the audit trail. axe-core runs on every page visited.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person
from lantern.risk.tests.factories import make_assessment
from lantern.screening.models import Screening
from lantern.screening.tests.factories import HIGH_CODE, indicators_by_code
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld
    from lantern.people.models import Person

pytestmark = pytest.mark.browser

PHRASE = "he is putting himself at risk"
EMERGENCY_GUIDANCE = "North: after 999, ring the North front door duty line."


def _sign_out(page: Page) -> None:
    page.get_by_test_id("sign-out").click()
    page.wait_for_url(re.compile(r"/account/login/"))


def _thirteen_today() -> date:
    """A date of birth that makes the child 13 today (their birthday a month or so ago)."""
    last_birthday = timezone.localdate() - timedelta(days=40)
    try:
        return last_birthday.replace(year=last_birthday.year - 13)
    except ValueError:  # 29 February
        return last_birthday.replace(year=last_birthday.year - 13, day=28)


def _child(world: TestWorld) -> Person:
    child = make_person(
        given_name="Leo", family_name="Marsh", date_of_birth=_thirteen_today(), area=world.area_a
    )
    involve(child, world.school_a, role="School")
    involve(child, world.csc_a, worker=world.social_worker_a, role="Allocated social worker")
    return child


def test_identification_journey(live_server: Any, page: Page, live_world: TestWorld) -> None:
    world = live_world
    base = live_server.url
    world.area_a.emergency_guidance = EMERGENCY_GUIDANCE
    world.area_a.save()
    child = _child(world)

    # 1. The teacher records a concern, sees the language advice and the emergency guidance.
    sign_in(page, base, world.teacher, check_accessible=True)
    page.goto(f"{base}/people/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Record a concern")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a concern")
    assert_accessible(page)
    page.get_by_role("checkbox", name="Criminal exploitation").check()
    what_happened = page.get_by_label("What happened?")
    what_happened.press_sequentially(f"Seen at the station at 11pm with older males; {PHRASE}.", delay=5)
    findings = page.locator(f"#{what_happened.get_attribute('id')}-language [data-testid=language-findings]")
    expect(findings).to_contain_text("putting himself at risk")
    expect(findings).to_contain_text("may have been groomed or is being exploited")
    assert_accessible(page)
    guidance = page.locator("#conditional-immediate-danger")
    expect(guidance).to_be_hidden()
    page.get_by_role("radio", name="Yes").check()
    expect(guidance).to_be_visible()
    expect(guidance).to_contain_text(EMERGENCY_GUIDANCE)
    expect(guidance).to_contain_text("999")
    assert_accessible(page)
    page.get_by_role("button", name="Save the concern").click()
    expect(page.get_by_test_id("immediate-danger")).to_contain_text("North front door duty line")
    assert_accessible(page)
    _sign_out(page)

    # 2. The school's safeguarding lead triages it to a screening.
    sign_in(page, base, world.school_dsl, check_accessible=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    assert_accessible(page)
    page.get_by_role("link", name="please triage it").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Triage this concern").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Start a screening").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start an exploitation screening")
    assert_accessible(page)

    # 3. The screening: one high-weight indicator yes, the rest no; Lantern suggests High and says why.
    page.get_by_role("button", name="Start a new screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploitation screening")
    assert_accessible(page)
    screening = Screening.objects.get(person=child)
    by_code = indicators_by_code(screening.catalogue)
    high = by_code[HIGH_CODE]
    page.locator(f"#id_answer_{high.pk}_0").check()  # yes
    page.locator(f"#id_evidence_{high.pk}").fill("Found with £400 and two phones near the station")
    for code, indicator in by_code.items():
        if code != HIGH_CODE:
            page.locator(f"#id_answer_{indicator.pk}_1").check()  # no
    page.get_by_label("Professional judgement").fill("Older males are collecting Leo from school.")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue to review").click()
    expect(page.get_by_test_id("suggested-level")).to_have_text("High")
    reasons = page.get_by_test_id("suggestion-reasons")
    expect(reasons).to_contain_text(high.text)
    expect(reasons).to_contain_text("the child is 13")
    assert_accessible(page)
    page.get_by_role("radio", name="High").check()
    page.get_by_role("radio", name="Refer to front door").check()
    page.get_by_role("button", name="Complete the screening").click()
    expect(page.get_by_test_id("final-level")).to_have_text("High")
    expect(page.get_by_test_id("outcome")).to_have_text("Refer to front door")
    assert_accessible(page)

    # 4. The referral, without consent, with the reason.
    page.goto(f"{base}/people/{child.pk}/")
    page.get_by_role("link", name=re.compile(r"^Refer to the front door")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to the front door")
    expect(page.get_by_test_id("screening")).to_contain_text("High")
    assert_accessible(page)
    page.get_by_label("Why are you referring?").fill("Exploited by older males; found with cash and phones.")
    page.get_by_role("group", name="Did you ask for consent to refer?").get_by_role(
        "radio", name="No"
    ).check()
    page.get_by_role("group", name="Was consent given?").get_by_role("radio", name="No").check()
    page.get_by_label("If consent was not given").fill("Asking would alert the adults exploiting him.")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_test_id("consent")).to_have_text("Not sought")
    assert_accessible(page)
    _sign_out(page)

    # 5. The front door decides on a strategy discussion.
    sign_in(page, base, world.front_door_a, check_accessible=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Referral queue").click()
    assert_accessible(page)
    page.get_by_test_id("queue-row").first.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Strategy discussion (s47)").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Strategy discussion (s47)")
    assert_accessible(page)
    _sign_out(page)

    # 6. The social worker records a risk assessment, then checks the reviews due.
    sign_in(page, base, world.social_worker_a, check_accessible=True)
    page.goto(f"{base}/risk/person/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Record a risk assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a risk assessment")
    assert_accessible(page)
    page.get_by_role("radio", name="High").check()
    page.get_by_role("radio", name="Criminal exploitation").check()
    page.get_by_role("checkbox", name="County lines").check()
    page.get_by_label("Summary of the assessment").fill("Groomed by older males; found with cash and phones.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("current-level")).to_have_text("High")
    assert_accessible(page)

    today = timezone.localdate()
    make_assessment(
        world.child, assessed_on=today - timedelta(days=90), next_review_due=today - timedelta(days=3)
    )
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews due").click()
    expect(page.get_by_test_id("review-counts")).to_contain_text("1 overdue")
    expect(page.get_by_test_id("review-row").first).to_contain_text("Jade Smith")
    assert_accessible(page)

    # 7. The chronology shows every step.
    page.goto(f"{base}/people/{child.pk}/")
    chronology = page.get_by_test_id("chronology")
    for kind in ("concern", "screening", "referral", "risk_assessment"):
        expect(chronology.locator(f"[data-kind={kind}]").first).to_be_visible()
    expect(chronology).to_contain_text("Screening completed: suggested High, final High")
    expect(chronology).to_contain_text("Front door decision: Strategy discussion (s47)")
    expect(chronology).to_contain_text("Risk assessment: High")
    assert_accessible(page)
    _sign_out(page)

    # 8. The audit trail holds each step, and the auditor can read it for the child.
    steps = set(
        AuditEvent.objects.filter(person_id_ref=child.pk, action__in=["create", "update"]).values_list(
            "username", "action", "object_type"
        )
    )
    for step in [
        (world.teacher.username, "create", "concern"),
        (world.school_dsl.username, "update", "concern"),
        (world.school_dsl.username, "create", "screening"),
        (world.school_dsl.username, "update", "screening"),
        (world.school_dsl.username, "create", "referral"),
        (world.front_door_a.username, "update", "referral"),
        (world.social_worker_a.username, "create", "risk_assessment"),
    ]:
        assert step in steps, f"{step} is not in the audit trail: {sorted(steps)}"
    sign_in(page, base, world.auditor, check_accessible=True)
    page.get_by_role("link", name="Audit trail").first.click()
    assert_accessible(page)
    for user, action in [
        (world.teacher, "create"),
        (world.school_dsl, "update"),
        (world.front_door_a, "update"),
        (world.social_worker_a, "create"),
    ]:
        page.get_by_label("Person record number").fill(str(child.pk))
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Action").select_option(action)
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("table")).to_contain_text(user.username)
        assert_accessible(page)
