"""Navigation by role. Modules add their entries here so the page shell stays in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lantern.accounts.roles import (
    can_configure_partnership,
    can_read_audit,
    can_record_risk_assessment,
    can_search_people,
)
from lantern.profile.selectors import can_view_profile


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    prefix: str  # the current page is this item's when its path starts with this prefix


def nav_items_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = [NavItem("Home", "core:home", "/home/")]
    if can_search_people(user.role):
        items.append(NavItem("Find a person", "people:person-search", "/people/"))
    if user.role == "safeguarding_lead":
        items.append(NavItem("Concerns to triage", "concerns:concern-list", "/concerns/"))
    if user.role == "front_door":
        items.append(NavItem("Referral queue", "referrals:referral-queue", "/referrals/queue/"))
        items.append(NavItem("Public worries", "prevent:worry-list", "/prevent/worries/"))
    if can_record_risk_assessment(user.role):
        items.append(NavItem("Reviews due", "risk:review-list", "/risk/reviews/"))
    if can_search_people(user.role):
        items.append(NavItem("Missing", "missing:episode-list", "/missing/"))
    if can_search_people(user.role):
        items.append(NavItem("Notifications", "concerns:notification-list", "/concerns/notifications/"))
    if can_search_people(user.role) or user.role == "analyst":
        items.append(NavItem("Contexts", "contexts:context-list", "/contexts/"))
    if can_search_people(user.role):
        items.append(NavItem("Meetings", "meetings:meeting-list", "/meetings/"))
    if user.role == "exploitation_police":
        items.append(NavItem("Intelligence", "intelligence:report-list", "/intelligence/"))
    elif user.role == "analyst":
        items.append(NavItem("Intelligence summary", "intelligence:summary", "/intelligence/summary/"))
    elif user.role in {"safeguarding_lead", "case_holder", "front_door", "meeting_chair"}:
        items.append(NavItem("Shared intelligence", "intelligence:shared-list", "/intelligence/shared/"))
    if can_search_people(user.role):
        items.append(NavItem("Report intelligence", "intelligence:report-create", "/intelligence/report/"))
    if can_view_profile(user.role):
        items.append(NavItem("Partnership profile", "profile:report", "/profile/"))
    if can_configure_partnership(user.role):
        items.append(NavItem("Partnership", "partnership:overview", "/partnership/"))
        items.append(NavItem("Public pages", "prevent:page-list", "/prevent/pages/"))
    if user.role in {"partnership_admin", "analyst"}:
        items.append(NavItem("Prevent figures", "prevent:figures", "/prevent/figures/"))
    if can_read_audit(user.role):
        items.append(NavItem("Audit trail", "audit:event-list", "/audit/"))
    if user.role != "auditor":
        items.append(NavItem("Resources", "prevent:resource-list", "/prevent/resources/"))
    items.append(NavItem("Learning", "prevent:learning-mine", "/prevent/learning/"))
    items.append(NavItem("Your account", "accounts:profile", "/account/profile/"))
    return items


def nav_for(user: Any, path: str) -> list[dict[str, object]]:
    return [
        {"label": item.label, "url": reverse(item.url_name), "current": path.startswith(item.prefix)}
        for item in nav_items_for(user)
    ]
