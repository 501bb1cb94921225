"""REST endpoints for concerns (listed in api_urls.py, included under /api/v1/).

Thin: each view calls one selector or service. Refusals are audited by them and answered 403;
invalid input is answered 400 with the errors by field.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.concerns import selectors, services
from lantern.concerns.models import ConcernCategory
from lantern.concerns.selectors import ConcernRecord, ConcernRow, EmergencyGuidance
from lantern.concerns.values import ConcernContent, value_as_text
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.people.selectors import person_get_for

API_PURPOSE = "API request"


class ConcernCreateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    happened_on = serializers.DateField()
    happened_time = serializers.TimeField(required=False, allow_null=True, default=None)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ConcernCategory.choices), min_length=1
    )
    what_happened = serializers.CharField()
    childs_words = serializers.CharField(required=False, allow_blank=True, default="")
    actions_taken = serializers.CharField(required=False, allow_blank=True, default="")
    immediate_danger = serializers.BooleanField()


class ServiceAPIView(LanternAPIView):
    """Service errors as API answers: 400 for invalid input, 409 for a conflicting edit."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationFailed):
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ConflictingEdit):
            return Response(
                {"detail": str(exc), "current_version": exc.current_version}, status=status.HTTP_409_CONFLICT
            )
        return super().handle_exception(exc)


def content_dict(content: ConcernContent) -> dict[str, Any]:
    return {
        "happened_on": content.happened_on.isoformat(),
        "happened_time": value_as_text("happened_time", content.happened_time) or None,
        "categories": content.categories,
        "what_happened": content.what_happened,
        "childs_words": content.childs_words,
        "actions_taken": content.actions_taken,
    }


def guidance_dict(guidance: EmergencyGuidance) -> dict[str, str]:
    return {
        "emergency": "999",
        "non_emergency": "101",
        "area": guidance.area_name,
        "guidance": guidance.guidance,
        "front_door_name": guidance.front_door_name,
        "front_door_phone": guidance.front_door_phone,
    }


def concern_row_dict(row: ConcernRow | ConcernRecord) -> dict[str, Any]:
    concern = row.concern
    return {
        "id": concern.pk,
        "person_id": concern.person_id,
        "agency": concern.agency.code,
        "raised_by": concern.raised_by.get_username() if concern.raised_by else None,
        "recorded_at": concern.created_at.isoformat(),
        "immediate_danger": concern.immediate_danger,
        "status": concern.status,
        "triage_decision": concern.triage_decision or None,
        "triaged_at": concern.triaged_at.isoformat() if concern.triaged_at else None,
        "triaged_by": concern.triaged_by.get_username() if concern.triaged_by else None,
        "triage_notes": concern.triage_notes,
        "version": concern.version,
        **content_dict(row.current),
    }


def concern_record_dict(record: ConcernRecord) -> dict[str, Any]:
    return {
        **concern_row_dict(record),
        "original": content_dict(record.original),
        "amendments": [
            {
                "field": amendment.field,
                "old_value": amendment.old_value,
                "new_value": amendment.new_value,
                "reason": amendment.reason,
                "amended_by": amendment.amended_by.get_username(),
                "amended_at": amendment.amended_at.isoformat(),
            }
            for amendment in record.amendments
        ],
        "emergency_guidance": guidance_dict(record.guidance) if record.guidance else None,
    }


class ConcernCreateView(ServiceAPIView):
    @extend_schema(
        operation_id="concern_create",
        summary="Record a concern about a person",
        description="For casework users who may see the person. The caller's agency's safeguarding "
        "leads are alerted. When immediate_danger is true the answer includes the area's emergency "
        "guidance. Audited.",
        request=ConcernCreateSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        data = ConcernCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = person_get_for(
            request.user, fields.pop("person_id"), purpose=f"{API_PURPOSE}: record a concern"
        )
        concern = services.concern_create(
            actor=request.user, person=person, site_url=request.build_absolute_uri("/"), **fields
        )
        record = selectors.concern_record_for(request.user, concern.pk)
        return Response(concern_record_dict(record), status=status.HTTP_201_CREATED)


class ConcernDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="concern_get",
        summary="A concern as it reads now, as first written, and its amendments and triage",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, concern_id: int) -> Response:
        return Response(concern_record_dict(selectors.concern_record_for(request.user, concern_id)))


class PersonConcernsView(ServiceAPIView):
    @extend_schema(
        operation_id="person_concerns",
        summary="A person's concerns, newest first",
        description="Only if the caller may see the person; audited.",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        _person, rows = selectors.concern_list_for_person(request.user, person_id)
        return Response([concern_row_dict(row) for row in rows])
