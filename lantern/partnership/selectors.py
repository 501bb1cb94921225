"""Reads of partnership configuration. Areas, agencies and teams are not personal data."""

from __future__ import annotations

from django.db.models import QuerySet

from lantern.partnership.models import DEFAULT_RISK_SCALE, Agency, Area, Partnership, Team


def partnership_get() -> Partnership | None:
    return Partnership.objects.order_by("id").first()


def risk_scale() -> list[str]:
    partnership = partnership_get()
    return partnership.levels if partnership else list(DEFAULT_RISK_SCALE)


def area_list() -> QuerySet[Area]:
    return Area.objects.order_by("name")


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.select_related("area").order_by("name")


def team_list() -> QuerySet[Team]:
    return Team.objects.select_related("agency").order_by("agency__name", "name")
