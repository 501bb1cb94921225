"""REST endpoints for intelligence, disruption and NRM referrals (api_urls.py, under /api/v1/).

Thin: each view calls one selector or service; access is the same as on the pages.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.contexts.models import Context
from lantern.core.errors import ConflictingEdit, ValidationFailed
from lantern.intelligence import selectors, services
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Handling,
    InformationGrade,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonRole,
    SourceGrade,
    SubjectKind,
)
from lantern.intelligence.selectors import ReportView
from lantern.intelligence.services import SubjectInput
from lantern.partnership.models import Agency

RESPONSES = {200: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None}


class ServiceAPIView(LanternAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationFailed):
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ConflictingEdit):
            return Response(
                {"detail": str(exc), "current_version": exc.current_version}, status=status.HTTP_409_CONFLICT
            )
        return super().handle_exception(exc)


class SubjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SubjectKind.choices)
    person_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    person_role = serializers.ChoiceField(
        choices=PersonRole.choices, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    nickname = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    context_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    location_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    vrm = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    vehicle_make = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    vehicle_colour = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    phone_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    deal_line = serializers.BooleanField(required=False, default=False)
    platform = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    handle = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ReportSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_TEXT)
    source_details = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.MAX_TEXT
    )
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    subjects = SubjectSerializer(many=True, required=False, default=list)


class GradeSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    source_grade = serializers.ChoiceField(choices=SourceGrade.choices)
    information_grade = serializers.ChoiceField(choices=InformationGrade.choices)
    handling = serializers.ChoiceField(choices=Handling.choices)
    handling_conditions = serializers.CharField(required=False, allow_blank=True, default="")
    sanitised_text = serializers.CharField(max_length=services.MAX_TEXT)


class DisruptionSerializer(serializers.Serializer):
    disruption_type = serializers.SlugRelatedField(
        slug_field="code", queryset=DisruptionType.objects.filter(active=True)
    )
    happened_on = serializers.DateField()
    agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    target_person_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    target_context_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    protected_child_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class NrmDecisionsSerializer(serializers.Serializer):
    reasonable_grounds_decision = serializers.ChoiceField(
        choices=NrmDecision.choices, default=NrmDecision.PENDING
    )
    reasonable_grounds_on = serializers.DateField(required=False, allow_null=True, default=None)
    conclusive_grounds_decision = serializers.ChoiceField(
        choices=NrmDecision.choices, default=NrmDecision.PENDING
    )
    conclusive_grounds_on = serializers.DateField(required=False, allow_null=True, default=None)
    guardian_allocated = serializers.BooleanField(required=False, default=False)
    guardian_allocated_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class NrmCreateSerializer(NrmDecisionsSerializer):
    person_id = serializers.IntegerField()
    first_responder_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all())
    submitted_at = serializers.DateTimeField()
    consent_given = serializers.BooleanField(required=False, allow_null=True, default=None)


class NrmUpdateSerializer(NrmDecisionsSerializer):
    version = serializers.IntegerField()


def report_summary(report: IntelligenceReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reference": report.reference,
        "received_via": report.received_via,
        "received_at": report.created_at.isoformat(),
        "status": report.status,
        "grading": report.grading,
        "version": report.version,
    }


def report_dict(view: ReportView) -> dict[str, Any]:
    report = view.report
    data: dict[str, Any] = {
        **report_summary(report),
        "source_grade": report.source_grade,
        "information_grade": report.information_grade,
        "handling": report.handling,
        "handling_conditions": report.handling_conditions,
        "sanitised_text": report.sanitised_text,
        "subjects": [
            {"kind": s.subject.kind, "person_role": s.subject.person_role, "person": s.person_label}
            for s in view.subjects
        ],
    }
    if view.full:
        data["original_text"] = report.original_text
        data["source_details"] = report.source_details
        data["reporter_agency"] = report.reporter_agency.code if report.reporter_agency else None
        data["known_entities"] = [
            {"kind": k.entity.kind, "key": k.entity.key, "reports": [r.reference for r in k.reports]}
            for k in view.known
        ]
    return data


def disruption_dict(d: Disruption) -> dict[str, Any]:
    return {
        "id": d.pk,
        "type": d.disruption_type.code,
        "happened_on": d.happened_on.isoformat(),
        "agency": d.agency.code,
        "target_person_id": d.target_person_id,
        "target_context_id": d.target_context_id,
        "protected_child_id": d.protected_child_id,
        "outcome": d.outcome,
        "expires_on": d.expires_on.isoformat() if d.expires_on else None,
    }


def nrm_dict(r: NrmReferral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "person_id": r.person_id,
        "first_responder_agency": r.first_responder_agency.code,
        "submitted_at": r.submitted_at.isoformat(),
        "reasonable_grounds_decision": r.reasonable_grounds_decision,
        "reasonable_grounds_on": r.reasonable_grounds_on.isoformat() if r.reasonable_grounds_on else None,
        "reasonable_grounds_due": selectors.rg_decision_due(r).isoformat(),
        "reasonable_grounds_late": selectors.rg_decision_late(r),
        "conclusive_grounds_decision": r.conclusive_grounds_decision,
        "conclusive_grounds_on": r.conclusive_grounds_on.isoformat() if r.conclusive_grounds_on else None,
        "guardian_allocated": r.guardian_allocated,
        "guardian_allocated_on": r.guardian_allocated_on.isoformat() if r.guardian_allocated_on else None,
        "consent_given": r.consent_given,
        "version": r.version,
    }


class ReportListView(ServiceAPIView):
    @extend_schema(
        operation_id="intelligence_report_list",
        summary="Intelligence reports (police only)",
        responses=RESPONSES,
    )
    def get(self, request: Request) -> Response:
        return Response([report_summary(r) for r in selectors.report_list_for(request.user)])

    @extend_schema(
        operation_id="intelligence_report_create",
        summary="Submit an intelligence report (any practitioner); it goes to the police ungraded",
        request=ReportSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        if not selectors.may_report(request.user):
            raise selectors.refuse(
                request.user, object_type="intelligence_report", reason="role may not report"
            )
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        subjects = [SubjectInput.from_dict(dict(s)) for s in fields.pop("subjects")]
        report = services.report_create(actor=request.user, subjects=subjects, **fields)
        return Response({"id": report.pk, "reference": report.reference}, status=status.HTTP_201_CREATED)


class ReportDetailView(ServiceAPIView):
    @extend_schema(
        operation_id="intelligence_report_get",
        summary="A report: in full for exploitation police, sanitised for partners it was shared with",
        responses=RESPONSES,
    )
    def get(self, request: Request, report_id: int) -> Response:
        return Response(report_dict(selectors.report_get_for(request.user, report_id)))


class ReportGradeView(ServiceAPIView):
    @extend_schema(
        operation_id="intelligence_report_grade",
        summary="Grade (3x5x2) and sanitise a report (police only)",
        request=GradeSerializer,
        responses={**RESPONSES, 409: None},
    )
    def post(self, request: Request, report_id: int) -> Response:
        report = selectors.report_for_police_get_for(request.user, report_id)
        data = GradeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        graded = services.report_grade(
            actor=request.user, report=report, expected_version=fields.pop("version"), **fields
        )
        return Response(report_summary(graded))


class DisruptionListView(ServiceAPIView):
    @extend_schema(
        operation_id="disruption_list", summary="Disruption activity (police only)", responses=RESPONSES
    )
    def get(self, request: Request) -> Response:
        return Response([disruption_dict(d) for d in selectors.disruption_list_for(request.user)])

    @extend_schema(
        operation_id="disruption_create",
        summary="Record a disruption against a person or a place (police only)",
        request=DisruptionSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        selectors.require_police(request.user, object_type="disruption")
        data = DisruptionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        people = {}
        for name in ("target_person_id", "protected_child_id"):
            person_id = fields.pop(name)
            people[name] = (
                selectors.disruption_target_person_get_for(request.user, person_id) if person_id else None
            )
            if person_id and people[name] is None:
                raise ValidationFailed({name: ["Give the record number of a person you have access to"]})
        context_id = fields.pop("target_context_id")
        context = Context.objects.filter(pk=context_id).first() if context_id else None
        disruption = services.disruption_create(
            actor=request.user,
            target_person=people["target_person_id"],
            protected_child=people["protected_child_id"],
            target_context=context,
            **fields,
        )
        return Response(disruption_dict(disruption), status=status.HTTP_201_CREATED)


class NrmListView(ServiceAPIView):
    @extend_schema(
        operation_id="nrm_referral_list",
        summary="NRM referrals for people the caller may see",
        responses=RESPONSES,
    )
    def get(self, request: Request) -> Response:
        return Response([nrm_dict(r) for r in selectors.nrm_referral_list_for(request.user)])

    @extend_schema(
        operation_id="nrm_referral_create",
        summary="Record an NRM referral for a child or young adult",
        request=NrmCreateSerializer,
        responses={201: OpenApiResponse(OpenApiTypes.OBJECT), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        data = NrmCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = selectors.nrm_person_get_for(request.user, fields.pop("person_id"))
        referral = services.nrm_referral_create(actor=request.user, person=person, **fields)
        return Response(nrm_dict(referral), status=status.HTTP_201_CREATED)


class NrmDetailView(ServiceAPIView):
    @extend_schema(operation_id="nrm_referral_get", summary="An NRM referral (audited)", responses=RESPONSES)
    def get(self, request: Request, referral_id: int) -> Response:
        return Response(nrm_dict(selectors.nrm_referral_get_for(request.user, referral_id)))

    @extend_schema(
        operation_id="nrm_referral_update",
        summary="Record the reasonable- and conclusive-grounds decisions and the guardian",
        request=NrmUpdateSerializer,
        responses={**RESPONSES, 409: None},
    )
    def patch(self, request: Request, referral_id: int) -> Response:
        referral = selectors.nrm_referral_get_for(request.user, referral_id)
        data = NrmUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        updated = services.nrm_referral_update(
            actor=request.user, referral=referral, expected_version=fields.pop("version"), **fields
        )
        return Response(nrm_dict(updated))
