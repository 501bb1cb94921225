"""Referral pages: thin callers of selectors (every read, access-checked) and services (every write)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.concerns.models import Concern
from lantern.concerns.selectors import concern_get_for
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.people.models import Person
from lantern.people.selectors import person_get_for
from lantern.referrals import selectors, services
from lantern.referrals.forms import DecisionForm, ReferralForm


def _concern_from_query(request: HttpRequest, person: Person) -> Concern | None:
    concern_id = request.GET.get("concern", "")
    if not concern_id:
        return None
    if not concern_id.isdigit():
        raise Http404("No such concern")
    concern = concern_get_for(request.user, int(concern_id), purpose="Refer from a concern")
    if concern.person_id != person.pk:
        raise Http404("The concern is about someone else")
    return concern


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id, purpose="Refer to the front door")
    concern = _concern_from_query(request, person)
    screening = selectors.referral_screening_for(person)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            referral, created = services.referral_create(
                actor=request.user,
                person=person,
                concern=concern,
                screening=screening,
                **form.referral_fields(),
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request, f"Referral sent to {referral.area.front_door_name or 'the front door'}"
                )
            else:
                messages.info(request, "This referral had already been sent. It has not been sent twice.")
            return redirect("referrals:referral-detail", referral_id=referral.pk)
    area = person.area or getattr(request.user.agency, "area", None)  # type: ignore[union-attr]
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "person": person, "concern": concern, "screening": screening, "area": area},
    )


@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    record = selectors.referral_record_for(request.user, referral_id)
    return render(
        request,
        "referrals/referral_detail.html",
        {"record": record, "referral": record.referral, "person": record.referral.person},
    )


@role_required(selectors.is_front_door_role, "referral_queue")
@require_http_methods(["GET"])
def referral_queue(request: HttpRequest) -> HttpResponse:
    show = (
        selectors.QUEUE_DECIDED
        if request.GET.get("show") == selectors.QUEUE_DECIDED
        else selectors.QUEUE_WAITING
    )
    rows = selectors.referral_queue_for(request.user, show=show)
    return render(
        request,
        "referrals/referral_queue.html",
        {
            "rows": rows,
            "show": show,
            "waiting_count": selectors.referral_waiting_count_for(request.user),
            "area": request.user.agency.area,  # type: ignore[union-attr]
        },
    )


@require_http_methods(["GET", "POST"])
def referral_decide(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_for_decision_get_for(request.user, referral_id)
    conflict = False
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                referral = services.referral_decide(
                    actor=request.user,
                    referral=referral,
                    decision=form.cleaned_data["decision"],
                    notes=form.cleaned_data["notes"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictingEdit as error:
                conflict = True
                data = request.POST.copy()
                data["version"] = str(error.current_version)
                form = DecisionForm(data)
                form.is_valid()
                referral = selectors.referral_for_decision_get_for(request.user, referral_id)
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"Decision recorded: {referral.get_decision_display()}")
                return redirect("referrals:referral-detail", referral_id=referral.pk)
    else:
        form = DecisionForm(initial={"version": referral.version})
    record = selectors.referral_record_of(request.user, referral)
    return render(
        request,
        "referrals/referral_decide.html",
        {
            "form": form,
            "record": record,
            "referral": referral,
            "person": referral.person,
            "conflict": conflict,
        },
    )
