"""Recording, amending and triaging concerns, and alerting safeguarding leads.

Every write is audited in its own transaction. Audit rows name fields, never their content.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_record, audit_refusal
from lantern.concerns.models import (
    AmendableField,
    Concern,
    ConcernAmendment,
    ConcernCategory,
    ConcernStatus,
    Notification,
    TriageDecision,
)
from lantern.concerns.selectors import (
    OBJECT_TYPE,
    REFUSED,
    concern_content,
    concern_may_amend,
    concern_may_triage,
    safeguarding_leads_of,
)
from lantern.concerns.values import value_as_text
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_access_for

logger = logging.getLogger(__name__)

EMAIL_SUBJECT = "A new concern has been recorded in Lantern"


def _refuse(actor: Any, *, object_id: object = "", person_id: int | None, reason: str) -> AccessRefused:
    audit_refusal(
        actor=actor, object_type=OBJECT_TYPE, object_id=object_id, person_id=person_id, reason=reason
    )
    return AccessRefused(REFUSED)


def _content_errors(
    *, happened_on: date | None, categories: list[str], what_happened: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if happened_on is None:
        errors["happened_on"] = ["Enter the date it happened"]
    elif happened_on > timezone.localdate():
        errors["happened_on"] = ["The date it happened must be today or in the past"]
    if not categories:
        errors["categories"] = ["Choose at least one category"]
    unknown = sorted(set(categories) - set(ConcernCategory.values))
    if unknown:
        errors["categories"] = [f"Unknown category: {', '.join(unknown)}"]
    if not what_happened.strip():
        errors["what_happened"] = ["Enter what happened"]
    return errors


def _ordered_categories(categories: Iterable[str]) -> list[str]:
    chosen = set(categories)
    return [value for value in ConcernCategory.values if value in chosen]


def concern_create(
    *,
    actor: Any,
    person: Person,
    happened_on: date | None,
    happened_time: time | None,
    categories: Iterable[str],
    what_happened: str,
    childs_words: str,
    actions_taken: str,
    immediate_danger: bool,
    site_url: str = "",
) -> Concern:
    """Record a concern about a person the actor may see, and alert their safeguarding leads.

    ``site_url`` (scheme and host) makes the link in the email absolute.
    """
    if not is_casework_user(actor) or actor.agency_id is None:
        raise _refuse(actor, person_id=person.pk, reason="role or account may not record concerns")
    if not person_access_for(actor, person).allowed:
        raise _refuse(actor, person_id=person.pk, reason="no need to know about the person")
    categories = list(categories)
    errors = _content_errors(happened_on=happened_on, categories=categories, what_happened=what_happened)
    if errors:
        raise ValidationFailed(errors)
    assert happened_on is not None
    with transaction.atomic():
        concern = Concern.objects.create(
            person=person,
            raised_by=actor,
            agency_id=actor.agency_id,
            happened_on=happened_on,
            happened_time=happened_time,
            categories=_ordered_categories(categories),
            what_happened=what_happened.strip(),
            childs_words=childs_words.strip(),
            actions_taken=actions_taken.strip(),
            immediate_danger=immediate_danger,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=OBJECT_TYPE,
            object_id=concern.pk,
            person_id=person.pk,
            detail={"categories": concern.categories, "immediate_danger": immediate_danger},
        )
        leads = [lead for lead in safeguarding_leads_of(actor.agency_id) if lead.pk != actor.pk]
        _alert_leads(actor=actor, concern=concern, leads=leads)
    _email_leads(concern=concern, leads=leads, site_url=site_url)
    return concern


def notifications_send(*, recipient_ids: Iterable[int], text: str, url: str) -> None:
    """In-app alerts for other modules too. Runs inside the caller's transaction, whose audit
    row records the action that caused them; ``url`` must identify records by id only."""
    Notification.objects.bulk_create(
        Notification(recipient_id=recipient_id, text=text, url=url) for recipient_id in recipient_ids
    )


def _alert_leads(*, actor: Any, concern: Concern, leads: list[Any]) -> None:
    url = reverse("concerns:concern-detail", args=[concern.pk])
    text = (
        f"New concern {concern.pk} recorded by {actor.display_name} ({actor.agency.name}): please triage it."
    )
    if concern.immediate_danger:
        text = f"Immediate danger. {text}"
    notifications_send(recipient_ids=[lead.pk for lead in leads], text=text, url=url)
    if leads:
        audit_record(
            actor=actor,
            action="notify",
            object_type=OBJECT_TYPE,
            object_id=concern.pk,
            person_id=concern.person_id,
            detail={"recipients": [lead.pk for lead in leads], "channel": "in_app"},
        )


def email_body(concern: Concern, site_url: str) -> str:
    """No personal data: the email says only that there is a concern, and links to it by id."""
    link = f"{site_url.rstrip('/')}{reverse('concerns:concern-detail', args=[concern.pk])}"
    return (
        "A new concern has been recorded in Lantern; sign in to triage it.\n\n"
        f"{link}\n\n"
        "This email holds no personal information. Do not forward it."
    )


def _email_leads(*, concern: Concern, leads: list[Any], site_url: str) -> None:
    """One email to each lead, so no lead sees who else was told. Sent after the concern is
    saved: a mail server being down must not lose the concern (the in-app alert is there)."""
    body = email_body(concern, site_url)
    for lead in leads:
        if not lead.email:
            continue
        try:
            send_mail(EMAIL_SUBJECT, body, None, [lead.email])
        except Exception as error:
            logger.warning("Concern alert email to user %s failed: %s", lead.pk, type(error).__name__)


# --- Amendments ----------------------------------------------------------------------------


def _amendment_errors(changes: dict[str, Any], reason: str, current: dict[str, Any]) -> dict[str, list[str]]:
    merged = {**current, **changes}
    errors = _content_errors(
        happened_on=merged["happened_on"],
        categories=merged["categories"],
        what_happened=merged["what_happened"],
    )
    errors = {field: messages for field, messages in errors.items() if field in changes}
    unknown = sorted(set(changes) - set(AmendableField.values))
    if unknown:
        errors["__all__"] = [f"These fields cannot be amended: {', '.join(unknown)}"]
    if not reason.strip():
        errors["reason"] = ["Enter why the concern is being amended"]
    return errors


def _normalised(field: str, value: Any) -> Any:
    if field == AmendableField.CATEGORIES:
        return _ordered_categories(value)
    if isinstance(value, str):
        return value.strip()
    return value


def concern_amend(
    *, actor: Any, concern: Concern, changes: dict[str, Any], reason: str, expected_version: int
) -> list[ConcernAmendment]:
    """Correct a concern without changing what was first written: one attributed amendment per
    changed field. Refused if someone else amended or triaged it since ``expected_version``."""
    if not concern_may_amend(actor, concern):
        raise _refuse(actor, object_id=concern.pk, person_id=concern.person_id, reason="may not amend")
    with transaction.atomic():
        current_row = lock_version(Concern, pk=concern.pk, expected_version=expected_version)
        current = concern_content(current_row).as_dict()
        changed = {
            field: _normalised(field, value)
            for field, value in changes.items()
            if field not in current or _normalised(field, value) != current[field]
        }
        errors = _amendment_errors(changed, reason, current)
        if not changed and "reason" not in errors:
            errors["__all__"] = ["Nothing has changed: change a field, or go back to the concern"]
        if errors:
            raise ValidationFailed(errors)
        now = timezone.now()
        amendments = ConcernAmendment.objects.bulk_create(
            ConcernAmendment(
                concern=current_row,
                field=field,
                old_value=value_as_text(field, current[field]),
                new_value=value_as_text(field, value),
                reason=reason.strip(),
                amended_by=actor,
                amended_at=now,
            )
            for field, value in changed.items()
        )
        save_new_version(current_row, {})
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current_row.pk,
            person_id=current_row.person_id,
            purpose="Amended the concern",
            detail={"fields": sorted(changed), "version": current_row.version},
        )
    return amendments


# --- Triage --------------------------------------------------------------------------------


def concern_triage(
    *, actor: Any, concern: Concern, decision: str, notes: str, expected_version: int
) -> Concern:
    """The raising agency's safeguarding lead decides what happens next. Triage happens once."""
    if not concern_may_triage(actor, concern):
        raise _refuse(actor, object_id=concern.pk, person_id=concern.person_id, reason="may not triage")
    with transaction.atomic():
        current = lock_version(Concern, pk=concern.pk, expected_version=expected_version)
        errors: dict[str, list[str]] = {}
        if current.status != ConcernStatus.OPEN:
            errors["decision"] = ["This concern has already been triaged"]
        elif decision not in TriageDecision.values:
            errors["decision"] = ["Choose what happens next"]
        if errors:
            raise ValidationFailed(errors)
        save_new_version(
            current,
            {
                "status": ConcernStatus.TRIAGED,
                "triage_decision": decision,
                "triage_notes": notes.strip(),
                "triaged_by": actor,
                "triaged_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Triaged the concern",
            detail={"decision": decision, "version": current.version},
        )
    return current


# --- Alerts --------------------------------------------------------------------------------


def notifications_mark_read(*, actor: Any, notification_ids: Iterable[int]) -> int:
    """Mark the actor's own alerts as read; anyone else's are left alone."""
    ids = list(notification_ids)
    if not ids:
        return 0
    with transaction.atomic():
        count = Notification.objects.filter(pk__in=ids, recipient_id=actor.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            audit_record(
                actor=actor,
                action="update",
                object_type="notification",
                purpose="Read alerts",
                detail={"count": count},
            )
    return count
