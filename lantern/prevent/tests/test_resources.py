"""The resource library and the awareness activities schools record."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.prevent.models import AwarenessActivity, Resource

pytestmark = pytest.mark.django_db


def _refused(client, url, user, method="get", data=None):
    before = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, url
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() > before, url


def _resource(world, **fields):
    data = {
        "title": "Talking to your child about exploitation",
        "summary": "A short guide for parents.",
        "kind": "guide",
        "audiences": ["parents"],
        "link": "",
        "body": "## Start small\n\nAsk open questions.",
        "is_public": True,
        "created_by": world.partnership_admin,
    }
    data.update(fields)
    return Resource.objects.create(**data)


def test_resource_views_refuse_the_wrong_roles(world):
    resource = _resource(world)
    client = world.client_for(world.auditor)
    _refused(client, reverse("prevent:resource-list"), world.auditor)
    _refused(client, reverse("prevent:resource-detail", args=[resource.pk]), world.auditor)
    for user in (world.teacher, world.outsider_b):
        client = world.client_for(user)
        _refused(client, reverse("prevent:resource-create"), user)
        _refused(client, reverse("prevent:resource-edit", args=[resource.pk]), user)
        _refused(client, reverse("prevent:resource-edit", args=[resource.pk]), user, "post", {"title": "x"})


def test_activity_views_refuse_non_school_staff(world):
    for user in (world.outsider_b, world.social_worker_a, world.auditor):
        client = world.client_for(user)
        _refused(client, reverse("prevent:activity-list"), user)
        _refused(client, reverse("prevent:activity-create"), user)
    _refused(
        world.client_for(world.partnership_admin), reverse("prevent:activity-create"), world.partnership_admin
    )


def test_admin_adds_a_resource_staff_filter_by_audience_and_the_public_see_only_public_ones(world):
    client = world.client_for(world.partnership_admin)
    bad = client.post(reverse("prevent:resource-create"), {"title": "Plan", "summary": "", "kind": "guide"})
    assert bad.status_code == 400 and b"govuk-error-summary" in bad.content and b"Plan" in bad.content
    response = client.post(
        reverse("prevent:resource-create"),
        {
            "title": "Awareness day session plan",
            "summary": "A one-hour lesson for Year 9.",
            "kind": "session_plan",
            "audiences": ["schools"],
            "link": "https://example.org/plan",
            "body": "",
        },
    )
    assert response.status_code == 302
    _resource(world)
    teacher = world.client_for(world.teacher)
    schools = teacher.get(reverse("prevent:resource-list"), {"audience": "schools"}).content.decode()
    assert "Awareness day session plan" in schools and "Talking to your child" not in schools
    public = Client().get(reverse("public:resource-list")).content.decode()
    assert "Talking to your child" in public and "Awareness day session plan" not in public
    private = Resource.objects.get(title="Awareness day session plan")
    assert Client().get(reverse("public:resource-detail", args=[private.pk])).status_code == 404


def test_a_stale_resource_edit_is_refused_and_kept(world):
    resource = _resource(world)
    client = world.client_for(world.partnership_admin)
    data = {
        "version": resource.version,
        "title": "New title",
        "summary": "s",
        "kind": "guide",
        "audiences": ["parents"],
        "body": "b",
    }
    assert client.post(reverse("prevent:resource-edit", args=[resource.pk]), data).status_code == 302
    response = client.post(reverse("prevent:resource-edit", args=[resource.pk]), {**data, "title": "Mine"})
    assert (
        response.status_code == 409
        and b"Someone else changed" in response.content
        and b"Mine" in response.content
    )


def test_a_school_records_an_activity_and_sees_only_its_own(world):
    client = world.client_for(world.teacher)
    today = date.today()
    empty = client.post(reverse("prevent:activity-create"), {"activity": "Assembly"})
    assert empty.status_code == 400 and b"Assembly" in empty.content
    response = client.post(
        reverse("prevent:activity-create"),
        {
            "held_on_0": today.day,
            "held_on_1": today.month,
            "held_on_2": today.year,
            "activity": "Assembly for National Child Exploitation Awareness Day",
            "audience": "pupils",
            "number_reached": 240,
        },
    )
    assert response.status_code == 302
    record = AwarenessActivity.objects.get()
    assert record.agency == world.school_a and record.number_reached == 240
    assert b"Awareness Day" in client.get(reverse("prevent:activity-list")).content
    admin = world.client_for(world.partnership_admin)
    assert b"Awareness Day" in admin.get(reverse("prevent:activity-list")).content
    figures = admin.get(reverse("prevent:figures")).content.decode()
    assert "People reached" in figures and "240" in figures
