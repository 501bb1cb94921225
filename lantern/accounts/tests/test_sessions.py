from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from lantern.accounts.tests.factories import sign_in
from lantern.audit.models import AuditEvent

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

HOME = "/home/"


def _is_sent_to_login(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_user_is_sent_to_login_with_next(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Faccount%2Fprofile%2F"


def test_password_only_session_is_not_enough(world: TestWorld) -> None:
    client = Client()
    client.force_login(world.nurse)  # no TOTP device verified in this session
    assert _is_sent_to_login(client.get(HOME))


def test_idle_session_is_ended(world: TestWorld) -> None:
    client = world.client_for(world.social_worker_a)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(HOME)
    assert _is_sent_to_login(response)
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert "without activity" in login_page
    assert AuditEvent.objects.filter(
        action="logout", user_id_ref=world.social_worker_a.pk, detail__reason="idle timeout"
    ).exists()
    assert _is_sent_to_login(client.get(HOME))


def test_activity_within_the_idle_limit_keeps_the_session(world: TestWorld) -> None:
    client = world.client_for(world.social_worker_a)
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get(HOME).status_code == 200
    assert client.session[SESSION_LAST_SEEN] >= int(time.time()) - 1


def test_session_past_its_maximum_length_is_ended(world: TestWorld) -> None:
    client = world.client_for(world.nurse)
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert _is_sent_to_login(client.get(HOME))


def test_admin_ending_sessions_signs_the_user_out(world: TestWorld) -> None:
    user_client = world.client_for(world.social_worker_a)
    assert user_client.get(HOME).status_code == 200
    admin = world.client_for(world.partnership_admin)
    response = admin.post(reverse("accounts:user-end-sessions", args=[world.social_worker_a.pk]))
    assert response.status_code == 302
    response = user_client.get(HOME)
    assert _is_sent_to_login(response)
    assert "ended by an administrator" in user_client.get(response["Location"]).content.decode()


def test_disabling_an_account_signs_the_user_out(world: TestWorld) -> None:
    user_client = world.client_for(world.teacher)
    assert user_client.get(HOME).status_code == 200
    admin = world.client_for(world.partnership_admin)
    admin.post(reverse("accounts:user-disable", args=[world.teacher.pk]))
    assert _is_sent_to_login(user_client.get(HOME))
    assert sign_in(Client(), world.teacher).status_code == 200  # and cannot sign back in


def test_signing_in_again_right_after_sessions_were_ended_works(world: TestWorld) -> None:
    user = world.nurse
    services.user_sessions_end(actor=world.partnership_admin, user=user)
    client = Client()
    assert sign_in(client, user).status_code == 302
    assert client.get(HOME).status_code == 200


def test_other_sessions_end_when_the_password_changes(world: TestWorld) -> None:
    other = world.client_for(world.nurse)
    this = world.client_for(world.nurse)
    response = this.post(
        reverse("accounts:password-change"),
        {
            "old_password": "correct-horse-battery-staple",
            "new_password1": "a-brand-new-long-passphrase-7",
            "new_password2": "a-brand-new-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert this.get(HOME).status_code == 200
    assert _is_sent_to_login(other.get(HOME))


def test_reset_authenticator_makes_the_old_code_useless(world: TestWorld) -> None:
    old_key = TOTPDevice.objects.get(user=world.yjs_worker).key
    admin = world.client_for(world.partnership_admin)
    admin.post(reverse("accounts:user-reset-mfa", args=[world.yjs_worker.pk]))
    device = TOTPDevice.objects.get(user=world.yjs_worker)
    assert device.key != old_key
    assert device.confirmed
