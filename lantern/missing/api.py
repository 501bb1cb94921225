"""REST endpoints for missing episodes (listed in api_urls.py, included under /api/v1/).

Thin: each view calls selectors and services, which audit every look and every refusal.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.concerns.api import ServiceAPIView
from lantern.missing import selectors, services
from lantern.missing.models import MissingEpisode, MissingFrom, ReturnInterview, RiskGrade
from lantern.missing.services import INTERVIEW_FINDINGS
from lantern.people.selectors import person_get_for


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def interview_dict(interview: ReturnInterview, attempts: list[Any] | None = None) -> dict[str, Any]:
    return {
        "id": interview.pk,
        "episode_id": interview.episode_id,
        "due_at": interview.due_at.isoformat(),
        "provider": interview.provider.code if interview.provider else None,
        "offered_at": _iso(interview.offered_at),
        "outcome": interview.outcome or None,
        "completed_at": _iso(interview.completed_at),
        "completed_late": interview.completed_late,
        "interviewer": interview.interviewer,
        "attempts": [
            {"attempted_at": attempt.attempted_at.isoformat(), "note": attempt.note}
            for attempt in attempts or []
        ],
        **{name: getattr(interview, name) for name in INTERVIEW_FINDINGS},
        "version": interview.version,
    }


def episode_dict(episode: MissingEpisode) -> dict[str, Any]:
    return {
        "id": episode.pk,
        "person_id": episode.person_id,
        "missing_from": episode.missing_from,
        "reported_at": episode.reported_at.isoformat(),
        "reported_by": episode.reported_by.code if episode.reported_by else None,
        "risk_grade": episode.risk_grade,
        "last_seen_at": _iso(episode.last_seen_at),
        "last_seen_where": episode.last_seen_where,
        "returned_at": _iso(episode.returned_at),
        "found_where": episode.found_where,
        "found_postcode": episode.found_postcode,
        "how_returned": episode.how_returned or None,
        "status": episode.status,
        "version": episode.version,
    }


class EpisodeCreateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    missing_from = serializers.ChoiceField(choices=MissingFrom.choices)
    reported_at = serializers.DateTimeField()
    risk_grade = serializers.ChoiceField(choices=RiskGrade.choices)
    grade_reason = serializers.CharField(required=False, allow_blank=True, default="")
    last_seen_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    last_seen_where = serializers.CharField(required=False, allow_blank=True, default="")
    clothing = serializers.CharField(required=False, allow_blank=True, default="")
    circumstances = serializers.CharField(required=False, allow_blank=True, default="")


class EpisodeCreateView(ServiceAPIView):
    @extend_schema(
        operation_id="missing_episode_create",
        summary="Record a missing episode",
        description="For casework users who may see the person. Audited.",
        request=EpisodeCreateSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        data = EpisodeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = person_get_for(
            request.user, fields.pop("person_id"), purpose="API request: record a missing episode"
        )
        episode = services.episode_create(actor=request.user, person=person, **fields)
        return Response(episode_dict(episode), status=status.HTTP_201_CREATED)


class EpisodeDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="missing_episode_get",
        summary="A missing episode with its grading history and return home interview",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, episode_id: int) -> Response:
        record = selectors.episode_record_for(request.user, episode_id)
        return Response(
            {
                **episode_dict(record.episode),
                "found_with": [person.pk for person in record.found_with],
                "gradings": [
                    {
                        "grade": grading.grade,
                        "graded_at": grading.graded_at.isoformat(),
                        "reason": grading.reason,
                    }
                    for grading in record.gradings
                ],
                "return_interview": interview_dict(record.interview) if record.interview else None,
            }
        )


class PersonEpisodesView(ServiceAPIView):
    @extend_schema(
        operation_id="person_missing_episodes",
        summary="A person's missing episodes, newest first, and the repeat-missing flag",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        record = selectors.episode_list_for_person(request.user, person_id)
        return Response(
            {
                "repeat_missing": record.repeat.flagged,
                "recent_episodes": record.repeat.recent_episodes,
                "rule": {"episodes": record.repeat.rule.episodes, "days": record.repeat.rule.days},
                "episodes": [episode_dict(episode) for episode in record.episodes],
            }
        )


class InterviewDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="return_interview_get",
        summary="A return home interview: its 72-hour clock, attempts and what the child said",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, interview_id: int) -> Response:
        record = selectors.interview_record_for(request.user, interview_id)
        return Response({**interview_dict(record.interview, record.attempts), "clock": record.clock})
