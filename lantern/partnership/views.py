"""The partnership admin's configuration pages (not Django admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts.roles import can_configure_partnership
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.partnership import selectors, services
from lantern.partnership.boundaries import describe_boundary
from lantern.partnership.forms import (
    AgencyForm,
    AreaForm,
    PartnershipForm,
    TeamCreateForm,
    TeamUpdateForm,
)
from lantern.partnership.models import Area
from lantern.profile.maps import AreaMap, MapShape, area_map

CONFLICT_MESSAGE = (
    "Someone else changed this record after you opened it. Nothing was saved. "
    "The current details are shown below with your changes; check them and save again."
)


def _admin(object_type: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    return role_required(can_configure_partnership, object_type)


def _add_errors(form: forms.Form, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _save(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    next_url: str,
) -> HttpResponse | None:
    """Run ``write`` with the form's data; on success redirect, otherwise put errors on the form.

    On a conflicting edit the hidden version moves to the current one, so the user can look at
    what changed and deliberately save again.
    """
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        write(data)
    except ConflictingEdit as exc:
        form.add_error(None, CONFLICT_MESSAGE)
        data_with_current_version = request.POST.copy()
        data_with_current_version["version"] = str(exc.current_version)
        form.data = data_with_current_version
        return None
    except ValidationFailed as exc:
        _add_errors(form, exc)
        return None
    messages.success(request, success)
    return redirect(next_url)


# --- overview and the partnership itself --------------------------------------------------------


@_admin("partnership")
def overview(request: HttpRequest) -> HttpResponse:
    summary = selectors.partnership_overview_for(request.user)
    return render(request, "partnership/overview.html", {"summary": summary})


@_admin("partnership")
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    if selectors.partnership_get_for(request.user) is not None:
        return redirect("partnership:partnership-update")
    form = PartnershipForm(request.POST or None, initial={"risk_scale": "low_medium_high"})
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.partnership_create(actor=request.user, **data),
            success="The partnership has been set up.",
            next_url="partnership:overview",
        )
        if saved:
            return saved
    return render(request, "partnership/partnership_form.html", {"form": form, "creating": True})


@_admin("partnership")
@require_http_methods(["GET", "POST"])
def partnership_update(request: HttpRequest) -> HttpResponse:
    partnership = selectors.partnership_get_for(request.user)
    if partnership is None:
        return redirect("partnership:partnership-create")
    if request.method != "POST":
        form = PartnershipForm.for_partnership(partnership)
    else:
        form = PartnershipForm(request.POST)
        saved = _save(
            request,
            form,
            lambda data: services.partnership_update(
                actor=request.user,
                partnership=partnership,
                expected_version=form.cleaned_data["version"],
                **data,
            ),
            success="Partnership details saved.",
            next_url="partnership:overview",
        )
        if saved:
            return saved
    return render(request, "partnership/partnership_form.html", {"form": form, "creating": False})


# --- areas --------------------------------------------------------------------------------------


@_admin("area")
def area_list(request: HttpRequest) -> HttpResponse:
    return render(request, "partnership/area_list.html", {"areas": selectors.area_list_for(request.user)})


@_admin("area")
@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST, request.FILES) if request.method == "POST" else AreaForm.blank()
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.area_create(actor=request.user, **data),
            success="Area added.",
            next_url="partnership:area-list",
        )
        if saved:
            return saved
    return render(request, "partnership/area_form.html", {"form": form, "creating": True})


@_admin("area")
@require_http_methods(["GET", "POST"])
def area_update(request: HttpRequest, area_id: int) -> HttpResponse:
    area = selectors.area_get_for(request.user, area_id)
    form = AreaForm(request.POST, request.FILES) if request.method == "POST" else AreaForm.for_area(area)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.area_update(
                actor=request.user, area=area, expected_version=form.cleaned_data["version"], **data
            ),
            success=f"{area.name} saved.",
            next_url="partnership:area-list",
        )
        if saved:
            return saved
    return render(
        request,
        "partnership/area_form.html",
        {
            "form": form,
            "area": area,
            "boundary_preview": _boundary_preview(area),
            "boundary_description": describe_boundary(area.boundary),
        },
    )


def _boundary_preview(area: Area) -> AreaMap | None:
    """The saved boundary drawn among the other areas' boundaries, or ``None`` if it has none."""
    if not area.boundary:
        return None
    shapes = [MapShape(code, name, boundary) for code, name, boundary in selectors.area_boundaries()]
    return area_map([shape for shape in shapes if shape.boundary], selected=area.code)


# --- agencies -----------------------------------------------------------------------------------


@_admin("agency")
def agency_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "partnership/agency_list.html", {"agencies": selectors.agency_list_for(request.user)}
    )


@_admin("agency")
@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.agency_create(actor=request.user, **data),
            success="Agency added.",
            next_url="partnership:agency-list",
        )
        if saved:
            return saved
    return render(request, "partnership/agency_form.html", {"form": form, "creating": True})


@_admin("agency")
@require_http_methods(["GET", "POST"])
def agency_update(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_get_for(request.user, agency_id)
    form = AgencyForm(request.POST) if request.method == "POST" else AgencyForm.for_agency(agency)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.agency_update(
                actor=request.user, agency=agency, expected_version=form.cleaned_data["version"], **data
            ),
            success=f"{agency.name} saved.",
            next_url="partnership:agency-list",
        )
        if saved:
            return saved
    return render(request, "partnership/agency_form.html", {"form": form, "agency": agency})


# --- teams --------------------------------------------------------------------------------------


@_admin("team")
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "partnership/team_list.html", {"teams": selectors.team_list_for(request.user)})


@_admin("team")
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    page = selectors.team_page_for(request.user, team_id)
    return render(request, "partnership/team_detail.html", {"page": page, "team": page.team})


@_admin("team")
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamCreateForm(request.POST or None)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.team_create(actor=request.user, **data),
            success="Team added.",
            next_url="partnership:team-list",
        )
        if saved:
            return saved
    return render(request, "partnership/team_form.html", {"form": form, "creating": True})


@_admin("team")
@require_http_methods(["GET", "POST"])
def team_update(request: HttpRequest, team_id: int) -> HttpResponse:
    team = selectors.team_get_for(request.user, team_id)
    form = TeamUpdateForm(request.POST) if request.method == "POST" else TeamUpdateForm.for_team(team)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda data: services.team_update(
                actor=request.user, team=team, expected_version=form.cleaned_data["version"], **data
            ),
            success=f"{team.name} saved.",
            next_url="partnership:team-list",
        )
        if saved:
            return saved
    return render(request, "partnership/team_form.html", {"form": form, "team": team})
