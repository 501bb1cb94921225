"""Reads of partnership configuration. Areas, agencies and teams are not personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.models import DEFAULT_RISK_SCALE, Agency, Area, Partnership, Team


def partnership_get() -> Partnership | None:
    return Partnership.objects.order_by("id").first()


def risk_scale() -> list[str]:
    partnership = partnership_get()
    return partnership.levels if partnership else list(DEFAULT_RISK_SCALE)


def area_list() -> QuerySet[Area]:
    return Area.objects.order_by("name")


def area_boundaries() -> list[tuple[str, str, dict[str, Any] | None]]:
    """(code, name, boundary or None) of every area, for maps. Boundaries are not personal data."""
    return list(area_list().values_list("code", "name", "boundary"))


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.select_related("area").order_by("name")


def team_list() -> QuerySet[Team]:
    return Team.objects.select_related("agency").order_by("agency__name", "name")


# --- reads for the partnership admin's configuration pages --------------------------------------


@dataclass(frozen=True)
class PartnershipOverview:
    partnership: Partnership | None
    areas: int
    agencies: int
    teams: int
    users: int


def _require_admin(user: Any, *, object_type: str, object_id: object = "") -> None:
    if not can_configure_partnership(getattr(user, "role", "")):
        audit_refusal(
            actor=user, object_type=object_type, object_id=object_id, reason="partnership configuration"
        )
        raise AccessRefused("Only partnership admins configure the partnership.")


def partnership_overview_for(user: Any) -> PartnershipOverview:
    _require_admin(user, object_type="partnership")
    from lantern.accounts.selectors import user_count_for

    return PartnershipOverview(
        partnership=partnership_get(),
        areas=Area.objects.count(),
        agencies=Agency.objects.count(),
        teams=Team.objects.count(),
        users=user_count_for(user),
    )


def partnership_get_for(user: Any) -> Partnership | None:
    _require_admin(user, object_type="partnership")
    return partnership_get()


def area_list_for(user: Any) -> QuerySet[Area]:
    _require_admin(user, object_type="area")
    return area_list().annotate(agency_count=Count("agencies"))


def area_get_for(user: Any, area_id: int) -> Area:
    _require_admin(user, object_type="area", object_id=area_id)
    return get_object_or_404(Area, pk=area_id)


def agency_list_for(user: Any) -> QuerySet[Agency]:
    _require_admin(user, object_type="agency")
    return agency_list().annotate(
        team_count=Count("teams", distinct=True), user_count=Count("users", distinct=True)
    )


def agency_get_for(user: Any, agency_id: int) -> Agency:
    _require_admin(user, object_type="agency", object_id=agency_id)
    return get_object_or_404(Agency.objects.select_related("area"), pk=agency_id)


def _team_managers() -> Prefetch[Any]:
    """A team's active managers, as ``team.managers``, in name order."""
    from lantern.accounts.models import User

    managers = User.objects.filter(manages_team=True, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
    return Prefetch("members", queryset=managers, to_attr="managers")


def team_list_for(user: Any) -> QuerySet[Team]:
    """Every team with its member count and (``team.managers``) who manages it."""
    _require_admin(user, object_type="team")
    return team_list().annotate(member_count=Count("members")).prefetch_related(_team_managers())


@dataclass(frozen=True)
class TeamPage:
    team: Team
    managers: list[Any]  # active members who manage the team
    members: list[Any]  # everyone in the team, active or not, managers first


def team_page_for(user: Any, team_id: int) -> TeamPage:
    """A team with its managers and members, for the partnership admin."""
    from lantern.accounts.models import User

    team = team_get_for(user, team_id)
    members = list(
        User.objects.filter(team=team).order_by(
            "-manages_team", "-is_active", "last_name", "first_name", "username"
        )
    )
    return TeamPage(
        team=team,
        managers=[member for member in members if member.manages_team and member.is_active],
        members=members,
    )


def team_get_for(user: Any, team_id: int) -> Team:
    _require_admin(user, object_type="team", object_id=team_id)
    return get_object_or_404(Team.objects.select_related("agency"), pk=team_id)
