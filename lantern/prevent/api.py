"""REST endpoints for workforce learning (listed in api_urls.py, included under /api/v1/):
courses, and attendance loaded from an existing learning system. Thin: each view calls one
selector or service; refusals are audited by them and answered 403."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.core.errors import ValidationFailed
from lantern.prevent import selectors, services
from lantern.prevent.models import Course


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    refresher_months = serializers.IntegerField(required=False, allow_null=True, default=None)
    active = serializers.BooleanField(read_only=True)


class SourcePairSerializer(serializers.Serializer):
    agency = serializers.RegexField(r"^[A-Za-z0-9_-]+$", max_length=50)
    id = serializers.CharField(max_length=100)


class AttendanceImportSerializer(serializers.Serializer):
    # Named as in the interchange format; DRF's Field.source attribute is unrelated (mypy sees a clash).
    source = SourcePairSerializer(  # type: ignore[assignment]
        required=False,
        help_text="The session's source pair, as in an interchange `training_session` record: the "
        "same pair finds the same session whether it was loaded by this API or by a file",
    )
    course_id = serializers.IntegerField()
    held_on = serializers.DateField()
    trainer = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="")
    usernames = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=1000)


class AttendanceResultSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    added = serializers.IntegerField()


class CourseStatusSerializer(serializers.Serializer):
    course_id = serializers.IntegerField()
    course = serializers.CharField()
    last_attended = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    in_date = serializers.BooleanField()


class LearningRecordSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    courses = CourseStatusSerializer(many=True)


class ServiceAPIView(LanternAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationFailed):
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


def _course(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "name": course.name,
        "description": course.description,
        "refresher_months": course.refresher_months,
        "active": course.active,
    }


class CourseListView(ServiceAPIView):
    @extend_schema(responses=CourseSerializer(many=True), summary="List courses (partnership admin)")
    def get(self, request: Request) -> Response:
        return Response([_course(course) for course in selectors.course_list_for(request.user)])

    @extend_schema(request=CourseSerializer, responses={201: CourseSerializer}, summary="Add a course")
    def post(self, request: Request) -> Response:
        selectors.course_list_for(request.user)  # refuses anyone but the partnership admin
        serializer = CourseSerializer(data=request.data)
        if not serializer.is_valid():
            return Response({"errors": serializer.errors}, status=status.HTTP_400_BAD_REQUEST)
        course = services.course_create(actor=request.user, **serializer.validated_data)
        return Response(_course(course), status=status.HTTP_201_CREATED)


class AttendanceImportView(ServiceAPIView):
    @extend_schema(
        request=AttendanceImportSerializer,
        responses=AttendanceResultSerializer,
        summary="Record who attended a session (idempotent: resending adds nobody twice)",
    )
    def post(self, request: Request) -> Response:
        serializer = AttendanceImportSerializer(data=request.data)
        if not serializer.is_valid():
            selectors.course_list_for(request.user)  # a refusal comes before any error detail
            return Response({"errors": serializer.errors}, status=status.HTTP_400_BAD_REQUEST)
        data = serializer.validated_data
        course = selectors.course_get_for(request.user, data["course_id"])
        session, added = services.attendance_import(
            actor=request.user,
            course=course,
            held_on=data["held_on"],
            trainer=data["trainer"],
            place=data["place"],
            usernames=data["usernames"],
            source=(data["source"]["agency"], data["source"]["id"]) if data.get("source") else None,
        )
        return Response({"session_id": session.pk, "added": added})


class LearningRecordView(ServiceAPIView):
    @extend_schema(
        responses=LearningRecordSerializer,
        summary="One person's learning record: their own, their team's (manager) or anyone's (admin)",
    )
    def get(self, request: Request, user_id: int) -> Response:
        record = selectors.learning_record_for(request.user, user_id)
        return Response(
            {
                "user_id": record.person.pk,
                "courses": [
                    {
                        "course_id": status_.course.pk,
                        "course": status_.course.name,
                        "last_attended": status_.last_attended,
                        "due_on": status_.due_on,
                        "in_date": status_.in_date,
                    }
                    for status_ in record.statuses
                ],
            }
        )
