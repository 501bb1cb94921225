"""Safety plan and transition plan pages: thin callers of plans_selectors and plans_services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.contexts.selectors import context_list_for, may_see_contexts
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors, show_conflict
from lantern.meetings import plans_selectors, plans_services
from lantern.meetings.forms import SafetyPlanForm, TransitionPlanForm
from lantern.meetings.plans_services import PLAN_TEXT_FIELDS


def _contexts_for(user: Any) -> list[Any]:
    return context_list_for(user) if may_see_contexts(user) else []


def safety_plan_detail(request: HttpRequest, person_id: int, number: int | None = None) -> HttpResponse:
    view = plans_selectors.safety_plan_get_for(request.user, person_id, number=number)
    return render(request, "meetings/safety_plan_detail.html", {"view": view, "person": view.person})


def safety_plan_family(request: HttpRequest, person_id: int) -> HttpResponse:
    view = plans_selectors.safety_plan_get_for(request.user, person_id)
    return render(request, "meetings/safety_plan_family.html", {"view": view, "person": view.person})


def safety_plan_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    view = plans_selectors.safety_plan_get_for(request.user, person_id)
    contexts = _contexts_for(request.user)
    initial: dict[str, Any] = {"version": view.plan.version if view.plan else 0}
    if view.shown is not None:
        initial |= {field: getattr(view.shown, field) for field in PLAN_TEXT_FIELDS}
        initial |= {"review_on": view.shown.review_on, "contexts": [c.pk for c in view.shown.contexts.all()]}
    form = SafetyPlanForm(
        request.POST if request.method == "POST" else None, initial=initial, contexts=contexts
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plans_services.safety_plan_save(
                actor=request.user,
                person=view.person,
                expected_version=data["version"],
                review_on=data["review_on"],
                contexts=[context for context in contexts if context.pk in set(data["contexts"])],
                **{field: data[field] for field in PLAN_TEXT_FIELDS},
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Safety plan saved as a new version")
            return redirect("meetings:safety-plan-detail", person_id=view.person.pk)
    return render(request, "meetings/safety_plan_form.html", {"form": form, "person": view.person})


def transition_list(request: HttpRequest) -> HttpResponse:
    rows = plans_selectors.transition_list_for(request.user)
    return render(request, "meetings/transition_list.html", {"rows": rows})


def transition_plan_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, plan = plans_selectors.transition_plan_get_for(request.user, person_id)
    initial: dict[str, Any] = {"version": 0}
    if plan is not None:
        initial = {
            "version": plan.version,
            "receiving_service": plan.receiving_service,
            "consent": plan.consent,
            "target_handover_on": plan.target_handover_on,
            "status": plan.status,
            "notes": plan.notes,
        }
    form = TransitionPlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plans_services.transition_plan_save(
                actor=request.user, person=person, expected_version=data.pop("version"), **data
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Transition plan saved")
            return redirect("meetings:transition-list")
    return render(
        request, "meetings/transition_plan_form.html", {"form": form, "person": person, "plan": plan}
    )
