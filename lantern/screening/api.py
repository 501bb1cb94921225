"""REST endpoints for screenings: a person's screenings, one screening, and recording one.

Reads go through the same selectors as the pages (need-to-know, audited); recording a
screening goes through the same services, so it is checked exactly as a completed page is.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.core.errors import ValidationFailed
from lantern.people.selectors import person_get_for
from lantern.screening.models import Answer, Outcome, Screening, StartedFrom
from lantern.screening.selectors import (
    catalogue_current,
    catalogue_current_for_reading,
    catalogue_domains,
    catalogue_indicator_codes,
    screening_answered_domains,
    screening_get_for,
    screening_list_for,
)
from lantern.screening.services import AnswerInput, catalogue_install_default, screening_record

API_PURPOSE = "API request"


class AnswerSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(required=False, help_text="Indicator id in the current catalogue")
    code = serializers.CharField(
        required=False, help_text='Or the indicator\'s code, "domain_code.indicator_code"'
    )
    answer = serializers.ChoiceField(choices=Answer.choices)
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "indicator" not in attrs and not attrs.get("code"):
            raise serializers.ValidationError("Give the indicator's id or its code.")
        return attrs


class ScreeningRecordSerializer(serializers.Serializer):
    started_from = serializers.ChoiceField(choices=StartedFrom.choices, default=StartedFrom.PERSON)
    started_from_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    answers = AnswerSerializer(many=True)
    professional_judgement = serializers.CharField(required=False, allow_blank=True, default="")
    final_level = serializers.CharField()
    level_reason = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=Outcome.choices)


def _summary(screening: Screening) -> dict[str, Any]:
    return {
        "id": screening.pk,
        "person": screening.person_id,
        "status": screening.status,
        "catalogue": {"name": screening.catalogue.name, "version_number": screening.catalogue.version_number},
        "started_from": screening.started_from,
        "started_from_id": screening.started_from_id,
        "suggested_level": screening.suggested_level,
        "final_level": screening.final_level,
        "outcome": screening.outcome,
        "agency": screening.agency.code if screening.agency else None,
        "completed_at": screening.completed_at.isoformat() if screening.completed_at else None,
    }


def _detail(screening: Screening) -> dict[str, Any]:
    return {
        **_summary(screening),
        "suggestion_reasons": screening.suggestion_reasons,
        "weighted_total": str(screening.weighted_total) if screening.weighted_total is not None else None,
        "domain_totals": screening.domain_totals,
        "level_reason": screening.level_reason,
        "professional_judgement": screening.professional_judgement,
        "completed_by": screening.completed_by.get_username() if screening.completed_by else None,
        "answers": [
            {
                "indicator": item.indicator.pk,
                "code": f"{group.domain.code}.{item.indicator.code}",
                "domain": group.domain.name,
                "text": item.indicator.text,
                "weight": item.indicator.weight,
                "answer": item.answer or None,
                "evidence": item.evidence,
            }
            for group in screening_answered_domains(screening)
            for item in group.items
        ],
    }


def _answers(data: list[dict[str, Any]], codes: dict[str, int]) -> dict[int, AnswerInput]:
    known_ids = set(codes.values())
    answers: dict[int, AnswerInput] = {}
    errors: list[str] = []
    for position, item in enumerate(data):
        indicator_id = item.get("indicator")
        if indicator_id is None:
            indicator_id = codes.get(item["code"])
        if indicator_id not in known_ids:
            errors.append(f"Answer {position + 1}: not an indicator of the current catalogue")
            continue
        answers[indicator_id] = AnswerInput(answer=item["answer"], evidence=item["evidence"])
    if errors:
        raise ValidationFailed({"answers": errors})
    return answers


class PersonScreeningsView(LanternAPIView):
    @extend_schema(
        operation_id="person_screenings",
        summary="A person's completed screenings (and the caller's agency's drafts), newest first",
        responses={200: dict, 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        history = screening_list_for(request.user, person_id)
        return Response([_summary(s) for s in history.drafts + history.completed])

    @extend_schema(
        operation_id="person_screening_record",
        summary="Record a completed screening",
        description="Answers refer to indicators of the current catalogue by id or code. The same "
        "checks as the page: every required indicator answered, a final level on the partnership's "
        "scale, a reason when it differs from the suggestion, and an outcome. All or nothing.",
        request=ScreeningRecordSerializer,
        responses={201: dict, 400: None, 401: None, 403: None},
    )
    def post(self, request: Request, person_id: int) -> Response:
        person = person_get_for(request.user, person_id, purpose=f"{API_PURPOSE}: record a screening")
        body = ScreeningRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        catalogue = catalogue_current() or catalogue_install_default(actor=request.user)
        try:
            screening = screening_record(
                actor=request.user,
                person=person,
                answers=_answers(data["answers"], catalogue_indicator_codes(catalogue)),
                professional_judgement=data["professional_judgement"],
                final_level=data["final_level"],
                level_reason=data["level_reason"],
                outcome=data["outcome"],
                started_from=data["started_from"],
                started_from_id=data["started_from_id"],
            )
        except ValidationFailed as error:
            return Response({"detail": "The screening was not recorded.", "errors": error.errors}, status=400)
        return Response(_detail(screening), status=status.HTTP_201_CREATED)


class ScreeningDetailView(LanternAPIView):
    @extend_schema(
        operation_id="screening_get",
        summary="One screening with its answers, scored with the catalogue version it used",
        responses={200: dict, 401: None, 403: None},
    )
    def get(self, request: Request, screening_id: int) -> Response:
        return Response(_detail(screening_get_for(request.user, screening_id, purpose=API_PURPOSE)))


class CatalogueCurrentView(LanternAPIView):
    @extend_schema(
        operation_id="screening_catalogue",
        summary="The current indicator catalogue: domains, indicators (ids and codes) and weights",
        responses={200: dict, 401: None, 403: None},
    )
    def get(self, request: Request) -> Response:
        catalogue = catalogue_current_for_reading(request.user)
        if catalogue is None:
            return Response({"detail": "There is no catalogue yet."}, status=404)
        return Response(
            {
                "name": catalogue.name,
                "version_number": catalogue.version_number,
                "published_at": catalogue.published_at.isoformat(),
                "rules": {
                    "medium_threshold": str(catalogue.medium_threshold),
                    "high_threshold": str(catalogue.high_threshold),
                    "high_yes_for_high": catalogue.high_yes_for_high,
                    "floor_max_age": catalogue.floor_max_age,
                },
                "domains": [
                    {
                        "code": domain.code,
                        "name": domain.name,
                        "indicators": [
                            {
                                "id": indicator.pk,
                                "code": f"{domain.code}.{indicator.code}",
                                "text": indicator.text,
                                "weight": indicator.weight,
                                "required": indicator.required,
                            }
                            for indicator in domain.indicators.all()
                        ],
                    }
                    for domain in catalogue_domains(catalogue)
                ],
            }
        )
