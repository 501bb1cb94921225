"""Putting the shipped phrase list back when the phrase table is empty.

The list itself lives in migration 0002 (it seeds every new database). Flushing a database
(``manage.py flush``, or a transactional test tearing down) empties the table but re-sends
``post_migrate``, as it does for content types; this handler then restores the default list.
It never touches a table that has any phrase in it, so the partnership's edits are kept.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from lantern.language.models import LanguagePhrase, LanguagePhraseRevision, RevisionChange


def default_phrases() -> list[tuple[str, str, str]]:
    migration = importlib.import_module("lantern.language.migrations.0002_default_phrases")
    return list(migration.DEFAULT_PHRASES)


def install_default_phrases(using: str = DEFAULT_DB_ALIAS) -> int:
    """Add the shipped list if there are no phrases at all; returns how many were added."""
    if LanguagePhrase._meta.db_table not in connections[using].introspection.table_names():
        return 0
    with transaction.atomic(using=using):
        if LanguagePhrase.objects.using(using).exists():
            return 0
        now = timezone.now()
        for pattern, suggestion, why in default_phrases():
            phrase = LanguagePhrase.objects.using(using).create(
                pattern=pattern, suggestion=suggestion, why=why
            )
            LanguagePhraseRevision.objects.using(using).create(
                phrase=phrase,
                version=phrase.version,
                change=RevisionChange.CREATED,
                pattern=pattern,
                suggestion=suggestion,
                why=why,
                active=True,
                changed_at=now,
            )
        return len(default_phrases())


def restore_defaults_after_flush(*, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    install_default_phrases(using)
