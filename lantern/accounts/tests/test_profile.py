from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.testing import TEST_PASSWORD

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db


def test_profile_shows_the_signed_in_users_details(world: TestWorld) -> None:
    response = world.client_for(world.social_worker_a).get(reverse("accounts:profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Tester" in html
    assert "North Children&#x27;s Services" in html
    assert "Exploitation team" in html
    assert "Case holder" in html
    assert "Two-step sign in" in html and ">On<" in html
    assert "Last signed in" in html


def test_profile_for_partnership_staff_without_an_agency(world: TestWorld) -> None:
    html = world.client_for(world.auditor).get(reverse("accounts:profile")).content.decode()
    assert "None (partnership staff)" in html
    assert "Auditor" in html


def test_password_change_succeeds_and_is_audited(world: TestWorld) -> None:
    client = world.client_for(world.nurse)
    assert client.get(reverse("accounts:password-change")).status_code == 200
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "another-long-passphrase-42",
            "new_password2": "another-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    world.nurse.refresh_from_db()
    assert world.nurse.check_password("another-long-passphrase-42")
    event = AuditEvent.objects.get(action="update", object_type="user", object_id=str(world.nurse.pk))
    assert event.detail["changed"] == ["password"]
    assert "another-long-passphrase-42" not in str(event.detail)


@pytest.mark.parametrize(
    ("old", "new1", "new2", "expected"),
    [
        ("wrong-old-password", "another-long-passphrase-42", "another-long-passphrase-42", "incorrect"),
        (TEST_PASSWORD, "short", "short", "too short"),
        (TEST_PASSWORD, "another-long-passphrase-42", "different-long-passphrase-42", "match"),
    ],
)
def test_password_change_errors_show_the_error_summary(
    world: TestWorld, old: str, new1: str, new2: str, expected: str
) -> None:
    client = world.client_for(world.nurse)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert expected in html.replace("&#x27;", "'")
    world.nurse.refresh_from_db()
    assert world.nurse.check_password(TEST_PASSWORD)
