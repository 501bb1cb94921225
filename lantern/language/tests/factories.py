from __future__ import annotations

import importlib
from typing import Any

from lantern.audit.models import AuditEvent
from lantern.language import services
from lantern.language.models import LanguagePhrase

DEFAULT_PHRASES: list[tuple[str, str, str]] = importlib.import_module(
    "lantern.language.migrations.0002_default_phrases"
).DEFAULT_PHRASES


def make_phrase(
    actor: Any, pattern: str, suggestion: str = "better words", why: str = "Because."
) -> LanguagePhrase:
    return services.phrase_create(actor=actor, pattern=pattern, suggestion=suggestion, why=why)


def refusals_for(user: Any) -> int:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()
