"""The profile's only write: the audit row that records each export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.profile.exports import render, suppressed
from lantern.profile.selectors import profile_report, require_profile_access


def profile_export(*, actor: Any, as_at: date, fmt: str, suppress: bool, channel: str) -> bytes:
    """The profile as a file. ``actor`` None is the operator at the command line."""
    if actor is not None:
        require_profile_access(actor, object_id=as_at.isoformat())
    report = profile_report(as_at=as_at)
    if suppress:
        report = suppressed(report)
    content = render(report, fmt)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="export",
            object_type="profile_report",
            object_id=as_at.isoformat(),
            purpose="partnership profile",
            detail={"as_at": as_at.isoformat(), "format": fmt, "suppressed": suppress, "channel": channel},
        )
    return content
