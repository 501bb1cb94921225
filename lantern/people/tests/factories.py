"""Helpers for the people tests (the shared cast is in lantern/core/testing.py)."""

from __future__ import annotations

from typing import Any

from lantern.audit.models import AuditEvent


def audit_actions(**filters: Any) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def refusals_for(user: Any) -> int:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
