"""Risk assessments for tests, written straight to the database (no audit row)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lantern.people.models import Person
from lantern.risk.models import RiskAssessment


def make_assessment(person: Person, **fields: Any) -> RiskAssessment:
    assessed_on: date = fields.pop("assessed_on", timezone.localdate() - timedelta(days=7))
    defaults: dict[str, Any] = {
        "exploitation_type": "criminal",
        "level": "high",
        "summary": "Groomed by older males linked to a county line.",
        "next_review_due": assessed_on + timedelta(days=30),
    }
    return RiskAssessment.objects.create(person=person, assessed_on=assessed_on, **{**defaults, **fields})
