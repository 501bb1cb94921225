"""Concerns for tests, written straight to the database (no audit row, no alerts)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lantern.accounts.models import User
from lantern.concerns.models import Concern
from lantern.people.models import Person


def make_concern(person: Person, raised_by: User, **fields: Any) -> Concern:
    defaults: dict[str, Any] = {
        "agency": raised_by.agency,
        "happened_on": timezone.localdate() - timedelta(days=1),
        "categories": ["criminal"],
        "what_happened": "Seen getting into a car with older males after school.",
        "childs_words": "They said I owe them.",
        "actions_taken": "Told the DSL.",
        "immediate_danger": False,
    }
    return Concern.objects.create(person=person, raised_by=raised_by, **{**defaults, **fields})


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
