"""Every write to the language phrase list. Each change adds a revision row and an audit row.

Phrases are never deleted: deactivating one stops the check using it and keeps its history.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.versioning import versioned_update
from lantern.language.models import LanguagePhrase, LanguagePhraseRevision, RevisionChange
from lantern.language.patterns import PatternError, normalised, parse_pattern
from lantern.language.selectors import clear_phrase_cache

OBJECT_TYPE = "language_phrase"


def _require_admin(actor: Any, object_id: object = "") -> None:
    if not can_configure_partnership(getattr(actor, "role", "")):
        audit_refusal(
            actor=actor, object_type=OBJECT_TYPE, object_id=object_id, reason="language phrase list"
        )
        raise AccessRefused("Only partnership admins edit the language guidance.")


def _clean(*, pattern: str, suggestion: str, why: str, exclude_pk: int | None = None) -> dict[str, str]:
    pattern = " ".join(pattern.split())
    suggestion = suggestion.strip()
    why = why.strip()
    errors: dict[str, list[str]] = {}
    try:
        parse_pattern(pattern)
    except PatternError as exc:
        errors["pattern"] = [str(exc)]
    else:
        others = LanguagePhrase.objects.exclude(pk=exclude_pk) if exclude_pk else LanguagePhrase.objects.all()
        if any(
            normalised(other) == normalised(pattern) for other in others.values_list("pattern", flat=True)
        ):
            errors["pattern"] = ["That phrase is already on the list. Change the existing one instead."]
    if not suggestion:
        errors["suggestion"] = ["Enter the suggested wording"]
    if not why:
        errors["why"] = ["Enter why the phrase should be avoided"]
    if errors:
        raise ValidationFailed(errors)
    return {"pattern": pattern, "suggestion": suggestion, "why": why}


def _revise(*, actor: Any, phrase: LanguagePhrase, change: str) -> LanguagePhraseRevision:
    return LanguagePhraseRevision.objects.create(
        phrase=phrase,
        version=phrase.version,
        change=change,
        pattern=phrase.pattern,
        suggestion=phrase.suggestion,
        why=phrase.why,
        active=phrase.active,
        changed_at=timezone.now(),
        changed_by=actor,
        changed_by_name=actor.get_username(),
    )


def _after_commit() -> None:
    # Other processes notice through the fingerprint; this one can drop its copy straight away.
    transaction.on_commit(clear_phrase_cache)


def phrase_create(*, actor: Any, pattern: str, suggestion: str, why: str) -> LanguagePhrase:
    _require_admin(actor)
    fields = _clean(pattern=pattern, suggestion=suggestion, why=why)
    with transaction.atomic():
        phrase = LanguagePhrase.objects.create(**fields)
        _revise(actor=actor, phrase=phrase, change=RevisionChange.CREATED)
        audit_record(
            actor=actor,
            action="create",
            object_type=OBJECT_TYPE,
            object_id=phrase.pk,
            detail={"pattern": phrase.pattern, "suggestion": phrase.suggestion},
        )
        _after_commit()
        return phrase


def phrase_update(
    *, actor: Any, phrase: LanguagePhrase, expected_version: int, pattern: str, suggestion: str, why: str
) -> LanguagePhrase:
    _require_admin(actor, phrase.pk)
    fields = _clean(pattern=pattern, suggestion=suggestion, why=why, exclude_pk=phrase.pk)
    with transaction.atomic():
        update = versioned_update(
            LanguagePhrase,
            pk=phrase.pk,
            expected_version=expected_version,
            changes=fields,
            skip_if_unchanged=True,
        )
        record = update.record
        if not update.changed:
            return record
        changed = {
            name: {"from": change.before, "to": change.after} for name, change in update.changed.items()
        }
        _revise(actor=actor, phrase=record, change=RevisionChange.UPDATED)
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=record.pk,
            detail={"version": record.version, "changed": changed},
        )
        _after_commit()
        return record


def phrase_set_active(
    *, actor: Any, phrase: LanguagePhrase, expected_version: int, active: bool
) -> LanguagePhrase:
    """Deactivate (the check stops using it) or reactivate a phrase; both are new versions."""
    _require_admin(actor, phrase.pk)
    with transaction.atomic():
        update = versioned_update(
            LanguagePhrase,
            pk=phrase.pk,
            expected_version=expected_version,
            changes={"active": active},
            skip_if_unchanged=True,
        )
        record = update.record
        if not update.changed:
            return record
        change = RevisionChange.REACTIVATED if active else RevisionChange.DEACTIVATED
        _revise(actor=actor, phrase=record, change=change)
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=record.pk,
            detail={"version": record.version, "change": str(change)},
        )
        _after_commit()
        return record
