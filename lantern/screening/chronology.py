"""Completed screenings on the multi-agency chronology (drafts are an agency's working copy)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.risk.scale import level_label
from lantern.screening.models import Screening
from lantern.screening.selectors import screening_chronology_for

KIND = "screening"
KIND_LABEL = "Screening"


def screening_title(screening: Screening) -> str:
    return (
        f"Screening completed: suggested {level_label(screening.suggested_level)}, "
        f"final {level_label(screening.final_level)} \N{EM DASH} outcome {screening.get_outcome_display()}"
    )


def screening_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    for screening in screening_chronology_for(person):
        assert screening.completed_at is not None
        yield ChronologyEntry(
            at=screening.completed_at,
            kind=KIND,
            kind_label=KIND_LABEL,
            title=screening_title(screening),
            agency_code=screening.agency.code if screening.agency else "",
            agency_name=screening.agency.name if screening.agency else "",
            summary=screening.professional_judgement,
            url=reverse("screening:screening-detail", args=[screening.pk]),
        )
