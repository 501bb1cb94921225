from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.accounts.roles import can_configure_partnership
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.people.selectors import person_get_for
from lantern.risk.scale import level_label
from lantern.screening.forms import (
    CatalogueVersionForm,
    ScreeningAnswersForm,
    ScreeningReviewForm,
    StartScreeningForm,
    answers_from_data,
    int_or_none,
    optional_text,
    stored_answers_data,
)
from lantern.screening.models import IndicatorDomain, Screening, StartedFrom
from lantern.screening.selectors import (
    catalogue_current,
    catalogue_domains,
    catalogue_get_for,
    catalogue_indicators,
    catalogue_list_for,
    screening_answered_domains,
    screening_answers,
    screening_draft_for_autosave,
    screening_drafts_for,
    screening_get_for,
    screening_list_for,
    screening_suggested_level,
    screening_suggestion,
    screening_unanswered_required,
)
from lantern.screening.services import (
    answer_field,
    catalogue_publish_version,
    evidence_field,
    screening_complete,
    screening_create,
    screening_save_draft,
)

CONFLICT_MESSAGE = (
    "Someone else saved this screening after you opened it. Your answers are shown below and have "
    "not been saved: check them and save again."
)


def _outcome_label(screening: Screening) -> str:
    return screening.get_outcome_display() if screening.outcome else ""


# --- a person's screenings -----------------------------------------------------------------------


def screening_list(request: HttpRequest, person_id: int) -> HttpResponse:
    history = screening_list_for(request.user, person_id)
    return render(request, "screening/screening_list.html", {"history": history, "person": history.person})


def _started_from(request: HttpRequest) -> tuple[str, int | None]:
    source = request.GET.get("from", "")
    if source in (StartedFrom.CONCERN, StartedFrom.MISSING_EPISODE):
        source_id = int_or_none(request.GET.get("id"))
        if source_id and source_id > 0:
            return source, source_id
    return StartedFrom.PERSON, None


def screening_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id, purpose="Start a screening")
    source, source_id = _started_from(request)
    form = StartScreeningForm(
        request.POST or None, initial={"started_from": source, "started_from_id": source_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = screening_create(
                actor=request.user,
                person=person,
                started_from=form.cleaned_data["started_from"],
                started_from_id=form.cleaned_data["started_from_id"],
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Screening started. Your answers save automatically as you go.")
            return redirect("screening:screening-edit", screening_id=screening.pk)
    return render(
        request,
        "screening/screening_start.html",
        {
            "form": form,
            "person": person,
            "catalogue": catalogue_current(),
            "drafts": screening_drafts_for(request.user, person),
            "started_from_label": StartedFrom(source).label,
            "started_from_id": source_id,
        },
    )


# --- answering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Any
    answer: forms.BoundField
    evidence: forms.BoundField


@dataclass(frozen=True)
class DomainRows:
    domain: IndicatorDomain
    rows: list[IndicatorRow]


def _grouped(form: ScreeningAnswersForm, domains: list[IndicatorDomain]) -> list[DomainRows]:
    return [
        DomainRows(
            domain=domain,
            rows=[
                IndicatorRow(
                    indicator=indicator,
                    answer=form[answer_field(indicator.pk)],
                    evidence=form[evidence_field(indicator.pk)],
                )
                for indicator in domain.indicators.all()
            ],
        )
        for domain in domains
    ]


def _render_edit(
    request: HttpRequest, screening: Screening, form: ScreeningAnswersForm, *, conflict: bool = False
) -> HttpResponse:
    domains = catalogue_domains(screening.catalogue)
    return render(
        request,
        "screening/screening_edit.html",
        {
            "form": form,
            "screening": screening,
            "person": screening.person,
            "domains": _grouped(form, domains),
            "conflict": conflict,
        },
    )


def _stored_form(screening: Screening) -> ScreeningAnswersForm:
    indicators = catalogue_indicators(screening.catalogue)
    form = ScreeningAnswersForm(
        stored_answers_data(screening, screening_answers(screening)), indicators=indicators
    )
    form.is_valid()
    return form


def _show_unanswered(form: forms.Form, screening: Screening) -> bool:
    unanswered = screening_unanswered_required(screening)
    for indicator in unanswered:
        form.add_error(
            answer_field(indicator.pk),
            f"Answer \N{LEFT DOUBLE QUOTATION MARK}{indicator.text}\N{RIGHT DOUBLE QUOTATION MARK}",
        )
    return bool(unanswered)


def screening_edit(request: HttpRequest, screening_id: int) -> HttpResponse:
    screening = screening_get_for(request.user, screening_id, purpose="Answer a screening")
    if screening.is_completed:
        return redirect("screening:screening-detail", screening_id=screening.pk)
    if request.method != "POST":
        form = ScreeningAnswersForm(
            initial=stored_answers_data(screening, screening_answers(screening)),
            indicators=catalogue_indicators(screening.catalogue),
        )
        return _render_edit(request, screening, form)
    form = ScreeningAnswersForm(request.POST, indicators=catalogue_indicators(screening.catalogue))
    if not form.is_valid():
        return _render_edit(request, screening, form)
    try:
        screening = screening_save_draft(
            actor=request.user,
            screening=screening,
            expected_version=form.cleaned_data["version"],
            answers=form.answers(),
            professional_judgement=form.cleaned_data["professional_judgement"],
        )
    except ConflictingEdit as error:
        data = request.POST.copy()
        data["version"] = str(error.current_version)
        form = ScreeningAnswersForm(data, indicators=catalogue_indicators(screening.catalogue))
        form.is_valid()
        return _render_edit(request, screening, form, conflict=True)
    except ValidationFailed as error:
        apply_service_errors(form, error)
        return _render_edit(request, screening, form)
    if request.POST.get("action") != "review":
        messages.success(request, "Draft saved. You can come back to it from the person's screenings.")
        return redirect("screening:screening-list", person_id=screening.person_id)
    data = request.POST.copy()
    data["version"] = str(screening.version)
    form = ScreeningAnswersForm(data, indicators=catalogue_indicators(screening.catalogue))
    form.is_valid()
    if _show_unanswered(form, screening):
        return _render_edit(request, screening, form)
    return redirect("screening:screening-review", screening_id=screening.pk)


@require_POST
def screening_autosave(request: HttpRequest, screening_id: int) -> JsonResponse:
    """Store the draft as it stands; answers the script with the new version to send next time."""
    screening = screening_draft_for_autosave(request.user, screening_id)
    expected = int_or_none(request.POST.get("version"))
    if expected is None:
        return JsonResponse({"error": "The page did not send the screening's version."}, status=400)
    try:
        screening = screening_save_draft(
            actor=request.user,
            screening=screening,
            expected_version=expected,
            answers=answers_from_data(request.POST, catalogue_indicators(screening.catalogue)),
            professional_judgement=optional_text(request.POST, "professional_judgement"),
            final_level=optional_text(request.POST, "final_level"),
            level_reason=optional_text(request.POST, "level_reason"),
            outcome=optional_text(request.POST, "outcome"),
        )
    except ConflictingEdit as error:
        return JsonResponse(
            {
                "error": "Someone else saved this screening after you opened it.",
                "version": error.current_version,
            },
            status=409,
        )
    except ValidationFailed as error:
        messages_ = [message for field_messages in error.errors.values() for message in field_messages]
        return JsonResponse({"error": "; ".join(messages_)}, status=409)
    return JsonResponse(
        {"version": screening.version, "saved_at": timezone.localtime(screening.updated_at).strftime("%H:%M")}
    )


# --- review and complete -------------------------------------------------------------------------


def _render_review(
    request: HttpRequest, screening: Screening, form: ScreeningReviewForm, *, conflict: bool = False
) -> HttpResponse:
    suggestion = screening_suggestion(screening)
    suggested_level = screening_suggested_level(suggestion)
    domain_names = {domain.code: domain.name for domain in catalogue_domains(screening.catalogue)}
    return render(
        request,
        "screening/screening_review.html",
        {
            "form": form,
            "screening": screening,
            "person": screening.person,
            "suggestion": suggestion,
            "suggested_level": suggested_level,
            "suggested_label": level_label(suggested_level),
            "domain_totals": [
                (domain_names.get(code, code), total)
                for code, total in suggestion.domain_totals.items()
                if total
            ],
            "conflict": conflict,
        },
    )


def screening_review(request: HttpRequest, screening_id: int) -> HttpResponse:
    screening = screening_get_for(request.user, screening_id, purpose="Review a screening")
    if screening.is_completed:
        return redirect("screening:screening-detail", screening_id=screening.pk)
    if request.method != "POST":
        suggested = screening_suggested_level(screening_suggestion(screening))
        form = ScreeningReviewForm(
            initial={
                "version": screening.version,
                "final_level": screening.final_level or suggested,
                "level_reason": screening.level_reason,
                "outcome": screening.outcome,
            }
        )
        return _render_review(request, screening, form)
    form = ScreeningReviewForm(request.POST)
    if not form.is_valid():
        return _render_review(request, screening, form)
    try:
        screening = screening_save_draft(
            actor=request.user,
            screening=screening,
            expected_version=form.cleaned_data["version"],
            answers={},
            final_level=form.cleaned_data["final_level"],
            level_reason=form.cleaned_data["level_reason"],
            outcome=form.cleaned_data["outcome"],
        )
        completed = screening_complete(
            actor=request.user, screening=screening, expected_version=screening.version
        )
    except ConflictingEdit as error:
        data = request.POST.copy()
        data["version"] = str(error.current_version)
        form = ScreeningReviewForm(data)
        form.is_valid()
        return _render_review(request, screening, form, conflict=True)
    except ValidationFailed as error:
        if any(field.startswith("answer_") for field in error.errors):
            answers_form = _stored_form(screening)
            apply_service_errors(answers_form, error)
            return _render_edit(request, screening, answers_form)
        data = request.POST.copy()
        data["version"] = str(screening.version)
        form = ScreeningReviewForm(data)
        form.is_valid()
        apply_service_errors(form, error)
        return _render_review(request, screening, form)
    messages.success(
        request,
        f"Screening completed: final level {level_label(completed.final_level)}, "
        f"outcome {_outcome_label(completed)}",
    )
    return redirect("screening:screening-detail", screening_id=completed.pk)


def screening_detail(request: HttpRequest, screening_id: int) -> HttpResponse:
    screening = screening_get_for(request.user, screening_id, purpose="Screening")
    if not screening.is_completed:
        return redirect("screening:screening-edit", screening_id=screening.pk)
    return render(
        request,
        "screening/screening_detail.html",
        {
            "screening": screening,
            "person": screening.person,
            "domains": screening_answered_domains(screening),
            "suggested_label": level_label(screening.suggested_level),
            "final_label": level_label(screening.final_level),
        },
    )


# --- the catalogue (partnership admin) -----------------------------------------------------------


@role_required(can_configure_partnership, "indicator_catalogue")
def catalogue_detail(request: HttpRequest, version_number: int | None = None) -> HttpResponse:
    catalogue = catalogue_get_for(request.user, version_number)
    return render(
        request,
        "screening/catalogue_detail.html",
        {
            "catalogue": catalogue,
            "domains": catalogue_domains(catalogue) if catalogue else [],
            "versions": catalogue_list_for(request.user),
        },
    )


@role_required(can_configure_partnership, "indicator_catalogue")
def catalogue_new_version(request: HttpRequest) -> HttpResponse:
    based_on = int_or_none(request.POST.get("based_on_version")) if request.method == "POST" else None
    current = catalogue_get_for(request.user, based_on)
    if current is None:
        messages.info(request, "There is no catalogue yet: one is installed when the first screening starts.")
        return redirect("screening:catalogue-detail")
    domains = catalogue_domains(current)
    form = CatalogueVersionForm(request.POST or None, catalogue=current, domains=domains)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            catalogue = catalogue_publish_version(
                actor=request.user,
                based_on_version=form.cleaned_data["based_on_version"],
                name=form.cleaned_data["name"],
                change_note=form.cleaned_data["change_note"],
                medium_threshold=form.cleaned_data["medium_threshold"],
                high_threshold=form.cleaned_data["high_threshold"],
                high_yes_for_high=form.cleaned_data["high_yes_for_high"],
                floor_max_age=form.cleaned_data["floor_max_age"],
                domain_names=form.domain_names(),
                indicators=form.indicator_edits(),
            )
        except ConflictingEdit:
            conflict = True
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"Version {catalogue.version_number} of the indicator catalogue published"
            )
            return redirect(reverse("screening:catalogue-detail"))
    return render(
        request,
        "screening/catalogue_form.html",
        {"form": form, "catalogue": current, "domains": form.grouped(), "conflict": conflict},
    )
