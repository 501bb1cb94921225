"""Context pages: thin callers of selectors (every read) and services (every write)."""

from __future__ import annotations

from dataclasses import astuple
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.contexts import selectors, services
from lantern.contexts.forms import (
    ApproveForm,
    AssessmentForm,
    ConferenceForm,
    ContextFilterForm,
    ContextForm,
    ContextLinkForm,
    PlanForm,
    PlanReviewForm,
    WeightingForm,
)
from lantern.contexts.models import Context
from lantern.contexts.selectors import ContextFilters
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.partnership.selectors import risk_scale
from lantern.risk.scale import level_label, level_tag_class

CONFLICT = "Someone else changed this record after you opened it. Your changes are kept below: check them and save again."


def _reader(role: str) -> bool:
    return role in CASEWORK_ROLES or role == Role.ANALYST


def _changer(role: str) -> bool:
    return role in CASEWORK_ROLES


def _filters(request: HttpRequest) -> tuple[ContextFilterForm, ContextFilters]:
    form = ContextFilterForm(request.GET or None)
    if not form.is_valid():
        return form, ContextFilters()
    data = form.cleaned_data
    area = data.get("area")
    return form, ContextFilters(
        location_type=data.get("location_type") or "",
        risk_level=data.get("risk_level") or "",
        area_id=area.pk if area else None,
        active_from=data.get("active_from"),
        active_to=data.get("active_to"),
    )


def _risk(context: Context, scale: list[str] | None = None) -> dict[str, str]:
    """Pass ``scale`` (``risk_scale()``) when there are many places, to read it once."""
    level = getattr(context, "latest_risk", None) or ""
    return {
        "risk": level,
        "risk_label": level_label(level) if level else "Not assessed",
        "risk_class": level_tag_class(level, scale) if level else "govuk-tag--grey",
    }


# --- Contexts ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
@role_required(_reader, "context")
def context_list(request: HttpRequest) -> HttpResponse:
    contexts = selectors.context_list_for(request.user)
    rows = [{"context": context, **_risk(context)} for context in contexts]
    return render(
        request,
        "contexts/context_list.html",
        {"rows": rows, "can_change": selectors.may_change_contexts(request.user)},
    )


@require_http_methods(["GET", "POST"])
@role_required(_changer, "context")
def context_create(request: HttpRequest) -> HttpResponse:
    form = ContextForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            context = services.context_create(actor=request.user, **form.context_fields())
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{context.name} recorded.")
            return redirect("contexts:context-detail", context_id=context.pk)
    return render(request, "contexts/context_form.html", {"form": form, "context": None})


@require_http_methods(["GET", "POST"])
def context_update(request: HttpRequest, context_id: int) -> HttpResponse:
    context = selectors.context_for_change_get_for(request.user, context_id)
    initial = {name: getattr(context, name) for name in services.CONTEXT_FIELDS}
    form = ContextForm(
        request.POST if request.method == "POST" else None, initial={**initial, "version": context.version}
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.context_update(
                actor=request.user,
                context=context,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.context_fields(),
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        except ConflictingEdit as error:
            conflict = True
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            form = ContextForm(data)
            form.is_valid()
        else:
            messages.success(request, "Context updated.")
            return redirect("contexts:context-detail", context_id=context.pk)
    return render(
        request,
        "contexts/context_form.html",
        {"form": form, "context": context, "conflict": conflict, "conflict_message": CONFLICT},
    )


@require_http_methods(["GET"])
def context_detail(request: HttpRequest, context_id: int) -> HttpResponse:
    context = selectors.context_view_for(request.user, context_id)
    linked = selectors.linked_people_for(request.user, context)
    assessments = selectors.assessment_list_for(request.user, context)
    latest = assessments[0] if assessments else None
    return render(
        request,
        "contexts/context_detail.html",
        {
            "context": context,
            "linked": linked,
            "assessments": assessments,
            "latest": latest,
            "latest_label": level_label(latest.risk_level) if latest else "",
            "latest_class": level_tag_class(latest.risk_level) if latest else "",
            "plans": selectors.plan_list_for(request.user, context),
            "conferences": selectors.conference_list_for(request.user, context),
            "chronology": selectors.context_chronology_for(request.user, context, linked),
            "can_change": selectors.may_change_contexts(request.user),
            "analyst": selectors.is_analyst(request.user),
        },
    )


# --- Links from a person's record -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def person_contexts(request: HttpRequest, person_id: int) -> HttpResponse:
    person, links, top = selectors.person_links_for(request.user, person_id)
    contexts = selectors.context_list_for(request.user)
    form = ContextLinkForm(request.POST if request.method == "POST" else None, contexts=contexts)
    if request.method == "POST":
        if not selectors.may_change_contexts(request.user):
            raise selectors.refuse(
                request.user, object_type="context_link", reason="role may not link contexts"
            )
        if form.is_valid():
            data = dict(form.cleaned_data)
            context = selectors.context_get_for(request.user, data.pop("context"))
            try:
                services.context_link_create(actor=request.user, person=person, context=context, **data)
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Linked to {context.name}.")
                return redirect("contexts:person-contexts", person_id=person.pk)
    return render(
        request,
        "contexts/person_contexts.html",
        {
            "person": person,
            "links": links,
            "top": top,
            "form": form,
            "can_change": selectors.may_change_contexts(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def link_weighting(request: HttpRequest, link_id: int) -> HttpResponse:
    link = selectors.link_for_change_get_for(request.user, link_id)
    form = WeightingForm(
        request.POST if request.method == "POST" else None,
        initial={"weighting": link.weighting, "version": link.version},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.context_link_weight(
                actor=request.user,
                link=link,
                weighting=form.cleaned_data["weighting"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictingEdit as error:
            conflict = True
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            form = WeightingForm(data)
            form.is_valid()
        else:
            messages.success(request, "Weighting saved.")
            return redirect("contexts:person-contexts", person_id=link.person_id)
    return render(
        request,
        "contexts/link_weighting.html",
        {"link": link, "form": form, "conflict": conflict, "conflict_message": CONFLICT},
    )


# --- Assessments, plans, conferences --------------------------------------------------------


def _simple_create(
    request: HttpRequest,
    form: forms.Form,
    template: str,
    extra: dict[str, Any],
    save: Any,
    success: str,
    back: Any,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return back
    return render(request, template, {"form": form, **extra})


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, context_id: int) -> HttpResponse:
    context = selectors.context_for_change_get_for(request.user, context_id)
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    return _simple_create(
        request,
        form,
        "contexts/assessment_form.html",
        {"context": context},
        lambda f: services.context_assessment_create(actor=request.user, context=context, **f.cleaned_data),
        "Context assessment saved.",
        redirect("contexts:context-detail", context_id=context.pk),
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, context_id: int) -> HttpResponse:
    context = selectors.context_for_change_get_for(request.user, context_id)
    form = PlanForm(request.POST if request.method == "POST" else None)

    def save(f: PlanForm) -> None:
        data = f.cleaned_data
        services.context_plan_create(
            actor=request.user,
            context=context,
            goals=data["goals"],
            measures_of_change=data["measures_of_change"],
            review_due=data["review_due"],
            responses=f.responses(),
        )

    return _simple_create(
        request,
        form,
        "contexts/plan_form.html",
        {"context": context},
        save,
        "Context plan saved.",
        redirect("contexts:context-detail", context_id=context.pk),
    )


@require_http_methods(["GET", "POST"])
def plan_review_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_for_change_get_for(request.user, plan_id)
    form = PlanReviewForm(request.POST if request.method == "POST" else None)
    return _simple_create(
        request,
        form,
        "contexts/plan_review_form.html",
        {"context": plan.context, "plan": plan},
        lambda f: services.context_plan_review_create(actor=request.user, plan=plan, **f.cleaned_data),
        "Plan review saved.",
        redirect("contexts:context-detail", context_id=plan.context_id),
    )


@require_http_methods(["GET", "POST"])
def conference_create(request: HttpRequest, context_id: int) -> HttpResponse:
    context = selectors.context_for_change_get_for(request.user, context_id)
    plans = selectors.plan_list_for(request.user, context)
    form = ConferenceForm(request.POST if request.method == "POST" else None, plans=plans)
    created: list[int] = []

    def save(f: ConferenceForm) -> None:
        data = dict(f.cleaned_data)
        plan_id = data.pop("plan")
        plan = next((p for p in plans if p.pk == plan_id), None)
        conference = services.context_conference_create(
            actor=request.user, context=context, plan=plan, **data
        )
        created.append(conference.pk)

    response = _simple_create(
        request,
        form,
        "contexts/conference_form.html",
        {"context": context},
        save,
        "Conference recorded. Approve the minutes to share them.",
        redirect("contexts:context-detail", context_id=context.pk),
    )
    if created:
        return redirect("contexts:conference-detail", conference_id=created[0])
    return response


@require_http_methods(["GET", "POST"])
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_get_for(request.user, conference_id)
    form = ApproveForm(
        request.POST if request.method == "POST" else None, initial={"version": conference.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.context_conference_approve(
                actor=request.user,
                conference=conference,
                expected_version=form.cleaned_data["version"],
                site_url=request.build_absolute_uri("/"),
            )
        except (ValidationFailed, ConflictingEdit) as error:
            messages.error(
                request,
                str(error)
                if isinstance(error, ConflictingEdit)
                else "; ".join(message for messages_ in error.errors.values() for message in messages_),
            )
        else:
            messages.success(request, "Minutes approved and shared with the attendees.")
        return redirect("contexts:conference-detail", conference_id=conference.pk)
    return render(
        request,
        "contexts/conference_detail.html",
        {
            "conference": conference,
            "context": conference.context,
            "form": form,
            "can_approve": conference.status == "draft"
            and selectors.conference_may_approve(request.user, conference),
        },
    )


# --- Map and network --------------------------------------------------------------------------


MAP_TABLE_PAGE_SIZE = 50


@require_http_methods(["GET"])
@role_required(_reader, "context_map")
def context_map(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.pop("page", None)
    form, filters = _filters(request)
    table = selectors.context_map_table_for(request.user, filters)
    page = Paginator(table, MAP_TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    extent = selectors.context_map_extent_for(request.user, filters)
    scale = risk_scale()
    return render(
        request,
        "contexts/map.html",
        {
            "form": form,
            "page": page,
            "rows": [{"context": context, **_risk(context, scale)} for context in page.object_list],
            "query": params.urlencode(),
            "map_config": {
                "tiles": settings.MAP_TILE_URL,
                "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
                "extent": [float(corner) for corner in astuple(extent)] if extent else None,
            },
        },
    )


BBOX_HELP = (
    "bbox must be four numbers separated by commas, west,south,east,north in degrees "
    "(for example -2.4,53.3,-2.1,53.5), with west <= east, south <= north, "
    "longitudes between -180 and 180 and latitudes between -90 and 90"
)


def parse_bbox(value: str) -> selectors.BoundingBox:
    """``west,south,east,north`` (Leaflet's ``toBBoxString``), or ValueError saying what is wrong."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError(BBOX_HELP)
    try:
        west, south, east, north = (Decimal(part.strip()) for part in parts)
    except InvalidOperation:
        raise ValueError(BBOX_HELP) from None
    corners = (west, south, east, north)
    if not all(corner.is_finite() for corner in corners):
        raise ValueError(BBOX_HELP)
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(BBOX_HELP)
    return selectors.BoundingBox(west=west, south=south, east=east, north=north)


@require_http_methods(["GET"])
@role_required(_reader, "context_map")
def context_map_data(request: HttpRequest) -> JsonResponse:
    """The places in the map's view (``bbox``), at most ``MAP_PLACE_LIMIT``, and how many are in it."""
    _form, filters = _filters(request)
    bbox = None
    if request.GET.get("bbox"):
        try:
            bbox = parse_bbox(request.GET["bbox"])
        except ValueError as error:
            return JsonResponse({"error": str(error)}, status=400)
    found = selectors.context_map_places_for(request.user, filters, bbox=bbox)
    return JsonResponse(map_data(found))


def map_data(found: selectors.MapPlaces) -> dict[str, Any]:
    scale = risk_scale()
    return {
        "places": [map_place(context, scale) for context in found.places],
        "in_view": found.in_view,
        "truncated": found.truncated,
    }


def map_place(context: Context, scale: list[str] | None = None) -> dict[str, Any]:
    risk = _risk(context, scale)
    return {
        "id": context.pk,
        "name": context.name,
        "type": context.type_label,
        "area": context.area.name if context.area else "",
        "risk": risk["risk"],
        "risk_label": risk["risk_label"],
        "linked_people": getattr(context, "linked_people", 0),
        "lat": float(context.latitude) if context.latitude is not None else None,
        "lng": float(context.longitude) if context.longitude is not None else None,
        "url": f"/contexts/{context.pk}/",
    }


@require_http_methods(["GET"])
@role_required(_reader, "context_network")
def context_network(request: HttpRequest, context_id: int) -> HttpResponse:
    context, network = selectors.context_network_for(request.user, context_id)
    return render(
        request,
        "contexts/network.html",
        {
            "title": f"Network of {context.name}",
            "context": context,
            "person": None,
            "network": network,
            "graph": network.as_dict(),
            "rows": network.table_rows(),
        },
    )


@require_http_methods(["GET"])
def person_network(request: HttpRequest, person_id: int) -> HttpResponse:
    person, network = selectors.person_network_for(request.user, person_id)
    return render(
        request,
        "contexts/network.html",
        {
            "title": f"Network of {person.full_name}",
            "context": None,
            "person": person,
            "network": network,
            "graph": network.as_dict(),
            "rows": network.table_rows(),
        },
    )
