"""Helpers for the accounts tests (the shared factories are in lantern/core/testing.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from lantern.accounts.models import User
from lantern.audit.models import AuditEvent
from lantern.core.testing import TEST_PASSWORD, totp_code


def sign_in(client: Client, user: User, **overrides: str) -> Any:
    """Post the sign-in form as the person would fill it in, with any part replaced."""
    data = {"username": user.username, "password": TEST_PASSWORD, "token": totp_code(user), **overrides}
    return client.post(reverse("accounts:login"), data)


def wrong_code(user: User) -> str:
    return f"{(int(totp_code(user)) + 1) % 1_000_000:06d}"


def audit_actions(**filters: Any) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def refusal_recorded(user: User) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()
