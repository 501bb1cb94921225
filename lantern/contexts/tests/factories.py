"""Factories for context tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lantern.contexts.models import Context, ContextLink


def make_context(**fields: Any) -> Context:
    defaults: dict[str, Any] = {
        "kind": "location",
        "name": "Riverside Park",
        "location_type": "park",
        "latitude": Decimal("53.480000"),
        "longitude": Decimal("-2.240000"),
    }
    return Context.objects.create(**{**defaults, **fields})


def make_link(person: Any, context: Context, **fields: Any) -> ContextLink:
    defaults: dict[str, Any] = {"relationship": "frequents", "start": date(2025, 1, 1)}
    return ContextLink.objects.create(person=person, context=context, **{**defaults, **fields})


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
