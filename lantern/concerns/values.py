"""A concern's content as it reads now: the original with its amendments applied in order.

Amendments keep values as text, so every version of a field stays readable as it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from lantern.concerns.models import AmendableField, Concern, ConcernAmendment, ConcernCategory

CATEGORY_LABELS = dict(ConcernCategory.choices)


def value_as_text(field: str, value: Any) -> str:
    """The stored text of a field's value (ISO dates and times, comma-separated category codes)."""
    if value is None:
        return ""
    if field == AmendableField.CATEGORIES:
        return ",".join(value)
    if isinstance(value, (date, time)):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    return str(value)


def value_from_text(field: str, text: str) -> Any:
    if field == AmendableField.CATEGORIES:
        return [code for code in text.split(",") if code]
    if field == AmendableField.HAPPENED_ON:
        return date.fromisoformat(text) if text else None
    if field == AmendableField.HAPPENED_TIME:
        return time.fromisoformat(text) if text else None
    return text


def category_labels(codes: Iterable[str]) -> str:
    return ", ".join(CATEGORY_LABELS.get(code, code) for code in codes)


def readable(field: str, text: str) -> str:
    """A stored value as a person reads it."""
    value = value_from_text(field, text)
    if field == AmendableField.CATEGORIES:
        return category_labels(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value or "Not recorded"


@dataclass(frozen=True)
class ConcernContent:
    happened_on: date
    happened_time: time | None
    categories: list[str]
    what_happened: str
    childs_words: str
    actions_taken: str

    @property
    def category_labels(self) -> str:
        return category_labels(self.categories)

    def as_dict(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in AmendableField.values}


def original_content(concern: Concern) -> ConcernContent:
    return ConcernContent(
        happened_on=concern.happened_on,
        happened_time=concern.happened_time,
        categories=list(concern.categories),
        what_happened=concern.what_happened,
        childs_words=concern.childs_words,
        actions_taken=concern.actions_taken,
    )


def current_content(concern: Concern, amendments: Iterable[ConcernAmendment]) -> ConcernContent:
    values = original_content(concern).as_dict()
    for amendment in sorted(amendments, key=lambda a: (a.amended_at, a.pk)):
        values[amendment.field] = value_from_text(amendment.field, amendment.new_value)
    return ConcernContent(**values)
