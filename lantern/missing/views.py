from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lantern.accounts.roles import can_search_people
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors, show_conflict
from lantern.missing import selectors, services
from lantern.missing.forms import (
    SCREENED_ANY,
    AreaFilterForm,
    AttemptForm,
    CloseForm,
    EpisodeForm,
    InterviewFilterForm,
    InterviewForm,
    PhilomenaForm,
    ProduceForm,
    RegradeForm,
    RepeatFilterForm,
)
from lantern.missing.rules import CLOCK_LABELS
from lantern.missing.services import INTERVIEW_FINDINGS, PROFILE_FIELDS
from lantern.people.selectors import person_get_for

PAGE_SIZE = 50


def _chosen(people: list[Any], ids: list[int]) -> list[Any]:
    return [person for person in people if person.pk in set(ids)]


# --- Work lists ----------------------------------------------------------------------------


@role_required(can_search_people, "missing_episode_list")
def episode_list(request: HttpRequest) -> HttpResponse:
    form = AreaFilterForm(request.GET or None, areas=list(selectors.area_choices()))
    area_id = form.cleaned_data.get("area") if form.is_bound and form.is_valid() else None
    episodes = selectors.open_episode_list_for(request.user, area_id=area_id)
    page = Paginator(episodes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "missing/episode_list.html", {"form": form, "page": page})


@role_required(can_search_people, "return_interview_list")
def interview_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.pop("page", None)
    form = InterviewFilterForm(
        params or None, areas=list(selectors.area_choices()), providers=list(selectors.provider_choices())
    )
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    listing = selectors.interview_list_for(request.user, **filters)
    page = selectors.interview_page(listing, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "missing/interview_list.html",
        {
            "form": form,
            "listing": listing,
            "page": page,
            "rows": selectors.interview_rows(list(page.object_list), listing.now),
            "labels": CLOCK_LABELS,
            "query": params.urlencode(),
        },
    )


@role_required(can_search_people, "repeat_missing_list")
def repeat_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.pop("page", None)
    form = RepeatFilterForm(params or None, areas=list(selectors.area_choices()))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    include_screened = data.get("screening") == SCREENED_ANY
    rule, people = selectors.repeat_without_screening_list_for(
        request.user, area_id=data.get("area"), include_screened=include_screened
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "missing/repeat_list.html",
        {
            "rule": rule,
            "page": page,
            "form": form,
            "include_screened": include_screened,
            "query": params.urlencode(),
        },
    )


# --- Episodes ------------------------------------------------------------------------------


def person_episodes(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.episode_list_for_person(request.user, person_id)
    return render(request, "missing/person_episodes.html", {"record": record, "person": record.person})


def episode_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id, purpose="Record a missing episode")
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.episode_create(actor=request.user, person=person, **form.service_fields())
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Missing episode recorded")
            return redirect("missing:episode-detail", episode_id=episode.pk)
    return render(request, "missing/episode_form.html", {"form": form, "person": person})


def episode_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    record = selectors.episode_record_for(request.user, episode_id)
    return render(
        request,
        "missing/episode_detail.html",
        {"record": record, "episode": record.episode, "can_regrade": services.can_regrade(request.user)},
    )


def episode_regrade(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = selectors.episode_get_for(request.user, episode_id, purpose="Re-grade a missing episode")
    form = RegradeForm(request.POST or None, initial={"version": episode.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_regrade(
                actor=request.user,
                episode=episode,
                grade=form.cleaned_data["grade"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Risk re-graded")
            return redirect("missing:episode-detail", episode_id=episode.pk)
    return render(request, "missing/episode_regrade.html", {"form": form, "episode": episode})


def episode_close(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = selectors.episode_get_for(request.user, episode_id, purpose="Record a child's return")
    people = selectors.related_people_for(episode.person)
    form = CloseForm(
        request.POST or None,
        initial={"version": episode.version},
        people=people,
        providers=list(selectors.provider_choices()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider = (
            selectors.provider_choices().filter(pk=data["provider"]).first() if data["provider"] else None
        )
        try:
            services.episode_close(
                actor=request.user,
                episode=episode,
                returned_at=data["returned_at"],
                found_where=data["found_where"],
                found_postcode=data["found_postcode"],
                found_with=_chosen(people, data["found_with"]),
                how_returned=data["how_returned"],
                safe_and_well_check_at=data["safe_and_well_check_at"],
                safe_and_well_check_by=data["safe_and_well_check_by"],
                provider=provider,
                expected_version=data["version"],
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Return recorded. A return home interview is due within 72 hours.")
            return redirect("missing:person-episodes", person_id=episode.person_id)
    return render(request, "missing/episode_close.html", {"form": form, "episode": episode})


# --- Return home interviews ----------------------------------------------------------------


def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    record = selectors.interview_record_for(request.user, interview_id)
    findings = [
        (InterviewForm.base_fields[name].label, getattr(record.interview, name))
        for name in INTERVIEW_FINDINGS
    ]
    return render(
        request,
        "missing/interview_detail.html",
        {"record": record, "interview": record.interview, "findings": findings, "labels": CLOCK_LABELS},
    )


def interview_attempt(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = selectors.interview_get_for(request.user, interview_id, purpose="Record a declined offer")
    form = AttemptForm(request.POST or None, initial={"version": interview.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_record_attempt(
                actor=request.user,
                interview=interview,
                attempted_at=form.cleaned_data["attempted_at"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Declined offer recorded")
            return redirect("missing:interview-detail", interview_id=interview.pk)
    return render(request, "missing/interview_attempt.html", {"form": form, "interview": interview})


def interview_record(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = selectors.interview_get_for(request.user, interview_id, purpose="Record a return interview")
    people = selectors.related_people_for(interview.episode.person)
    form = InterviewForm(request.POST or None, initial={"version": interview.version}, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interview_complete(
                actor=request.user,
                interview=interview,
                offered_at=data["offered_at"],
                completed_at=data["completed_at"],
                interviewer=data["interviewer"],
                people_named=_chosen(people, data["people_named"]),
                expected_version=data["version"],
                **{name: data[name] for name in INTERVIEW_FINDINGS},
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Return home interview recorded")
            return redirect("missing:interview-detail", interview_id=interview.pk)
    return render(
        request,
        "missing/interview_form.html",
        {"form": form, "interview": interview, "findings": [form[name] for name in INTERVIEW_FINDINGS]},
    )


# --- Philomena profile ---------------------------------------------------------------------


def philomena_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, profile = selectors.philomena_get_for(request.user, person_id)
    initial: dict[str, Any] = {"version": profile.version if profile else 0}
    if profile:
        initial.update({name: getattr(profile, name) for name in PROFILE_FIELDS})
    form = PhilomenaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.philomena_save(
                actor=request.user,
                person=person,
                expected_version=data["version"],
                **{name: data[name] for name in PROFILE_FIELDS},
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Philomena profile saved")
            return redirect("missing:person-episodes", person_id=person.pk)
    return render(
        request,
        "missing/philomena_form.html",
        {"form": form, "person": person, "fields": [form[name] for name in PROFILE_FIELDS]},
    )


def philomena_produce(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = selectors.episode_get_for(request.user, episode_id, purpose="Produce the Philomena profile")
    form = ProduceForm(request.POST or None, police=list(selectors.police_choices()))
    if request.method == "POST" and form.is_valid():
        to_agency = selectors.police_choices().get(pk=form.cleaned_data["to_agency"])
        try:
            services.philomena_produce(
                actor=request.user,
                episode=episode,
                to_agency=to_agency,
                lawful_basis=form.cleaned_data["lawful_basis"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"Philomena profile produced for {to_agency.name}. Print it or save it as a PDF."
            )
            return redirect("missing:philomena-print", episode_id=episode.pk)
    return render(request, "missing/philomena_produce.html", {"form": form, "episode": episode})


def philomena_print(request: HttpRequest, episode_id: int) -> HttpResponse:
    printable = selectors.philomena_print_for(request.user, episode_id)
    return render(request, "missing/philomena_print.html", {"p": printable, "episode": printable.episode})
