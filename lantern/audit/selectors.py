"""Reading and verifying the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lantern.accounts.roles import can_read_audit
from lantern.audit.models import AuditChainHead, AuditEvent
from lantern.audit.services import GENESIS_HASH, audit_refusal, event_hash
from lantern.core.errors import AccessRefused

AUDIT_TRAIL = "audit_trail"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    problem: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"Audit trail intact: {self.checked} events checked"
        where = f"event {self.broken_event_id}" if self.broken_event_id is not None else "the chain head"
        return f"Audit trail broken at {where}: {self.problem} ({self.checked} events checked before it)"


def _broken(checked: int, event_id: int | None, problem: str) -> VerifyResult:
    return VerifyResult(False, checked, event_id, problem)


def audit_chain_verify(*, batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in id order; report the first row whose content or link does not match.

    The head is read before the walk (so a row missing from the end is found) and again after it
    (so a row added without moving the head is found); rows other writers commit meanwhile are
    checked like any other.
    """
    head_before = AuditChainHead.objects.filter(pk=1).first()
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    head_event_seen = False
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != expected_prev:
                return _broken(
                    checked,
                    event.pk,
                    "its link to the previous row does not match: a row before it was removed, "
                    "or its link was changed",
                )
            if event_hash(event) != event.hash:
                return _broken(checked, event.pk, "its content was changed after it was written")
            if head_before is not None and event.pk == head_before.last_event_id:
                if event.hash != head_before.last_hash:
                    return _broken(checked, event.pk, "it does not match the chain head")
                head_event_seen = True
            expected_prev = event.hash
            checked += 1
            last_id = event.pk
    return _check_head(head_before, head_event_seen, checked, last_id)


def _check_head(
    head_before: AuditChainHead | None, head_event_seen: bool, checked: int, last_id: int
) -> VerifyResult:
    if head_before is None:
        if checked:
            return _broken(checked, None, "the chain head record is missing")
        return VerifyResult(True, 0)
    if head_before.last_event_id is not None and not head_event_seen:
        return _broken(
            checked, head_before.last_event_id, "it is missing: the newest rows of the trail were removed"
        )
    head_after = AuditChainHead.objects.filter(pk=1).first()
    newest_known = head_after.last_event_id if head_after else None
    if checked and (newest_known is None or last_id > newest_known):
        return _broken(checked, last_id, "it was added to the trail without going through the audit service")
    return VerifyResult(True, checked)


def _refuse_unless_auditor(user: Any, object_id: object = "") -> None:
    if not can_read_audit(getattr(user, "role", "")):
        audit_refusal(
            actor=user, object_type=AUDIT_TRAIL, object_id=object_id, reason="only auditors read the trail"
        )
        raise AccessRefused("Only auditors can read the audit trail.")


def _start_of_local_day(day: date) -> datetime:
    """Midnight in the partnership's time zone, so a range uses the index on ``at``."""
    return timezone.make_aware(datetime.combine(day, time.min))


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
    """The trail, newest first, narrowed by any of the filters. Dates are local (UK) calendar days."""
    _refuse_unless_auditor(user)
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
        events = events.filter(at__gte=_start_of_local_day(date_from))
    if date_to:
        events = events.filter(at__lt=_start_of_local_day(date_to + timedelta(days=1)))
    return events.order_by("-id")


def audit_event_get_for(user: Any, event_id: int) -> AuditEvent:
    _refuse_unless_auditor(user, event_id)
    return get_object_or_404(AuditEvent, pk=event_id)


def audit_trail_verify_for(user: Any) -> VerifyResult:
    _refuse_unless_auditor(user)
    return audit_chain_verify()
