"""Staff pages: the partnership admin manages public pages; only the area's front door reads and
triages public worries. Every page refuses other roles with a 403 and an audited refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.concerns.models import Concern
from lantern.core.testing import make_agency, make_user
from lantern.prevent import services
from lantern.prevent.models import PublicPage, PublicPageVersion, PublicWorry
from lantern.referrals.models import Referral

pytestmark = pytest.mark.django_db


def _worry(area) -> PublicWorry:
    return services.public_worry_create(
        area=area,
        child_name="Ryan",
        child_age="14",
        where="Mill Street park",
        what_worries="Older men collect him in a car most nights.",
        relationship="community",
        contact_name="",
        contact_details="",
    )


def _refused(client, url, user, method="get", data=None):
    before = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, url
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() > before, url


def test_every_page_admin_view_refuses_other_roles_and_audits(world):
    page = PublicPage.objects.get(slug="county-lines")
    urls = [
        reverse("prevent:page-list"),
        reverse("prevent:page-create"),
        reverse("prevent:page-edit", args=[page.pk]),
        reverse("prevent:page-preview", args=[page.pk]),
        reverse("prevent:page-history", args=[page.pk]),
        reverse("prevent:page-version", args=[page.pk, 1]),
    ]
    for user in (world.outsider_b, world.front_door_a, world.auditor):
        client = world.client_for(user)
        for url in urls:
            _refused(client, url, user)
        _refused(client, reverse("prevent:page-publish", args=[page.pk]), user, "post", {"version": 1})


def test_every_worry_view_refuses_anyone_but_the_areas_front_door(world):
    worry = _worry(world.area_a)
    south_front_door = make_user("sid_south_door", agency=world.csc_b, role="front_door")
    detail = reverse("prevent:worry-detail", args=[worry.pk])
    for user in (world.outsider_b, world.social_worker_a, world.partnership_admin, world.police_analyst):
        client = world.client_for(user)
        _refused(client, reverse("prevent:worry-list"), user)
        _refused(client, detail, user)
        _refused(client, detail, user, "post", {"outcome": "no_further_action", "notes": "x"})
    client = world.client_for(south_front_door)
    assert b"Mill Street" not in client.get(reverse("prevent:worry-list")).content
    _refused(client, detail, south_front_door)
    worry.refresh_from_db()
    assert worry.status == "new"


def test_figures_refuse_casework_roles(world):
    for user in (world.outsider_b, world.front_door_a):
        _refused(world.client_for(user), reverse("prevent:figures"), user)


def test_the_areas_front_door_sees_the_worry_in_its_list_and_records_no_further_action(world):
    worry = _worry(world.area_a)
    client = world.client_for(world.front_door_a)
    listing = client.get(reverse("prevent:worry-list"))
    assert listing.status_code == 200
    assert reverse("prevent:worry-detail", args=[worry.pk]) in listing.content.decode()
    detail = client.get(reverse("prevent:worry-detail", args=[worry.pk]))
    assert b"Mill Street park" in detail.content
    response = client.post(
        reverse("prevent:worry-detail", args=[worry.pk]),
        {"outcome": "no_further_action", "notes": "Already known; advice given to the caller."},
    )
    assert response.status_code == 302
    worry.refresh_from_db()
    assert worry.outcome == "no_further_action" and worry.triaged_by == world.front_door_a
    assert AuditEvent.objects.filter(object_type="public_worry", action="triage").exists()


def test_a_front_door_with_no_area_sees_every_areas_worries(world):
    hub = make_agency("hub", area=None, name="Partnership Hub")
    user = make_user("hana_hub", agency=hub, role="front_door")
    worry = _worry(world.area_b)
    assert world.client_for(user).get(reverse("prevent:worry-detail", args=[worry.pk])).status_code == 200


def test_triage_creates_a_person_and_concern(world):
    worry = _worry(world.area_a)
    client = world.client_for(world.front_door_a)
    response = client.post(
        reverse("prevent:worry-detail", args=[worry.pk]),
        {
            "outcome": "concern_created",
            "notes": "Pattern matches other reports near the park.",
            "given_name": "Ryan",
            "family_name": "Unknown",
            "category": "criminal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    worry.refresh_from_db()
    assert worry.person is not None and worry.person.area == world.area_a
    concern = Concern.objects.get(pk=worry.concern_id or 0)
    assert concern.categories == ["criminal"]


def test_triage_refer_puts_a_referral_in_the_front_door_queue(world):
    worry = _worry(world.area_a)
    client = world.client_for(world.front_door_a)
    response = client.post(
        reverse("prevent:worry-detail", args=[worry.pk]),
        {
            "outcome": "referred",
            "notes": "Needs assessment.",
            "given_name": "Ryan",
            "family_name": "Unknown",
            "category": "county_lines",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    worry.refresh_from_db()
    referral = Referral.objects.get(pk=worry.referral_id or 0)
    assert referral.area == world.area_a and referral.concern_id == worry.concern_id


def test_triage_needs_a_name_for_a_record_and_keeps_what_was_typed(world):
    worry = _worry(world.area_a)
    response = world.client_for(world.front_door_a).post(
        reverse("prevent:worry-detail", args=[worry.pk]),
        {"outcome": "concern_created", "notes": "Reasons kept", "given_name": "", "family_name": ""},
    )
    assert response.status_code == 400
    assert b"Enter the child&#x27;s given name" in response.content
    assert b"Reasons kept" in response.content


def test_admin_edits_previews_and_publishes_and_the_previous_version_is_kept(world):
    page = PublicPage.objects.get(slug="county-lines")
    client = world.client_for(world.partnership_admin)
    assert client.get(reverse("prevent:page-list")).status_code == 200
    edit = client.get(reverse("prevent:page-edit", args=[page.pk]))
    assert edit.status_code == 200
    response = client.post(
        reverse("prevent:page-edit", args=[page.pk]),
        {
            "version": page.version,
            "title": "County lines explained",
            "summary": "",
            "body": "New words.\n\n- a",
        },
    )
    assert response.status_code == 302
    # The public still sees version 1 until it is published.
    assert b"County lines explained" not in client.get(reverse("public:page", args=["county-lines"])).content
    preview = client.get(reverse("prevent:page-preview", args=[page.pk]))
    assert b"County lines explained" in preview.content and b"<li>a</li>" in preview.content
    page.refresh_from_db()
    response = client.post(reverse("prevent:page-publish", args=[page.pk]), {"version": page.version})
    assert response.status_code == 302
    public = client.get(reverse("public:page", args=["county-lines"]))
    assert b"County lines explained" in public.content
    statuses = dict(PublicPageVersion.objects.filter(page=page).values_list("number", "status"))
    assert statuses == {1: "superseded", 2: "published"}
    old = client.get(reverse("prevent:page-version", args=[page.pk, 1]))
    assert old.status_code == 200 and b"County lines" in old.content
    history = client.get(reverse("prevent:page-history", args=[page.pk]))
    assert b"Replaced by a later version" in history.content
    assert AuditEvent.objects.filter(object_type="public_page", action="publish").exists()


def test_a_stale_edit_is_refused_and_the_words_are_kept(world):
    page = PublicPage.objects.get(slug="going-missing")
    client = world.client_for(world.partnership_admin)
    data = {"version": page.version, "title": "First", "summary": "", "body": "First words"}
    assert client.post(reverse("prevent:page-edit", args=[page.pk]), data).status_code == 302
    stale = {**data, "title": "Second", "body": "My second words"}
    response = client.post(reverse("prevent:page-edit", args=[page.pk]), stale)
    assert response.status_code == 409
    assert b"Someone else changed this page" in response.content and b"My second words" in response.content


def test_admin_creates_a_page_as_a_draft_and_html_is_refused(world):
    client = world.client_for(world.partnership_admin)
    bad = client.post(
        reverse("prevent:page-create"),
        {"slug": "online", "title": "Online", "summary": "", "body": "<iframe src=x></iframe>"},
    )
    assert bad.status_code == 400 and b"not HTML" in bad.content
    good = client.post(
        reverse("prevent:page-create"), {"slug": "online", "title": "Online", "summary": "", "body": "Words"}
    )
    assert good.status_code == 302
    assert client.get(reverse("public:page", args=["online"])).status_code == 404


def test_figures_count_worries_and_outcomes_for_the_admin(world):
    _worry(world.area_a)
    response = world.client_for(world.partnership_admin).get(reverse("prevent:figures"))
    assert response.status_code == 200
    assert b"Raised in North" in response.content
