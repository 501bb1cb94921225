from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.chronology.registry import chronology_for
from lantern.concerns.models import Notification
from lantern.contexts import selectors, services
from lantern.contexts.models import Context, ContextConference, ContextLink, ContextPlan
from lantern.contexts.tests.factories import date_fields, make_context, make_link
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.testing import involve, make_person

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def _refused(user: Any, object_type: str = "") -> bool:
    events = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk)
    if object_type:
        events = events.filter(object_type=object_type)
    return events.exists()


@pytest.fixture
def park(world: TestWorld) -> Context:
    context = make_context(area=world.area_a)
    make_link(world.child, context)
    return context


# --- Contexts and links -----------------------------------------------------------------------


def test_case_holder_records_a_location(world: TestWorld) -> None:
    client = world.client_for(world.social_worker_a)
    response = client.post(
        reverse("contexts:context-create"),
        {
            "kind": "location",
            "name": "Chicken Palace",
            "location_type": "takeaway",
            "postcode": "m1 1aa",
            "latitude": "53.481",
            "longitude": "-2.243",
            "area": world.area_a.pk,
        },
    )
    context = Context.objects.get()
    assert response.status_code == 302
    assert context.postcode == "M1 1AA" and context.raised_by_agency == world.csc_a
    assert AuditEvent.objects.filter(
        action="create", object_type="context", object_id=str(context.pk)
    ).exists()


def test_a_location_needs_its_type_and_both_coordinates(world: TestWorld) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.context_create(actor=world.social_worker_a, kind="location", name="X", latitude=53)
    assert {"location_type", "latitude"} <= set(error.value.errors)


def test_an_education_setting_urn_is_six_digits(world: TestWorld) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.context_create(
            actor=world.teacher,
            kind="education_setting",
            name="Hill PRU",
            education_setting_type="pru",
            urn="12",
        )
    assert "urn" in error.value.errors


def test_editing_a_context_refuses_an_older_version(world: TestWorld, park: Context) -> None:
    client = world.client_for(world.social_worker_a)
    data = {
        "kind": "location",
        "name": "Riverside Park North",
        "location_type": "park",
        "version": "1",
        "latitude": "53.48",
        "longitude": "-2.24",
    }
    assert client.post(reverse("contexts:context-update", args=[park.pk]), data).status_code == 302
    response = client.post(reverse("contexts:context-update", args=[park.pk]), {**data, "name": "Other"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    park.refresh_from_db()
    assert park.name == "Riverside Park North" and park.version == 2


def test_case_holder_links_a_child_from_their_record(world: TestWorld, park: Context) -> None:
    takeaway = make_context(name="Chicken Palace", location_type="takeaway")
    client = world.client_for(world.social_worker_a)
    response = client.post(
        reverse("contexts:person-contexts", args=[world.child.pk]),
        {
            "context": takeaway.pk,
            "relationship": "exploited_at",
            "source_kind": "missing_episode",
            **date_fields("start", date(2025, 2, 1)),
            "weighting": "4",
        },
    )
    assert response.status_code == 302
    link = ContextLink.objects.get(context=takeaway)
    assert link.recorded_by_agency == world.csc_a and link.weighting == 4
    page = client.get(reverse("contexts:person-contexts", args=[world.child.pk])).content.decode()
    assert "most needs to change" in page and "Chicken Palace" in page


def test_an_outsider_cannot_link_or_see_the_childs_contexts(world: TestWorld, park: Context) -> None:
    client = world.client_for(world.outsider_b)
    response = client.get(reverse("contexts:person-contexts", args=[world.child.pk]))
    assert response.status_code == 403
    assert _refused(world.outsider_b, "person")
    with pytest.raises(AccessRefused):
        services.context_link_create(
            actor=world.outsider_b,
            person=world.child,
            context=park,
            relationship="attends",
            start=date(2025, 1, 1),
        )


def test_weighting_refuses_an_older_version(world: TestWorld, park: Context) -> None:
    link = ContextLink.objects.get()
    client = world.client_for(world.social_worker_a)
    url = reverse("contexts:link-weighting", args=[link.pk])
    assert client.post(url, {"weighting": "3", "version": "1"}).status_code == 302
    response = client.post(url, {"weighting": "1", "version": "1"})
    assert "Someone else changed this record" in response.content.decode()
    link.refresh_from_db()
    assert link.weighting == 3


# --- Need to know -----------------------------------------------------------------------------


def test_an_outsider_sees_the_context_but_not_the_linked_children(world: TestWorld, park: Context) -> None:
    response = world.client_for(world.outsider_b).get(reverse("contexts:context-detail", args=[park.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Park" in page
    assert world.child.family_name not in page
    assert "1 other linked child you do not have access to" in page
    assert _refused(world.outsider_b, "context_link")


def test_a_case_holder_sees_the_children_their_agency_works_with(world: TestWorld, park: Context) -> None:
    other = make_person(given_name="Kai", family_name="Hidden")
    make_link(other, park)
    page = (
        world.client_for(world.social_worker_a)
        .get(reverse("contexts:context-detail", args=[park.pk]))
        .content.decode()
    )
    assert world.child.full_name in page
    assert "Hidden" not in page
    assert "1 other linked child you do not have access to" in page


def test_linked_people_use_one_query_filter(
    world: TestWorld, park: Context, django_assert_max_num_queries: Any
) -> None:
    for number in range(20):
        person = make_person(family_name=f"Many{number}")
        involve(person, world.csc_a)
        make_link(person, park)
    with django_assert_max_num_queries(8):
        linked = selectors.linked_people_for(world.social_worker_a, park)
    assert len(linked.shown) == 21


def test_analysts_see_pseudonyms_not_names(world: TestWorld, park: Context) -> None:
    client = world.client_for(world.police_analyst)
    page = client.get(reverse("contexts:context-detail", args=[park.pk])).content.decode()
    assert world.child.family_name not in page
    assert selectors.pseudonym(world.child.pk) in page
    network = client.get(reverse("contexts:network", args=[park.pk])).content.decode()
    assert world.child.family_name not in network and selectors.pseudonym(world.child.pk) in network


def test_analysts_may_not_open_a_persons_network(world: TestWorld, park: Context) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("contexts:person-network", args=[world.child.pk])
    )
    assert response.status_code == 403
    assert _refused(world.police_analyst, "person")


@pytest.mark.parametrize(
    "name", ["contexts:context-list", "contexts:map", "contexts:map-data", "contexts:context-create"]
)
def test_roles_without_casework_are_refused(world: TestWorld, name: str) -> None:
    response = world.client_for(world.auditor).get(reverse(name))
    assert response.status_code == 403
    assert _refused(world.auditor)


@pytest.mark.parametrize(
    "name",
    [
        "contexts:context-detail",
        "contexts:network",
        "contexts:assessment-create",
        "contexts:plan-create",
        "contexts:conference-create",
        "contexts:context-update",
    ],
)
def test_context_pages_refuse_the_partnership_admin(world: TestWorld, park: Context, name: str) -> None:
    response = world.client_for(world.partnership_admin).get(reverse(name, args=[park.pk]))
    assert response.status_code == 403
    assert _refused(world.partnership_admin)


def test_analysts_may_not_change_contexts(world: TestWorld, park: Context) -> None:
    response = world.client_for(world.police_analyst).get(
        reverse("contexts:assessment-create", args=[park.pk])
    )
    assert response.status_code == 403
    assert _refused(world.police_analyst, "context")


# --- Assessment, plan, conference ------------------------------------------------------------


def _plan(world: TestWorld, context: Context) -> ContextPlan:
    return services.context_plan_create(
        actor=world.social_worker_a,
        context=context,
        goals="Young people feel safe in the park after school.",
        measures_of_change="Fewer reports of older men approaching young people.",
        review_due=timezone.localdate() + timedelta(days=30),
        responses=[
            services.ResponseInput(
                "detached_youth_work", "Youth workers in the park", world.csc_a, date(2026, 12, 1)
            ),
            services.ResponseInput(
                "lighting_cctv", "Better lighting by the gate", world.police, date(2026, 12, 1)
            ),
        ],
    )


def test_assessment_and_plan_pages(world: TestWorld, park: Context) -> None:
    client = world.client_for(world.social_worker_a)
    today = timezone.localdate()
    response = client.post(
        reverse("contexts:assessment-create", args=[park.pk]),
        {
            **date_fields("assessed_on", today),
            "who_is_there": "Older males after 6pm",
            "harm": "Drug running",
            "risk_level": "high",
            **date_fields("next_review_due", today + timedelta(days=30)),
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("contexts:plan-create", args=[park.pk]),
        {
            "goals": "A safer park",
            "measures_of_change": "Fewer incidents",
            **date_fields("review_due", today + timedelta(days=60)),
            "response_1_response_type": "detached_youth_work",
            "response_1_description": "Youth work",
            "response_1_owner_agency": world.csc_a.pk,
            **date_fields("response_1_due_on", today + timedelta(days=10)),
            "response_2_response_type": "licensing_review",
            "response_2_description": "Review",
            "response_2_owner_agency": world.police.pk,
            **date_fields("response_2_due_on", today + timedelta(days=20)),
        },
    )
    assert response.status_code == 302
    plan = ContextPlan.objects.get()
    assert plan.responses.count() == 2
    page = client.get(reverse("contexts:context-detail", args=[park.pk])).content.decode()
    assert "Drug running" in page and "Licensing review" in page


def test_a_plan_naming_a_linked_child_is_refused(world: TestWorld, park: Context) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.context_plan_create(
            actor=world.social_worker_a,
            context=park,
            goals=f"Keep {world.child.given_name} safe",
            measures_of_change="x",
            review_due=timezone.localdate() + timedelta(days=3),
            responses=[],
        )
    assert "goals" in error.value.errors


def test_conference_minutes_naming_a_child_are_refused(world: TestWorld, park: Context) -> None:
    client = world.client_for(world.social_worker_a)
    data = {
        **date_fields("held_on", timezone.localdate()),
        "chair_name": "Pat Chair",
        "attendees": "Sam Patel, Riverside Youth Club, sam@example.org",
        "shared_minutes": f"{world.child.family_name.upper()} was seen at the gate.",
        "decisions": "More patrols",
    }
    response = client.post(reverse("contexts:conference-create", args=[park.pk]), data)
    assert response.status_code == 200
    assert "appears to name a person linked to this context" in response.content.decode()
    assert not ContextConference.objects.exists()


def test_approved_minutes_go_to_attendees_without_personal_data(world: TestWorld, park: Context) -> None:
    plan = _plan(world, park)
    conference = services.context_conference_create(
        actor=world.social_worker_a,
        context=park,
        plan=plan,
        held_on=timezone.localdate(),
        chair_name="Pat Chair",
        shared_minutes="A young person was approached at the gate.",
        decisions="Lighting to be reviewed.",
        attendees=[
            services.AttendeeInput("Sam Patel", "Riverside Youth Club", "sam@example.org"),
            services.AttendeeInput("Police Officer", "Police", world.police_officer.email),
        ],
    )
    client = world.client_for(world.social_worker_a)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        response = client.post(reverse("contexts:conference-detail", args=[conference.pk]), {"version": "1"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == "approved"
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["sam@example.org", world.police_officer.email]
    )
    body = mail.outbox[0].body
    assert world.child.given_name not in body and world.child.family_name not in body
    assert "Better lighting by the gate" in body
    assert Notification.objects.filter(recipient=world.police_officer).exists()


def test_only_the_recorder_or_a_chair_approves(world: TestWorld, park: Context) -> None:
    conference = services.context_conference_create(
        actor=world.social_worker_a,
        context=park,
        plan=None,
        held_on=timezone.localdate(),
        chair_name="Pat",
        shared_minutes="Minutes",
        decisions="Decisions",
        attendees=[services.AttendeeInput("A", "B")],
    )
    response = world.client_for(world.outsider_b).post(
        reverse("contexts:conference-detail", args=[conference.pk]), {"version": "1"}
    )
    assert response.status_code == 403
    assert _refused(world.outsider_b, "context_conference")


# --- Map, network, chronology -----------------------------------------------------------------


def test_map_filters_and_table(world: TestWorld, park: Context) -> None:
    make_context(name="Chicken Palace", location_type="takeaway", area=world.area_b)
    client = world.client_for(world.outsider_b)
    page = client.get(reverse("contexts:map"), {"location_type": "park"}).content.decode()
    assert "Riverside Park" in page and "Chicken Palace" not in page
    data = client.get(reverse("contexts:map-data"), {"area": world.area_b.pk}).json()
    assert [place["name"] for place in data["places"]] == ["Chicken Palace"]


def test_network_highlights_shared_contexts(world: TestWorld, park: Context) -> None:
    second = make_person(family_name="Second")
    involve(second, world.csc_a)
    make_link(second, park)
    takeaway = make_context(name="Chicken Palace", location_type="takeaway")
    make_link(second, takeaway)
    _context, network = selectors.context_network_for(world.social_worker_a, park.pk)
    nodes = {node.id: node for node in network.nodes}
    assert nodes[f"c{park.pk}"].shared and not nodes[f"c{takeaway.pk}"].shared
    assert {f"p{world.child.pk}", f"p{second.pk}", f"c{takeaway.pk}"} <= set(nodes)
    _person, person_network = selectors.person_network_for(world.social_worker_a, world.child.pk)
    assert f"p{second.pk}" in {node.id for node in person_network.nodes}


def test_the_network_withholds_children_without_need_to_know(world: TestWorld, park: Context) -> None:
    _context, network = selectors.context_network_for(world.outsider_b, park.pk)
    assert network.withheld_people == 1
    assert not [node for node in network.nodes if node.kind == "person"]
    assert _refused(world.outsider_b, "context_network")


def test_context_events_in_the_linked_persons_chronology(world: TestWorld, park: Context) -> None:
    services.context_assessment_create(
        actor=world.social_worker_a,
        context=park,
        assessed_on=timezone.localdate(),
        who_is_there="x",
        harm="y",
        guardians="",
        protective="",
        young_peoples_views="",
        risk_level="high",
        next_review_due=timezone.localdate() + timedelta(days=30),
    )
    kinds = {entry.kind for entry in chronology_for(world.child, world.social_worker_a)}
    assert {"context_link", "context_assessment"} <= kinds


# --- API --------------------------------------------------------------------------------------


def test_api_context_detail_withholds_children(world: TestWorld, park: Context) -> None:
    data = api_client(world.outsider_b).get(f"/api/v1/contexts/{park.pk}/").json()
    assert data["name"] == "Riverside Park" and data["links"] == [] and data["withheld_people"] == 1
    mine = api_client(world.social_worker_a).get(f"/api/v1/contexts/{park.pk}/").json()
    assert mine["links"][0]["person"] == world.child.pk


def test_api_create_and_link(world: TestWorld) -> None:
    client = api_client(world.social_worker_a)
    created = client.post(
        "/api/v1/contexts/",
        {"kind": "online_space", "name": "Group chat", "platform": "Snapchat"},
        format="json",
    )
    assert created.status_code == 201
    link = client.post(
        "/api/v1/context-links/",
        {
            "person_id": world.child.pk,
            "context_id": created.json()["id"],
            "relationship": "member_of",
            "start": "2025-01-01",
        },
        format="json",
    )
    assert link.status_code == 201
    assert (
        client.get(f"/api/v1/people/{world.child.pk}/context-links/").json()[0]["relationship"] == "member_of"
    )


def test_api_refuses_outsiders_and_other_roles(world: TestWorld, park: Context) -> None:
    assert (
        api_client(world.outsider_b).get(f"/api/v1/people/{world.child.pk}/context-links/").status_code == 403
    )
    assert api_client(world.auditor).get("/api/v1/contexts/").status_code == 403
    assert api_client(world.auditor).get(f"/api/v1/contexts/{park.pk}/network/").status_code == 403
    assert _refused(world.outsider_b, "person") and _refused(world.auditor, "context")
