"""Context events on the chronology of each linked person: the link, and the partnership's
assessments, plans and conferences about the context since the link began."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lantern.chronology.registry import ChronologyEntry
from lantern.contexts.selectors import person_context_entries


def context_entries(person: Any, user: Any) -> Iterable[ChronologyEntry]:
    return person_context_entries(person)
