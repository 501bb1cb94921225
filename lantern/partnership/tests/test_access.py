"""Every partnership configuration page: admins only, refusals audited, anonymous to sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.partnership.models import Area

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

VIEWS = [
    ("partnership:overview", None),
    ("partnership:partnership-create", None),
    ("partnership:partnership-update", None),
    ("partnership:area-list", None),
    ("partnership:area-create", None),
    ("partnership:area-update", "area_a"),
    ("partnership:agency-list", None),
    ("partnership:agency-create", None),
    ("partnership:agency-update", "csc_a"),
    ("partnership:team-list", None),
    ("partnership:team-detail", "team_a"),
    ("partnership:team-create", None),
    ("partnership:team-update", "team_a"),
]


def _url(world: TestWorld, name: str, record: str | None) -> str:
    return reverse(name, args=[getattr(world, record).pk]) if record else reverse(name)


@pytest.mark.parametrize(("name", "record"), VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["outsider_b", "social_worker_a", "auditor"])
def test_non_admin_is_refused_and_audited(
    world: TestWorld, name: str, record: str | None, method: str, who: str
) -> None:
    user = getattr(world, who)
    response = getattr(world.client_for(user), method)(
        _url(world, name, record), {"code": "hacked", "name": "Hacked", "risk_scale": "categories"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()
    assert not Area.objects.filter(code="hacked").exists()
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Test Safeguarding Children Partnership"


@pytest.mark.parametrize(("name", "record"), VIEWS)
def test_anonymous_is_sent_to_login(world: TestWorld, name: str, record: str | None) -> None:
    response = Client().get(_url(world, name, record))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "record"), VIEWS)
def test_admin_can_open_every_page(world: TestWorld, name: str, record: str | None) -> None:
    response = world.client_for(world.partnership_admin).get(_url(world, name, record))
    # The set-up page forwards to the edit page once the partnership exists.
    expected = 302 if name == "partnership:partnership-create" else 200
    assert response.status_code == expected


def test_selectors_refuse_and_audit_when_called_directly(world: TestWorld) -> None:
    from lantern.core.errors import AccessRefused
    from lantern.partnership.selectors import area_list_for, partnership_overview_for

    for read in (area_list_for, partnership_overview_for):
        with pytest.raises(AccessRefused):
            read(world.teacher)
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.teacher.pk).count() == 2
