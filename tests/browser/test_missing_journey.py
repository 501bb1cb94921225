"""Missing episodes end to end (issue 4, "What it must show"): the police record an episode at
medium risk, re-grade it to high and record the return with where the child was found and who
with; the return home interview is due within 72 hours; the provider records a declined offer and
then the interview, whose findings start a screening; the Philomena profile is produced as a
printable page and the share is in the audit trail. axe-core runs on every page visited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person, make_user
from lantern.missing.models import MissingEpisode
from lantern.missing.tests.factories import make_provider
from lantern.people.models import Relationship
from lantern.screening.models import Screening
from tests.browser.fixtures import assert_accessible, sign_in

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.browser


def _fill_moment(page: Page, prefix: str, when: Any) -> None:
    local = timezone.localtime(when)
    page.fill(f'input[name="{prefix}_date_0"]', str(local.day))
    page.fill(f'input[name="{prefix}_date_1"]', str(local.month))
    page.fill(f'input[name="{prefix}_date_2"]', str(local.year))
    page.fill(f'input[name="{prefix}_time"]', local.strftime("%H:%M"))


def _go(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def test_missing_episode_interview_and_philomena_journey(
    live_server: Any, page: Page, live_world: TestWorld
) -> None:
    world, base = live_world, live_server.url
    child = make_person(given_name="Mia", family_name="Harbour", area=world.area_a)
    involve(child, world.csc_a, worker=world.social_worker_a, role="Allocated social worker")
    involve(child, world.police, role="Missing person enquiries")
    associate = make_person(given_name="Rob", family_name="Older", area=world.area_a)
    Relationship.objects.create(person=child, other=associate, kind="associate")
    provider = make_provider()
    worker = make_user("rhi_worker", agency=provider, role=Role.PRACTITIONER)
    now = timezone.now()

    # The police record the episode at medium risk, then re-grade it to high.
    sign_in(page, base, world.police_officer)
    _go(page, f"{base}/missing/person/{child.pk}/new/")
    page.get_by_label("Care placement").check()
    _fill_moment(page, "reported_at", now - timedelta(hours=5))
    page.get_by_label("Medium").check()
    page.get_by_label("Where last seen").fill("Bus station, town centre")
    page.get_by_label("What they were wearing").fill("Grey hoodie, white trainers")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("current-grade")).to_have_text("Medium")
    assert_accessible(page)
    page.get_by_role("button", name="Re-grade the risk").click()
    assert_accessible(page)
    page.get_by_label("High").check()
    page.get_by_label("Why the grade has changed").fill("Seen getting into a car with unknown adults")
    page.get_by_role("button", name="Save the new grade").click()
    expect(page.get_by_test_id("current-grade")).to_have_text("High")
    expect(page.get_by_test_id("grading-history")).to_contain_text("Medium")
    assert_accessible(page)

    # The child returns: found at a takeaway with an associate.
    page.get_by_role("button", name="Record the child\N{RIGHT SINGLE QUOTATION MARK}s return").click()
    assert_accessible(page)
    _fill_moment(page, "returned_at", now - timedelta(hours=1))
    page.fill('textarea[name="found_where"]', "Chicken shop on the high street")
    page.fill('input[name="found_postcode"]', "ab1 2cd")
    page.get_by_label("Rob Older").check()
    page.get_by_label("Found by police").check()
    page.get_by_label("Return home interview provider").select_option(str(provider.pk))
    page.get_by_role("button", name="Record the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missing episodes")
    assert_accessible(page)
    episode = MissingEpisode.objects.get(person=child)
    _go(page, f"{base}/missing/{episode.pk}/")
    expect(page.get_by_test_id("found-with")).to_have_text("Rob Older")
    expect(page.get_by_test_id("interview-due")).to_contain_text("72 hours after the return")
    interview = episode.return_interview
    assert episode.returned_at is not None
    assert interview.due_at - episode.returned_at == timedelta(hours=72)

    # The provider sees it due, records a declined offer, then the interview.
    sign_in(page, base, worker)
    _go(page, f"{base}/missing/interviews/")
    row = page.get_by_test_id("interview-row").filter(has_text="Mia Harbour")
    expect(row.get_by_test_id("clock")).to_have_text("Due")
    row.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record a declined offer").click()
    assert_accessible(page)
    _fill_moment(page, "attempted_at", now - timedelta(minutes=50))
    page.get_by_label("What happened").fill("Offered at home; Mia did not want to talk today")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Declined")
    assert_accessible(page)
    page.get_by_role("button", name="Record the interview").click()
    assert_accessible(page)
    _fill_moment(page, "offered_at", now - timedelta(minutes=50))
    _fill_moment(page, "completed_at", now - timedelta(minutes=10))
    page.fill('input[name="interviewer"]', "Amy Worker")
    page.get_by_label("Pull factors").fill("Older boys give her money and a phone")
    page.get_by_label("In the child's own words").fill("They said I owe them")
    page.get_by_label("Rob Older").check()
    page.get_by_role("button", name="Save the interview").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Accepted")
    expect(page.get_by_test_id("clock")).to_have_text("Completed within 72 hours")
    assert_accessible(page)
    page.get_by_role("link", name="Start an exploitation screening from this episode").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a new screening").click()
    page.wait_for_url(re.compile(r"/screening/\d+/$"))
    screening = Screening.objects.get(person=child)
    assert (screening.started_from, screening.started_from_id) == ("missing_episode", episode.pk)

    # The social worker produces the Philomena profile for the police.
    sign_in(page, base, world.social_worker_a)
    _go(page, f"{base}/missing/person/{child.pk}/philomena/")
    page.fill('textarea[name="description"]', "Slim, dark curly hair, scar on left hand")
    page.get_by_label("Medical needs").fill("Asthma: carries an inhaler")
    page.get_by_role("button", name="Save").click()
    assert_accessible(page)
    _go(page, f"{base}/missing/{episode.pk}/")
    page.get_by_role("button", name="Produce the Philomena profile").click()
    assert_accessible(page)
    page.get_by_label("Police force").select_option(str(world.police.pk))
    page.get_by_label("UK GDPR art. 9 via DPA 2018 sch. 1 para 18 (safeguarding)").check()
    page.get_by_role("button", name="Produce the profile").click()
    profile = page.get_by_test_id("philomena-profile")
    expect(profile).to_contain_text("Slim, dark curly hair")
    expect(profile).to_contain_text("Grey hoodie, white trainers")
    expect(page.get_by_test_id("share-line")).to_contain_text("Produced for Test Constabulary")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    assert_accessible(page)
    share = AuditEvent.objects.get(action="share", person_id_ref=child.pk)
    assert share.detail["lawful_basis"] == "safeguarding"

    # The auditor finds the share in the audit trail.
    sign_in(page, base, world.auditor)
    _go(page, f"{base}/audit/")
    expect(page.get_by_text("share_decision").first).to_be_visible()
