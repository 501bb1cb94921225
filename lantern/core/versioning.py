"""Optimistic concurrency: a form carries the ``version`` it was opened at, and a save made
against an older version is refused with ``ConflictingEdit``, never merged.

Three steps, used together or apart:

- ``lock_version`` locks the row (``select_for_update``) and refuses a moved-on version;
- ``save_new_version`` sets the given fields, adds one to ``version`` and saves just those fields;
- ``versioned_update`` does both, for a service with nothing to check between them.

A service that validates against the locked row (a decision already made, a date before the
record's own) calls ``lock_version``, checks, then ``save_new_version``. Call them inside the
service's ``transaction.atomic()`` block: the lock lasts until that transaction ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models

from lantern.core.errors import ConflictingEdit

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Change:
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionedUpdate(Generic[M]):
    record: M
    changed: dict[str, Change]


def _version(record: models.Model) -> int:
    version: int = getattr(record, "version")  # noqa: B009 - every versioned model has one; Model does not
    return version


def lock_version(
    model: type[M] | models.QuerySet[M],
    *,
    pk: Any,
    expected_version: int,
    version_of: Callable[[M], int] = _version,
) -> M:
    """The row, locked until the transaction ends; ``ConflictingEdit`` if its version moved on.

    Pass a queryset to lock with ``select_related`` (relations that cannot be null only:
    PostgreSQL refuses FOR UPDATE across an outer join); ``version_of`` reads an edit token
    other than the ``version`` field."""
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    record = queryset.select_for_update().get(pk=pk)
    current = version_of(record)
    if current != expected_version:
        raise ConflictingEdit(current)
    return record


def changes_to(record: models.Model, changes: Mapping[str, Any]) -> dict[str, Change]:
    """The fields whose new value differs from the record's, in the order given."""
    return {
        name: Change(before=getattr(record, name), after=value)
        for name, value in changes.items()
        if getattr(record, name) != value
    }


def _auto_now_fields(record: models.Model) -> list[str]:
    return [field.name for field in record._meta.concrete_fields if getattr(field, "auto_now", False)]


def save_new_version(record: models.Model, changes: Mapping[str, Any]) -> dict[str, Change]:
    """Set every field in ``changes``, add one to the version and save only those fields (and
    ``updated_at``). Returns what changed; with no changes, the version still moves on."""
    changed = changes_to(record, changes)
    for name, value in changes.items():
        setattr(record, name, value)
    setattr(record, "version", _version(record) + 1)  # noqa: B010 - see _version
    record.save(update_fields=[*changes, "version", *_auto_now_fields(record)])
    return changed


def versioned_update(
    model: type[M] | models.QuerySet[M],
    *,
    pk: Any,
    expected_version: int,
    changes: Mapping[str, Any],
    skip_if_unchanged: bool = False,
) -> VersionedUpdate[M]:
    """Lock the row, refuse a moved-on version, then save ``changes`` as the next version.

    With ``skip_if_unchanged`` a save that changes nothing writes nothing and keeps the version;
    the caller sees an empty ``changed``."""
    record = lock_version(model, pk=pk, expected_version=expected_version)
    if skip_if_unchanged and not changes_to(record, changes):
        return VersionedUpdate(record=record, changed={})
    return VersionedUpdate(record=record, changed=save_new_version(record, changes))
