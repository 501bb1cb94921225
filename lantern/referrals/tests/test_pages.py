from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.chronology.registry import chronology_for
from lantern.concerns.tests.factories import make_concern
from lantern.core.testing import make_agency, make_person, make_user
from lantern.people.models import Person
from lantern.referrals.models import Referral
from lantern.referrals.tests.factories import london, make_referral, make_screening

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

KEY = "a-submission-key-made-when-the-form-was-shown"


def _refused(user: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()


def _referral_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "reason": "Groomed by older males; found with a deal line phone 40 miles from home.",
        "consent_sought": "yes",
        "consent_given": "yes",
        "reason_without_consent": "",
        "submission_key": KEY,
    }
    data.update(overrides)
    return data


def _create_url(person: Person) -> str:
    return reverse("referrals:referral-create", args=[person.pk])


# --- Making a referral ------------------------------------------------------------------------


def test_the_form_carries_a_fresh_submission_key_and_shows_the_latest_screening(world: TestWorld) -> None:
    make_screening(world.child, final_level="medium", completed_at=timezone.now() - timedelta(days=9))
    make_screening(world.child, final_level="high", outcome="strategy_discussion")
    client = world.client_for(world.teacher)
    first = client.get(_create_url(world.child)).content.decode()
    second = client.get(_create_url(world.child)).content.decode()
    assert 'type="hidden" name="submission_key"' in first

    def key(html: str) -> str:
        start = html.index('name="submission_key" value="') + len('name="submission_key" value="')
        return html[start : html.index('"', start)]

    assert len(key(first)) >= 32 and key(first) != key(second)
    assert 'data-testid="screening"' in first
    assert ">High<" in first and "Strategy discussion" in first
    assert "North Children&#x27;s Front Door" in first


def test_referring_with_consent_attaches_the_latest_completed_screening(world: TestWorld) -> None:
    screening = make_screening(world.child, final_level="high")
    make_screening(world.child, status="draft", completed_at=None, final_level="low")
    client = world.client_for(world.teacher)
    response = client.post(_create_url(world.child), _referral_form())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:referral-detail", args=[referral.pk])
    assert referral.screening == screening
    assert referral.area == world.area_a
    assert referral.from_agency == world.school_a
    assert referral.referred_by == world.teacher
    assert (referral.consent_sought, referral.consent_given) == (True, True)
    html = client.get(response["Location"]).content.decode()
    assert "Referral sent to North Children&#x27;s Front Door" in html
    assert "Sought and given" in html
    assert AuditEvent.objects.filter(
        action="create", object_type="referral", object_id=str(referral.pk)
    ).exists()


def test_referring_without_consent_needs_a_reason(world: TestWorld) -> None:
    client = world.client_for(world.teacher)
    response = client.post(_create_url(world.child), _referral_form(consent_sought="no", consent_given="no"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter why you are referring without consent" in html
    assert "Groomed by older males" in html
    assert not Referral.objects.exists()
    response = client.post(
        _create_url(world.child),
        _referral_form(
            consent_sought="no",
            consent_given="no",
            reason_without_consent="Asking would alert the adults exploiting him; significant risk.",
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.consent_sought, referral.consent_given) == (False, False)
    assert referral.reason_without_consent.startswith("Asking would alert")


def test_consent_sought_and_refused_also_needs_a_reason(world: TestWorld) -> None:
    response = world.client_for(world.teacher).post(
        _create_url(world.child), _referral_form(consent_sought="yes", consent_given="no")
    )
    assert "Enter why you are referring without consent" in response.content.decode()


def test_consent_cannot_be_given_without_being_sought(world: TestWorld) -> None:
    response = world.client_for(world.teacher).post(
        _create_url(world.child), _referral_form(consent_sought="no", consent_given="yes")
    )
    assert "Consent cannot have been given if it was not sought" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_double_submitted_form_creates_one_referral(world: TestWorld) -> None:
    client = world.client_for(world.teacher)
    first = client.post(_create_url(world.child), _referral_form())
    second = client.post(_create_url(world.child), _referral_form())
    referral = Referral.objects.get()
    detail = reverse("referrals:referral-detail", args=[referral.pk])
    assert first["Location"] == second["Location"] == detail
    assert "already been sent" in client.get(detail).content.decode()
    assert AuditEvent.objects.filter(action="create", object_type="referral").count() == 1


def test_someone_elses_submission_key_is_not_reused(world: TestWorld) -> None:
    world.client_for(world.teacher).post(_create_url(world.child), _referral_form())
    response = world.client_for(world.social_worker_a).post(_create_url(world.child), _referral_form())
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert Referral.objects.count() == 1


def test_referring_from_a_concern_links_it(world: TestWorld) -> None:
    concern = make_concern(world.child, world.teacher)
    client = world.client_for(world.school_dsl)
    url = f"{_create_url(world.child)}?concern={concern.pk}"
    assert 'data-testid="from-concern"' in client.get(url).content.decode()
    client.post(url, _referral_form())
    assert Referral.objects.get().concern == concern


def test_a_concern_about_someone_else_is_not_attached(world: TestWorld) -> None:
    other = make_person(area=world.area_a)
    concern = make_concern(other, world.teacher)
    response = world.client_for(world.teacher).get(f"{_create_url(world.child)}?concern={concern.pk}")
    assert response.status_code == 404


def test_the_area_is_the_persons_area_at_referral_time(world: TestWorld) -> None:
    world.client_for(world.teacher).post(_create_url(world.child), _referral_form())
    world.child.area = world.area_b
    world.child.save()
    assert Referral.objects.get().area == world.area_a


# --- The front door's queue -------------------------------------------------------------------


def _queue_order(world: TestWorld, client: Any = None, **params: str) -> list[int]:
    client = client or world.client_for(world.front_door_a)
    html = client.get(reverse("referrals:referral-queue"), params).content.decode()
    found = []
    for referral in Referral.objects.all():
        link = reverse("referrals:referral-detail", args=[referral.pk]) + '"'
        if link in html:
            found.append((html.index(link), referral.pk))
    return [pk for _, pk in sorted(found)]


def test_the_queue_is_ordered_by_risk_then_age(world: TestWorld) -> None:
    now = timezone.now()
    people = [make_person(area=world.area_a) for _ in range(5)]
    old_medium = make_referral(
        people[0],
        world.teacher,
        received_at=now - timedelta(hours=30),
        screening=make_screening(people[0], final_level="medium"),
    )
    new_high = make_referral(
        people[1],
        world.teacher,
        received_at=now - timedelta(hours=1),
        screening=make_screening(people[1], final_level="high"),
    )
    old_high = make_referral(
        people[2],
        world.teacher,
        received_at=now - timedelta(hours=5),
        screening=make_screening(people[2], final_level="high"),
    )
    urgent_low = make_referral(
        people[3],
        world.teacher,
        received_at=now - timedelta(minutes=5),
        screening=make_screening(people[3], final_level="low", outcome="police_immediate"),
    )
    unscreened = make_referral(people[4], world.teacher, received_at=now - timedelta(days=3))
    assert _queue_order(world) == [urgent_low.pk, old_high.pk, new_high.pk, old_medium.pk, unscreened.pk]


def test_the_queue_follows_the_partnerships_scale(world: TestWorld) -> None:
    world.partnership.risk_scale = ["category_1", "category_2", "category_3"]
    world.partnership.save()
    people = [make_person(area=world.area_a) for _ in range(2)]
    one = make_referral(
        people[0],
        world.teacher,
        received_at=timezone.now() - timedelta(hours=3),
        screening=make_screening(people[0], final_level="category_1"),
    )
    three = make_referral(
        people[1], world.teacher, screening=make_screening(people[1], final_level="category_3")
    )
    assert _queue_order(world) == [three.pk, one.pk]


def test_the_queue_shows_only_the_front_doors_area(world: TestWorld) -> None:
    south_child = make_person(area=world.area_b)
    north = make_referral(world.child, world.teacher)
    south = make_referral(south_child, world.outsider_b)
    front_door_b = make_user("south_front_door", agency=world.csc_b, role=Role.FRONT_DOOR)
    assert _queue_order(world) == [north.pk]
    assert _queue_order(world, world.client_for(front_door_b)) == [south.pk]
    partnership_hub = make_agency("hub", area=None, name="Partnership hub")
    hub_worker = make_user("hub_worker", agency=partnership_hub, role=Role.FRONT_DOOR)
    assert set(_queue_order(world, world.client_for(hub_worker))) == {north.pk, south.pk}


def test_decided_referrals_are_in_their_own_tab(world: TestWorld) -> None:
    waiting = make_referral(world.child, world.teacher)
    decided = make_referral(
        world.child,
        world.teacher,
        decision="advice",
        decided_at=timezone.now(),
        decided_by=world.front_door_a,
    )
    assert _queue_order(world) == [waiting.pk]
    assert _queue_order(world, show="decided") == [decided.pk]


def test_the_queue_shows_the_wait_and_the_overdue_flag(world: TestWorld) -> None:
    make_referral(world.child, world.teacher, received_at=timezone.now() - timedelta(days=6))
    html = world.client_for(world.front_door_a).get(reverse("referrals:referral-queue")).content.decode()
    assert "6 days" in html
    assert 'data-testid="overdue"' in html


def test_a_fresh_referral_is_not_overdue(world: TestWorld) -> None:
    make_referral(world.child, world.teacher, received_at=timezone.now() - timedelta(minutes=20))
    html = world.client_for(world.front_door_a).get(reverse("referrals:referral-queue")).content.decode()
    assert "20 minutes" in html
    assert 'data-testid="overdue"' not in html


# --- Deciding --------------------------------------------------------------------------------


def test_the_front_door_decides_strategy_discussion(world: TestWorld) -> None:
    referral = make_referral(
        world.child, world.teacher, screening=make_screening(world.child, final_level="high")
    )
    client = world.client_for(world.front_door_a)
    url = reverse("referrals:referral-decide", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Strategy discussion (s47)" in page
    response = client.post(
        url, {"decision": "strategy_discussion_s47", "notes": "Strategy discussion today.", "version": "1"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == "strategy_discussion_s47"
    assert referral.decided_by == world.front_door_a
    assert referral.decided_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "Decision recorded: Strategy discussion (s47)" in html
    titles = [entry.title for entry in chronology_for(world.child, world.social_worker_a)]
    assert "Front door decision: Strategy discussion (s47)" in titles
    assert any(
        title.startswith("Referred to North Children's Front Door by North High School") for title in titles
    )


def test_a_friday_referral_decided_on_monday_is_not_late_but_tuesday_is(world: TestWorld) -> None:
    in_time = make_referral(
        world.child,
        world.teacher,
        received_at=london(2025, 6, 6, 16),
        decision="advice",
        decided_at=london(2025, 6, 9, 17),
        decided_by=world.front_door_a,
    )
    late = make_referral(
        world.child,
        world.teacher,
        received_at=london(2025, 6, 6, 16),
        decision="advice",
        decided_at=london(2025, 6, 10, 9),
        decided_by=world.front_door_a,
    )
    client = world.client_for(world.front_door_a)
    assert (
        'data-testid="late"'
        not in client.get(reverse("referrals:referral-detail", args=[in_time.pk])).content.decode()
    )
    assert (
        'data-testid="late"'
        in client.get(reverse("referrals:referral-detail", args=[late.pk])).content.decode()
    )
    titles = [entry.title for entry in chronology_for(world.child, world.social_worker_a)]
    assert "Front door decision: Advice given (late)" in titles


def test_a_referral_is_decided_once(world: TestWorld) -> None:
    referral = make_referral(
        world.child,
        world.teacher,
        decision="advice",
        decided_at=timezone.now(),
        decided_by=world.front_door_a,
    )
    response = world.client_for(world.front_door_a).post(
        reverse("referrals:referral-decide", args=[referral.pk]), {"decision": "early_help", "version": "1"}
    )
    assert "A decision has already been recorded" in response.content.decode()
    referral.refresh_from_db()
    assert referral.decision == "advice"


def test_a_stale_decision_is_shown_the_change_and_keeps_the_input(world: TestWorld) -> None:
    referral = make_referral(world.child, world.teacher)
    Referral.objects.filter(pk=referral.pk).update(version=2)
    response = world.client_for(world.front_door_a).post(
        reverse("referrals:referral-decide", args=[referral.pk]),
        {"decision": "early_help", "notes": "My reasons.", "version": "1"},
    )
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "My reasons." in html
    referral.refresh_from_db()
    assert referral.decided_at is None


# --- Access: every page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("referral-create", "get"),
        ("referral-create", "post"),
        ("referral-detail", "get"),
        ("referral-decide", "get"),
        ("referral-decide", "post"),
        ("referral-queue", "get"),
    ],
)
def test_the_outsider_is_refused_every_page_and_it_is_audited(
    world: TestWorld, name: str, method: str
) -> None:
    referral = make_referral(world.child, world.teacher)
    args = {"referral-create": [world.child.pk], "referral-queue": []}.get(name, [referral.pk])
    client = world.client_for(world.outsider_b)
    data = {**_referral_form(), "decision": "advice", "version": "1"} if method == "post" else {}
    response = getattr(client, method)(reverse(f"referrals:{name}", args=args), data)
    assert response.status_code == 403
    assert _refused(world.outsider_b)
    assert "Found in a trap house" not in response.content.decode()
    assert Referral.objects.count() == 1
    referral.refresh_from_db()
    assert referral.decided_at is None


def test_a_front_door_of_area_b_cannot_see_or_decide_area_as_referrals(world: TestWorld) -> None:
    referral = make_referral(world.child, world.teacher)
    front_door_b = make_user("south_front_door", agency=world.csc_b, role=Role.FRONT_DOOR)
    client = world.client_for(front_door_b)
    assert client.get(reverse("referrals:referral-detail", args=[referral.pk])).status_code == 403
    response = client.post(
        reverse("referrals:referral-decide", args=[referral.pk]), {"decision": "advice", "version": "1"}
    )
    assert response.status_code == 403
    assert _refused(front_door_b)
    referral.refresh_from_db()
    assert referral.decided_at is None


def test_a_practitioner_who_may_read_a_referral_may_not_decide_it(world: TestWorld) -> None:
    referral = make_referral(world.child, world.teacher)
    client = world.client_for(world.social_worker_a)
    assert client.get(reverse("referrals:referral-detail", args=[referral.pk])).status_code == 200
    assert client.get(reverse("referrals:referral-decide", args=[referral.pk])).status_code == 403
    assert client.get(reverse("referrals:referral-queue")).status_code == 403
    assert _refused(world.social_worker_a)


def test_the_referring_agency_keeps_reading_its_referral(world: TestWorld) -> None:
    referral = make_referral(world.child, world.teacher)
    world.child.involvements.filter(agency=world.school_a).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    response = world.client_for(world.school_dsl).get(
        reverse("referrals:referral-detail", args=[referral.pk])
    )
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["police_analyst", "partnership_admin", "auditor"])
def test_non_casework_roles_see_no_referrals(world: TestWorld, who: str) -> None:
    referral = make_referral(world.child, world.teacher)
    user = getattr(world, who)
    client = world.client_for(user)
    assert client.get(reverse("referrals:referral-detail", args=[referral.pk])).status_code == 403
    assert client.get(reverse("referrals:referral-queue")).status_code == 403
    assert client.get(_create_url(world.child)).status_code == 403
    assert _refused(user)
