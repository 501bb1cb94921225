"""REST endpoints for referrals (listed in api_urls.py, included under /api/v1/).

Thin: each view calls one selector or service. Refusals are audited by them and answered 403;
invalid input is answered 400 with the errors by field, a conflicting edit 409.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.concerns.selectors import concern_get_for
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.people.selectors import person_get_for
from lantern.referrals import selectors, services
from lantern.referrals.forms import new_submission_key
from lantern.referrals.models import Referral, ReferralDecision
from lantern.referrals.selectors import QUEUE_DECIDED, QUEUE_WAITING, ReferralRecord, ReferralRow

API_PURPOSE = "API request"


class ServiceAPIView(LanternAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationFailed):
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ConflictingEdit):
            return Response(
                {"detail": str(exc), "current_version": exc.current_version}, status=status.HTTP_409_CONFLICT
            )
        return super().handle_exception(exc)


class ReferralCreateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    concern_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField()
    consent_sought = serializers.BooleanField()
    consent_given = serializers.BooleanField()
    reason_without_consent = serializers.CharField(required=False, allow_blank=True, default="")
    submission_key = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        min_length=0,
        max_length=64,
        help_text="An idempotency key of at least 16 characters: sending the same key again returns the "
        "first referral instead of making a second.",
    )


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReferralDecision.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


def referral_dict(referral: Referral, row: ReferralRow | ReferralRecord) -> dict[str, Any]:
    screening = referral.screening
    timeliness = row.timeliness
    return {
        "id": referral.pk,
        "person_id": referral.person_id,
        "area": referral.area.code,
        "from_agency": referral.from_agency.code,
        "referred_by": referral.referred_by.get_username() if referral.referred_by else None,
        "concern_id": referral.concern_id,
        "screening": {
            "id": screening.pk,
            "final_level": screening.final_level,
            "outcome": screening.outcome,
            "completed_at": screening.completed_at.isoformat() if screening.completed_at else None,
        }
        if screening
        else None,
        "reason": referral.reason,
        "consent_sought": referral.consent_sought,
        "consent_given": referral.consent_given,
        "reason_without_consent": referral.reason_without_consent,
        "received_at": referral.received_at.isoformat(),
        "decision": referral.decision or None,
        "decided_at": referral.decided_at.isoformat() if referral.decided_at else None,
        "decided_by": referral.decided_by.get_username() if referral.decided_by else None,
        "decision_notes": referral.decision_notes,
        "decision_due_on": timeliness.due_on.isoformat(),
        "late": timeliness.late,
        "overdue": timeliness.overdue,
        "version": referral.version,
    }


def _record_dict(record: ReferralRecord) -> dict[str, Any]:
    return referral_dict(record.referral, record)


class ReferralCreateView(ServiceAPIView):
    @extend_schema(
        operation_id="referral_create",
        summary="Refer a person to the front door of their area",
        description="Consent sought and given, or a reason to go on without it. The person's latest "
        "completed screening goes with the referral. 201 when made; 200 with the first referral when "
        "the same submission_key is sent again. Audited.",
        request=ReferralCreateSerializer,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 201: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def post(self, request: Request) -> Response:
        data = ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = person_get_for(request.user, fields.pop("person_id"), purpose=f"{API_PURPOSE}: refer")
        concern_id = fields.pop("concern_id")
        concern = concern_get_for(request.user, concern_id, purpose=API_PURPOSE) if concern_id else None
        referral, created = services.referral_create(
            actor=request.user,
            person=person,
            concern=concern,
            screening=selectors.referral_screening_for(person),
            **{**fields, "submission_key": fields["submission_key"] or new_submission_key()},
        )
        record = selectors.referral_record_of(request.user, referral)
        return Response(
            _record_dict(record), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ReferralDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="referral_get",
        summary="A referral, its screening, the front door's decision and whether it was in time",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request, referral_id: int) -> Response:
        return Response(_record_dict(selectors.referral_record_for(request.user, referral_id)))


class ReferralQueueView(ServiceAPIView):
    @extend_schema(
        operation_id="referral_queue",
        summary="The front door's queue: waiting referrals by risk then age, or decided ones",
        description="Front-door users only; only referrals to their agency's area. Audited.",
        parameters=[OpenApiParameter("show", str, enum=[QUEUE_WAITING, QUEUE_DECIDED], required=False)],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 401: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        show = QUEUE_DECIDED if request.query_params.get("show") == QUEUE_DECIDED else QUEUE_WAITING
        rows = selectors.referral_queue_for(request.user, show=show)
        return Response([referral_dict(row.referral, row) for row in rows])


class ReferralDecideView(ServiceAPIView):
    @extend_schema(
        operation_id="referral_decide",
        summary="Record the front door's decision on a referral",
        description="Front-door users of the referral's area only. Send the version you read: a "
        "referral changed since answers 409. Audited.",
        request=DecisionSerializer,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None, 409: None},
    )
    def post(self, request: Request, referral_id: int) -> Response:
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = selectors.referral_for_decision_get_for(request.user, referral_id)
        referral = services.referral_decide(
            actor=request.user,
            referral=referral,
            decision=data.validated_data["decision"],
            notes=data.validated_data["notes"],
            expected_version=data.validated_data["version"],
        )
        return Response(_record_dict(selectors.referral_record_of(request.user, referral)))
