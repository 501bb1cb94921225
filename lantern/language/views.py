"""The live language check, and the partnership admin's pages for the phrase list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts.roles import can_configure_partnership
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.language import selectors, services
from lantern.language.forms import CheckForm, PhraseForm, TryForm, VersionedForm
from lantern.language.models import LanguagePhrase

admin_only = role_required(can_configure_partnership, "language_phrase")

CONFLICT_MESSAGE = (
    "Someone else changed this phrase after you opened it. Nothing has been overwritten. "
    "Their version is shown below; check it, then save again if your changes are still right."
)


def _add_errors(form: forms.Form, error: ValidationFailed) -> None:
    for field, field_errors in error.errors.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


def _with_version(form_class: type[forms.Form], data: Any, version: int) -> Any:
    """The user's input kept, carrying the current version so a deliberate re-save can succeed."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data)
    form.is_valid()
    return form


# --- the live check, for every signed-in user -------------------------------------------------


@require_http_methods(["POST"])
def check(request: HttpRequest) -> HttpResponse:
    """An HTML fragment listing the findings for the posted text (empty when there are none)."""
    form = CheckForm(request.POST)
    if not form.is_valid():
        return render(request, "language/_too_long.html", status=400)
    findings = selectors.language_check(form.cleaned_data["text"])
    return render(request, "language/_check.html", {"findings": findings})


# --- the phrase list ------------------------------------------------------------------------


@admin_only
@require_http_methods(["GET"])
def phrase_list(request: HttpRequest) -> HttpResponse:
    phrases = selectors.phrase_list_for(request.user)
    return render(request, "language/phrase_list.html", {"phrases": phrases, "try_form": TryForm()})


@admin_only
@require_http_methods(["GET", "POST"])
def phrase_try(request: HttpRequest) -> HttpResponse:
    form = TryForm(request.POST if request.method == "POST" else None)
    findings = (
        selectors.language_check(form.cleaned_data["text"]) if form.is_bound and form.is_valid() else None
    )
    return render(request, "language/phrase_try.html", {"form": form, "findings": findings})


@admin_only
@require_http_methods(["GET"])
def phrase_detail(request: HttpRequest, phrase_id: int) -> HttpResponse:
    phrase = selectors.phrase_get_for(request.user, phrase_id)
    history = selectors.phrase_history_for(request.user, phrase)
    return render(request, "language/phrase_detail.html", {"phrase": phrase, "history": history})


@admin_only
@require_http_methods(["GET", "POST"])
def phrase_create(request: HttpRequest) -> HttpResponse:
    form = PhraseForm(request.POST if request.method == "POST" else None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            phrase = services.phrase_create(actor=request.user, **form.phrase_fields())
        except ValidationFailed as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Phrase added. The language check uses it from now on.")
            return redirect("language:phrase-detail", phrase_id=phrase.pk)
    return render(request, "language/phrase_form.html", {"form": form, "creating": True})


@admin_only
@require_http_methods(["GET", "POST"])
def phrase_update(request: HttpRequest, phrase_id: int) -> HttpResponse:
    phrase = selectors.phrase_get_for(request.user, phrase_id)
    conflict: LanguagePhrase | None = None
    if request.method != "POST":
        form = PhraseForm.for_phrase(phrase)
    else:
        form = PhraseForm(request.POST)
        if form.is_valid():
            try:
                services.phrase_update(
                    actor=request.user,
                    phrase=phrase,
                    expected_version=form.cleaned_data["version"],
                    **form.phrase_fields(),
                )
            except ConflictingEdit as error:
                conflict = selectors.phrase_get_for(request.user, phrase_id)
                form = _with_version(PhraseForm, request.POST, error.current_version)
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationFailed as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Phrase saved. The earlier wording is kept in its history.")
                return redirect("language:phrase-detail", phrase_id=phrase.pk)
    return render(
        request,
        "language/phrase_form.html",
        {"form": form, "phrase": phrase, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _set_active(request: HttpRequest, phrase_id: int, *, active: bool) -> HttpResponse:
    phrase = selectors.phrase_get_for(request.user, phrase_id)
    form = VersionedForm(
        request.POST if request.method == "POST" else None, initial={"version": phrase.version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.phrase_set_active(
                actor=request.user,
                phrase=phrase,
                expected_version=form.cleaned_data["version"],
                active=active,
            )
        except ConflictingEdit as error:
            phrase = selectors.phrase_get_for(request.user, phrase_id)
            form = _with_version(VersionedForm, request.POST, error.current_version)
            form.add_error(None, CONFLICT_MESSAGE)
            status = 409
        else:
            done = "reactivated" if active else "deactivated"
            messages.success(request, f"Phrase {done}.")
            return redirect("language:phrase-detail", phrase_id=phrase.pk)
    return render(
        request,
        "language/phrase_set_active.html",
        {"form": form, "phrase": phrase, "activating": active},
        status=status,
    )


@admin_only
@require_http_methods(["GET", "POST"])
def phrase_deactivate(request: HttpRequest, phrase_id: int) -> HttpResponse:
    return _set_active(request, phrase_id, active=False)


@admin_only
@require_http_methods(["GET", "POST"])
def phrase_reactivate(request: HttpRequest, phrase_id: int) -> HttpResponse:
    return _set_active(request, phrase_id, active=True)
