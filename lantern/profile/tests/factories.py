from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lantern.people.models import CareStatus, Person
from lantern.risk.models import RiskAssessment


def assess(
    person: Person, assessed_on: date, *, closed_on: date | None = None, **fields: Any
) -> RiskAssessment:
    values: dict[str, Any] = {
        "exploitation_type": "criminal",
        "level": "high",
        "next_review_due": assessed_on + timedelta(days=30),
        **fields,
    }
    return RiskAssessment.objects.create(
        person=person, assessed_on=assessed_on, closed_on=closed_on, **values
    )


def care(person: Person, status: str, start: date, end: date | None = None) -> CareStatus:
    return CareStatus.objects.create(person=person, status=status, start=start, end=end)
