"""Concern pages: thin callers of selectors (every read, access-checked) and services (every write)."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lantern.concerns import selectors, services
from lantern.concerns.forms import ConcernAmendForm, ConcernFilterForm, ConcernForm, TriageForm
from lantern.concerns.models import Concern, TriageDecision
from lantern.concerns.selectors import is_safeguarding_lead
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.people.selectors import person_get_for


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_http_methods(["GET", "POST"])
def concern_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id, purpose="Record a concern")
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_create(
                actor=request.user, person=person, site_url=_site_url(request), **form.concern_fields()
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Concern recorded. Your safeguarding lead has been alerted.")
            return redirect("concerns:concern-detail", concern_id=concern.pk)
    guidance = selectors.emergency_guidance_for(person, request.user)
    danger = form["immediate_danger"].value() == "yes"
    return render(
        request,
        "concerns/concern_form.html",
        {"form": form, "person": person, "guidance": guidance, "danger_selected": danger},
    )


@require_http_methods(["GET"])
def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    record = selectors.concern_record_for(request.user, concern_id)
    return render(
        request,
        "concerns/concern_detail.html",
        {"record": record, "concern": record.concern, "person": record.concern.person},
    )


FormT = TypeVar("FormT", bound=forms.Form)


def _conflict_form(request: HttpRequest, form_class: type[FormT], current_version: int) -> FormT:
    """The user's input, kept, against the version now saved, so they can submit it again."""
    data = request.POST.copy()
    data["version"] = str(current_version)
    form = form_class(data)
    form.is_valid()
    return form


@require_http_methods(["GET", "POST"])
def concern_amend(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = selectors.concern_for_amendment_get_for(request.user, concern_id)
    current = selectors.concern_content(concern)
    conflict = False
    if request.method == "POST":
        form = ConcernAmendForm(request.POST)
        if form.is_valid():
            try:
                services.concern_amend(
                    actor=request.user,
                    concern=concern,
                    changes=form.content(),
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictingEdit as error:
                conflict = True
                form = _conflict_form(request, ConcernAmendForm, error.current_version)
                concern = selectors.concern_for_amendment_get_for(request.user, concern_id)
                current = selectors.concern_content(concern)
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Amendment recorded. The original wording stays on the concern.")
                return redirect("concerns:concern-detail", concern_id=concern.pk)
    else:
        form = ConcernAmendForm(initial=ConcernAmendForm.initial_from(current, concern.version))
    return render(
        request,
        "concerns/concern_amend.html",
        {
            "form": form,
            "concern": concern,
            "person": concern.person,
            "current": current,
            "conflict": conflict,
        },
    )


def _after_triage(concern: Concern) -> HttpResponse:
    if concern.triage_decision == TriageDecision.START_SCREENING:
        url = reverse("screening:screening-create", kwargs={"person_id": concern.person_id})
        return redirect(f"{url}?from=concern&id={concern.pk}")
    if concern.triage_decision == TriageDecision.REFER:
        url = reverse("referrals:referral-create", kwargs={"person_id": concern.person_id})
        return redirect(f"{url}?concern={concern.pk}")
    return redirect("concerns:concern-detail", concern_id=concern.pk)


@require_http_methods(["GET", "POST"])
def concern_triage(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = selectors.concern_for_triage_get_for(request.user, concern_id)
    conflict = False
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            try:
                concern = services.concern_triage(
                    actor=request.user,
                    concern=concern,
                    decision=form.cleaned_data["decision"],
                    notes=form.cleaned_data["notes"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictingEdit as error:
                conflict = True
                form = _conflict_form(request, TriageForm, error.current_version)
                concern = selectors.concern_for_triage_get_for(request.user, concern_id)
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Concern triaged: {concern.get_triage_decision_display()}")
                return _after_triage(concern)
    else:
        form = TriageForm(initial={"version": concern.version})
    return render(
        request,
        "concerns/concern_triage.html",
        {
            "form": form,
            "concern": concern,
            "person": concern.person,
            "current": selectors.concern_content(concern),
            "conflict": conflict,
        },
    )


@role_required(selectors.is_safeguarding_lead_role, "concern_list")
@require_http_methods(["GET"])
def concern_list(request: HttpRequest) -> HttpResponse:
    filter_form = ConcernFilterForm(request.GET or None)
    status = category = ""
    if filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
        category = filter_form.cleaned_data["category"]
    rows = selectors.concern_list_for(request.user, status=status, category=category)
    return render(
        request,
        "concerns/concern_list.html",
        {"rows": rows, "filter_form": filter_form, "filtered": bool(status or category)},
    )


@require_http_methods(["GET"])
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notification_list_for(request.user)
    unread = [notification.pk for notification in notifications if notification.read_at is None]
    services.notifications_mark_read(actor=request.user, notification_ids=unread)
    return render(
        request,
        "concerns/notification_list.html",
        {
            "notifications": notifications,
            "unread": set(unread),
            "is_safeguarding_lead": is_safeguarding_lead(request.user),
        },
    )
