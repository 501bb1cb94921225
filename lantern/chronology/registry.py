"""The multi-agency chronology: one registration point for every module.

A module registers a provider in its ``AppConfig.ready``. A provider is given a person and the
user asking (who has already been allowed to see the person) and yields ``ChronologyEntry``s.
The person page never needs editing when a module adds events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class ChronologyEntry:
    at: datetime | date
    kind: str  # machine name of the event type, e.g. "care_status"
    kind_label: str  # what the user sees, e.g. "Care status"
    title: str
    agency_code: str = ""
    agency_name: str = ""
    summary: str = ""
    url: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at
        return timezone.make_aware(datetime.combine(self.at, time.min))


Provider = Callable[[Any, Any], Iterable[ChronologyEntry]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def chronology_for(person: Any, user: Any, *, agency_code: str = "", kind: str = "") -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    for provider in _providers.values():
        entries.extend(provider(person, user))
    if agency_code:
        entries = [entry for entry in entries if entry.agency_code == agency_code]
    if kind:
        entries = [entry for entry in entries if entry.kind == kind]
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries
