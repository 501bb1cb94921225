"""Navigation by role: one table of every destination, who may see it and its group.

The page shell shows each user the entries their role allows; the home page shows the same
entries grouped by purpose. A module adds its pages here, nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.accounts.roles import (
    Role,
    can_configure_partnership,
    can_read_audit,
    can_record_risk_assessment,
    can_search_people,
)
from lantern.profile.selectors import can_view_profile

CASEWORK = "Children and young people"
PURSUE = "Intelligence"
PARTNERSHIP = "The partnership"
LEARNING = "Learning and resources"
ACCOUNT = "Your account"

SHARED_INTELLIGENCE_READERS = {Role.SAFEGUARDING_LEAD, Role.CASE_HOLDER, Role.FRONT_DOOR, Role.MEETING_CHAIR}


def _role(*roles: str) -> Callable[[str], bool]:
    return lambda role: role in roles


def _everyone(role: str) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    prefix: str  # the current page is this item's when its path starts with this prefix
    allowed: Callable[[str], bool]
    group: str


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("Find a person", "people:person-search", "/people/", can_search_people, CASEWORK),
    NavItem(
        "Concerns to triage", "concerns:concern-list", "/concerns/", _role(Role.SAFEGUARDING_LEAD), CASEWORK
    ),
    NavItem(
        "Referral queue", "referrals:referral-queue", "/referrals/queue/", _role(Role.FRONT_DOOR), CASEWORK
    ),
    NavItem("Public worries", "prevent:worry-list", "/prevent/worries/", _role(Role.FRONT_DOOR), CASEWORK),
    NavItem("Reviews due", "risk:review-list", "/risk/reviews/", can_record_risk_assessment, CASEWORK),
    NavItem("Missing", "missing:episode-list", "/missing/", can_search_people, CASEWORK),
    NavItem(
        "Notifications", "concerns:notification-list", "/concerns/notifications/", can_search_people, CASEWORK
    ),
    NavItem(
        "Contexts",
        "contexts:context-list",
        "/contexts/",
        lambda role: can_search_people(role) or role == Role.ANALYST,
        CASEWORK,
    ),
    NavItem("Meetings", "meetings:meeting-list", "/meetings/", can_search_people, CASEWORK),
    NavItem(
        "Intelligence", "intelligence:report-list", "/intelligence/", _role(Role.EXPLOITATION_POLICE), PURSUE
    ),
    NavItem(
        "Intelligence summary", "intelligence:summary", "/intelligence/summary/", _role(Role.ANALYST), PURSUE
    ),
    NavItem(
        "Shared intelligence",
        "intelligence:shared-list",
        "/intelligence/shared/",
        lambda role: role in SHARED_INTELLIGENCE_READERS,
        PURSUE,
    ),
    NavItem(
        "Report intelligence",
        "intelligence:report-create",
        "/intelligence/report/",
        can_search_people,
        PURSUE,
    ),
    NavItem("Partnership profile", "profile:report", "/profile/", can_view_profile, PARTNERSHIP),
    NavItem("Partnership", "partnership:overview", "/partnership/", can_configure_partnership, PARTNERSHIP),
    NavItem("Public pages", "prevent:page-list", "/prevent/pages/", can_configure_partnership, PARTNERSHIP),
    NavItem(
        "Prevent figures",
        "prevent:figures",
        "/prevent/figures/",
        _role(Role.PARTNERSHIP_ADMIN, Role.ANALYST),
        PARTNERSHIP,
    ),
    NavItem("Audit trail", "audit:event-list", "/audit/", can_read_audit, PARTNERSHIP),
    NavItem(
        "Resources",
        "prevent:resource-list",
        "/prevent/resources/",
        lambda role: role != Role.AUDITOR,
        LEARNING,
    ),
    NavItem("Learning", "prevent:learning-mine", "/prevent/learning/", _everyone, LEARNING),
    NavItem("Your account", "accounts:profile", "/account/profile/", _everyone, ACCOUNT),
)
HOME = NavItem("Home", "core:home", "/home/", _everyone, "")


def nav_items_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [HOME, *(item for item in NAVIGATION if item.allowed(user.role))]


def nav_for(user: Any, path: str) -> list[dict[str, object]]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": path.startswith(item.prefix),
            "group": item.group,
        }
        for item in nav_items_for(user)
    ]
