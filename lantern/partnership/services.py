"""Every write to the partnership's configuration: the partnership, areas, agencies and teams.

Areas, agencies and teams have no ``version`` field, so their edit token is ``updated_at`` in
microseconds (``edit_version``): a save made against an older token is refused, never merged.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.db import models, transaction

from lantern.audit.services import audit_record
from lantern.core.errors import ValidationFailed
from lantern.core.versioning import lock_version
from lantern.partnership.boundaries import describe_boundary, normalise_boundary
from lantern.partnership.models import Agency, Area, Partnership, Team

RISK_SCALES: dict[str, list[str]] = {
    "low_medium_high": ["low", "medium", "high"],
    "categories": ["category_1", "category_2", "category_3"],
}

Config = TypeVar("Config", Partnership, Area, Agency, Team)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def edit_version(record: models.Model) -> int:
    """The record's edit token: microseconds since 1970 of its last save, exactly."""
    updated_at = getattr(record, "updated_at", None)
    return (updated_at - _EPOCH) // timedelta(microseconds=1) if updated_at else 0


def risk_scale_key(levels: list[str]) -> str:
    for key, scale in RISK_SCALES.items():
        if scale == list(levels):
            return key
    return "low_medium_high"


def _scale(risk_scale: str) -> list[str]:
    if risk_scale not in RISK_SCALES:
        raise ValidationFailed({"risk_scale": ["Select a risk scale"]})
    return list(RISK_SCALES[risk_scale])


def _locked(model: type[Config], pk: int, expected_version: int) -> Config:
    return lock_version(model, pk=pk, expected_version=expected_version, version_of=edit_version)


def _apply(record: models.Model, fields: dict[str, Any]) -> dict[str, dict[str, str]]:
    changed = {
        name: {"from": str(getattr(record, name) or ""), "to": str(value or "")}
        for name, value in fields.items()
        if getattr(record, name) != value
    }
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return changed


def _check_unique_code(model: type[Area] | type[Agency], code: str, exclude_pk: int | None = None) -> None:
    clash = model.objects.filter(code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed({"code": ["That code is already used. Choose another."]})


# --- the partnership ----------------------------------------------------------------------------


def partnership_create(*, actor: Any, name: str, risk_scale: str) -> Partnership:
    levels = _scale(risk_scale)
    with transaction.atomic():
        if Partnership.objects.exists():
            raise ValidationFailed({"__all__": ["The partnership has already been set up."]})
        partnership = Partnership.objects.create(name=name, risk_scale=levels)
        audit_record(
            actor=actor,
            action="create",
            object_type="partnership",
            object_id=partnership.pk,
            detail={"name": name, "risk_scale": levels},
        )
        return partnership


def partnership_update(
    *, actor: Any, partnership: Partnership, expected_version: int, name: str, risk_scale: str
) -> Partnership:
    levels = _scale(risk_scale)
    with transaction.atomic():
        record = _locked(Partnership, partnership.pk, expected_version)
        changed = _apply(record, {"name": name, "risk_scale": levels})
        audit_record(
            actor=actor,
            action="update",
            object_type="partnership",
            object_id=record.pk,
            detail={"changed": changed},
        )
        return record


# --- areas --------------------------------------------------------------------------------------


def _checked_area_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with any boundary validated and normalised to a bare WGS84 geometry."""
    if "boundary" not in fields:
        return fields
    return {**fields, "boundary": normalise_boundary(fields["boundary"])}


def area_create(*, actor: Any, **fields: Any) -> Area:
    _check_unique_code(Area, fields["code"])
    fields = _checked_area_fields(fields)
    with transaction.atomic():
        area = Area.objects.create(**fields)
        detail: dict[str, Any] = {"code": area.code}
        if area.boundary:
            detail["boundary"] = describe_boundary(area.boundary)
        audit_record(actor=actor, action="create", object_type="area", object_id=area.pk, detail=detail)
        return area


def area_update(*, actor: Any, area: Area, expected_version: int, **fields: Any) -> Area:
    _check_unique_code(Area, fields.get("code", area.code), exclude_pk=area.pk)
    fields = _checked_area_fields(fields)
    with transaction.atomic():
        record = _locked(Area, area.pk, expected_version)
        old_boundary = record.boundary
        changed = _apply(record, fields)
        if "boundary" in changed:
            # The audit row says what the shape became, not thousands of coordinates.
            changed["boundary"] = {
                "from": describe_boundary(old_boundary),
                "to": describe_boundary(record.boundary),
            }
        audit_record(
            actor=actor, action="update", object_type="area", object_id=record.pk, detail={"changed": changed}
        )
        return record


# --- agencies -----------------------------------------------------------------------------------


def agency_create(*, actor: Any, **fields: Any) -> Agency:
    _check_unique_code(Agency, fields["code"])
    with transaction.atomic():
        agency = Agency.objects.create(**fields)
        audit_record(
            actor=actor,
            action="create",
            object_type="agency",
            object_id=agency.pk,
            detail={"code": agency.code, "agency_type": agency.agency_type},
        )
        return agency


def agency_update(*, actor: Any, agency: Agency, expected_version: int, **fields: Any) -> Agency:
    _check_unique_code(Agency, fields.get("code", agency.code), exclude_pk=agency.pk)
    with transaction.atomic():
        record = _locked(Agency, agency.pk, expected_version)
        changed = _apply(record, fields)
        audit_record(
            actor=actor,
            action="update",
            object_type="agency",
            object_id=record.pk,
            detail={"changed": changed},
        )
        return record


# --- teams --------------------------------------------------------------------------------------


def _check_team_name(agency: Agency, name: str, exclude_pk: int | None = None) -> None:
    clash = Team.objects.filter(agency=agency, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationFailed({"name": ["That agency already has a team with this name"]})


def team_create(*, actor: Any, agency: Agency, name: str) -> Team:
    _check_team_name(agency, name)
    with transaction.atomic():
        team = Team.objects.create(agency=agency, name=name)
        audit_record(
            actor=actor,
            action="create",
            object_type="team",
            object_id=team.pk,
            detail={"agency": agency.code, "name": name},
        )
        return team


def team_update(*, actor: Any, team: Team, expected_version: int, name: str) -> Team:
    """Rename a team. A team stays in its agency: its members belong to that agency."""
    _check_team_name(team.agency, name, exclude_pk=team.pk)
    with transaction.atomic():
        record = _locked(Team, team.pk, expected_version)
        changed = _apply(record, {"name": name})
        audit_record(
            actor=actor, action="update", object_type="team", object_id=record.pk, detail={"changed": changed}
        )
        return record
