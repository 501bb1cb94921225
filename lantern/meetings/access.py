"""Who may coordinate and attend meetings. Pure rules; selectors and services audit refusals."""

from __future__ import annotations

from typing import Any

from lantern.accounts.roles import Role
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused
from lantern.meetings.models import Meeting
from lantern.people.selectors import is_casework_user


def coordinates_area(user: Any, area_id: int) -> bool:
    """A meeting coordinator or chair coordinates their agency's area (a partnership-wide agency, every area)."""
    if getattr(user, "role", "") != Role.MEETING_CHAIR or user.agency_id is None:
        return False
    return user.agency.area_id is None or user.agency.area_id == area_id


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") == Role.MEETING_CHAIR


def may_see_meeting(user: Any, meeting: Meeting) -> bool:
    if not is_casework_user(user):
        return False
    if coordinates_area(user, meeting.area_id) or meeting.chair_id == user.pk:
        return True
    return user.agency_id is not None and meeting.invited_agencies.filter(pk=user.agency_id).exists()


def refuse(
    user: Any, object_type: str, object_id: object, reason: str, person_id: int | None = None
) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=object_type, object_id=object_id, person_id=person_id, reason=reason
    )
    return AccessRefused("You do not have a need to know about this.")
