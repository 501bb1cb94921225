"""REST: the appropriate-language check for agency systems (any holder of a token)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.language.selectors import MAX_CHECK_LENGTH, language_check


class LanguageCheckRequestSerializer(serializers.Serializer):
    # Not trimmed: the offsets returned must point into the text exactly as sent.
    text = serializers.CharField(allow_blank=True, max_length=MAX_CHECK_LENGTH, trim_whitespace=False)


class LanguageFindingSerializer(serializers.Serializer):
    phrase = serializers.CharField(help_text="The words as written")
    start = serializers.IntegerField(help_text="Offset of the first character (Unicode code points)")
    end = serializers.IntegerField(help_text="Offset just after the last character")
    suggestion = serializers.CharField()
    why = serializers.CharField()
    phrase_id = serializers.IntegerField()


class LanguageCheckResponseSerializer(serializers.Serializer):
    findings = LanguageFindingSerializer(many=True)


class LanguageCheckView(LanternAPIView):
    @extend_schema(
        operation_id="language_check",
        summary="Check text against the appropriate-language guidance",
        description="Returns each flagged phrase with the suggested wording (DESIGN.md §6.8). "
        "Advice only; nothing is stored or audited, and the text is not logged.",
        request=LanguageCheckRequestSerializer,
        responses={200: LanguageCheckResponseSerializer, 400: None, 401: None},
        examples=[
            OpenApiExample("Text", value={"text": "He is putting himself at risk."}, request_only=True)
        ],
    )
    def post(self, request: Request) -> Response:
        query = LanguageCheckRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        findings = language_check(query.validated_data["text"])
        return Response({"findings": [finding.as_dict() for finding in findings]})
