from __future__ import annotations

import re
from base64 import b32decode
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.accounts.tests.factories import sign_in
from lantern.audit.models import AuditEvent
from lantern.core.errors import ConflictingEdit, ValidationFailed

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db


def _new_user_data(world: TestWorld, **overrides: object) -> dict[str, object]:
    return {
        "username": "new_worker",
        "first_name": "Nia",
        "last_name": "Worker",
        "email": "nia.worker@example.org",
        "agency": world.csc_a.pk,
        "team": world.team_a.pk,
        "role": Role.CASE_HOLDER,
        "job_title": "Social worker",
        "password": "",
        **overrides,
    }


def _secret_from(html: str) -> str:
    match = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html)
    assert match, "the page shows the secret"
    return match.group(1).replace(" ", "")


def test_user_list_filters_by_agency_role_and_status(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    User.objects.filter(pk=world.nurse.pk).update(is_active=False)
    User.objects.filter(pk=world.teacher.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    html = client.get(reverse("accounts:user-list")).content.decode()
    assert world.social_worker_a.username in html and world.outsider_b.username in html

    html = client.get(reverse("accounts:user-list"), {"agency": world.csc_b.pk}).content.decode()
    assert world.outsider_b.username in html
    assert world.social_worker_a.username not in html

    html = client.get(reverse("accounts:user-list"), {"role": Role.ANALYST}).content.decode()
    assert world.police_analyst.username in html
    assert world.police_officer.username not in html

    html = client.get(reverse("accounts:user-list"), {"status": "disabled"}).content.decode()
    assert world.nurse.username in html and world.teacher.username not in html
    html = client.get(reverse("accounts:user-list"), {"status": "locked"}).content.decode()
    assert world.teacher.username in html and world.nurse.username not in html
    html = client.get(reverse("accounts:user-list"), {"status": "active"}).content.decode()
    assert world.teacher.username not in html and world.nurse.username not in html
    assert world.social_worker_a.username in html


def test_create_user_with_generated_password_shows_secret_and_qr_once(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    assert client.get(reverse("accounts:user-create")).status_code == 200
    response = client.post(reverse("accounts:user-create"), _new_user_data(world))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    user = User.objects.get(username="new_worker")
    assert user.agency == world.csc_a and user.team == world.team_a and user.role == Role.CASE_HOLDER
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    secret = _secret_from(html)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert "otpauth://totp/" in html and f"secret={secret}" in html
    assert "<svg" in html and 'role="img"' in html and "data:" not in html
    password = re.search(r'data-testid="initial-password">([^<]+)<', html)
    assert password and len(password.group(1)) >= 20
    assert user.check_password(password.group(1))
    event = AuditEvent.objects.get(action="create", object_type="user")
    assert event.detail["password"] == "generated"
    assert password.group(1) not in str(event.detail) and secret not in str(event.detail)

    # The new person can sign in with the password and a code from the secret they were given.
    code = f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"
    new_client = Client()
    response = new_client.post(
        reverse("accounts:login"), {"username": "new_worker", "password": password.group(1), "token": code}
    )
    assert response.status_code == 302

    # Nothing shows the secret again.
    detail = client.get(reverse("accounts:user-detail", args=[user.pk])).content.decode()
    assert secret not in detail and password.group(1) not in detail


def test_create_user_with_typed_password(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("accounts:user-create"), _new_user_data(world, password="a-typed-long-passphrase-9")
    )
    assert response.status_code == 200
    assert 'data-testid="initial-password"' not in response.content.decode()
    assert User.objects.get(username="new_worker").check_password("a-typed-long-passphrase-9")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "sam_social_worker"}, "already in use"),
        ({"agency": "", "team": ""}, "Select the agency this person works for"),
        ({"team": "999999"}, "Select a valid choice"),
        ({"password": "short"}, "too short"),
        ({"email": "not-an-email"}, "valid email"),
        ({"first_name": ""}, "required"),
    ],
)
def test_create_user_errors_redisplay_with_typed_values(
    world: TestWorld, overrides: dict[str, object], message: str
) -> None:
    client = world.client_for(world.partnership_admin)
    data = _new_user_data(world, **overrides)
    response = client.post(reverse("accounts:user-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert f'value="{data["last_name"]}"' in html
    assert f'value="{data["job_title"]}"' in html
    assert User.objects.filter(first_name="Nia").count() == 0


def test_team_must_belong_to_the_agency(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(reverse("accounts:user-create"), _new_user_data(world, agency=world.csc_b.pk))
    assert "Select a team in the person" in response.content.decode()
    assert not User.objects.filter(username="new_worker").exists()


def test_user_detail_and_update(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    target = world.teacher
    html = client.get(reverse("accounts:user-detail", args=[target.pk])).content.decode()
    assert target.username in html and "North High School" in html
    form = client.get(reverse("accounts:user-update", args=[target.pk])).content.decode()
    assert 'name="version" value="1"' in form
    response = client.post(
        reverse("accounts:user-update", args=[target.pk]),
        {
            "first_name": "Tara",
            "last_name": "Teacher",
            "email": "tara@example.org",
            "agency": world.school_a.pk,
            "team": "",
            "role": Role.SAFEGUARDING_LEAD,
            "job_title": "Deputy DSL",
            "version": 1,
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.SAFEGUARDING_LEAD and target.job_title == "Deputy DSL"
    assert target.version == 2
    event = AuditEvent.objects.get(action="update", object_type="user", object_id=str(target.pk))
    assert event.detail["changed"]["role"] == {"from": "practitioner", "to": "safeguarding_lead"}


def test_concurrent_edit_is_refused_and_nothing_is_overwritten(world: TestWorld) -> None:
    first = world.client_for(world.partnership_admin)
    target = world.nurse
    url = reverse("accounts:user-update", args=[target.pk])
    base = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "agency": world.health_a.pk,
        "team": "",
        "role": Role.PRACTITIONER,
        "version": 1,
    }
    assert first.post(url, {**base, "job_title": "Named nurse"}).status_code == 302
    response = first.post(url, {**base, "job_title": "School nurse"})  # still holding version 1
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this account" in html
    assert 'value="School nurse"' in html  # the user's input is kept
    assert 'name="version" value="2"' in html
    target.refresh_from_db()
    assert target.job_title == "Named nurse"
    assert target.version == 2


def test_update_service_refuses_an_old_version(world: TestWorld) -> None:
    services.user_update(actor=world.partnership_admin, user=world.nurse, expected_version=1, job_title="A")
    with pytest.raises(ConflictingEdit) as raised:
        services.user_update(
            actor=world.partnership_admin, user=world.nurse, expected_version=1, job_title="B"
        )
    assert raised.value.current_version == 2
    world.nurse.refresh_from_db()
    assert world.nurse.job_title == "A"


def test_admin_cannot_change_own_role_or_disable_self(world: TestWorld) -> None:
    admin = world.partnership_admin
    with pytest.raises(ValidationFailed):
        services.user_update(actor=admin, user=admin, expected_version=1, role=Role.AUDITOR)
    client = world.client_for(admin)
    response = client.post(reverse("accounts:user-disable", args=[admin.pk]), follow=True)
    assert "cannot disable your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_disable_then_enable(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    target = world.teacher
    response = client.post(reverse("accounts:user-disable", args=[target.pk]))
    assert response["Location"] == reverse("accounts:user-detail", args=[target.pk])
    target.refresh_from_db()
    assert not target.is_active and target.sessions_valid_after is not None
    assert AuditEvent.objects.filter(action="sessions_ended", object_id=str(target.pk)).exists()
    client.post(reverse("accounts:user-enable", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active
    assert AuditEvent.objects.filter(action="update", detail__changed=["enabled"]).exists()
    assert client.get(reverse("accounts:user-disable", args=[target.pk])).status_code == 405


def test_end_sessions_is_audited(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    client.post(reverse("accounts:user-end-sessions", args=[world.nurse.pk]))
    world.nurse.refresh_from_db()
    assert world.nurse.sessions_valid_after is not None
    event = AuditEvent.objects.get(action="sessions_ended")
    assert event.user_id_ref == world.partnership_admin.pk and event.object_id == str(world.nurse.pk)


def test_unlock_clears_the_lockout(world: TestWorld) -> None:
    target = world.teacher
    User.objects.filter(pk=target.pk).update(
        failed_login_count=10, locked_until=timezone.now() + timedelta(minutes=30)
    )
    client = world.client_for(world.partnership_admin)
    assert "Unlock account" in client.get(reverse("accounts:user-detail", args=[target.pk])).content.decode()
    client.post(reverse("accounts:user-unlock", args=[target.pk]))
    target.refresh_from_db()
    assert target.locked_until is None and target.failed_login_count == 0
    assert AuditEvent.objects.filter(action="update", detail__changed=["unlocked"]).exists()
    assert sign_in(Client(), target).status_code == 302


def test_reset_mfa_shows_a_new_secret_once(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    target = world.nurse
    url = reverse("accounts:user-reset-mfa", args=[target.pk])
    assert "Reset authenticator app" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = _secret_from(html)
    assert b32decode(secret + "=" * (-len(secret) % 8)) == TOTPDevice.objects.get(user=target).bin_key
    assert "<svg" in html and "otpauth://totp/" in html
    assert 'data-testid="initial-password"' not in html
    assert AuditEvent.objects.filter(action="update", detail__changed=["authenticator reset"]).exists()


def test_unknown_user_id_is_not_found(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    assert client.get(reverse("accounts:user-detail", args=[999999])).status_code == 404


def test_admin_makes_a_member_of_a_team_its_manager_and_the_change_is_audited(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    target = world.social_worker_a
    url = reverse("accounts:user-update", args=[target.pk])
    form = client.get(url).content.decode()
    assert 'name="manages_team"' in form and "Manages this team" in form
    base = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "agency": world.csc_a.pk,
        "role": Role.CASE_HOLDER,
        "version": 1,
    }
    no_team = client.post(url, {**base, "team": "", "manages_team": "on"})
    assert no_team.status_code == 200 and "Select the team this person manages" in no_team.content.decode()
    target.refresh_from_db()
    assert not target.manages_team and target.version == 1

    response = client.post(url, {**base, "team": world.team_a.pk, "manages_team": "on"})

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.manages_team and target.version == 2
    event = AuditEvent.objects.get(action="update", object_type="user", object_id=str(target.pk))
    assert event.detail["changed"]["manages_team"] == {"from": False, "to": True}
    detail = client.get(reverse("accounts:user-detail", args=[target.pk])).content.decode()
    assert "Yes: sees the team's learning records" in detail


def test_a_new_account_can_manage_its_team(world: TestWorld) -> None:
    data = _new_user_data(world, agency=world.csc_a.pk, team=world.team_a.pk, manages_team="on")

    response = world.client_for(world.partnership_admin).post(reverse("accounts:user-create"), data)

    assert response.status_code == 200
    created = User.objects.get(username="new_worker")
    assert created.manages_team and created.team == world.team_a
    event = AuditEvent.objects.get(action="create", object_type="user", object_id=str(created.pk))
    assert event.detail["manages_team"] is True
    with pytest.raises(ValidationFailed) as raised:
        services.user_update(
            actor=world.partnership_admin, user=created, expected_version=created.version, team=None
        )
    assert "manages_team" in raised.value.errors


def test_only_the_admin_sets_a_team_manager(world: TestWorld) -> None:
    url = reverse("accounts:user-update", args=[world.social_worker_a.pk])
    for user in (world.outsider_b, world.social_worker_a, world.school_dsl):
        response = world.client_for(user).post(url, {"team": world.team_a.pk, "manages_team": "on"})
        assert response.status_code == 403
        assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()
    world.social_worker_a.refresh_from_db()
    assert not world.social_worker_a.manages_team
