from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.chronology.registry import chronology_for
from lantern.concerns.models import Concern, ConcernAmendment, ConcernStatus, Notification
from lantern.concerns.tests.factories import date_fields, make_concern
from lantern.core.testing import make_user

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def _concern_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        **date_fields("happened_on", timezone.localdate() - timedelta(days=1)),
        "happened_time": "15:30",
        "categories": ["criminal", "missing"],
        "what_happened": "He is putting himself at risk by going to the station with older boys.",
        "childs_words": "I have to go or they will hurt my mum.",
        "actions_taken": "Spoke to the DSL at 16:00.",
        "immediate_danger": "no",
    }
    data.update(overrides)
    return data


# --- Recording a concern --------------------------------------------------------------------


def test_the_form_offers_categories_danger_and_the_areas_guidance(world: TestWorld) -> None:
    world.area_a.emergency_guidance = "North: ring the MASH duty line straight after 999."
    world.area_a.save()
    response = world.client_for(world.teacher).get(reverse("concerns:concern-create", args=[world.child.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("sexual", "criminal", "missing", "peer_on_peer", "online"):
        assert f'type="checkbox" value="{value}"' in html
    assert 'name="happened_on_0"' in html
    assert 'data-reveal="conditional-immediate-danger"' in html
    assert "govuk-radios__conditional--hidden" in html
    assert "North: ring the MASH duty line straight after 999." in html
    assert "North Children&#x27;s Front Door" in html
    assert "data-language-check" in html


def test_recording_a_concern_in_immediate_danger_shows_the_areas_guidance(world: TestWorld) -> None:
    world.area_a.emergency_guidance = "North: ring the MASH duty line straight after 999."
    world.area_a.save()
    client = world.client_for(world.teacher)
    response = client.post(
        reverse("concerns:concern-create", args=[world.child.pk]), _concern_form(immediate_danger="yes")
    )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:concern-detail", args=[concern.pk])
    assert concern.immediate_danger
    assert concern.agency == world.school_a
    assert concern.categories == ["criminal", "missing"]
    assert concern.happened_time is not None and concern.happened_time.strftime("%H:%M") == "15:30"
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="immediate-danger"' in html
    assert "North: ring the MASH duty line straight after 999." in html
    assert "999" in html and "101" in html
    assert "0300 123 4567" in html
    assert "Concern recorded" in html


def test_guidance_falls_back_to_the_raisers_area_and_always_names_999_and_101(world: TestWorld) -> None:
    world.child.area = None
    world.child.save()
    client = world.client_for(world.teacher)
    client.post(
        reverse("concerns:concern-create", args=[world.child.pk]), _concern_form(immediate_danger="yes")
    )
    html = client.get(reverse("concerns:concern-detail", args=[Concern.objects.get().pk])).content.decode()
    assert "North" in html
    assert "call the police on 999" in html
    assert "call 101" in html


def test_no_guidance_box_when_not_in_immediate_danger(world: TestWorld) -> None:
    client = world.client_for(world.teacher)
    client.post(reverse("concerns:concern-create", args=[world.child.pk]), _concern_form())
    html = client.get(reverse("concerns:concern-detail", args=[Concern.objects.get().pk])).content.decode()
    assert 'data-testid="immediate-danger"' not in html


def test_the_dsl_is_alerted_in_app_and_by_one_email_without_personal_data(world: TestWorld) -> None:
    mail.outbox.clear()
    world.client_for(world.teacher).post(
        reverse("concerns:concern-create", args=[world.child.pk]), _concern_form()
    )
    concern = Concern.objects.get()
    alert = Notification.objects.get()
    assert alert.recipient == world.school_dsl
    assert alert.url == reverse("concerns:concern-detail", args=[concern.pk])
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.school_dsl.email]
    text = f"{email.subject}\n{email.body}"
    assert "A new concern has been recorded in Lantern; sign in to triage it" in text
    assert f"/concerns/{concern.pk}/" in text
    for personal in ("Jade", "Smith", "station", "older boys", str(world.child.date_of_birth)):
        assert personal not in text
    assert AuditEvent.objects.filter(action="notify", object_id=str(concern.pk)).exists()


def test_inactive_leads_and_other_agencies_leads_are_not_alerted(world: TestWorld) -> None:
    make_user("old_dsl", agency=world.school_a, role=Role.SAFEGUARDING_LEAD, is_active=False)
    make_user("health_dsl", agency=world.health_a, role=Role.SAFEGUARDING_LEAD)
    mail.outbox.clear()
    world.client_for(world.teacher).post(
        reverse("concerns:concern-create", args=[world.child.pk]), _concern_form()
    )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        world.school_dsl.username
    ]
    assert len(mail.outbox) == 1


def test_notifications_page_lists_and_marks_alerts_read(world: TestWorld) -> None:
    world.client_for(world.teacher).post(
        reverse("concerns:concern-create", args=[world.child.pk]), _concern_form()
    )
    client = world.client_for(world.school_dsl)
    html = client.get(reverse("concerns:notification-list")).content.decode()
    assert "please triage it" in html
    assert "New</strong>" in html
    assert Notification.objects.get().read_at is not None
    assert "New</strong>" not in client.get(reverse("concerns:notification-list")).content.decode()


def test_an_invalid_concern_is_shown_again_with_what_was_typed(world: TestWorld) -> None:
    data = _concern_form(categories=[], immediate_danger="yes")
    data.update(date_fields("happened_on", timezone.localdate() + timedelta(days=3)))
    response = world.client_for(world.teacher).post(
        reverse("concerns:concern-create", args=[world.child.pk]), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose at least one category" in html
    assert "I have to go or they will hurt my mum." in html
    assert 'value="yes" data-reveal="conditional-immediate-danger" checked' in html
    assert "govuk-radios__conditional--hidden" not in html
    assert not Concern.objects.exists()


def test_a_future_date_is_refused_by_the_service(world: TestWorld) -> None:
    data = _concern_form()
    data.update(date_fields("happened_on", timezone.localdate() + timedelta(days=3)))
    response = world.client_for(world.teacher).post(
        reverse("concerns:concern-create", args=[world.child.pk]), data
    )
    assert "The date it happened must be today or in the past" in response.content.decode()
    assert not Concern.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


def test_the_raising_agency_keeps_reading_its_concern_after_its_involvement_ends(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    world.child.involvements.filter(agency=world.school_a).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    response = world.client_for(world.school_dsl).get(reverse("concerns:concern-detail", args=[concern.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view", object_type="concern", object_id=str(concern.pk)).exists()


def test_another_agency_with_access_to_the_person_reads_the_concern(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    response = world.client_for(world.social_worker_a).get(
        reverse("concerns:concern-detail", args=[concern.pk])
    )
    assert response.status_code == 200
    assert "Seen getting into a car" in response.content.decode()
    assert "Triage this concern" not in response.content.decode()


def test_a_dsl_of_another_agency_without_access_is_refused(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    other_dsl = make_user("south_dsl", agency=world.csc_b, role=Role.SAFEGUARDING_LEAD)
    response = world.client_for(other_dsl).get(reverse("concerns:concern-detail", args=[concern.pk]))
    assert response.status_code == 403
    assert "Seen getting into a car" not in response.content.decode()
    assert _refused(other_dsl)


# --- The triage log -------------------------------------------------------------------------


def test_a_dsl_sees_only_their_own_agencys_concerns_open_first(world: TestWorld) -> None:
    triaged = make_concern(
        world.child, world.teacher, status=ConcernStatus.TRIAGED, triage_decision="monitor"
    )
    open_one = make_concern(world.child, world.teacher, categories=["online"])
    theirs = make_concern(world.child, world.nurse, what_happened="A health concern")
    html = world.client_for(world.school_dsl).get(reverse("concerns:concern-list")).content.decode()
    open_link = reverse("concerns:concern-detail", args=[open_one.pk])
    triaged_link = reverse("concerns:concern-detail", args=[triaged.pk])
    assert open_link in html and triaged_link in html
    assert html.index(open_link) < html.index(triaged_link)
    assert reverse("concerns:concern-detail", args=[theirs.pk]) not in html


def test_the_triage_log_filters_by_status_and_category(world: TestWorld) -> None:
    triaged = make_concern(
        world.child, world.teacher, status=ConcernStatus.TRIAGED, triage_decision="monitor"
    )
    online = make_concern(world.child, world.teacher, categories=["online"])
    client = world.client_for(world.school_dsl)
    html = client.get(reverse("concerns:concern-list"), {"status": "triaged"}).content.decode()
    assert reverse("concerns:concern-detail", args=[triaged.pk]) in html
    assert reverse("concerns:concern-detail", args=[online.pk]) not in html
    html = client.get(reverse("concerns:concern-list"), {"category": "online"}).content.decode()
    assert reverse("concerns:concern-detail", args=[online.pk]) in html
    assert reverse("concerns:concern-detail", args=[triaged.pk]) not in html


# --- Triage -------------------------------------------------------------------------------------


def test_the_dsl_triages_to_monitor(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    client = world.client_for(world.school_dsl)
    url = reverse("concerns:concern-triage", args=[concern.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    response = client.post(url, {"decision": "monitor", "notes": "Watch at the gate.", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:concern-detail", args=[concern.pk])
    concern.refresh_from_db()
    assert (concern.status, concern.triage_decision, concern.triaged_by) == (
        "triaged",
        "monitor",
        world.school_dsl,
    )
    html = client.get(response["Location"]).content.decode()
    assert "Concern triaged: Monitor" in html
    assert "Watch at the gate." in html


def test_triage_to_screening_opens_a_screening_for_the_person(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    response = world.client_for(world.school_dsl).post(
        reverse("concerns:concern-triage", args=[concern.pk]), {"decision": "start_screening", "version": "1"}
    )
    expected = reverse("screening:screening-create", kwargs={"person_id": world.child.pk})
    assert response["Location"] == f"{expected}?from=concern&id={concern.pk}"


def test_triage_to_refer_opens_the_referral_form(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    response = world.client_for(world.school_dsl).post(
        reverse("concerns:concern-triage", args=[concern.pk]), {"decision": "refer", "version": "1"}
    )
    expected = reverse("referrals:referral-create", kwargs={"person_id": world.child.pk})
    assert response["Location"] == f"{expected}?concern={concern.pk}"


def test_a_concern_is_triaged_once(world: TestWorld) -> None:
    concern = make_concern(
        world.child, world.teacher, status=ConcernStatus.TRIAGED, triage_decision="monitor"
    )
    response = world.client_for(world.school_dsl).post(
        reverse("concerns:concern-triage", args=[concern.pk]), {"decision": "refer", "version": "1"}
    )
    assert response.status_code == 200
    assert "This concern has already been triaged" in response.content.decode()


def test_a_stale_triage_is_shown_the_change_and_keeps_the_input(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    Concern.objects.filter(pk=concern.pk).update(version=2)
    response = world.client_for(world.school_dsl).post(
        reverse("concerns:concern-triage", args=[concern.pk]),
        {"decision": "monitor", "notes": "My careful reasons.", "version": "1"},
    )
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "My careful reasons." in html
    assert 'name="version" value="2"' in html
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


@pytest.mark.parametrize("who", ["teacher", "social_worker_a", "outsider_b"])
def test_only_the_raising_agencys_lead_may_triage(world: TestWorld, who: str) -> None:
    concern = make_concern(world.child, world.teacher)
    user = getattr(world, who)
    client = world.client_for(user)
    url = reverse("concerns:concern-triage", args=[concern.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "monitor", "version": "1"}).status_code == 403
    assert _refused(user)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


# --- Amendments -----------------------------------------------------------------------------


def _amend_form(concern: Concern, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        **date_fields("happened_on", concern.happened_on),
        "happened_time": "",
        "categories": concern.categories,
        "what_happened": concern.what_happened,
        "childs_words": concern.childs_words,
        "actions_taken": concern.actions_taken,
        "reason": "The child told me more the next day.",
        "version": str(concern.version),
    }
    data.update(overrides)
    return data


def test_an_amendment_keeps_both_versions_readable(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    client = world.client_for(world.teacher)
    url = reverse("concerns:concern-amend", args=[concern.pk])
    form = client.get(url).content.decode()
    assert "They said I owe them." in form
    response = client.post(url, _amend_form(concern, childs_words="They said I owe them £200 for the phone."))
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.childs_words == "They said I owe them."  # never edited in place
    assert concern.version == 2
    amendment = ConcernAmendment.objects.get()
    assert (amendment.field, amendment.old_value, amendment.new_value) == (
        "childs_words",
        "They said I owe them.",
        "They said I owe them £200 for the phone.",
    )
    assert amendment.amended_by == world.teacher
    html = client.get(reverse("concerns:concern-detail", args=[concern.pk])).content.decode()
    assert "They said I owe them £200 for the phone." in html
    assert "As first recorded: They said I owe them." in html
    assert "The child told me more the next day." in html
    entries = [entry.title for entry in chronology_for(world.child, world.teacher)]
    assert "Concern amended: What the child said, in their own words" in entries


def test_an_amendment_needs_a_reason_and_a_change(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    client = world.client_for(world.teacher)
    url = reverse("concerns:concern-amend", args=[concern.pk])
    response = client.post(url, _amend_form(concern, reason=""))
    assert "Enter why the concern is being amended" in response.content.decode()
    response = client.post(url, _amend_form(concern))
    assert "Nothing has changed" in response.content.decode()
    assert not ConcernAmendment.objects.exists()


def test_a_stale_amendment_is_refused_and_keeps_the_input(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    Concern.objects.filter(pk=concern.pk).update(version=3)
    response = world.client_for(world.teacher).post(
        reverse("concerns:concern-amend", args=[concern.pk]),
        _amend_form(concern, what_happened="My corrected account.", version="1"),
    )
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "My corrected account." in html
    assert not ConcernAmendment.objects.exists()


@pytest.mark.parametrize("who", ["social_worker_a", "nurse", "outsider_b"])
def test_only_the_raiser_or_their_lead_may_amend(world: TestWorld, who: str) -> None:
    concern = make_concern(world.child, world.teacher)
    user = getattr(world, who)
    client = world.client_for(user)
    url = reverse("concerns:concern-amend", args=[concern.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _amend_form(concern, what_happened="Changed")).status_code == 403
    assert _refused(user)
    assert not ConcernAmendment.objects.exists()


def test_the_lead_may_amend_their_agencys_concern(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    response = world.client_for(world.school_dsl).post(
        reverse("concerns:concern-amend", args=[concern.pk]),
        _amend_form(concern, categories=["criminal", "online"]),
    )
    assert response.status_code == 302
    amendment = ConcernAmendment.objects.get()
    assert (amendment.old_value, amendment.new_value) == ("criminal", "criminal,online")


# --- Chronology -----------------------------------------------------------------------------


def test_the_chronology_shows_recorded_and_triaged(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    world.client_for(world.school_dsl).post(
        reverse("concerns:concern-triage", args=[concern.pk]), {"decision": "monitor", "version": "1"}
    )
    titles = [entry.title for entry in chronology_for(world.child, world.social_worker_a)]
    assert "Concern recorded by North High School: Criminal exploitation" in titles
    assert "Concern triaged: Monitor" in titles
    html = world.client_for(world.social_worker_a).get(reverse("people:person-detail", args=[world.child.pk]))
    assert "Concern recorded by North High School" in html.content.decode()


# --- Access: every page ---------------------------------------------------------------------


def _url(world: TestWorld, concern: Concern, name: str) -> str:
    if name == "concern-create":
        return reverse("concerns:concern-create", args=[world.child.pk])
    if name == "concern-list":
        return reverse("concerns:concern-list")
    return reverse(f"concerns:{name}", args=[concern.pk])


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("concern-create", "get"),
        ("concern-create", "post"),
        ("concern-detail", "get"),
        ("concern-amend", "get"),
        ("concern-amend", "post"),
        ("concern-triage", "get"),
        ("concern-triage", "post"),
        ("concern-list", "get"),
    ],
)
def test_the_outsider_is_refused_every_page_and_it_is_audited(
    world: TestWorld, name: str, method: str
) -> None:
    concern = make_concern(world.child, world.teacher)
    client = world.client_for(world.outsider_b)
    response = getattr(client, method)(
        _url(world, concern, name), _concern_form() if method == "post" else {}
    )
    assert response.status_code == 403
    assert _refused(world.outsider_b)
    assert "Seen getting into a car" not in response.content.decode()
    assert Concern.objects.count() == 1
    assert not ConcernAmendment.objects.exists()


@pytest.mark.parametrize("who", ["police_analyst", "partnership_admin", "auditor"])
def test_non_casework_roles_may_not_record_or_read_concerns(world: TestWorld, who: str) -> None:
    concern = make_concern(world.child, world.teacher)
    user = getattr(world, who)
    client = world.client_for(user)
    assert client.get(reverse("concerns:concern-create", args=[world.child.pk])).status_code == 403
    assert client.get(reverse("concerns:concern-detail", args=[concern.pk])).status_code == 403
    assert _refused(user)


def test_a_missing_concern_is_refused_like_a_hidden_one(world: TestWorld) -> None:
    response = world.client_for(world.teacher).get(reverse("concerns:concern-detail", args=[999999]))
    assert response.status_code == 403
    assert _refused(world.teacher)


def test_notifications_show_only_your_own(world: TestWorld) -> None:
    Notification.objects.create(recipient=world.school_dsl, text="For the DSL only", url="/concerns/1/")
    html = world.client_for(world.outsider_b).get(reverse("concerns:notification-list")).content.decode()
    assert "For the DSL only" not in html
    assert "You have no notifications." in html
    assert Notification.objects.get().read_at is None
