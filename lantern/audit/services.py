"""Writing the audit trail. Every other service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def canonical_time(moment: datetime) -> str:
    """UTC, always with microseconds: the same text whether the row came from SQLite or PostgreSQL."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_detail(detail: Any) -> Any:
    """What a JSON column gives back: string keys, lists for tuples, text for anything else."""
    return json.loads(json.dumps(detail or {}, default=str, allow_nan=False))


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "at": canonical_time(event.at),
        "user": event.user_id_ref,
        "username": event.username,
        "agency": event.agency_code,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "person": event.person_id_ref,
        "purpose": event.purpose,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    # Sorted keys: PostgreSQL's jsonb does not keep the order the keys were written in.
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: object = "",
    person_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event. ``actor`` is a user, or None for the system or an anonymous caller."""
    # No savepoint: inside a caller's transaction a failed audit write must fail the whole action.
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        agency = getattr(actor, "agency", None) if authenticated else None
        event = AuditEvent(
            at=timezone.now(),
            user_id_ref=actor.pk if authenticated else None,
            username=actor.get_username() if authenticated else username,
            agency_code=agency.code if agency else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            person_id_ref=person_id,
            purpose=purpose,
            detail=canonical_detail(detail),
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
        return event


def audit_refusal(
    *, actor: Any, object_type: str, object_id: object = "", person_id: int | None = None, reason: str = ""
) -> None:
    """Record an authorisation refusal (ASVS 16.3).

    It shares the caller's transaction, so call it before entering any ``atomic`` block that the
    refusal will roll back; selectors and views refuse outside one.
    """
    audit_record(
        actor=actor,
        action="access_refused",
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        detail={"reason": reason} if reason else None,
    )


def audit_trail_read_record(
    *,
    actor: Any,
    action: str,
    object_id: object = "",
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that an auditor viewed, exported or verified the trail: reading it is audited too."""
    return audit_record(
        actor=actor,
        action=action,
        object_type="audit_trail",
        object_id=object_id,
        purpose=purpose,
        detail=detail,
    )
