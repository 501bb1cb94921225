"""Missing episodes and return home interviews on the multi-agency chronology."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.missing.models import ReturnInterview
from lantern.missing.selectors import episode_chronology_for

EPISODE_KIND = "missing_episode"
INTERVIEW_KIND = "return_interview"


def _agency(agency: Any) -> dict[str, str]:
    return {"agency_code": agency.code if agency else "", "agency_name": agency.name if agency else ""}


def missing_episode_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    for episode in episode_chronology_for(person):
        url = reverse("missing:episode-detail", args=[episode.pk])
        gradings = list(episode.gradings.all())
        first_grade = gradings[0].get_grade_display() if gradings else episode.get_risk_grade_display()
        yield ChronologyEntry(
            at=episode.reported_at,
            kind=EPISODE_KIND,
            kind_label="Missing episode",
            title=f"Reported missing from {episode.get_missing_from_display().lower()}: {first_grade} risk",
            summary=episode.last_seen_where,
            url=url,
            **_agency(episode.reported_by),
        )
        for grading in gradings[1:]:
            yield ChronologyEntry(
                at=grading.graded_at,
                kind=EPISODE_KIND,
                kind_label="Missing episode",
                title=f"Missing risk re-graded: {grading.get_grade_display()}",
                summary=grading.reason,
                url=url,
                **_agency(grading.graded_by.agency if grading.graded_by else None),
            )
        if episode.returned_at is not None:
            found = f"Found at {episode.found_where}" if episode.found_where else ""
            yield ChronologyEntry(
                at=episode.returned_at,
                kind=EPISODE_KIND,
                kind_label="Missing episode",
                title="Returned from missing",
                summary=found,
                url=url,
                **_agency(episode.reported_by),
            )
        interview = getattr(episode, "return_interview", None) if episode.returned_at else None
        if isinstance(interview, ReturnInterview) and interview.completed_at is not None:
            late = " (late)" if interview.completed_late else ""
            yield ChronologyEntry(
                at=interview.completed_at,
                kind=INTERVIEW_KIND,
                kind_label="Return home interview",
                title=f"Return home interview completed{late}",
                summary=interview.childs_words,
                url=reverse("missing:interview-detail", args=[interview.pk]),
                **_agency(interview.provider),
            )
