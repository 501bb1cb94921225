"""Referrals and completed screenings for tests, written straight to the database (no audit)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from django.utils import timezone

from lantern.accounts.models import User
from lantern.people.models import Person
from lantern.referrals.models import Referral
from lantern.screening.models import IndicatorCatalogue, Screening, ScreeningStatus

_keys = itertools.count(1)


def _catalogue() -> IndicatorCatalogue:
    catalogue = IndicatorCatalogue.objects.order_by("-version_number").first()
    if catalogue is None:
        catalogue = IndicatorCatalogue.objects.create(
            name="Test catalogue", version_number=1, published_at=timezone.now()
        )
    return catalogue


def make_screening(
    person: Person, *, final_level: str = "medium", outcome: str = "refer_to_front_door", **fields: Any
) -> Screening:
    defaults: dict[str, Any] = {
        "catalogue": _catalogue(),
        "status": ScreeningStatus.COMPLETED,
        "suggested_level": final_level,
        "final_level": final_level,
        "outcome": outcome,
        "completed_at": timezone.now(),
    }
    return Screening.objects.create(person=person, **{**defaults, **fields})


def make_referral(
    person: Person, referred_by: User, *, received_at: datetime | None = None, **fields: Any
) -> Referral:
    defaults: dict[str, Any] = {
        "area": person.area,
        "from_agency": referred_by.agency,
        "reason": "Found in a trap house two counties away.",
        "consent_sought": True,
        "consent_given": True,
        "received_at": received_at or timezone.now(),
        "submission_key": f"test-submission-key-{next(_keys):08d}",
    }
    return Referral.objects.create(person=person, referred_by=referred_by, **{**defaults, **fields})


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))
