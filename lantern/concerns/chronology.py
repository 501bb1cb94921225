"""Concerns on the multi-agency chronology: recorded, amended and triaged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.concerns.selectors import concern_chronology_for

KIND = "concern"
KIND_LABEL = "Concern"


def concern_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    for record in concern_chronology_for(person):
        concern = record.concern
        url = reverse("concerns:concern-detail", args=[concern.pk])
        agency = {"agency_code": concern.agency.code, "agency_name": concern.agency.name}
        danger = " (immediate danger)" if concern.immediate_danger else ""
        yield ChronologyEntry(
            at=concern.created_at,
            kind=KIND,
            kind_label=KIND_LABEL,
            title=f"Concern recorded by {concern.agency.name}: {record.current.category_labels}{danger}",
            summary=record.current.what_happened,
            url=url,
            **agency,
        )
        for amendment in record.amendments:
            amender_agency = amendment.amended_by.agency
            yield ChronologyEntry(
                at=amendment.amended_at,
                kind=KIND,
                kind_label=KIND_LABEL,
                title=f"Concern amended: {amendment.get_field_display()}",
                summary=f"Reason: {amendment.reason}",
                url=url,
                agency_code=amender_agency.code if amender_agency else "",
                agency_name=amender_agency.name if amender_agency else "",
            )
        if concern.triaged_at is not None:
            yield ChronologyEntry(
                at=concern.triaged_at,
                kind=KIND,
                kind_label=KIND_LABEL,
                title=f"Concern triaged: {concern.get_triage_decision_display()}",
                summary=concern.triage_notes,
                url=url,
                **agency,
            )
