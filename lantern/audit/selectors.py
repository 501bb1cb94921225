"""Reading and verifying the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from lantern.accounts.roles import can_read_audit
from lantern.audit.models import AuditEvent
from lantern.audit.services import GENESIS_HASH, audit_refusal, event_hash
from lantern.core.errors import AccessRefused


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    problem: str = ""


def audit_chain_verify(*, batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in id order; report the first row whose content or link does not match."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != expected_prev:
                return VerifyResult(
                    False,
                    checked,
                    event.pk,
                    "its link to the previous row is broken (a row before it was changed or removed)",
                )
            if event_hash(event) != event.hash:
                return VerifyResult(False, checked, event.pk, "its content was changed after it was written")
            expected_prev = event.hash
            checked += 1
            last_id = event.pk
    from lantern.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != expected_prev:
        return VerifyResult(False, checked, head.last_event_id, "the newest rows were removed")
    return VerifyResult(True, checked)


def audit_event_list_for(
    user: Any,
    *,
    person_id: int | None = None,
    username: str = "",
    agency_code: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    if not can_read_audit(user.role):
        audit_refusal(actor=user, object_type="audit_trail")
        raise AccessRefused("Only auditors can read the audit trail.")
    events = AuditEvent.objects.all()
    if person_id is not None:
        events = events.filter(person_id_ref=person_id)
    if username:
        events = events.filter(username__iexact=username)
    if agency_code:
        events = events.filter(agency_code=agency_code)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-id")
