"""Meetings, decisions, actions and plans on the multi-agency chronology."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.meetings.plans_selectors import safety_plan_chronology_for, transition_plan_chronology_for
from lantern.meetings.selectors import meeting_chronology_for


def meeting_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    items, actions = meeting_chronology_for(person)
    for item in items:
        meeting = item.meeting
        title = f"Discussed at {meeting.get_meeting_type_display()} (meeting {meeting.pk})"
        if item.agreed_risk_level:
            title += f": risk level {item.agreed_risk_level} agreed"
        yield ChronologyEntry(
            at=meeting.scheduled_at,
            kind="meeting",
            kind_label="Meeting",
            title=title,
            summary=item.decisions,
            url=reverse("meetings:meeting-detail", args=[meeting.pk]),
        )
    for action in actions:
        yield ChronologyEntry(
            at=action.created_at,
            kind="meeting_action",
            kind_label="Meeting action",
            title=f"Action for {action.owner_agency.name}, due {action.due_on:%d/%m/%Y} ({action.get_status_display()})",
            summary=action.description,
            agency_code=action.owner_agency.code,
            agency_name=action.owner_agency.name,
            url=reverse("meetings:action-update", args=[action.pk]),
        )


def plan_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    for version in safety_plan_chronology_for(person):
        agency = version.saved_by.agency
        yield ChronologyEntry(
            at=version.saved_at,
            kind="safety_plan",
            kind_label="Safety plan",
            title=f"Safety plan version {version.number} saved",
            agency_code=agency.code if agency else "",
            agency_name=agency.name if agency else "",
            url=reverse("meetings:safety-plan-version", args=[person.pk, version.number]),
        )
    transition = transition_plan_chronology_for(person)
    if transition is not None:
        yield ChronologyEntry(
            at=transition.created_at,
            kind="transition_plan",
            kind_label="Transition plan",
            title=f"Transition plan to {transition.receiving_service}: {transition.get_status_display()}",
            url=reverse("meetings:transition-plan-edit", args=[person.pk]),
        )
