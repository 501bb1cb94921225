"""Every accounts page: who may use it, and that refusals are audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from lantern.accounts.models import User
from lantern.accounts.tests.factories import refusal_recorded

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

# (url name, needs a user id, method)
ADMIN_VIEWS = [
    ("accounts:user-list", False, "get"),
    ("accounts:user-create", False, "get"),
    ("accounts:user-create", False, "post"),
    ("accounts:user-detail", True, "get"),
    ("accounts:user-update", True, "get"),
    ("accounts:user-update", True, "post"),
    ("accounts:user-disable", True, "post"),
    ("accounts:user-enable", True, "post"),
    ("accounts:user-end-sessions", True, "post"),
    ("accounts:user-unlock", True, "post"),
    ("accounts:user-reset-mfa", True, "get"),
    ("accounts:user-reset-mfa", True, "post"),
]
SIGNED_IN_VIEWS = ["accounts:profile", "accounts:password-change"]


def _url(name: str, needs_id: bool, target: User) -> str:
    return reverse(name, args=[target.pk]) if needs_id else reverse(name)


@pytest.mark.parametrize(("name", "needs_id", "method"), ADMIN_VIEWS)
@pytest.mark.parametrize("who", ["outsider_b", "social_worker_a", "auditor", "police_analyst"])
def test_non_admin_is_refused_and_the_refusal_audited(
    world: TestWorld, name: str, needs_id: bool, method: str, who: str
) -> None:
    user = getattr(world, who)
    target = world.nurse
    client = world.client_for(user)
    response = getattr(client, method)(_url(name, needs_id, target))
    assert response.status_code == 403
    assert refusal_recorded(user)
    target.refresh_from_db()
    assert target.is_active and target.sessions_valid_after is None


@pytest.mark.parametrize(("name", "needs_id", "method"), ADMIN_VIEWS)
def test_anonymous_is_sent_to_login(world: TestWorld, name: str, needs_id: bool, method: str) -> None:
    response = getattr(Client(), method)(_url(name, needs_id, world.nurse))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "needs_id", "method"), [v for v in ADMIN_VIEWS if v[2] == "get"])
def test_admin_can_open_every_admin_page(world: TestWorld, name: str, needs_id: bool, method: str) -> None:
    response = world.client_for(world.partnership_admin).get(_url(name, needs_id, world.nurse))
    assert response.status_code == 200


@pytest.mark.parametrize("name", SIGNED_IN_VIEWS)
def test_own_account_pages_are_for_any_signed_in_user(world: TestWorld, name: str) -> None:
    for user in (world.outsider_b, world.partnership_admin, world.auditor):
        assert world.client_for(user).get(reverse(name)).status_code == 200
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_page_is_public(client: Client) -> None:
    assert client.get(reverse("accounts:login")).status_code == 200


def test_user_pages_are_not_in_non_admin_navigation(world: TestWorld) -> None:
    html = world.client_for(world.social_worker_a).get(reverse("accounts:profile")).content.decode()
    assert reverse("partnership:overview") not in html
