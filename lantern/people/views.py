"""People pages: thin callers of selectors (every read, access-checked) and services (every write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantern.accounts.roles import can_search_people
from lantern.chronology.registry import chronology_page
from lantern.core.access import role_required
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors
from lantern.people import selectors, services
from lantern.people.forms import (
    EPISODE_CHOICES,
    AddressForm,
    AliasForm,
    BreakGlassForm,
    ChronologyFilterForm,
    EndForm,
    EpisodeForm,
    IdentifierForm,
    InvolvementForm,
    OwnInvolvementForm,
    PersonCreateForm,
    PersonSearchForm,
    PersonUpdateForm,
    RelationshipForm,
    ShareDeclineForm,
    ShareForm,
)
from lantern.people.models import Person

casework_only = role_required(can_search_people, "person")
CONFLICT_MESSAGE = (
    "Someone else changed this record after you opened it. Nothing has been overwritten. "
    "Check their changes below, then save again if your changes are still right."
)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    person: Person | None,
    button: str = "Save",
    intro: str = "",
    warning: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {"form": form, "title": title, "person": person, "button": button, "intro": intro}
    context.update({"warning": warning, **(extra or {})})
    return render(request, "people/form.html", context, status=status)


def _posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def _to_person(person_id: int) -> HttpResponse:
    return redirect("people:person-detail", person_id=person_id)


# --- Do we know this child? ----------------------------------------------------------------


@casework_only
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    results = None
    form = PersonSearchForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        results = selectors.person_search_for(request.user, **form.search_terms())
    return render(request, "people/person_search.html", {"form": form, "results": results})


@casework_only
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                involvement_role=form.cleaned_data["involvement_role"],
                **form.person_fields(),
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Person added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add a new person", person=None, button="Add person")


# --- The person page -----------------------------------------------------------------------


@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        record = selectors.person_record_for(request.user, person_id, purpose="person page")
    except AccessRefused:
        return render(
            request,
            "people/person_refused.html",
            {"person_id": person_id, "can_act": selectors.is_casework_user(request.user)},
            status=403,
        )
    agency_code = request.GET.get("agency", "")
    kind = request.GET.get("kind", "")
    chronology = chronology_page(record.person, request.user, agency_code=agency_code, kind=kind)
    filter_form = ChronologyFilterForm(
        {"agency": agency_code, "kind": kind}, agencies=chronology.agencies, kinds=chronology.kinds
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "record": record,
            "person": record.person,
            "chronology": chronology,
            "filter_form": filter_form,
            "filtered": bool(agency_code or kind),
            "episode_kinds": [(kind, label) for kind, (label, _) in EPISODE_CHOICES.items()],
        },
    )


@require_http_methods(["GET", "POST"])
def person_update(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="edit person")
    conflict: Person | None = None
    if request.method == "POST":
        form = PersonUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.user,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    **form.person_fields(),
                )
            except ConflictingEdit as error:
                conflict = selectors.person_get_for(request.user, person_id, purpose="edit person: conflict")
                form = _reshow_with_version(PersonUpdateForm, request.POST, error.current_version)
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationFailed as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Details saved")
                return _to_person(person.pk)
    else:
        initial = {name: getattr(person, name) for name in PersonUpdateForm.base_fields if name != "version"}
        form = PersonUpdateForm(initial={**initial, "version": person.version})
    return _form_page(
        request,
        form,
        title="Change details",
        person=person,
        status=409 if conflict else 200,
        extra={"conflict": conflict},
    )


def _reshow_with_version(form_class: type[forms.Form], data: Any, version: int) -> Any:
    """The user's input kept, carrying the current version so a deliberate re-save can succeed."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data)
    form.is_valid()
    return form


# --- Aliases, identifiers, addresses ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def alias_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="add alias")
    form = AliasForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.alias_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Name added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add another name", person=person, button="Add name")


@require_http_methods(["GET", "POST"])
def alias_delete(request: HttpRequest, person_id: int, alias_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="remove alias")
    alias = selectors.alias_get_for(request.user, person, alias_id)
    if request.method == "POST":
        services.alias_remove(actor=request.user, alias=alias)
        messages.success(request, "Name removed")
        return _to_person(person.pk)
    return render(request, "people/alias_delete.html", {"person": person, "alias": alias})


@require_http_methods(["GET", "POST"])
def identifier_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="add identifier")
    form = IdentifierForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.identifier_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Identifier added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add an identifier", person=person, button="Add identifier")


@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="add address")
    form = AddressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Address added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add an address", person=person, button="Add address")


@require_http_methods(["GET", "POST"])
def address_end(request: HttpRequest, person_id: int, address_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="end address")
    address = selectors.address_get_for(request.user, person, address_id)
    form = EndForm(_posted(request))
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        try:
            services.address_end(actor=request.user, address=address, end=form.cleaned_data["end"])
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Address ended")
            return _to_person(person.pk)
    return _form_page(
        request, form, title="When did they leave this address?", person=person, intro=address.line_1
    )


# --- Status episodes -----------------------------------------------------------------------


def _episode_kind(kind: str) -> str:
    if kind not in EPISODE_CHOICES:
        raise Http404("No such status")
    return kind


@require_http_methods(["GET", "POST"])
def episode_create(request: HttpRequest, person_id: int, kind: str) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose=f"add {kind} status")
    kind = _episode_kind(kind)
    form = EpisodeForm(_posted(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_add(actor=request.user, person=person, kind=kind, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{EPISODE_CHOICES[kind][0]} added")
            return _to_person(person.pk)
    return _form_page(request, form, title=f"Add {EPISODE_CHOICES[kind][0].lower()}", person=person)


@require_http_methods(["GET", "POST"])
def episode_end(request: HttpRequest, person_id: int, kind: str, episode_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose=f"end {kind} status")
    kind = _episode_kind(kind)
    episode = selectors.episode_get_for(request.user, person, kind, episode_id)
    form = EndForm(_posted(request), initial={"version": episode.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_end(
                actor=request.user,
                episode=episode,
                kind=kind,
                end=form.cleaned_data["end"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ConflictingEdit as error:
            form = _reshow_with_version(EndForm, request.POST, error.current_version)
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{EPISODE_CHOICES[kind][0]} ended")
            return _to_person(person.pk)
    return _form_page(
        request,
        form,
        title=f"End {EPISODE_CHOICES[kind][0].lower()}",
        person=person,
        intro=f"{episode.get_status_display()}, from {episode.start:%d %B %Y}",
    )


# --- Relationships and involvements --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def relationship_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="add relationship")
    form = RelationshipForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        other = selectors.person_visible_for(request.user, data.pop("other_id"))
        try:
            if other is None:
                raise ValidationFailed({"other_id": ["Enter the record number of a person you can see"]})
            services.relationship_add(actor=request.user, person=person, other=other, **data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Relationship added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add a relationship", person=person)


@require_http_methods(["GET", "POST"])
def involvement_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="add involvement")
    form = InvolvementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Involvement added")
            return _to_person(person.pk)
    return _form_page(request, form, title="Add an agency's involvement", person=person)


@require_http_methods(["GET", "POST"])
def involvement_end(request: HttpRequest, person_id: int, involvement_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="end involvement")
    involvement = selectors.involvement_get_for(request.user, person, involvement_id)
    form = EndForm(_posted(request), initial={"version": involvement.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_end(
                actor=request.user,
                involvement=involvement,
                end=form.cleaned_data["end"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except ConflictingEdit as error:
            form = _reshow_with_version(EndForm, request.POST, error.current_version)
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Involvement ended")
            return _to_person(person.pk)
    return _form_page(
        request,
        form,
        title="End involvement",
        person=person,
        intro=f"{involvement.agency.name}: {involvement.role}",
    )


@casework_only
@require_http_methods(["GET", "POST"])
def involvement_record(request: HttpRequest, person_id: int) -> HttpResponse:
    """From a search result the user may not see: record that their own agency is involved."""
    person = selectors.person_unseen_get_for(request.user, person_id)
    if person is None:
        raise Http404("No such person")
    agency = getattr(request.user, "agency", None)
    if agency is None:
        raise AccessRefused("You need to belong to an agency to record an involvement.")
    form = OwnInvolvementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_create(
                actor=request.user, person=person, agency=agency, role=form.cleaned_data["role"]
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{agency.name}'s involvement recorded")
            return _to_person(person_id)
    return _form_page(
        request,
        form,
        title="Record your agency's involvement",
        person=None,
        button="Record involvement",
        intro=(
            f"Record that {agency.name} is working with this person. This is recorded and shown to "
            "the other agencies involved and to the auditor. Only do this if your agency is involved."
        ),
        extra={"back_url_name": "people:person-search"},
    )


# --- Sharing and break glass ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="share record")
    form = ShareForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.share_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Sharing with {form.cleaned_data['to_agency'].name} recorded")
            return _to_person(person.pk)
    return _form_page(
        request,
        form,
        title="Record information you shared",
        person=person,
        button="Record sharing",
        intro="The agency you share with becomes involved and can see this record.",
    )


@require_http_methods(["GET", "POST"])
def share_decline(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(request.user, person_id, purpose="decline to share")
    form = ShareDeclineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.share_decline(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Decision not to share recorded")
            return _to_person(person.pk)
    return _form_page(
        request, form, title="Record a decision not to share", person=person, button="Record decision"
    )


@casework_only
@require_http_methods(["GET", "POST"])
def break_glass_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_unseen_get_for(request.user, person_id)
    if person is None:
        raise Http404("No such person")
    form = BreakGlassForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_grant(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Emergency access granted. Your reason has been recorded.")
            return _to_person(person_id)
    return _form_page(
        request,
        form,
        title="Emergency access to a record",
        person=None,
        button="See the record",
        warning=(
            "Only use emergency access when a child may be at risk of harm and you cannot wait for the "
            "agencies involved. Misuse is a disciplinary matter."
        ),
        extra={"back_url_name": "people:person-search"},
    )
