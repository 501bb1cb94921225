"""Writing the audit trail. Every other service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "at": event.at.isoformat(),
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
    with transaction.atomic():
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
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        # Round-trip detail through JSON so the hash is computed over what the database keeps.
        event.detail = json.loads(json.dumps(event.detail, default=str))
        event.hash = event_hash(event)
        event.save()
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
        return event


def audit_refusal(
    *, actor: Any, object_type: str, object_id: object = "", person_id: int | None = None, reason: str = ""
) -> None:
    """Record an authorisation refusal (ASVS 16.3). Always committed, even if the caller rolls back."""
    audit_record(
        actor=actor,
        action="access_refused",
        object_type=object_type,
        object_id=object_id,
        person_id=person_id,
        detail={"reason": reason} if reason else None,
    )
