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


def _collect(person: Any, user: Any) -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    for provider in _providers.values():
        entries.extend(provider(person, user))
    return entries


def filter_entries(
    entries: list[ChronologyEntry], *, agency_code: str = "", kind: str = ""
) -> list[ChronologyEntry]:
    """The entries matching the filters, newest first."""
    if agency_code:
        entries = [entry for entry in entries if entry.agency_code == agency_code]
    if kind:
        entries = [entry for entry in entries if entry.kind == kind]
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def chronology_for(person: Any, user: Any, *, agency_code: str = "", kind: str = "") -> list[ChronologyEntry]:
    return filter_entries(_collect(person, user), agency_code=agency_code, kind=kind)


@dataclass(frozen=True)
class ChronologyPage:
    """A filtered chronology and the filter choices found in the whole of it."""

    entries: list[ChronologyEntry]
    agencies: list[tuple[str, str]]  # (code, name)
    kinds: list[tuple[str, str]]  # (kind, label)
    total: int


def chronology_page(person: Any, user: Any, *, agency_code: str = "", kind: str = "") -> ChronologyPage:
    """For a page with filters: collects once, so each provider runs once per page."""
    everything = _collect(person, user)
    agencies = sorted(
        {(e.agency_code, e.agency_name) for e in everything if e.agency_code}, key=lambda a: a[1]
    )
    kinds = sorted({(e.kind, e.kind_label) for e in everything}, key=lambda k: k[1])
    return ChronologyPage(
        entries=filter_entries(everything, agency_code=agency_code, kind=kind),
        agencies=agencies,
        kinds=kinds,
        total=len(everything),
    )
