"""Referrals on the multi-agency chronology: made, and decided by the front door."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.referrals.selectors import referral_chronology_for, referral_timeliness

KIND = "referral"
KIND_LABEL = "Referral"


def referral_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    for referral in referral_chronology_for(person):
        url = reverse("referrals:referral-detail", args=[referral.pk])
        front_door = referral.area.front_door_name or f"{referral.area.name} front door"
        consent = "with consent" if referral.consent_given else "without consent"
        yield ChronologyEntry(
            at=referral.received_at,
            kind=KIND,
            kind_label=KIND_LABEL,
            title=f"Referred to {front_door} by {referral.from_agency.name} ({consent})",
            summary=referral.reason,
            url=url,
            agency_code=referral.from_agency.code,
            agency_name=referral.from_agency.name,
        )
        if referral.decided_at is not None:
            decider_agency = referral.decided_by.agency if referral.decided_by else None
            late = " (late)" if referral_timeliness(referral).late else ""
            yield ChronologyEntry(
                at=referral.decided_at,
                kind=KIND,
                kind_label=KIND_LABEL,
                title=f"Front door decision: {referral.get_decision_display()}{late}",
                summary=referral.decision_notes,
                url=url,
                agency_code=decider_agency.code if decider_agency else "",
                agency_name=decider_agency.name if decider_agency else "",
            )
