"""Risk assessments on the multi-agency chronology."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.risk.scale import level_label
from lantern.risk.selectors import risk_assessment_chronology_for

KIND = "risk_assessment"
KIND_LABEL = "Risk assessment"


def risk_assessment_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    url = reverse("risk:assessment-list", args=[person.pk])
    for assessment in risk_assessment_chronology_for(person):
        agency_code = assessment.agency.code if assessment.agency else ""
        agency_name = assessment.agency.name if assessment.agency else ""
        yield ChronologyEntry(
            at=assessment.assessed_on,
            kind=KIND,
            kind_label=KIND_LABEL,
            title=f"Risk assessment: {level_label(assessment.level)} \N{EN DASH} {assessment.get_exploitation_type_display()}",
            agency_code=agency_code,
            agency_name=agency_name,
            summary=assessment.summary,
            url=url,
        )
        if assessment.closed_on is not None:
            yield ChronologyEntry(
                at=assessment.closed_on,
                kind=KIND,
                kind_label=KIND_LABEL,
                title="Risk assessment closed",
                agency_code=agency_code,
                agency_name=agency_name,
                summary=assessment.closed_reason,
                url=url,
            )
