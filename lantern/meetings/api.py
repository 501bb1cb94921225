"""REST endpoints for meetings, agendas, actions and safety plans (included under /api/v1/)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.concerns.api import ServiceAPIView
from lantern.meetings import plans_selectors, selectors, services
from lantern.meetings.models import Action, ActionStatus, Meeting
from lantern.meetings.selectors import ACTION_STATES, ActionFilters, ItemRow


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "meeting_type": meeting.meeting_type,
        "area": meeting.area.code,
        "scheduled_at": meeting.scheduled_at.isoformat(),
        "recurrence_weeks": meeting.recurrence_weeks,
        "chair": meeting.chair.get_username(),
        "invited_agencies": [agency.code for agency in meeting.invited_agencies.all()],
        "status": meeting.status,
        "minutes_approved_at": meeting.minutes_approved_at.isoformat()
        if meeting.minutes_approved_at
        else None,
    }


def action_dict(action: Action) -> dict[str, Any]:
    return {
        "id": action.pk,
        "meeting_id": action.meeting_id,
        "person_id": action.person_id,
        "description": action.description,
        "owner_agency": action.owner_agency.code,
        "owner": action.owner.get_username() if action.owner else None,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "progress": action.progress,
        "completed_at": action.completed_at.isoformat() if action.completed_at else None,
        "version": action.version,
    }


def item_dict(row: ItemRow) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "reason": item.reason,
        "person_id": item.person_id,
        "context_id": item.context_id,
        "carried_action_id": item.carried_action_id,
        "summary": item.summary,
        "decisions": item.decisions,
        "agreed_risk_level": item.agreed_risk_level or None,
        "risk_assessment_id": item.risk_assessment_id,
        "actions": [action_dict(action) for action in row.actions],
    }


class MeetingListView(ServiceAPIView):
    @extend_schema(
        operation_id="meeting_list",
        summary="Meetings the caller coordinates or whose agency is invited",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        return Response([meeting_dict(meeting) for meeting in selectors.meeting_list_for(request.user)])


class MeetingAgendaView(ServiceAPIView):
    @extend_schema(
        operation_id="meeting_agenda",
        summary="A meeting and its agenda, as the caller's agency may see it",
        description="Items about people the caller's agency may not see are left out (the coordinator "
        "sees every item). 50 items a page: ?page=N; `count` and `pages` give the totals. Audited.",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        pack = selectors.meeting_pack_for(request.user, meeting_id, request.query_params.get("page", 1))
        return Response(
            {
                **meeting_dict(pack.meeting),
                "agenda": [item_dict(row) for row in pack.rows],
                "page": pack.page.number,
                "pages": pack.page.paginator.num_pages,
                "count": pack.page.paginator.count,
                "reviews_not_proposed": pack.reviews_not_proposed,
                "repeat_missing_not_proposed": pack.repeat_missing_not_proposed,
                "overdue_actions_not_proposed": pack.overdue_actions_not_proposed,
            }
        )


class ActionListView(ServiceAPIView):
    @extend_schema(
        operation_id="meeting_action_list",
        summary="Actions for the caller's agency (a coordinator: their area's meetings)",
        description="Filter with state=due|overdue|completed, meeting=<id> and area=<id> (the area "
        "of the meeting that agreed the action).",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state", "")
        meeting = request.query_params.get("meeting", "")
        area = request.query_params.get("area", "")
        filters = ActionFilters(
            state=state if state in dict(ACTION_STATES) else "",
            meeting_id=int(meeting) if meeting.isdigit() else None,
            area_id=int(area) if area.isdigit() else None,
        )
        return Response([action_dict(action) for action in selectors.action_list_for(request.user, filters)])


class ActionUpdateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    progress = serializers.CharField(required=False, allow_blank=True, default="")


class ActionUpdateView(ServiceAPIView):
    @extend_schema(
        operation_id="meeting_action_update",
        summary="Update an action's progress (the owning agency); 409 if changed since expected_version",
        request=ActionUpdateSerializer,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None, 409: None},
    )
    def patch(self, request: Request, action_id: int) -> Response:
        action = selectors.action_get_for(request.user, action_id)
        data = ActionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        updated = services.action_update(
            actor=request.user,
            action=action,
            expected_version=fields["expected_version"],
            status=fields["status"],
            progress=fields["progress"],
        )
        return Response(action_dict(updated))


class SafetyPlanView(ServiceAPIView):
    @extend_schema(
        operation_id="safety_plan_get",
        summary="A person's current safety plan and the numbers of its versions",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        view = plans_selectors.safety_plan_get_for(request.user, person_id)
        shown = view.shown
        return Response(
            {
                "person_id": view.person.pk,
                "version": shown.number if shown else None,
                "versions": [version.number for version in view.versions],
                "plan": None
                if shown is None
                else {
                    "young_persons_words": shown.young_persons_words,
                    "strengths": shown.strengths,
                    "worries": shown.worries,
                    "family_says": shown.family_says,
                    "family_will_do": shown.family_will_do,
                    "agency_actions": shown.agency_actions,
                    "family_actions": shown.family_actions,
                    "context_ids": [context.pk for context in shown.contexts.all()],
                    "review_on": shown.review_on.isoformat(),
                    "saved_at": shown.saved_at.isoformat(),
                },
            }
        )
