from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.accounts.roles import can_record_risk_assessment
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.people.selectors import person_get_for
from lantern.risk.forms import ReviewFilterForm, RiskAssessmentCloseForm, RiskAssessmentForm
from lantern.risk.scale import level_label
from lantern.risk.selectors import (
    risk_assessment_get_for,
    risk_assessment_list_for,
    risk_review_filter_choices,
    risk_review_list_for,
    risk_review_page,
    risk_review_rows,
)
from lantern.risk.services import risk_assessment_close, risk_assessment_create

REVIEWS_PAGE_SIZE = 50


def assessment_list(request: HttpRequest, person_id: int) -> HttpResponse:
    history = risk_assessment_list_for(request.user, person_id)
    return render(request, "risk/assessment_list.html", {"history": history, "person": history.person})


@role_required(can_record_risk_assessment, "risk_assessment")
def assessment_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id, purpose="Record a risk assessment")
    form = RiskAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = risk_assessment_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Risk assessment recorded: {level_label(assessment.level)} \N{EN DASH} "
                f"{assessment.get_exploitation_type_display()}",
            )
            return redirect("risk:assessment-list", person_id=person.pk)
    return render(request, "risk/assessment_form.html", {"form": form, "person": person})


@role_required(can_record_risk_assessment, "risk_assessment")
def assessment_close(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_get_for(request.user, assessment_id, purpose="Close a risk assessment")
    form = RiskAssessmentCloseForm(request.POST or None, initial={"version": assessment.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            risk_assessment_close(
                actor=request.user,
                assessment=assessment,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictingEdit as error:
            conflict = True
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            form = RiskAssessmentCloseForm(data)
            form.is_valid()
            assessment = risk_assessment_get_for(
                request.user, assessment_id, purpose="Close a risk assessment"
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Risk assessment closed")
            return redirect("risk:assessment-list", person_id=assessment.person_id)
    return render(
        request,
        "risk/assessment_close.html",
        {"form": form, "assessment": assessment, "person": assessment.person, "conflict": conflict},
    )


@role_required(can_record_risk_assessment, "risk_review_list")
def review_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.pop("page", None)
    choices = risk_review_filter_choices()
    form = ReviewFilterForm(params or None, areas=choices.areas, teams=choices.teams, workers=choices.workers)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound and valid else {}
    reviews = risk_review_list_for(request.user, **filters)  # type: ignore[arg-type]
    if valid:
        page_of_reviews = risk_review_page(reviews, request.GET.get("page"), REVIEWS_PAGE_SIZE)
    else:
        page_of_reviews = Paginator(reviews.assessments.none(), REVIEWS_PAGE_SIZE).get_page(1)
    return render(
        request,
        "risk/review_list.html",
        {
            "form": form,
            "reviews": reviews,
            "page": page_of_reviews,
            "rows": risk_review_rows(list(page_of_reviews.object_list), reviews.today),
            "query": params.urlencode(),
        },
    )
