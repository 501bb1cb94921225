"""Meetings pages: thin callers of selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.core.forms import apply_service_errors, show_conflict
from lantern.meetings import selectors, services
from lantern.meetings.agenda import review_cap
from lantern.meetings.forms import (
    ActionFilterForm,
    ActionForm,
    ActionUpdateForm,
    AgendaItemAddForm,
    AmendForm,
    AttendanceForm,
    MeetingForm,
    MinuteForm,
)
from lantern.meetings.models import MeetingStatus
from lantern.partnership.models import Agency, Area


def _meeting_form(request: HttpRequest, data: Any = None) -> MeetingForm:
    user: Any = request.user
    area_id = user.agency.area_id if user.agency_id else None
    areas = selectors.area_choices_for(user)
    return MeetingForm(
        data,
        areas=areas,
        chairs=selectors.chair_choices(),
        agencies=selectors.agency_choices(),
        initial={"area": area_id, "chair": user.pk},
    )


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meeting_list_for(request.user)
    return render(
        request,
        "meetings/meeting_list.html",
        {"meetings": meetings, "may_create": selectors.may_create_meetings(request.user)},
    )


def meeting_create(request: HttpRequest) -> HttpResponse:
    selectors.refuse_unless_coordinator(request.user)
    form = _meeting_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                meeting_type=data["meeting_type"],
                area=Area.objects.get(pk=data["area"]),
                scheduled_at=form.scheduled_at(),
                recurrence_weeks=data["recurrence_weeks"],
                chair=selectors.chair_get(data["chair"]),
                invited_agencies=Agency.objects.filter(pk__in=data["invited_agencies"]),
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Meeting {meeting.pk} scheduled and its agenda proposed")
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    pack = selectors.meeting_pack_for(request.user, meeting_id, request.GET.get("page", 1))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "pack": pack,
            "page": pack.page,
            "meeting": pack.meeting,
            "approved": pack.meeting.status == MeetingStatus.APPROVED,
            "review_cap": review_cap(),
        },
    )


@require_POST
def meeting_schedule_next(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_coordinator_get_for(request.user, meeting_id)
    try:
        following = services.meeting_schedule_next(actor=request.user, meeting=meeting)
    except ValidationFailed as error:
        messages.error(request, " ".join(message for msgs in error.errors.values() for message in msgs))
        return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    messages.success(request, f"Next meeting {following.pk} scheduled and its agenda proposed")
    return redirect("meetings:meeting-detail", meeting_id=following.pk)


@require_POST
def agenda_refresh(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_coordinator_get_for(request.user, meeting_id)
    added = services.agenda_refresh(actor=request.user, meeting=meeting)
    messages.success(request, f"{added} new item(s) proposed")
    return redirect("meetings:meeting-detail", meeting_id=meeting.pk)


def agenda_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_coordinator_get_for(request.user, meeting_id)
    form = AgendaItemAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person_id = form.cleaned_data["person_id"]
        if person_id is not None:
            selectors.person_for_agenda_get_for(request.user, person_id)
        try:
            services.agenda_item_add(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"], person_id=person_id
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Item added to the agenda")
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    return render(request, "meetings/agenda_item_add.html", {"form": form, "meeting": meeting})


@require_POST
def agenda_item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_for_chair_get_for(request.user, item_id)
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(request, "Item removed from the agenda")
    return redirect("meetings:meeting-detail", meeting_id=item.meeting_id)


@require_POST
def agenda_item_move(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_for_chair_get_for(request.user, item_id)
    services.agenda_item_move(actor=request.user, item=item, up=request.POST.get("direction") == "up")
    messages.success(request, "Agenda reordered")
    return redirect("meetings:meeting-detail", meeting_id=item.meeting_id)


def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_coordinator_get_for(request.user, meeting_id)
    people = selectors.invited_users_for(meeting)
    form = AttendanceForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                user=people.get(pk=form.cleaned_data["user"]),
                status=form.cleaned_data["status"],
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Attendance recorded")
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    return render(request, "meetings/attendance_form.html", {"form": form, "meeting": meeting})


def agenda_item_minute(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_for_chair_get_for(request.user, item_id)
    label = selectors.item_person_label_for(request.user, item)
    initial = {"version": item.version, "summary": item.summary, "decisions": item.decisions}
    form = MinuteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_minute(
                actor=request.user,
                item=item,
                expected_version=data["version"],
                summary=data["summary"],
                decisions=data["decisions"],
                agreed_risk_level=data["agreed_risk_level"],
                exploitation_type=data["exploitation_type"],
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Minutes saved")
            return redirect("meetings:meeting-detail", meeting_id=item.meeting_id)
    return render(request, "meetings/item_minute.html", {"form": form, "item": item, "person_label": label})


def action_create(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_for_chair_get_for(request.user, item_id)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        agencies=selectors.agency_choices(),
        owners=selectors.owner_choices(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_create(
                actor=request.user,
                item=item,
                description=data["description"],
                owner_agency=Agency.objects.get(pk=data["owner_agency"]),
                owner=selectors.owner_choices().filter(pk=data["owner"]).first() if data["owner"] else None,
                due_on=data["due_on"],
            )
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Action agreed")
            return redirect("meetings:meeting-detail", meeting_id=item.meeting_id)
    return render(request, "meetings/action_form.html", {"form": form, "item": item})


@require_POST
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(request.user, meeting_id)
    services.minutes_approve(actor=request.user, meeting=meeting, site_url=request.build_absolute_uri("/"))
    messages.success(request, "Minutes approved and sent to each agency")
    return redirect("meetings:meeting-detail", meeting_id=meeting.pk)


def minutes_amend(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.agenda_item_for_chair_get_for(request.user, item_id)
    form = AmendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_amend(actor=request.user, item=item, **form.cleaned_data)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Correction recorded beside the approved minutes")
            return redirect("meetings:meeting-detail", meeting_id=item.meeting_id)
    return render(request, "meetings/amend_form.html", {"form": form, "item": item})


def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(
        request.GET or None, agencies=selectors.agency_choices(), areas=selectors.area_choices()
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ActionFilters(
        agency_id=data.get("agency"),
        meeting_id=data.get("meeting"),
        state=data.get("state", ""),
        area_id=data.get("area"),
    )
    today = timezone.localdate()
    actions = selectors.action_list_for(request.user, filters, today=today)
    rows = [(action, selectors.is_overdue(action, today)) for action in actions]
    return render(request, "meetings/action_list.html", {"form": form, "rows": rows})


def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.action_get_for(request.user, action_id)
    initial = {"version": action.version, "status": action.status, "progress": action.progress}
    form = ActionUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                actor=request.user,
                action=action,
                expected_version=data["version"],
                status=data["status"],
                progress=data["progress"],
            )
        except ConflictingEdit as error:
            show_conflict(form, error)
        except ValidationFailed as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Progress saved")
            return redirect("meetings:action-list")
    return render(request, "meetings/action_update.html", {"form": form, "action": action})
