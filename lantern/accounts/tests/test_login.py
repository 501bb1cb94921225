from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from lantern.accounts.models import User
from lantern.accounts.signin import GENERIC_FAILURE
from lantern.accounts.tests.factories import audit_actions, sign_in, wrong_code
from lantern.audit.models import AuditEvent
from lantern.core.testing import TEST_PASSWORD, make_user, totp_code

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db


def test_login_page_renders_all_three_fields(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("username", "password", "token"):
        assert f'name="{name}"' in html
    assert 'autocomplete="one-time-code"' in html
    assert "no-store" in response["Cache-Control"]


def test_sign_in_with_password_and_real_totp_code(world: TestWorld) -> None:
    client = Client()
    user = world.social_worker_a
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    session = client.session
    assert session[DEVICE_ID_SESSION_KEY]
    assert isinstance(session[SESSION_LOGIN_AT], int)
    assert isinstance(session[SESSION_LAST_SEEN], int)
    assert client.get(reverse("core:home")).status_code == 200
    event = AuditEvent.objects.get(action="login")
    assert event.user_id_ref == user.pk
    user.refresh_from_db()
    assert user.last_login is not None


def test_success_resets_the_failure_count(world: TestWorld) -> None:
    User.objects.filter(pk=world.teacher.pk).update(failed_login_count=4)
    sign_in(Client(), world.teacher)
    world.teacher.refresh_from_db()
    assert world.teacher.failed_login_count == 0


def test_safe_next_is_followed_and_offsite_next_is_not(world: TestWorld) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=/account/profile/",
        {"username": world.nurse.username, "password": TEST_PASSWORD, "token": totp_code(world.nurse)},
    )
    assert response["Location"] == "/account/profile/"
    other = Client()
    response = other.post(
        reverse("accounts:login"),
        {
            "username": world.teacher.username,
            "password": TEST_PASSWORD,
            "token": totp_code(world.teacher),
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == reverse("core:home")


def test_wrong_code_is_refused_with_the_generic_error(world: TestWorld) -> None:
    client = Client()
    user = world.social_worker_a
    response = sign_in(client, user, token=wrong_code(user))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert GENERIC_FAILURE in html
    assert f'value="{user.username}"' in html  # the username is kept
    assert TEST_PASSWORD not in html
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.failed_login_count == 1
    event = AuditEvent.objects.get(action="login_failed")
    assert event.username == user.username
    assert event.detail == {"reason": "bad_token"}
    assert TEST_PASSWORD not in str(event.detail)


def test_wrong_password_is_refused_with_the_same_error(world: TestWorld) -> None:
    client = Client()
    user = world.social_worker_a
    response = sign_in(client, user, password="not-the-password")
    assert response.status_code == 200
    assert GENERIC_FAILURE in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    user.refresh_from_db()
    assert user.failed_login_count == 1
    event = AuditEvent.objects.get(action="login_failed")
    assert event.detail == {"reason": "bad_password"}
    assert "not-the-password" not in str(event.detail)


def test_unknown_username_is_audited_without_a_user(client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "nobody", "password": "x" * 12, "token": "123456"}
    )
    assert GENERIC_FAILURE in response.content.decode()
    event = AuditEvent.objects.get(action="login_failed")
    assert event.username == "nobody"
    assert event.user_id_ref is None


def test_half_filled_form_shows_only_the_generic_error(world: TestWorld) -> None:
    response = Client().post(reverse("accounts:login"), {"username": world.nurse.username, "password": ""})
    html = response.content.decode()
    assert GENERIC_FAILURE in html
    assert "This field is required" not in html
    assert f'value="{world.nurse.username}"' in html


def test_lockout_after_ten_failures_refuses_the_right_details(world: TestWorld) -> None:
    user = world.teacher
    client = Client()
    for _ in range(settings.LOCKOUT_THRESHOLD):
        sign_in(client, user, password="wrong-password-here")
    user.refresh_from_db()
    assert user.failed_login_count == settings.LOCKOUT_THRESHOLD
    assert user.locked_until is not None and user.locked_until > timezone.now()
    assert audit_actions(action="locked_out") == ["locked_out"]

    response = sign_in(client, user)  # the 11th attempt, every detail correct
    assert response.status_code == 200
    html = response.content.decode()
    assert "locked" in html
    assert "contact your administrator" in html
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", detail__reason="locked").exists()
    assert not AuditEvent.objects.filter(action="login").exists()


def test_lock_runs_out_and_counting_starts_again(world: TestWorld) -> None:
    user = world.nurse
    User.objects.filter(pk=user.pk).update(
        failed_login_count=settings.LOCKOUT_THRESHOLD, locked_until=timezone.now() - timedelta(seconds=1)
    )
    sign_in(Client(), user, password="wrong-password-here")
    user.refresh_from_db()
    assert user.failed_login_count == 1
    assert user.locked_until is None
    response = sign_in(Client(), user)
    assert response.status_code == 302


def test_inactive_user_cannot_sign_in(world: TestWorld) -> None:
    user = world.yjs_worker
    User.objects.filter(pk=user.pk).update(is_active=False)
    client = Client()
    response = sign_in(client, user)
    assert response.status_code == 200
    assert GENERIC_FAILURE in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", detail__reason="inactive").exists()


def test_user_without_an_authenticator_cannot_sign_in(world: TestWorld) -> None:
    user = make_user("no_device")
    TOTPDevice.objects.filter(user=user).delete()
    response = Client().post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD, "token": "123456"}
    )
    assert GENERIC_FAILURE in response.content.decode()


def test_signed_in_user_opening_login_goes_home(world: TestWorld) -> None:
    client = world.client_for(world.nurse)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302


def test_logout_is_post_only_and_audited(world: TestWorld) -> None:
    client = world.client_for(world.nurse)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="logout", user_id_ref=world.nurse.pk).exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_anonymous_logout_is_sent_to_login(client: Client) -> None:
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
